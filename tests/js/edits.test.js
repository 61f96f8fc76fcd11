import { test } from "node:test";
import assert from "node:assert/strict";
import { editedCells, fingerprint, forgetEdit, saveEdit, savedEdit } from "../../book/_vendor/bpb/run/edits.js";

/* localStorage as a Map */
const memory = () => {
  const m = new Map();
  return {
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem: (k, v) => m.set(k, String(v)),
    removeItem: (k) => m.delete(k),
    key: (i) => [...m.keys()][i] ?? null,
    get length() { return m.size; },
  };
};

test("an edit is kept per page and cell, and the stored code it started from", () => {
  const s = memory();
  saveEdit(s, "book/chain-rule", 3, "x = 1.5", "x = 2.0");
  assert.deepEqual(savedEdit(s, "book/chain-rule", 3, "x = 1.5"), { code: "x = 2.0", changed: false });
  assert.equal(savedEdit(s, "book/chain-rule", 4, "x = 1.5"), null);
  assert.equal(savedEdit(s, "book/batching", 3, "x = 1.5"), null);
  // the book's cell changed since: the reader is told
  assert.deepEqual(savedEdit(s, "book/chain-rule", 3, "x = 1.25"), { code: "x = 2.0", changed: true });
  assert.deepEqual(editedCells(s, "book/chain-rule"), [3]);
});

test("an edit back to the stored code, or forgotten, is not kept", () => {
  const s = memory();
  saveEdit(s, "p", 1, "a", "b");
  saveEdit(s, "p", 2, "a", "c");
  saveEdit(s, "p", 1, "a", "a");
  assert.equal(savedEdit(s, "p", 1, "a"), null);
  forgetEdit(s, "p", 2);
  assert.deepEqual(editedCells(s, "p"), []);
});

test("storage that refuses or holds garbage loses nothing but the edit", () => {
  const broken = { getItem: () => { throw new Error("denied"); }, setItem: () => { throw new Error("full"); },
    removeItem: () => { throw new Error("denied"); }, key: () => null, length: 0 };
  assert.equal(saveEdit(broken, "p", 1, "a", "b"), false);
  assert.equal(savedEdit(broken, "p", 1, "a"), null);
  const s = memory();
  s.setItem("bpb-edit:p:1", "{not json");
  assert.equal(savedEdit(s, "p", 1, "a"), null);
  assert.notEqual(fingerprint("a"), fingerprint("b"));
  assert.equal(fingerprint("x = 1.5").length, 8);
});
