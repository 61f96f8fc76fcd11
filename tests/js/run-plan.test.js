// Which cells run and how their outputs show (book/_vendor/bpb/run/plan.js, texts.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { OutputLog, describe, mostBytes, runnable, toRun } from "../../book/_vendor/bpb/run/plan.js";
import { cellName, failedFirst, figureAlt, hiddenCell, intro, loading, mb, ready, verdict } from "../../book/_vendor/bpb/run/texts.js";

const CELLS = [
  { index: 0, kind: "hidden" }, { index: 2, kind: "run" }, { index: 3, kind: "display" },
  { index: 5, kind: "run" }, { index: 7, kind: "run" },
];

test("cells that only show a quiz or a player never run", () => {
  assert.deepEqual(runnable(CELLS).map((c) => c.index), [0, 2, 5, 7]);
});

test("a run first runs every cell above that has not run, hidden ones included, in order", () => {
  const cells = runnable(CELLS);
  assert.deepEqual(toRun(cells, () => false, 7), [0, 2, 5, 7]);
  assert.deepEqual(toRun(cells, (i) => i === 0 || i === 5, 7), [2, 7]);
  assert.deepEqual(toRun(cells, () => false, 0), [0]);
});

test("a cell that ran already runs again when asked for, and `only` runs it alone", () => {
  const cells = runnable(CELLS);
  assert.deepEqual(toRun(cells, () => true, 5), [5]);
  assert.deepEqual(toRun(cells, () => false, 5, true), [5]);
});

test("the most a page may load is the sum of its files' sizes", () => {
  assert.equal(mostBytes({ "a.whl": 1_500_000, "pyodide.asm.wasm": 10_000_000 }), 11_500_000);
  assert.equal(mostBytes({}), 0);
});

test("a run's outputs: clear forgets, glue is kept for the page, the rest is shown", () => {
  const glued = {};
  const log = new OutputLog(glued);
  assert.equal(log.add({ output_type: "stream", name: "stdout", text: "a" }), "show");
  assert.equal(log.add({ output_type: "clear" }), "clear");
  assert.deepEqual(log.outputs, []);
  assert.equal(log.add({ output_type: "glue", name: "g", data: { "text/plain": "1.5" } }), "glue");
  assert.deepEqual(glued, { g: { "text/plain": "1.5" } });
  assert.equal(log.add({ output_type: "display_data", data: { "text/plain": "x" } }), "show");
  assert.deepEqual(log.outputs.map((o) => o.output_type), ["glue", "display_data"]);
});

test("an output shows as a stream, an error, a figure, HTML or text, in that preference", () => {
  assert.deepEqual(describe({ output_type: "stream", name: "stderr", text: "w" }), { kind: "stream", name: "stderr", text: "w" });
  assert.deepEqual(describe({ output_type: "error", traceback: ["a", "b"] }), { kind: "error", text: "a\nb" });
  const all = { "image/png": "iVBOR", "text/html": "<b>x</b>", "text/markdown": "**x**", "text/plain": "x" };
  assert.equal(describe({ output_type: "display_data", data: all }).kind, "png");
  const { ["image/png"]: png, ...noPng } = all;
  assert.ok(png);
  assert.deepEqual(describe({ output_type: "execute_result", data: noPng }), { kind: "html", html: "<b>x</b>", result: true });
  assert.deepEqual(describe({ output_type: "display_data", data: { "text/markdown": "**x**", "text/plain": "x" } }),
    { kind: "text", text: "**x**", result: false });
  assert.deepEqual(describe({ output_type: "execute_result", data: { "text/plain": "42" } }), { kind: "text", text: "42", result: true });
  assert.deepEqual(describe({ output_type: "display_data" }), { kind: "text", text: "", result: false });
});

test("sizes show in MB with one decimal", () => {
  assert.equal(mb(26_912_345), "26.9");
  assert.equal(mb(0), "0.0");
  assert.ok(intro(26_912_345).includes("about 26.9 MB at most"));
  assert.equal(loading("numpy", 1_250_000, 16_900_000), "Loading numpy… 1.3 of about 16.9 MB");
  assert.equal(ready(16_900_000, 5.26), "Python is ready (loaded 16.9 MB in 5.3 s).");
});

test("a finished run's verdict: a crash first, then ok, then an error in the cell", () => {
  assert.deepEqual(verdict({ ok: false, crash: "out of memory" }),
    { text: "Python stopped: out of memory. Press Restart Python.", tone: "error" });
  assert.deepEqual(verdict({ ok: true, seconds: 0.1234 }), { text: "Ran in 0.12 s.", tone: "ok" });
  assert.equal(verdict({ ok: false, seconds: 0.5 }).tone, "error");
});

test("a cell not run says which cell failed before it, with that cell's errors", () => {
  const outputs = [{ output_type: "stream", text: "x" }, { output_type: "error", traceback: ["Trace", "ValueError: v"] }];
  // the name the cell shows on the page ("Cell 2"), the one its traceback uses too
  assert.deepEqual(failedFirst(cellName(2), outputs), ["Not run: Cell 2 above failed first:", "Trace", "ValueError: v"]);
  assert.equal(failedFirst(hiddenCell, [])[0], "Not run: a setup cell hidden on this page failed first:");
});

test("a figure's alt text names what drew it", () => {
  assert.equal(figureAlt({ "text/plain": "<Figure size 640x480 with 1 Axes>" }),
    "Figure drawn by this cell (<Figure size 640x480 with 1 Axes>)");
  assert.equal(figureAlt({}), "Figure drawn by this cell (matplotlib)");
});
