/* The book's progress (backprop_core.quiz.progress), from what each chapter page keeps in
 * storage (store.js), scored by the chapter pages' rules: a quiz behind a closed
 * \shownext gate holds nothing. A chapter, as the progress page carries it:
 * {name, page, total, quizzes: [{key, points, penalty, shownext, was?}]} (was: the key
 * before the quiz had an \id:, store.js: rename). No quiz text here. */

export const EXPORT_FORMAT = "backprop-book-progress";

/** {score, solved, count, total, left: [i], mistakes: [i]} of a chapter whose page keeps
 * `state` (i: the quiz's position in the chapter; a mistake: a quiz with a wrong try). */
export const chapterProgress = (ch, state) => {
  const out = { score: 0, solved: 0, count: ch.quizzes.length, total: ch.total, left: [], mistakes: [] };
  let open = true;
  ch.quizzes.forEach((q, i) => {
    const saved = open ? state[q.key] : null;
    const tried = saved && Array.isArray(saved.tried) ? saved.tried.length : 0;
    const solved = Boolean(saved && saved.solved === true);
    if (solved) {
      out.score += Math.max(0, q.points - q.penalty * tried);
      out.solved += 1;
    } else {
      out.left.push(i);
    }
    if (tried) {
      out.mistakes.push(i);
    }
    // the next quiz's gate: open unless this quiz has \shownext and is not solved
    open = !q.shownext || solved;
  });
  return out;
};

/** The book's totals over the chapters' progress: {score, total, solved, count, mistakes}. */
export const bookTotals = (progresses) => progresses.reduce((sum, p) => ({
  score: sum.score + p.score,
  total: sum.total + p.total,
  solved: sum.solved + p.solved,
  count: sum.count + p.count,
  mistakes: sum.mistakes + p.mistakes.length,
}), { score: 0, total: 0, solved: 0, count: 0, mistakes: 0 });

/** The "left to answer" cell of a chapter: a list of {text} and {link: i} parts. */
export const leftParts = (say, p) => {
  if (!p.left.length) {
    return [{ text: say.text.progress_none_left }];
  }
  if (p.left.length === p.count) {
    return [{ text: say.fill("progress_all_left", { count: p.count }) }];
  }
  const parts = [{ text: say.fill("progress_left", { questions: say.plural("question", p.left.length) }) }];
  p.left.forEach((i, n) => {
    if (n) {
      parts.push({ text: say.text.progress_list_separator });
    }
    parts.push({ link: i });
  });
  return parts;
};

/** "Retry my mistakes" in one chapter: {state, reopened: [i]}, the state without the
 * questions that had a wrong try (they can be answered afresh). */
export const reopen = (ch, state) => {
  const { mistakes } = chapterProgress(ch, state);
  const kept = { ...state };
  for (const i of mistakes) {
    delete kept[ch.quizzes[i].key];
  }
  return { state: kept, reopened: mistakes };
};

/** A canonical text of a JSON value: object keys sorted, so that the checksum does not
 * depend on the order a browser or an editor writes them in. */
export const canonical = (value) => {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(",")}]`;
  }
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().filter((k) => value[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
};

/** A 64-bit checksum (two FNV-1a 32-bit hashes, over the text and over it reversed), as 16
 * hex digits. It tells a file changed by hand (or damaged) from the one exported; it is
 * not a signature: anyone who reads this file can compute it. */
export const checksum = (text) => {
  const fnv = (s) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i += 1) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, "0");
  };
  return fnv(text) + fnv([...text].reverse().join(""));
};

/** The checksum of an export: over everything in it but the checksum itself. */
export const exportChecksum = (data) => {
  const rest = { ...data };
  delete rest.checksum;
  return checksum(canonical(rest));
};

/** The export file's content: when it was made (`now`, a Date), the book and its version,
 * every chapter's score ({score, total, solved, count}), every chapter's stored progress
 * that is not empty, and a checksum over all of it. `stateOf(ch)` is what the chapter's
 * page keeps. */
export const exportData = (chapters, stateOf, { now = new Date(), book = "", bookVersion = "" } = {}) => {
  const data = {
    format: EXPORT_FORMAT, version: 2, book, bookVersion, exported: now.toISOString(),
    scores: {}, total: {}, chapters: {},
  };
  const progresses = chapters.map((ch) => {
    const state = stateOf(ch);
    const p = chapterProgress(ch, state);
    data.scores[ch.name] = { score: p.score, total: p.total, solved: p.solved, count: p.count };
    if (Object.keys(state).length) {
      data.chapters[ch.name] = state;
    }
    return p;
  });
  const sum = bookTotals(progresses);
  data.total = { score: sum.score, total: sum.total, solved: sum.solved, count: sum.count };
  data.checksum = exportChecksum(data);
  return data;
};

/** Whether an export is as it was written: true, false (its checksum does not match), or
 * null for a file of the first format, which had no checksum. */
export const intact = (data) => (data && data.version >= 2 ? data.checksum === exportChecksum(data) : null);

/** What importing an export file does: {states: [[ch, state]] (one per chapter, replacing
 * its progress), restored: number of questions}. Throws when `data` is not an export, or is
 * an export (version 2) whose checksum does not match (changed by hand); a file of the first
 * format (version 1, no checksum) is still accepted. Keeps
 * only the book's quizzes, and of each its wrong tries (non-empty strings) and solved. */
export const importData = (data, chapters) => {
  if (!data || data.format !== EXPORT_FORMAT || typeof data.chapters !== "object" || !data.chapters) {
    throw new Error("not an export");
  }
  if (intact(data) === false) {
    throw new Error("changed after export");
  }
  let restored = 0;
  const states = chapters.map((ch) => {
    const given = data.chapters[ch.name];
    const state = {};
    for (const q of ch.quizzes) {
      const s = given && typeof given === "object" ? given[q.key] : null;
      if (!s || typeof s !== "object") {
        continue;
      }
      const tried = Array.isArray(s.tried) ? s.tried.filter((t) => typeof t === "string" && t) : [];
      if (s.solved === true || tried.length) {
        state[q.key] = { tried, solved: s.solved === true };
        restored += 1;
      }
    }
    return [ch, state];
  });
  return { states, restored };
};
