/* Edit and run a chapter's cells in the reader's browser (Python via Pyodide, in a Worker).
 *
 * The page carries its cells as JSON (tools/bpb_run.py). Nothing is downloaded until the
 * reader presses Run: then the runtime loads once per page (run/client.js; the panel,
 * run/panel.js, says what and how much), and every cell above the one asked for that has
 * not run yet runs first, in order, hidden setup cells included (run/plan.js). One Python
 * session per page; "Restart" starts a new one. Reset brings back a cell's stored code and
 * output (run/cells.js); outputs render as the notebook's do (run/outputs.js). A page
 * without WebAssembly, or whose runtime fails to load, keeps its stored outputs and says
 * why in plain words. window.bpbRun is the page's handle (tests and the console use it).
 */

import { onReady } from "./dom.js";
import { CellView } from "./run/cells.js";
import { RuntimeClient } from "./run/client.js";
import { render } from "./run/outputs.js";
import { Panel } from "./run/panel.js";
import { OutputLog, mostBytes, runnable, toRun } from "./run/plan.js";
import * as say from "./run/texts.js";

class RunPage {
  constructor(nb) {
    this.runtime = new URL(nb.runtime, window.location.href).href;
    this.cells = runnable(nb.cells);
    this.glued = {};
    this.timings = { readySeconds: null, loadedBytes: 0, runs: [] };
    this.chain = Promise.resolve(); // runs happen one after the other
    this.panel = new Panel({ bytes: mostBytes(nb.sizes), runAll: () => this.runAll(), restart: () => this.restart() });
    this.client = new RuntimeClient({
      runtime: this.runtime, packages: nb.packages, timings: this.timings,
      onPanel: (...args) => this.panel.set(...args),
      onLoading: (loaded, total) => {
        for (const view of this.views.values()) {
          if (view.waiting) {
            view.status(say.waiting(loaded, total));
          }
        }
      },
    });
    this.views = new Map(); // index -> CellView
    for (const cell of this.cells) {
      this.views.set(cell.index, new CellView(cell, { runtime: this.runtime, run: (i) => this.runTo(i) }));
    }
  }

  /* Run one cell; when it fails and is not `target`, `target` says why it did not run. */
  async runOne(view, target) {
    const log = new OutputLog(this.glued);
    let out = null;
    const sink = (output) => {
      const what = log.add(output);
      if (what === "clear") {
        if (out) {
          out.replaceChildren();
        }
      } else if (what === "show" && view.showsOutput) {
        out = out || view.freshOutput();
        render(out, output);
      }
    };
    view.status(say.running, "busy");
    view.setCount("[*]");
    view.setRunning(true);
    const t0 = performance.now();
    const done = await this.client.execute(view.code(), sink);
    view.setRunning(false);
    if (done.restarted) {
      return { ok: false };
    }
    if (view.showsOutput && !out) {
      view.freshOutput(); // a cell with no output now shows none
    }
    view.ran = done.ok;
    view.outputs = log.outputs;
    this.timings.runs.push({ index: view.cell.index, seconds: (performance.now() - t0) / 1000 });
    view.setCount(`[${done.count}]`);
    const { text, tone } = say.verdict(done);
    view.status(text, tone);
    if (!done.ok && view !== target && target.bar) {
      const traceback = say.failedFirst(Boolean(view.bar), view.cell.index, log.outputs);
      render(target.freshOutput(), { output_type: "error", traceback });
      target.status(say.notRun, "error");
    }
    return { ok: done.ok };
  }

  /** Run cell `index` after every cell above it that has not run ({only: true}: it alone);
   * a promise of whether all ran without error. */
  runTo(index, { only = false } = {}) {
    const target = this.views.get(index);
    const result = this.chain.then(async () => {
      const todo = toRun(this.cells, (i) => this.views.get(i).ran, index, only).map((i) => this.views.get(i));
      for (const view of todo) {
        view.waiting = true;
      }
      target.status(say.starting, "busy");
      try {
        await this.client.start();
      } catch (error) {
        for (const view of todo) {
          view.waiting = false;
          view.status(say.cellCannotLoad(error.message), "error");
        }
        return false;
      }
      for (const view of todo) {
        view.waiting = false;
        const { ok } = await this.runOne(view, target);
        if (!ok) {
          for (const other of todo) {
            other.waiting = false;
          }
          return false;
        }
      }
      return true;
    });
    this.chain = result.catch(() => false);
    return result;
  }

  /** Run every cell again, in order. */
  runAll() {
    for (const view of this.views.values()) {
      view.ran = false;
    }
    return this.runTo(this.cells[this.cells.length - 1].index);
  }

  restart() {
    this.client.restart();
    this.chain = Promise.resolve();
    for (const view of this.views.values()) {
      view.ran = false;
      view.waiting = false;
      view.status("");
      view.setCount("[ ]");
    }
    this.panel.set("idle", say.restarted);
  }

  /** The page's handle, for tests and the console. */
  handle() {
    const view = (index) => this.views.get(index);
    return {
      runTo: (index, options) => this.runTo(index, options),
      runAll: () => this.runAll(),
      restart: () => this.restart(),
      glued: this.glued,
      timings: this.timings,
      state: this.views,
      edit: (index) => view(index).edit(false),
      code: (index) => view(index).code(),
      outputs: (index) => view(index).outputs || null,
      cells: this.cells.map((c) => ({ index: c.index, kind: c.kind })),
    };
  }
}

// the page's cells are written at the end of its body: start once it is parsed
onReady(() => {
  const data = document.getElementById("bpb-notebook");
  if (!data) {
    return;
  }
  window.bpbRun = new RunPage(JSON.parse(data.textContent)).handle();
});
