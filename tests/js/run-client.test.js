// The runtime client (book/_vendor/bpb/run/client.js) with a fake Worker and a fake clock:
// the messages between the page and Python's worker, and what the page is told.
import assert from "node:assert/strict";
import { test } from "node:test";

import { RuntimeClient } from "../../book/_vendor/bpb/run/client.js";
import { STALL_MS } from "../../book/_vendor/bpb/run/texts.js";

class FakeWorker {
  constructor(url) {
    this.url = url;
    this.posted = [];
    this.terminated = false;
  }

  postMessage(msg) {
    this.posted.push(msg);
  }

  terminate() {
    this.terminated = true;
  }

  send(data) { // a message from the worker
    this.onmessage({ data });
  }
}

class FakeClock {
  constructor() {
    this.t = 0;
    this.timers = new Map();
    this.next = 1;
  }

  now() {
    return this.t;
  }

  every(fn, ms) {
    const id = this.next++;
    this.timers.set(id, { fn, ms });
    return id;
  }

  stop(id) {
    this.timers.delete(id);
  }

  advance(ms) {
    for (let left = ms; left > 0; left -= 1000) {
      this.t += Math.min(1000, left);
      for (const { fn } of [...this.timers.values()]) {
        fn();
      }
    }
  }
}

const settled = (promise) => Promise.race([
  promise.then((value) => ({ value }), (error) => ({ error })),
  new Promise((resolve) => setTimeout(() => resolve("pending"), 10)),
]);

const make = (over = {}) => {
  const workers = [];
  const panel = [];
  const loading = [];
  const timings = { readySeconds: null, loadedBytes: 0, runs: [] };
  const clock = new FakeClock();
  const client = new RuntimeClient({
    runtime: "/_runtime/", packages: ["numpy"], timings, clock, canRun: () => true,
    makeWorker: (url) => {
      const w = new FakeWorker(url);
      workers.push(w);
      return w;
    },
    onPanel: (...args) => panel.push(args),
    onLoading: (...args) => loading.push(args),
    ...over,
  });
  return { client, workers, panel, loading, timings, clock };
};

test("nothing starts until asked; the first start makes one worker and asks it to load", async () => {
  const { client, workers, panel } = make();
  assert.equal(workers.length, 0);
  const ready = client.start();
  assert.equal(client.start(), ready, "one session per page");
  assert.equal(workers.length, 1);
  assert.equal(workers[0].url, "/_runtime/worker.js");
  assert.deepEqual(workers[0].posted, [{ type: "start", runtime: "/_runtime/", packages: ["numpy"] }]);
  assert.deepEqual(panel, [["loading", "Loading Python…", 0, 1]]);
  assert.equal(await settled(ready), "pending");
});

test("progress moves the panel's bar and the waiting cells; ready resolves", async () => {
  const { client, workers, panel, loading, timings } = make();
  const ready = client.start();
  workers[0].send({ type: "progress", label: "numpy", loaded: 2_000_000, total: 16_000_000 });
  assert.deepEqual(panel.at(-1), ["loading", "Loading numpy… 2.0 of about 16.0 MB", 2_000_000, 16_000_000]);
  assert.deepEqual(loading, [[2_000_000, 16_000_000]]);
  assert.equal(timings.loadedBytes, 2_000_000);
  workers[0].send({ type: "ready", seconds: 5.25, loaded: 16_000_000 });
  assert.deepEqual(await settled(ready), { value: undefined });
  assert.equal(timings.readySeconds, 5.25);
  assert.deepEqual(panel.at(-1), ["ready", "Python is ready (loaded 16.0 MB in 5.3 s)."]);
});

test("a failed load rejects with the worker's words, and the panel says so", async () => {
  const { client, workers, panel } = make();
  const ready = client.start();
  workers[0].send({ type: "failed", message: "pyodide.asm.wasm: 404" });
  const { error } = await settled(ready);
  assert.equal(error.message, "pyodide.asm.wasm: 404");
  assert.deepEqual(panel.at(-1), ["failed", "Python could not load: pyodide.asm.wasm: 404. The stored outputs stay as they are."]);
});

test("a worker that cannot start rejects", async () => {
  const { client, workers } = make();
  const ready = client.start();
  let prevented = false;
  workers[0].onerror({ message: "", preventDefault: () => { prevented = true; } });
  assert.equal((await settled(ready)).error.message, "the Python worker could not start");
  assert.ok(prevented);
});

test("without WebAssembly or workers nothing loads, and the reason is said", async () => {
  const { client, workers, panel } = make({ canRun: () => false });
  const { error } = await settled(client.start());
  assert.match(error.message, /WebAssembly or Web Workers are unavailable/);
  assert.equal(workers.length, 0);
  assert.equal(panel[0][0], "failed");
});

test("a load that stops sending bytes fails after STALL_MS; one that keeps sending does not", async () => {
  const { client, workers, clock } = make();
  const ready = client.start();
  for (let i = 0; i < 5; i++) {
    clock.advance(STALL_MS - 1000);
    workers[0].send({ type: "progress", label: "numpy", loaded: i, total: 10 });
  }
  assert.equal(await settled(ready), "pending");
  clock.advance(STALL_MS + 1000);
  assert.match((await settled(ready)).error.message, /nothing arrived for 90 s/);
});

test("once ready, the watchdog stops", async () => {
  const { client, workers, clock } = make();
  const ready = client.start();
  workers[0].send({ type: "ready", seconds: 1, loaded: 1 });
  assert.equal(clock.timers.size, 0);
  clock.advance(10 * STALL_MS);
  assert.deepEqual(await settled(ready), { value: undefined });
});

test("each run's outputs go to its own sink, and done resolves it", async () => {
  const { client, workers } = make();
  client.start();
  const seen = { a: [], b: [] };
  const a = client.execute("print(1)", (o) => seen.a.push(o));
  const b = client.execute("print(2)", (o) => seen.b.push(o));
  const [runA, runB] = workers[0].posted.slice(1);
  assert.deepEqual([runA.type, runA.code, runB.code], ["run", "print(1)", "print(2)"]);
  assert.notEqual(runA.id, runB.id);
  workers[0].send({ type: "output", id: runB.id, output: { text: "2" } });
  workers[0].send({ type: "output", id: runA.id, output: { text: "1" } });
  workers[0].send({ type: "done", id: runA.id, ok: true, count: 1, seconds: 0.1 });
  assert.deepEqual(seen, { a: [{ text: "1" }], b: [{ text: "2" }] });
  assert.deepEqual(await settled(a), { value: { type: "done", id: runA.id, ok: true, count: 1, seconds: 0.1 } });
  assert.equal(await settled(b), "pending");
  assert.equal(client.pending.size, 1);
  workers[0].send({ type: "done", id: runA.id, ok: false }); // twice: ignored
  workers[0].send({ type: "output", id: "nobody", output: {} });
  assert.equal(client.pending.size, 1);
});

test("restart ends waiting runs as restarted, and the old worker is no longer heard", async () => {
  const { client, workers, panel } = make();
  client.start();
  workers[0].send({ type: "ready", seconds: 1, loaded: 1 });
  const sunk = [];
  const run = client.execute("while True: pass", (o) => sunk.push(o));
  const id = workers[0].posted[1].id;
  client.restart();
  assert.ok(workers[0].terminated);
  assert.deepEqual(await settled(run), { value: { ok: false, restarted: true } });
  const before = panel.length;
  workers[0].send({ type: "output", id, output: { text: "late" } });
  workers[0].send({ type: "progress", label: "x", loaded: 1, total: 2 });
  assert.deepEqual(sunk, []);
  assert.equal(panel.length, before);
  // the next start is a new session in a new worker
  client.start();
  assert.equal(workers.length, 2);
  assert.notEqual(workers[1].posted.length, 0);
});
