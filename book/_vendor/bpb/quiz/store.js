/* Quiz progress in the browser's localStorage: one entry per page, under
 * "bpb-quiz:v1:" + the page's path, holding {quiz key: {tried, solved}} for every quiz
 * with a wrong try or a right answer. Storage may be blocked, full or hold anything:
 * reading gives {} then, and writing is skipped (progress lasts until the page is left). */

import { touched } from "./scoring.js";

export const STORE = "bpb-quiz:v1:";

/** The storage key of a page's progress, from the page's path. */
export const storageKey = (pathname) => STORE + pathname;

/** Stored text as a progress object: {} for nothing, corrupt text, or not an object. */
export const parseStored = (text) => {
  try {
    const value = JSON.parse(text || "{}");
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
};

/** The progress kept under `key` in `storage` (a Storage, or null when blocked). */
export const readStored = (storage, key) => {
  try {
    return parseStored(storage.getItem(key));
  } catch {
    return {}; // storage blocked
  }
};

/** Keep `state` under `key`; an empty state removes the entry. */
export const writeStored = (storage, key, state) => {
  try {
    if (Object.keys(state).length) {
      storage.setItem(key, JSON.stringify(state));
    } else {
      storage.removeItem(key);
    }
  } catch {
    /* storage blocked or full: nothing is kept */
  }
};

/** What a page keeps: {key: {tried, solved}} of the entries ({quiz, state}) with progress. */
export const snapshot = (entries) => Object.fromEntries(entries
  .filter((e) => touched(e.state))
  .map((e) => [e.quiz.key, { tried: [...e.state.tried], solved: e.state.solved }]));
