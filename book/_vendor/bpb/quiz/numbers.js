/* Reading what a reader types into a numeric quiz, by the rules of
 * backprop_core.quiz.numbers (10.5, -0.25, 1e-3, 21/2; a comma is refused), and judging it
 * against the expected value with the quiz's tolerance. The rules (regular expressions,
 * slack, sentences) come from the rulebook. */

/** readNumber, within and trim for a rulebook's `number` rules and its sentences. */
export const numberReader = (number, say) => {
  const space = new RegExp(`^${number.space}+|${number.space}+$`, "g");
  const decimal = new RegExp(`^(?:${number.decimal})$`);
  const fraction = new RegExp(`^(?:${number.fraction})$`);
  const trim = (text) => text.replace(space, "");

  /* numbers.read_number: {value} or {problem} (a sentence for the reader). */
  const readNumber = (text) => {
    const entry = trim(text).split(number.minus).join("-");
    if (!entry) {
      return { problem: say.text.number_empty };
    }
    if ([...number.refused].some((c) => entry.includes(c))) {
      return { problem: say.text.number_refused };
    }
    let value = null;
    const parts = fraction.exec(entry);
    if (decimal.test(entry)) {
      value = parseFloat(entry);
    } else if (parts && parseFloat(parts[2]) !== 0) {
      value = parseFloat(parts[1]) / parseFloat(parts[2]);
    }
    if (value === null || !Number.isFinite(value)) {
      const chars = Array.from(entry); // code points, as Python counts them
      const shown = chars.length <= number.shown_max
        ? entry : chars.slice(0, number.shown_max - 1).join("") + say.text.ellipsis;
      return { problem: say.fill("number_invalid", { entry: shown, examples: say.text.number_examples }) };
    }
    return { value: value + 0 }; // -0 reads as 0
  };

  /* numbers.within: |value - expected| <= bound (1 + slack_rel) + slack_abs |expected|. */
  const within = (value, expected, tolerance, relative) => {
    const bound = relative ? tolerance * Math.abs(expected) : tolerance;
    return Math.abs(value - expected) <=
      bound * (1 + number.slack_rel) + number.slack_abs * Math.abs(expected);
  };

  return { readNumber, within, trim };
};
