// backprop-book's own page behaviour on the static site (no kernel, no network):
// the colour-mode fix, a skip link to the first quiz, the MathJax menu without the
// accessibility explorer (its speech engine is not shipped), readable search snippets
// (search-text.js), a "run this notebook" note beside the download button, and wide
// formulas or drawings that scroll reachable by keyboard (the printed answer key: print.js).

import { onReady } from "./dom.js";
import { SEARCH_DROP, texToText } from "./search-text.js";

// First visit: pydata-sphinx-theme reads the colour mode from localStorage and finds ""
// (sphinx-book-theme passes no default), which logs a console error and then falls back
// to "auto". Start from "auto" explicitly (this module runs before the theme's deferred
// script); a reader's own choice is kept.
if (!document.documentElement.dataset.mode) {
  document.documentElement.dataset.mode = "auto";
}

const mathDone = () => {
  const mj = window.MathJax;
  if (mj && mj.startup && mj.startup.promise) {
    return mj.startup.promise;
  }
  return new Promise((resolve) => {
    // MathJax's script is deferred: wait for it to define its startup promise
    let tries = 0;
    const timer = setInterval(() => {
      const m = window.MathJax;
      if ((m && m.startup && m.startup.promise) || ++tries > 200) {
        clearInterval(timer);
        resolve(m && m.startup && m.startup.promise);
      }
    }, 25);
  });
};

// --- keyboard: "Skip to the first quiz" next to the theme's "Skip to main content" ---
const skipToQuiz = () => {
  const quiz = document.querySelector(".bpb-quiz");
  const skip = document.querySelector(".skip-link");
  if (!quiz || !skip) {
    return;
  }
  const link = document.createElement("a");
  link.className = "skip-link bpb-skip-quiz";
  link.href = `#${quiz.id}`;
  link.textContent = "Skip to the first quiz";
  link.addEventListener("click", (event) => {
    event.preventDefault();
    const first = quiz.querySelector("input, button");
    quiz.scrollIntoView({ block: "start" });
    if (first) {
      first.focus();
    }
  });
  skip.insertAdjacentElement("afterend", link);
};

// --- MathJax's menu: the accessibility items would load the explorer we do not ship ---
const trimMathMenu = () => {
  const mj = window.MathJax;
  const menu = mj && mj.startup && mj.startup.document && mj.startup.document.menu;
  if (!menu || !menu.menu || !menu.menu.findID) {
    return;
  }
  for (const id of ["Activate", "Speech", "Braille", "Explorer", "Options", "AutoCollapse", "Collapsible"]) {
    try {
      const item = menu.menu.findID("Accessibility", id);
      if (item) {
        item.disable();
      }
    } catch { /* an item this MathJax version does not have */ }
  }
};

// --- search: snippets from the page text without TeX source or button labels ---
const readableText = (htmlString, anchor) => {
  const doc = new DOMParser().parseFromString(htmlString, "text/html");
  for (const q of SEARCH_DROP) {
    doc.querySelectorAll(q).forEach((e) => e.remove());
  }
  doc.querySelectorAll(".math, mjx-container").forEach((e) => {
    e.replaceWith(doc.createTextNode(` ${texToText(e.textContent)} `));
  });
  const root = (anchor && doc.querySelector(`[role="main"] ${anchor}`)) || doc.querySelector('[role="main"]');
  if (!root) {
    return "";
  }
  // block ends become spaces, so that words of two paragraphs do not run together
  root.querySelectorAll("p, li, div, h1, h2, h3, h4, td, th, figcaption, label")
    .forEach((e) => e.append(doc.createTextNode(" ")));
  return root.textContent.replace(/\s+/g, " ");
};

const patchSearch = () => {
  if (document.querySelector(".bd-article-container form.bd-search")) {
    document.documentElement.classList.add("bpb-search-page");
  }
  if (typeof Search === "undefined" || !Search.htmlToText) { // eslint-disable-line no-undef
    return;
  }
  Search.htmlToText = readableText; // eslint-disable-line no-undef
};

// --- beside the download button: how to run the notebook ---
const runNote = () => {
  const menu = document.querySelector(".dropdown-download-buttons .dropdown-menu");
  if (!menu || !/\.ipynb/.test(menu.innerHTML)) {
    return;
  }
  // the site's root (Sphinx writes it relative to the page): the install cell's BOOK_URL
  const root = new URL(document.documentElement.dataset.content_root || "./", location.href);
  const item = document.createElement("li");
  item.className = "bpb-run-note";
  item.innerHTML =
    "<p><strong>Run this notebook</strong> in any Jupyter: its first cell installs " +
    "<code>backprop_core</code> and the chapter's quizzes from this site. If the cell asks " +
    "for the book's address, set <code>BOOK_URL = \"<span class=\"bpb-book-url\"></span>\"" +
    "</code> in it (or the environment variable <code>BOOK_URL</code>).</p>";
  item.querySelector(".bpb-book-url").textContent = root.href;
  menu.appendChild(item);
};

// --- a formula or a player drawing wider than the column scrolls sideways: keyboard users
// must be able to scroll it too, so such an element (and only such) is a Tab stop ---
const scrollableMath = () => {
  const mark = () => {
    document.querySelectorAll("mjx-container, .bpb-player-stage").forEach((m) => {
      const ox = getComputedStyle(m).overflowX;
      // a scroll container whose content is wider (inline formulas overhang: not that)
      if ((ox === "auto" || ox === "scroll") && m.scrollWidth > m.clientWidth) {
        m.setAttribute("tabindex", "0");
        m.classList.add("bpb-scrolls");
        if (!m.hasAttribute("aria-label") && !m.hasAttribute("role")) {
          m.setAttribute("role", "region");
          m.setAttribute("aria-label", m.tagName === "MJX-CONTAINER"
            ? "Wide formula: scroll sideways with the arrow keys"
            : "Wide drawing: scroll sideways with the arrow keys");
        }
      } else if (m.classList.contains("bpb-scrolls")) {
        // it fits now (fonts loaded, a wider window): no longer a Tab stop
        m.classList.remove("bpb-scrolls");
        m.setAttribute("tabindex", "-1");
        if (m.getAttribute("role") === "region") {
          m.removeAttribute("role");
          m.removeAttribute("aria-label");
        }
      }
    });
  };
  mark();
  // widths settle once the web fonts are in and collapsed parts open
  if (document.fonts && document.fonts.ready) {
    document.fonts.ready.then(mark);
  }
  window.addEventListener("load", mark);
  window.addEventListener("resize", mark);
  document.addEventListener("toggle", mark, true);
};

onReady(() => {
  skipToQuiz();
  patchSearch();
  runNote();
  mathDone().then(() => {
    trimMathMenu();
    scrollableMath();
  });
});
