// Progress in localStorage (book/_vendor/bpb/quiz/store.js): whatever storage holds or
// does, the page reads an object and never fails.
import assert from "node:assert/strict";
import { test } from "node:test";

import { parseStored, readStored, snapshot, storageKey, writeStored } from "../../book/_vendor/bpb/quiz/store.js";

class MemoryStorage {
  constructor(items = {}) {
    this.items = new Map(Object.entries(items));
  }

  getItem(key) {
    return this.items.has(key) ? this.items.get(key) : null;
  }

  setItem(key, value) {
    this.items.set(key, String(value));
  }

  removeItem(key) {
    this.items.delete(key);
  }
}

const blocked = {
  getItem() { throw new Error("SecurityError"); },
  setItem() { throw new Error("QuotaExceededError"); },
  removeItem() { throw new Error("SecurityError"); },
};

test("a page's key is the prefix and its path", () => {
  assert.equal(storageKey("/book/chain-rule.html"), "bpb-quiz:v1:/book/chain-rule.html");
});

test("stored text that is not an object reads as no progress", () => {
  for (const text of [null, "", "not json", "[1,2]", "null", "7", "\"x\""]) {
    assert.deepEqual(parseStored(text), {}, String(text));
  }
  assert.deepEqual(parseStored('{"a":{"tried":["0"],"solved":true}}'), { a: { tried: ["0"], solved: true } });
});

test("blocked storage reads as no progress, and writing to it fails silently", () => {
  assert.deepEqual(readStored(blocked, "k"), {});
  assert.deepEqual(readStored(null, "k"), {});
  assert.doesNotThrow(() => writeStored(blocked, "k", { a: { tried: [], solved: true } }));
  assert.doesNotThrow(() => writeStored(null, "k", {}));
});

test("progress is written as JSON, and no progress removes the entry", () => {
  const storage = new MemoryStorage({ k: "{}" });
  writeStored(storage, "k", { a: { tried: ["1"], solved: false } });
  assert.deepEqual(readStored(storage, "k"), { a: { tried: ["1"], solved: false } });
  writeStored(storage, "k", {});
  assert.equal(storage.getItem("k"), null);
});

test("a snapshot keeps only quizzes with progress, as copies", () => {
  const tried = ["2"];
  const entries = [
    { quiz: { key: "a" }, state: { tried: [], solved: false } },
    { quiz: { key: "b" }, state: { tried, solved: false } },
    { quiz: { key: "c" }, state: { tried: [], solved: true } },
  ];
  const kept = snapshot(entries);
  assert.deepEqual(kept, { b: { tried: ["2"], solved: false }, c: { tried: [], solved: true } });
  kept.b.tried.push("3");
  assert.deepEqual(tried, ["2"]);
});
