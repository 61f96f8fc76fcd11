/* Which cells run, and what a run's outputs amount to: no DOM here. A cell, as the page
 * carries it (tools/bpb_run.py): {index, code, kind}, kind "run" (shown, with a Run
 * button), "hidden" (setup the page does not show) or "display" (only shows a quiz or a
 * player, which work without Python: never run). */

/** The cells that can run, in page order. */
export const runnable = (cells) => cells.filter((c) => c.kind !== "display");

/** The indices a Run of cell `index` runs, in order: every cell above it that has not run
 * yet (`ran(i)`), hidden ones included, then the cell itself; `only`: just the cell. */
export const toRun = (cells, ran, index, only = false) => (only ? [index]
  : [...cells.filter((c) => c.index < index && !ran(c.index)).map((c) => c.index), index]);

/** The most the page may load: every file the runtime could fetch, in bytes. */
export const mostBytes = (sizes) => Object.values(sizes).reduce((a, b) => a + b, 0);

/** A running cell's outputs as they arrive: `add(output)` says what to do with each
 * ("clear": forget and wipe what was shown; "glue": a value for the page's glued text,
 * kept in `glued`; "show": render it). */
export class OutputLog {
  constructor(glued) {
    this.glued = glued;
    this.outputs = [];
  }

  add(output) {
    if (output.output_type === "clear") {
      this.outputs.length = 0;
      return "clear";
    }
    this.outputs.push(output);
    if (output.output_type === "glue") {
      this.glued[output.name] = output.data;
      return "glue";
    }
    return "show";
  }
}

/** How an output shows: {kind: "stream", name, text} | {kind: "error", text} |
 * {kind: "png", data, result} | {kind: "html", html, result} | {kind: "text", text, result};
 * `result`: the cell's value (execute_result) rather than a display. */
export const describe = (output) => {
  const t = output.output_type;
  if (t === "stream") {
    return { kind: "stream", name: output.name, text: output.text };
  }
  if (t === "error") {
    return { kind: "error", text: output.traceback.join("\n") };
  }
  const data = output.data || {};
  const result = t === "execute_result";
  if (data["image/png"]) {
    return { kind: "png", data, result };
  }
  if (data["text/html"]) {
    return { kind: "html", html: data["text/html"], result };
  }
  return { kind: "text", text: data["text/markdown"] || data["text/plain"] || "", result };
};
