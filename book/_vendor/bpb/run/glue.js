/* Values glued into the prose (myst-nb's glue), recomputed by a reader's run: no DOM here.
 * The build tags each glued value with its key and format (tools/bpb_run.py, classes
 * bpb-glue-key--KEY and bpb-glue-fmt--SPEC); a run's glue records carry the new value as
 * the notebook does (text/plain, image/png). */

// how the site sizes a figure (backprop_core/figures/legibility.py and tools/bpb_site.py)
const CSS_PX_PER_INCH = 100;
const POINTS_PER_INCH = 72;
const MIN_TEXT_PX = 11;

/** The number (or string) a text/plain repr stands for: "0.375", "np.float64(0.375)", "'a'". */
export const plainValue = (text) => {
  const inner = text.trim().replace(/^np\.\w+\((.*)\)$/, "$1");
  if (/^-?(\d|\.\d|inf|nan)/i.test(inner) && Number.isFinite(Number(inner))) {
    return Number(inner);
  }
  const quoted = inner.match(/^(['"])(.*)\1$/s);
  return quoted ? quoted[2] : inner;
};

const group = (digits) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");

// JavaScript rounds an exact tie away from zero, Python to the even digit (2.5 -> "2"):
// the exact decimal expansion (toFixed/toExponential are exact up to 100 digits) tells a tie
const isTie = (rest) => /^50*$/.test(rest);
const even = (digits) => Number(digits[digits.length - 1]) % 2 === 0;

const fixed = (x, d) => {
  const full = Math.abs(x).toFixed(100);
  const point = full.indexOf(".");
  const kept = full.slice(0, d ? point + 1 + d : point);
  if (isTie(full.slice(point + 1 + d)) && even(kept.replace(".", ""))) {
    return (x < 0 ? "-" : "") + kept;
  }
  return x.toFixed(d);
};

/* [mantissa, exponent] of x with `digits` digits after the point, rounded as Python does */
const scientific = (x, digits) => {
  const [fullMantissa, fullExp] = Math.abs(x).toExponential(100).split("e");
  const all = fullMantissa.replace(".", "");
  if (isTie(all.slice(digits + 1)) && even(all.slice(0, digits + 1))) {
    const kept = all[0] + (digits ? `.${all.slice(1, digits + 1)}` : "");
    return [(x < 0 ? "-" : "") + kept, Number(fullExp)];
  }
  const [mantissa, exp] = x.toExponential(digits).split("e");
  return [mantissa, Number(exp)];
};

const exponent = (x, digits) => {
  const [mantissa, e] = scientific(x, digits);
  return `${mantissa}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
};

const general = (x, precision) => {
  const p = precision === 0 ? 1 : precision;
  if (x === 0) {
    return "0";
  }
  const exp = scientific(x, p - 1)[1];
  const text = exp >= -4 && exp < p ? fixed(x, Math.max(0, p - 1 - exp)) : exponent(x, p - 1);
  // Python's g drops trailing zeros (and a trailing point) from the digits
  return text.replace(/(\.\d*?)0+(e|$)/, "$1$2").replace(/\.(e|$)/, "$1");
};

/** Python's format(value, spec) for the specs the book's prose uses: [,][.precision][type],
 * type one of f e g d % s or none (myst-nb's glue:text formats the glued text/plain). */
export const formatPy = (text, spec = "") => {
  const value = plainValue(text);
  const m = spec.match(/^(,)?(?:\.(\d+))?([fegd%s]?)$/);
  if (!m || typeof value !== "number" || m[3] === "s") {
    return String(value);
  }
  const [, comma, prec, type] = m;
  const precision = prec === undefined ? 6 : Number(prec);
  let out;
  if (type === "f") {
    out = fixed(value, precision);
  } else if (type === "e") {
    out = exponent(value, precision);
  } else if (type === "g") {
    out = general(value, precision);
  } else if (type === "%") {
    out = `${fixed(value * 100, precision)}%`;
  } else if (type === "d") {
    out = String(Math.round(value));
  } else {
    out = text.trim().replace(/^np\.\w+\((.*)\)$/, "$1"); // Python's str of the value
  }
  return comma ? out.replace(/^-?\d+/, group) : out;
};

/** The key and format of a glued element, from its classes. */
export const glueTag = (classes) => {
  let key = null;
  let fmt = "";
  for (const name of classes) {
    if (name.startsWith("bpb-glue-key--")) {
      key = name.slice("bpb-glue-key--".length);
    } else if (name.startsWith("bpb-glue-fmt--")) {
      fmt = name.slice("bpb-glue-fmt--".length);
    }
  }
  return { key, fmt };
};

/** A PNG's pixel width and its text chunks (the figure hook records the smallest font and
 * the dpi there), from the raw bytes. */
export const pngInfo = (bytes) => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const info = { width: view.getUint32(16), text: {} };
  const latin1 = (from, to) => String.fromCharCode(...bytes.subarray(from, to));
  for (let at = 8; at + 8 <= bytes.length;) {
    const length = view.getUint32(at);
    const type = latin1(at + 4, at + 8);
    if (type === "tEXt") {
      const data = latin1(at + 8, at + 8 + length);
      const nul = data.indexOf("\0");
      info.text[data.slice(0, nul)] = data.slice(nul + 1);
    }
    if (type === "IEND") {
      break;
    }
    at += 12 + length;
  }
  return info;
};

/** The CSS width the site shows a figure at and the narrowest it may get before its
 * smallest text drops below MIN_TEXT_PX ({width, minWidth}, CSS px), as the build sizes
 * stored figures; null when the PNG does not say its dpi and smallest font. */
export const figureSize = (info) => {
  const font = Number(info.text["bpb:min-font-pt"]);
  const dpi = Number(info.text["bpb:dpi"]);
  if (!(font > 0 && dpi > 0)) {
    return null;
  }
  const width = (info.width / dpi) * CSS_PX_PER_INCH;
  const atOneToOne = (font / POINTS_PER_INCH) * CSS_PX_PER_INCH;
  return { width: Math.round(width), minWidth: Math.round(width * Math.min(1, MIN_TEXT_PX / atOneToOne)) };
};
