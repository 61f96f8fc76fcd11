/* Edit and run a chapter's cells in the reader's browser (Python via Pyodide, in a Worker).
 *
 * The page carries its cells as JSON (tools/bpb_run.py). The runtime loads once per page
 * (in the background, below, or on the first Run) (run/client.js; the panel,
 * run/panel.js, says what and how much), and every cell above the one asked for that has
 * not run yet runs first, in order, hidden setup cells included (run/plan.js). One Python
 * session per page; "Restart" starts a new one. Reset brings back a cell's stored code and
 * output (run/cells.js); outputs render as the notebook's do (run/outputs.js). A page
 * without WebAssembly, or whose runtime fails to load, keeps its stored outputs and says
 * why in plain words. A reader's edits are kept in the browser (run/edits.js); a run updates
 * the values glued into the prose (run/prose.js); Stop ends the session. window.bpbRun is
 * the page's handle (tests and the console use it). Once the page has been open a few
 * seconds and the browser is idle, the runtime loads in the background (not on a
 * data-saving, metered or slow connection, nor when the reader turned it off: offline.js).
 */

import { onReady } from "./dom.js";
import { PRELOAD_AFTER_MS, PRELOAD_KEY, mayPreload } from "./offline/policy.js";
import { CellView } from "./run/cells.js";
import { browserStorage } from "./run/edits.js";
import { RuntimeClient } from "./run/client.js";
import { render } from "./run/outputs.js";
import { Panel } from "./run/panel.js";
import { OutputLog, mostBytes, runnable, toRun } from "./run/plan.js";
import { Prose } from "./run/prose.js";
import * as say from "./run/texts.js";

class RunPage {
  constructor(nb) {
    this.runtime = new URL(nb.runtime, window.location.href).href;
    this.cells = runnable(nb.cells);
    this.glued = {};
    this.prose = new Prose();
    this.timings = { readySeconds: null, loadedBytes: 0, runs: [] };
    this.chain = Promise.resolve(); // runs happen one after the other
    this.panel = new Panel({ bytes: mostBytes(nb.sizes), runAll: () => this.runAll(), restart: () => this.restart(),
      resetEdits: () => this.resetEdits() });
    const storage = browserStorage();
    const kept = storage && nb.page ? { storage, page: nb.page } : null;
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
    let shown = 0; // the visible cells are numbered 1, 2, ... on the page
    for (const cell of this.cells) {
      this.views.set(cell.index, new CellView(cell, { runtime: this.runtime, run: (i) => this.runTo(i),
        onReset: (view) => this.prose.forget(view.gluedKeys || []), kept, stop: () => this.stop(cell.index),
        number: () => (shown += 1) }));
    }
  }

  /** Load the runtime in the background, once the page has been open PRELOAD_AFTER_MS
   * and the browser is idle, unless turned off or on a connection that should not. */
  preload() {
    const local = browserStorage();
    if (!mayPreload(local ? local.getItem(PRELOAD_KEY) : null, navigator.connection || null)) {
      return;
    }
    const idle = window.requestIdleCallback || ((fn) => setTimeout(fn, 0));
    setTimeout(() => idle(() => {
      if (!this.client.ready) {
        this.timings.background = true;
        this.client.start().catch(() => {});
      }
    }, { timeout: 5000 }), PRELOAD_AFTER_MS);
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
      } else if (what === "glue") {
        view.gluedKeys = [...new Set([...(view.gluedKeys || []), output.name])];
        this.prose.update(output.name, output.data);
        // a figure glued into the prose and not displayed: the cell shows it too
        if (output.data["image/png"] && !output.displayed && view.bar) {
          out = out || view.freshOutput();
          render(out, { output_type: "display_data", data: output.data });
        }
      }
    };
    view.status(say.running, "busy");
    view.setCount("[*]");
    view.setRunning(true);
    const t0 = performance.now();
    const clock = setInterval(() => view.status(say.runningFor((performance.now() - t0) / 1000), "busy"), 1000);
    const done = await this.client.execute(view.source(), sink, view.name);
    clearInterval(clock);
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
      const traceback = say.failedFirst(view.name, log.outputs);
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

  /** Every edited cell of the page back to the book's code (kept edits forgotten). */
  resetEdits() {
    const edited = [...this.views.values()].filter((v) => v.bar && (v.editor || v.notice || v.hasKeptEdit));
    for (const view of edited) {
      view.reset();
    }
    this.panel.note(edited.length ? say.editsReset(edited.length) : say.noEdits);
  }

  /** Stop the running cell `index`: the session ends (Python cannot be interrupted);
   * the next Run starts a new one and reruns what is needed. */
  stop(index) {
    this.restart();
    this.views.get(index).status(say.stopped, "error");
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
      stop: (index) => this.stop(index),
      glued: this.glued,
      reset: (index) => view(index).reset(),
      resetEdits: () => this.resetEdits(),
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
  const page = new RunPage(JSON.parse(data.textContent));
  window.bpbRun = page.handle();
  page.preload();
});
