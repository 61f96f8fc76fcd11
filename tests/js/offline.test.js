import { test } from "node:test";
import assert from "node:assert/strict";
import {
  cacheName, isStale, mayPreload, megabytes, missing, pageKey, strategy,
} from "../../book/_vendor/bpb/offline/policy.js";

const ROOT = "http://127.0.0.1:8000/sub/book/";
const get = (path, extra = {}) => ({ url: ROOT + path, method: "GET", mode: "no-cors", cache: "default", ...extra });

test("pages and what must be current go to the network first; the build's files to the cache", () => {
  assert.equal(strategy(get("book/chain-rule.html", { mode: "navigate" }), ROOT), "network-first");
  assert.equal(strategy(get("book/chain-rule.html?x=1"), ROOT), "network-first");
  assert.equal(strategy(get(""), ROOT), "network-first");
  assert.equal(strategy(get("offline.json"), ROOT), "network-first");
  assert.equal(strategy(get("_runtime/current.json", { cache: "no-store" }), ROOT), "network-first");
  assert.equal(strategy(get("_runtime/pyodide/pyodide.asm.wasm"), ROOT), "cache-first");
  assert.equal(strategy(get("_static/bpb/run.js?v=1"), ROOT), "cache-first");
  // not the book's: another site of the origin, another method
  assert.equal(strategy({ ...get(""), url: "http://127.0.0.1:8000/other/x.js" }, ROOT), "pass");
  assert.equal(strategy(get("x.js", { method: "POST" }), ROOT), "pass");
});

test("a build owns its cache; another build's cache of the same site is stale, another site's is not", () => {
  const mine = cacheName(ROOT, "v2");
  assert.equal(isStale(mine, ROOT, "v2"), false);
  assert.equal(isStale(cacheName(ROOT, "v1"), ROOT, "v2"), true);
  assert.equal(isStale(cacheName("http://127.0.0.1:8000/", "v1"), ROOT, "v2"), false);
  assert.equal(isStale("bpb-settings", ROOT, "v2"), false);
});

test("a folder is kept as its index.html, without query or hash", () => {
  assert.equal(pageKey(`${ROOT}?a=1`), `${ROOT}index.html`);
  assert.equal(pageKey(`${ROOT}book/x.html#top`), `${ROOT}book/x.html`);
});

test("what is left to save, and its bytes", () => {
  const files = [["a.html", 10], ["b.png", 20], ["c.wasm", 30]];
  assert.deepEqual(missing(files, new Set(["b.png"])), { left: [["a.html", 10], ["c.wasm", 30]], bytes: 40 });
  assert.deepEqual(missing(files, new Set(["a.html", "b.png", "c.wasm"])), { left: [], bytes: 0 });
});

test("the background load: never when turned off, saving data, metered or slow", () => {
  assert.equal(mayPreload(null, null), true);
  assert.equal(mayPreload("on", { effectiveType: "4g", saveData: false }), true);
  assert.equal(mayPreload("off", null), false);
  assert.equal(mayPreload(null, { saveData: true }), false);
  assert.equal(mayPreload(null, { metered: true }), false);
  assert.equal(mayPreload(null, { effectiveType: "2g" }), false);
  assert.equal(mayPreload(null, { effectiveType: "slow-2g" }), false);
  assert.equal(mayPreload(null, { type: "cellular", effectiveType: "4g" }), false);
});

test("bytes as the reader reads them", () => {
  assert.equal(megabytes(38_812_102), "38.8 MB");
  assert.equal(megabytes(120_400), "120 kB");
  assert.equal(megabytes(10), "1 kB");
});
