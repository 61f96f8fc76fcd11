/* The lines of a cell the site does not show (its glue calls, tools/bpb_code.py), put back
 * into the reader's edit before it runs, so that a rerun still updates the glued prose.
 * Each group goes after the first line, below the group before it, that reads as its
 * anchor did (the last non-blank visible line above it; null: the top). A group whose
 * anchor the reader changed or removed is left out (the prose keeps the book's values),
 * and a group the edit already holds right there is not added twice. Put-back calls run
 * inside try: a glue of a name the reader renamed does not break the reader's cell. */

const guarded = (lines) => {
  const indent = lines[0].match(/^\s*/)[0];
  return [`${indent}try:`, ...lines.map((l) => `    ${l}`), `${indent}except Exception:`, `${indent}    pass`];
};

/** The code to run for the reader's `edited` code of a cell with hidden `groups`. */
export const withHidden = (edited, groups = []) => {
  const lines = edited.split("\n");
  const out = [];
  let cursor = 0; // lines[0..cursor) are in `out`
  for (const { anchor, lines: hidden } of groups) {
    let at = cursor;
    if (anchor !== null) {
      const found = lines.findIndex((line, i) => i >= cursor && line === anchor);
      if (found < 0) {
        continue;
      }
      at = found + 1;
    }
    out.push(...lines.slice(cursor, at));
    cursor = at;
    const already = hidden.every((line, i) => lines[at + i] === line);
    if (!already) {
      out.push(...guarded(hidden));
    }
  }
  out.push(...lines.slice(cursor));
  return out.join("\n");
};
