// backprop-book's own page behaviour on the static site (no kernel, no network):
// the colour-mode fix, a skip link to the first quiz, the MathJax menu without the
// accessibility explorer (its speech engine is not shipped), readable search snippets,
// a "run this notebook" note beside the download button, and a printed answer key.
(function () {
  "use strict";

  // First visit: pydata-sphinx-theme reads the colour mode from localStorage and finds ""
  // (sphinx-book-theme passes no default), which logs a console error and then falls back
  // to "auto". Start from "auto" explicitly; a reader's own choice is kept.
  if (!document.documentElement.dataset.mode) {
    document.documentElement.dataset.mode = "auto";
  }

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  function mathDone() {
    const mj = window.MathJax;
    if (mj && mj.startup && mj.startup.promise) return mj.startup.promise;
    return new Promise(function (resolve) {
      // MathJax's script is deferred: wait for it to define its startup promise
      let tries = 0;
      const timer = setInterval(function () {
        const m = window.MathJax;
        if ((m && m.startup && m.startup.promise) || ++tries > 200) {
          clearInterval(timer);
          resolve(m && m.startup && m.startup.promise);
        }
      }, 25);
    });
  }

  // --- keyboard: "Skip to the first quiz" next to the theme's "Skip to main content" ---
  function skipToQuiz() {
    const quiz = document.querySelector(".bpb-quiz");
    const skip = document.querySelector(".skip-link");
    if (!quiz || !skip) return;
    const link = document.createElement("a");
    link.className = "skip-link bpb-skip-quiz";
    link.href = "#" + quiz.id;
    link.textContent = "Skip to the first quiz";
    link.addEventListener("click", function (event) {
      event.preventDefault();
      const first = quiz.querySelector("input, button");
      quiz.scrollIntoView({ block: "start" });
      if (first) first.focus();
    });
    skip.insertAdjacentElement("afterend", link);
  }

  // --- MathJax's menu: the accessibility items would load the explorer we do not ship ---
  function trimMathMenu() {
    const mj = window.MathJax;
    const menu = mj && mj.startup && mj.startup.document && mj.startup.document.menu;
    if (!menu || !menu.menu || !menu.menu.findID) return;
    ["Activate", "Speech", "Braille", "Explorer", "Options", "AutoCollapse", "Collapsible"]
      .forEach(function (id) {
        try {
          const item = menu.menu.findID("Accessibility", id);
          if (item) item.disable();
        } catch { /* an item this MathJax version does not have */ }
      });
  }

  // --- search: snippets from the page text without TeX source or button labels ---
  const TEX_WORDS = {
    partial: "∂", delta: "δ", Delta: "Δ", sigma: "σ", odot: "⊙", cdot: "·", times: "×",
    sum: "∑", alpha: "α", beta: "β", eta: "η", lambda: "λ", theta: "θ", mu: "μ",
    approx: "≈", le: "≤", ge: "≥", leq: "≤", geq: "≥", neq: "≠", to: "→", in: "∈",
    infty: "∞", nabla: "∇", top: "ᵀ", ldots: "…", cdots: "⋯", quad: " ", qquad: " ",
    prime: "′", mathbb: "", mathbf: "", mathrm: "", text: "", boldsymbol: "", operatorname: "",
    left: "", right: "", big: "", Big: "", bigl: "", bigr: "", displaystyle: "", R: "ℝ"
  };

  function texToText(tex) {
    let s = tex.replace(/^\s*(\\\(|\\\[|\$\$?)/, "").replace(/(\\\)|\\\]|\$\$?)\s*$/, "");
    // font commands keep their argument: \mathbf{W} -> W
    s = s.replace(/\\(mathbf|mathrm|mathit|text|textrm|boldsymbol|operatorname|mathbb)\s*\{([^{}]*)\}/g,
                  function (m, cmd, arg) { return cmd === "mathbb" && arg === "R" ? "ℝ" : arg; });
    // a superscript or subscript of several characters keeps its grouping: W^{l+1} -> W^(l+1)
    s = s.replace(/([\^_])\{([^{}]{2,})\}/g, "$1($2)");
    for (let i = 0; i < 3; i++) {
      s = s.replace(/\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, "($1)/($2)");
    }
    s = s.replace(/\\([A-Za-z]+)/g, function (m, word) {
      return word in TEX_WORDS ? TEX_WORDS[word] : "";
    });
    s = s.replace(/\\[,;:! ]/g, " ").replace(/\\\\/g, " ").replace(/[{}]/g, "")
      .replace(/&/g, " ").replace(/\s+/g, " ");
    return s.trim();
  }

  const SEARCH_DROP = [".headerlink", "script", "style", "button", "noscript", "input",
    "nav", ".bd-toc", ".header-article", ".bd-header-article", ".prev-next-area", ".onlyprint",
    ".dropdown-download-buttons", ".bpb-run-note",
    ".bpb-quiz-actions", ".bpb-quiz-feedback", ".bpb-quiz-hint", ".bpb-quiz-status",
    ".bpb-quiz-lock", ".bpb-quiz-locked", ".bpb-quiz-meta", ".bpb-player-controls",
    ".bpb-sr-only", ".bpb-answer-key", ".bpb-quiz-source", "svg title"];

  function readableText(htmlString, anchor) {
    const doc = new DOMParser().parseFromString(htmlString, "text/html");
    SEARCH_DROP.forEach(function (q) {
      doc.querySelectorAll(q).forEach(function (el) { el.remove(); });
    });
    doc.querySelectorAll(".math, mjx-container").forEach(function (el) {
      el.replaceWith(doc.createTextNode(" " + texToText(el.textContent) + " "));
    });
    let root = anchor ? doc.querySelector('[role="main"] ' + anchor) : null;
    root = root || doc.querySelector('[role="main"]');
    if (!root) return "";
    // block ends become spaces, so that words of two paragraphs do not run together
    root.querySelectorAll("p, li, div, h1, h2, h3, h4, td, th, figcaption, label")
      .forEach(function (el) { el.append(doc.createTextNode(" ")); });
    return root.textContent.replace(/\s+/g, " ");
  }

  function patchSearch() {
    if (document.querySelector(".bd-article-container form.bd-search")) {
      document.documentElement.classList.add("bpb-search-page");
    }
    if (typeof Search === "undefined" || !Search.htmlToText) return;  // eslint-disable-line no-undef
    Search.htmlToText = readableText;  // eslint-disable-line no-undef
  }

  // --- beside the download button: how to run the notebook ---
  function runNote() {
    const menu = document.querySelector(".dropdown-download-buttons .dropdown-menu");
    if (!menu || !/\.ipynb/.test(menu.innerHTML)) return;
    const item = document.createElement("li");
    item.className = "bpb-run-note";
    item.innerHTML =
      "<p><strong>Run this notebook:</strong> it needs <code>backprop_core</code> from the " +
      "book's repository. Clone the repository, run <code>make lab</code> in it and open " +
      "this chapter in the JupyterLab it starts (see the README).</p>";
    menu.appendChild(item);
  }

  // --- print: an answer key at the end of the chapter (hidden on screen) ---
  function answerKey() {
    const quizzes = Array.from(document.querySelectorAll(".bpb-quiz"));
    const article = document.querySelector("main .bd-article") || document.querySelector("main");
    if (!quizzes.length || !article || article.querySelector(".bpb-answer-key")) return;
    const key = document.createElement("section");
    key.className = "bpb-answer-key";
    key.setAttribute("aria-hidden", "true");
    const title = document.createElement("h2");
    title.textContent = "Answer key";
    key.appendChild(title);
    const list = document.createElement("ol");
    quizzes.forEach(function (quiz, n) {
      const li = document.createElement("li");
      const correct = (quiz.dataset.bpbCorrect || "").split(",").filter(Boolean).map(Number);
      const labels = quiz.querySelectorAll(".bpb-quiz-answer label");
      const meta = quiz.querySelector(".bpb-quiz-meta");
      const head = document.createElement("strong");
      head.textContent = (meta ? meta.textContent.split("·")[0].trim() : "Question " + (n + 1)) + ": ";
      li.appendChild(head);
      correct.forEach(function (i, k) {
        const label = labels[i];
        if (!label) return;
        const span = document.createElement("span");
        span.className = "bpb-answer-key-answer";
        span.append("(" + String.fromCharCode(97 + i) + ") ");
        Array.from(label.childNodes).forEach(function (child) {
          if (!(child.classList && child.classList.contains("bpb-sr-only"))) {
            span.appendChild(child.cloneNode(true));
          }
        });
        if (k > 0) li.append("; ");
        li.appendChild(span);
      });
      const explain = quiz.querySelector(".bpb-quiz-explain");
      if (explain) {
        const why = document.createElement("div");
        why.className = "bpb-answer-key-why";
        Array.from(explain.childNodes).forEach(function (c) { why.appendChild(c.cloneNode(true)); });
        li.appendChild(why);
      }
      list.appendChild(li);
    });
    key.appendChild(list);
    article.appendChild(key);
  }

  // --- a formula or a player drawing wider than the column scrolls sideways: keyboard users
  // must be able to scroll it too, so such an element (and only such) is a Tab stop ---
  function scrollableMath() {
    const mark = function () {
      document.querySelectorAll("mjx-container, .bpb-player-stage").forEach(function (m) {
        const ox = getComputedStyle(m).overflowX;
        // a scroll container whose content is wider (inline formulas overhang: not that)
        if ((ox === "auto" || ox === "scroll") && m.scrollWidth > m.clientWidth) {
          m.setAttribute("tabindex", "0");
          m.classList.add("bpb-scrolls");
          if (!m.hasAttribute("aria-label") && !m.hasAttribute("role")) {
            m.setAttribute("role", "region");
            m.setAttribute("aria-label", m.tagName === "MJX-CONTAINER" ?
              "Wide formula: scroll sideways with the arrow keys" :
              "Wide drawing: scroll sideways with the arrow keys");
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
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(mark);
    window.addEventListener("load", mark);
    window.addEventListener("resize", mark);
    document.addEventListener("toggle", mark, true);
  }

  ready(function () {
    skipToQuiz();
    patchSearch();
    runNote();
    mathDone().then(function () {
      trimMathMenu();
      answerKey();
      scrollableMath();
    });
  });
})();
