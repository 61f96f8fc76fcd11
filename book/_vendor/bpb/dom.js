/* Small DOM helpers shared by the site's modules. */

/** Run `fn` once the document is parsed (modules usually run after that already). */
export const onReady = (fn) => {
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fn);
  } else {
    fn();
  }
};

/** The browser's localStorage, or null where it is blocked (store.js copes with null). */
export const storage = () => {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
};

/** Typeset the math in `el` once MathJax is ready; before MathJax starts, nothing to do:
 * it typesets the whole page when it starts. */
export const typeset = (el) => {
  const mj = window.MathJax;
  if (!mj || typeof mj.typesetPromise !== "function") {
    return;
  }
  const ready = mj.startup && mj.startup.promise ? mj.startup.promise : Promise.resolve();
  ready.then(() => mj.typesetPromise([el])).catch(() => {});
};

/** A new element with attributes (`class` sets the class name) and text. */
export const el = (tag, attrs = {}, text = "") => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") {
      e.className = v;
    } else {
      e.setAttribute(k, v);
    }
  }
  if (text) {
    e.textContent = text;
  }
  return e;
};
