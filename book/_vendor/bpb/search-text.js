/* Search snippets without TeX source: a formula's TeX as readable text (∂C/∂W, not
 * \frac{\partial C}{\partial W}). Used by book.js for Sphinx's search results. */

const TEX_WORDS = {
  partial: "∂", delta: "δ", Delta: "Δ", sigma: "σ", odot: "⊙", cdot: "·", times: "×",
  sum: "∑", alpha: "α", beta: "β", eta: "η", lambda: "λ", theta: "θ", mu: "μ",
  approx: "≈", le: "≤", ge: "≥", leq: "≤", geq: "≥", neq: "≠", to: "→", in: "∈",
  infty: "∞", nabla: "∇", top: "ᵀ", ldots: "…", cdots: "⋯", quad: " ", qquad: " ",
  prime: "′", mathbb: "", mathbf: "", mathrm: "", text: "", boldsymbol: "", operatorname: "",
  left: "", right: "", big: "", Big: "", bigl: "", bigr: "", displaystyle: "", R: "ℝ",
};

/** A formula's TeX (with or without its delimiters) as plain text for a snippet. */
export const texToText = (tex) => {
  let s = tex.replace(/^\s*(\\\(|\\\[|\$\$?)/, "").replace(/(\\\)|\\\]|\$\$?)\s*$/, "");
  // font commands keep their argument: \mathbf{W} -> W
  s = s.replace(/\\(mathbf|mathrm|mathit|text|textrm|boldsymbol|operatorname|mathbb)\s*\{([^{}]*)\}/g,
    (m, cmd, arg) => (cmd === "mathbb" && arg === "R" ? "ℝ" : arg));
  // a superscript or subscript of several characters keeps its grouping: W^{l+1} -> W^(l+1)
  s = s.replace(/([\^_])\{([^{}]{2,})\}/g, "$1($2)");
  for (let i = 0; i < 3; i++) {
    s = s.replace(/\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, "($1)/($2)");
  }
  s = s.replace(/\\([A-Za-z]+)/g, (m, word) => (word in TEX_WORDS ? TEX_WORDS[word] : ""));
  // a line break (\\) first: else its second backslash would pass for a spacing command
  s = s.replace(/\\\\/g, " ").replace(/\\[,;:! ]/g, " ").replace(/[{}]/g, "")
    .replace(/&/g, " ").replace(/\s+/g, " ");
  return s.trim();
};

/** What a search snippet leaves out: anchors, controls, navigation, quiz chrome. */
export const SEARCH_DROP = [".headerlink", "script", "style", "button", "noscript", "input",
  "nav", ".bd-toc", ".header-article", ".bd-header-article", ".prev-next-area", ".onlyprint",
  ".dropdown-download-buttons", ".bpb-run-note",
  ".bpb-quiz-actions", ".bpb-quiz-feedback", ".bpb-quiz-hint", ".bpb-quiz-status",
  ".bpb-quiz-lock", ".bpb-quiz-locked", ".bpb-quiz-meta", ".bpb-player-controls",
  ".bpb-sr-only", ".bpb-answer-key", ".bpb-quiz-source", "svg title"];
