/* Quiz progress in the browser's localStorage: one entry per chapter of the book, under
 * "bpb-quiz:v2:backprop-book:" + the chapter's name (its quiz file), holding
 * {quiz key: {tried, solved}} for every quiz with a wrong try or a right answer. The key
 * names the book and the chapter, never the page's address, so that moving the site to
 * another path keeps every reader's progress; pages that show part of a chapter's quizzes
 * update only theirs. Entries of the first format ("bpb-quiz:v1:" + the page's path) are
 * moved to the new keys by `migrate` (read old, write new, remove old). A quiz's key is
 * "<chapter>--<its \id:>" (a block without an id: a hash of its text); progress kept under
 * the key a quiz had before it was given an id (its data-bpb-was) is moved to its key by
 * `rename`, so that a score stays with its question when questions are inserted or
 * reordered. Storage may be
 * blocked, full or hold anything: reading gives {} then, and writing is skipped (progress
 * lasts until the page is left). */

import { touched } from "./scoring.js";

export const BOOK = "backprop-book";
export const STORE = `bpb-quiz:v2:${BOOK}:`;
export const OLD_STORE = "bpb-quiz:v1:"; // + the page's URL path (before the book moved)

/** The storage key of a chapter's progress. */
export const storageKey = (chapter) => STORE + chapter;

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

/** A chapter's stored state with the quizzes of `keys` (those this page shows) replaced by
 * `mine`: the chapter's other quizzes, kept by other pages, stay as they are. */
export const merged = (stored, keys, mine) => {
  const out = Object.fromEntries(Object.entries(stored).filter(([k]) => !keys.includes(k)));
  return { ...out, ...mine };
};

const keysOf = (storage) => {
  try {
    return Array.from({ length: storage.length }, (_, i) => storage.key(i)).filter((k) => k !== null);
  } catch {
    return [];
  }
};

/** Move first-format entries (one per page path, wherever the book was served) to the
 * chapters' keys. `chapterOf(quizKey)` names the chapter of a quiz this page knows, or
 * undefined. A quiz already kept under the new key keeps its new state; a quiz this page
 * does not know stays in its old entry (another page knows its chapter), and an old entry
 * is removed once nothing is left in it. Returns the number of quizzes moved. */
export const migrate = (storage, chapterOf) => {
  let moved = 0;
  for (const old of keysOf(storage).filter((k) => k.startsWith(OLD_STORE))) {
    const state = readStored(storage, old);
    const left = {};
    const byChapter = new Map();
    for (const [key, saved] of Object.entries(state)) {
      const chapter = chapterOf(key);
      if (chapter === undefined) {
        left[key] = saved;
      } else {
        byChapter.set(chapter, { ...byChapter.get(chapter), [key]: saved });
      }
    }
    if (!byChapter.size) {
      continue;
    }
    for (const [chapter, states] of byChapter) {
      const key = storageKey(chapter);
      writeStored(storage, key, { ...states, ...readStored(storage, key) });
      const kept = readStored(storage, key);
      if (Object.keys(states).some((k) => !(k in kept))) {
        return moved; // storage full or blocked: the old entry stays, nothing is lost
      }
      moved += Object.keys(states).length;
    }
    writeStored(storage, old, left);
  }
  return moved;
};

/** Move a chapter's saved progress from the keys its quizzes had before they were given ids
 * to their keys: `renames` is a list of [old key, new key]. A quiz already kept under its
 * new key keeps its new state. Returns the number of quizzes moved. */
export const rename = (storage, chapter, renames) => {
  const key = storageKey(chapter);
  const state = readStored(storage, key);
  let moved = 0;
  let changed = false;
  for (const [old, now] of renames) {
    if (old && now && old !== now && Object.hasOwn(state, old)) {
      if (!Object.hasOwn(state, now)) {
        state[now] = state[old];
        moved += 1;
      }
      delete state[old];
      changed = true;
    }
  }
  if (changed) {
    writeStored(storage, key, state);
  }
  return moved;
};
