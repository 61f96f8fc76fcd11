// Progress in localStorage (book/_vendor/bpb/quiz/store.js): whatever storage holds or
// does, the page reads an object and never fails.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  OLD_STORE, merged, migrate, parseStored, readStored, rename, snapshot, storageKey, writeStored,
} from "../../book/_vendor/bpb/quiz/store.js";

class MemoryStorage {
  constructor(items = {}) {
    this.items = new Map(Object.entries(items));
  }

  getItem(key) {
    return this.items.has(key) ? this.items.get(key) : null;
  }

  get length() {
    return this.items.size;
  }

  key(i) {
    return [...this.items.keys()][i] ?? null;
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

test("a chapter's key names the book and the chapter, not the page's address", () => {
  assert.equal(storageKey("chain-rule"), "bpb-quiz:v2:backprop-book:chain-rule");
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

const S = (solved, ...tried) => ({ tried, solved });
const chapters = { q1: "chain-rule", q2: "chain-rule", q3: "batching" };
const chapterOf = (key) => chapters[key];

test("a page's save replaces only its own quizzes of the chapter", () => {
  const stored = { q1: S(true), q2: S(false, "1") };
  assert.deepEqual(merged(stored, ["q2"], {}), { q1: S(true) });
  assert.deepEqual(merged(stored, ["q2"], { q2: S(true, "1") }), { q1: S(true), q2: S(true, "1") });
});

test("old entries keyed by page path move to the chapters' keys, wherever the site was", () => {
  const storage = new MemoryStorage({
    [`${OLD_STORE}/course/2025/book/chain-rule.html`]: JSON.stringify({ q1: S(true, "0"), q3: S(false, "2") }),
    [`${OLD_STORE}/old/book/chain-rule.html`]: JSON.stringify({ q2: S(true) }),
    other: "kept",
  });
  assert.equal(migrate(storage, chapterOf), 3);
  assert.deepEqual(readStored(storage, storageKey("chain-rule")), { q1: S(true, "0"), q2: S(true) });
  assert.deepEqual(readStored(storage, storageKey("batching")), { q3: S(false, "2") });
  assert.deepEqual([...storage.items.keys()].filter((k) => k.startsWith(OLD_STORE)), []);
  assert.equal(storage.getItem("other"), "kept");
  assert.equal(migrate(storage, chapterOf), 0, "a second run finds nothing to move");
});

test("a quiz kept under the new key keeps its new state; unknown quizzes wait in the old entry", () => {
  const old = `${OLD_STORE}/book/chain-rule.html`;
  const storage = new MemoryStorage({
    [old]: JSON.stringify({ q1: S(false, "0"), unknown: S(true) }),
    [storageKey("chain-rule")]: JSON.stringify({ q1: S(true, "3") }),
  });
  assert.equal(migrate(storage, chapterOf), 1);
  assert.deepEqual(readStored(storage, storageKey("chain-rule")), { q1: S(true, "3") });
  assert.deepEqual(readStored(storage, old), { unknown: S(true) });
  // a page that knows the last quiz's chapter finishes the move and removes the old entry
  assert.equal(migrate(storage, (k) => (k === "unknown" ? "batching" : chapterOf(k))), 1);
  assert.equal(storage.getItem(old), null);
});

test("when the new key cannot be written the old entry stays: nothing is lost", () => {
  const old = `${OLD_STORE}/book/chain-rule.html`;
  const storage = new MemoryStorage({ [old]: JSON.stringify({ q1: S(true) }) });
  storage.setItem = (key, value) => {
    if (key !== old) {
      throw new Error("QuotaExceededError");
    }
    storage.items.set(key, value);
  };
  assert.equal(migrate(storage, chapterOf), 0);
  assert.deepEqual(readStored(storage, old), { q1: S(true) });
  assert.doesNotThrow(() => migrate(blocked, chapterOf));
  assert.doesNotThrow(() => migrate(null, chapterOf));
});

test("progress kept before a quiz had an id moves to its id key, and stays with its question", () => {
  const key = storageKey("chain-rule");
  const storage = new MemoryStorage({
    [key]: JSON.stringify({ aaa: S(true, "1"), bbb: S(false, "0"), other: S(true) }),
  });
  // the questions were reordered when they got ids: each keeps its own state
  const renames = [["bbb", "chain-rule--first"], ["aaa", "chain-rule--second"]];
  assert.equal(rename(storage, "chain-rule", renames), 2);
  assert.deepEqual(readStored(storage, key), {
    "chain-rule--first": S(false, "0"), "chain-rule--second": S(true, "1"), other: S(true),
  });
  assert.equal(rename(storage, "chain-rule", renames), 0, "a second run finds nothing to move");
  assert.deepEqual(readStored(storage, key)["chain-rule--second"], S(true, "1"));
});

test("a quiz already kept under its id keeps that state; the old entry goes", () => {
  const key = storageKey("chain-rule");
  const storage = new MemoryStorage({
    [key]: JSON.stringify({ aaa: S(false, "0"), "chain-rule--first": S(true, "2") }),
  });
  assert.equal(rename(storage, "chain-rule", [["aaa", "chain-rule--first"]]), 0);
  assert.deepEqual(readStored(storage, key), { "chain-rule--first": S(true, "2") });
  // no old key (a block without an id, or none was kept): nothing is written
  const untouched = new MemoryStorage({ [key]: "{\"x\": 1}" });
  untouched.setItem = () => { throw new Error("must not write"); };
  assert.equal(rename(untouched, "chain-rule", [["", "chain-rule--first"], ["y", "y"]]), 0);
  assert.doesNotThrow(() => rename(blocked, "chain-rule", [["aaa", "b"]]));
  assert.doesNotThrow(() => rename(null, "chain-rule", [["aaa", "b"]]));
});
