import { Buffer } from "node:buffer";
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { deflateSync } from "node:zlib";
import { figureSize, formatPy, glueTag, plainValue, pngInfo } from "../../book/_vendor/bpb/run/glue.js";

// what Python's format(value, spec) gives for every spec the book's prose uses (checked
// against Python, and for coverage of the prose, by tests/site/test_glue_cases.py)
const CASES = JSON.parse(readFileSync(new URL("./support/glue-cases.json", import.meta.url), "utf8"));

test("formatPy formats as Python's format() does", () => {
  for (const [repr, spec, expected] of CASES) {
    assert.equal(formatPy(repr, spec), expected, `format(${repr}, "${spec}")`);
  }
});

test("plainValue reads numpy scalars and strings", () => {
  assert.equal(plainValue("np.float64(0.25)"), 0.25);
  assert.equal(plainValue("'tanh'"), "tanh");
  assert.equal(formatPy("np.float64(1.23456)", ".3g"), "1.23");
  assert.equal(formatPy("'W1'", ""), "W1");
});

test("glueTag reads the key and format the build wrote", () => {
  assert.deepEqual(glueTag(["pasted-text", "bpb-glue", "bpb-glue-key--df_x0", "bpb-glue-fmt--.4g"]),
    { key: "df_x0", fmt: ".4g" });
  assert.deepEqual(glueTag(["bpb-glue", "bpb-glue-key--fig_tangent"]), { key: "fig_tangent", fmt: "" });
});

const chunk = (type, data) => {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  data.copy(out, 8);
  return out; // CRC left 0: pngInfo does not check it
};

test("pngInfo and figureSize size a live figure as the build sizes a stored one", () => {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1300, 0);
  ihdr.writeUInt32BE(600, 4);
  const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr),
    chunk("tEXt", Buffer.from("bpb:min-font-pt\u00008.0", "latin1")),
    chunk("tEXt", Buffer.from("bpb:dpi\u0000200", "latin1")),
    chunk("IDAT", deflateSync(Buffer.alloc(10))), chunk("IEND", Buffer.alloc(0))]);
  const info = pngInfo(new Uint8Array(png));
  assert.equal(info.width, 1300);
  assert.equal(info.text["bpb:dpi"], "200");
  // 6.5 in shown at 650 px; 8 pt at 1:1 is 11.1 px, so it may shrink to 650 · 11 / 11.1
  assert.deepEqual(figureSize(info), { width: 650, minWidth: 644 });
  assert.equal(figureSize({ width: 10, text: {} }), null);
});
