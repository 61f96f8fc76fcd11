/* A reader's edits of the cells, kept in the browser (localStorage) across reloads and
 * visits: keyed to the page and the cell, and remembering the stored code the edit
 * started from, so that a cell the book has changed since is told apart. No DOM here;
 * `storage` is localStorage or anything with its getItem/setItem/removeItem/key/length. */

const PREFIX = "bpb-edit:";

/** A short fingerprint of a cell's stored code (FNV-1a, 32 bits, hex). */
export const fingerprint = (code) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < code.length; i += 1) {
    h ^= code.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
};

const keyOf = (page, index) => `${PREFIX}${page}:${index}`;

const read = (storage, key) => {
  try {
    const value = JSON.parse(storage.getItem(key));
    return value && typeof value.code === "string" && typeof value.base === "string" ? value : null;
  } catch {
    return null; // storage unavailable or a value not ours: as if nothing was saved
  }
};

/** Keep `code` as the reader's edit of cell `index` whose stored code is `stored`; an edit
 * that is the stored code again is forgotten. */
export const saveEdit = (storage, page, index, stored, code) => {
  try {
    if (code === stored) {
      storage.removeItem(keyOf(page, index));
    } else {
      storage.setItem(keyOf(page, index), JSON.stringify({ code, base: fingerprint(stored) }));
    }
    return true;
  } catch {
    return false; // storage full or disabled: the edit lives as long as the page
  }
};

/** The reader's kept edit of a cell: {code, changed} (`changed`: the book's cell is no
 * longer the code the edit started from), or null. */
export const savedEdit = (storage, page, index, stored) => {
  const value = read(storage, keyOf(page, index));
  return value ? { code: value.code, changed: value.base !== fingerprint(stored) } : null;
};

export const forgetEdit = (storage, page, index) => {
  try {
    storage.removeItem(keyOf(page, index));
  } catch {
    // nothing kept
  }
};

/** The indices of the page's cells that have a kept edit. */
export const editedCells = (storage, page) => {
  const found = [];
  try {
    for (let i = 0; i < storage.length; i += 1) {
      const key = storage.key(i);
      if (key && key.startsWith(`${PREFIX}${page}:`)) {
        found.push(Number(key.slice(`${PREFIX}${page}:`.length)));
      }
    }
  } catch {
    return [];
  }
  return found.sort((a, b) => a - b);
};

/** localStorage, or null where the browser refuses it (private modes, file: pages). */
export const browserStorage = () => {
  try {
    const s = globalThis.localStorage;
    s.getItem("bpb-probe");
    return s;
  } catch {
    return null;
  }
};
