/* The runtime client: one Python session per page, in a Web Worker
 * (tools/runtime/worker.js, whose docstring lists the messages). Nothing loads until the
 * first start(); restart() ends the session (runs still waiting end as "restarted") and the
 * next start() begins a new one. No DOM here: what the page should say comes out through
 * `onPanel(kind, message, loaded, total)` (kind "loading", "ready" or "failed") and
 * `onLoading(loaded, total)`; the worker, the clock and the check for WebAssembly can be
 * replaced (tests/js/run-client.test.js). */

import * as say from "./texts.js";

const browserCanRun = () => typeof WebAssembly === "object" && typeof Worker === "function";
const browserClock = {
  now: () => performance.now(),
  every: (fn, ms) => setInterval(fn, ms),
  stop: (timer) => clearInterval(timer),
};

export class RuntimeClient {
  constructor({
    runtime, packages, timings,
    makeWorker = (url) => new Worker(url), canRun = browserCanRun, clock = browserClock,
    onPanel = () => {}, onLoading = () => {},
  }) {
    Object.assign(this, { runtime, packages, timings, makeWorker, canRun, clock, onPanel, onLoading });
    this.worker = null;
    this.ready = null; // promise of the running session
    this.generation = 0; // messages of a worker from before a restart are ignored
    this.pending = new Map(); // run id -> {resolve, sink}
  }

  /** The running session: started on the first call, the same promise after that. */
  start() {
    if (this.ready) {
      return this.ready;
    }
    if (!this.canRun()) {
      const error = new Error(say.noRuntime);
      this.onPanel("failed", say.couldNotLoad(error.message));
      this.ready = Promise.reject(error);
      this.ready.catch(() => {});
      return this.ready;
    }
    const gen = this.generation;
    this.onPanel("loading", say.firstLoad, 0, 1);
    this.ready = new Promise((resolve, reject) => {
      const worker = this.makeWorker(`${this.runtime}worker.js`);
      this.worker = worker;
      // a load that stops making progress is a failed load, said in plain words
      let lastNews = this.clock.now();
      const watchdog = this.clock.every(() => {
        if (gen !== this.generation) {
          this.clock.stop(watchdog);
        } else if (this.clock.now() - lastNews > say.STALL_MS) {
          this.clock.stop(watchdog);
          reject(new Error(say.stalled(say.STALL_MS)));
        }
      }, 1000);
      worker.onmessage = (event) => {
        if (gen !== this.generation) {
          return;
        }
        lastNews = this.clock.now();
        const msg = event.data;
        if (msg.type === "ready" || msg.type === "failed") {
          this.clock.stop(watchdog);
        }
        this.receive(msg, resolve, reject);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        reject(new Error(event.message || say.workerFailed));
      };
      worker.postMessage({ type: "start", runtime: this.runtime, packages: this.packages });
    });
    this.ready.catch((error) => this.onPanel("failed", say.couldNotLoad(error.message)));
    return this.ready;
  }

  /* One message of the current worker. */
  receive(msg, resolve, reject) {
    if (msg.type === "progress") {
      this.timings.loadedBytes = msg.loaded;
      this.onPanel("loading", say.loading(msg.label, msg.loaded, msg.total), msg.loaded, msg.total);
      this.onLoading(msg.loaded, msg.total);
    } else if (msg.type === "ready") {
      this.timings.readySeconds = msg.seconds;
      this.onPanel("ready", say.ready(msg.loaded, msg.seconds));
      resolve();
    } else if (msg.type === "failed") {
      reject(new Error(msg.message));
    } else if (msg.type === "output") {
      const job = this.pending.get(msg.id);
      if (job) {
        job.sink(msg.output);
      }
    } else if (msg.type === "done") {
      const job = this.pending.get(msg.id);
      if (job) {
        this.pending.delete(msg.id);
        job.resolve(msg);
      }
    }
  }

  /** Run `code` in the session (start() first): a promise of the worker's "done" message,
   * or {ok: false, restarted: true}; each output on the way goes to `sink`; `name`: the
   * cell as the page names it, for tracebacks. */
  execute(code, sink, name = null) {
    const id = `${this.generation}:${Math.random().toString(36).slice(2)}`;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, sink });
      this.worker.postMessage({ type: "run", id, code, name });
    });
  }

  /** End the session; the next start() begins a new one. */
  restart() {
    this.generation += 1;
    if (this.worker) {
      this.worker.terminate();
    }
    this.worker = null;
    this.ready = null;
    for (const job of this.pending.values()) {
      job.resolve({ ok: false, restarted: true });
    }
    this.pending = new Map();
  }
}
