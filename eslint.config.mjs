// ESLint (pinned in package.json / package-lock.json) for the site's own JavaScript and its
// tests: `make lint` and `make test` (tests/test_js.py) run it after `npm ci --ignore-scripts`.
// The site's scripts are ES modules for current browsers (book/_vendor/bpb/, and the pure
// helpers of the Python worker, tools/runtime/loading.js); the worker itself,
// tools/runtime/worker.js, is a classic Web Worker script; tests/js/ runs under Node's
// built-in test runner. Globals are listed here rather than taken from a package.
import js from "@eslint/js";

const globals = (names) => Object.fromEntries(names.map((name) => [name, "readonly"]));

const browser = globals([
  "window", "document", "navigator", "location", "localStorage", "sessionStorage",
  "console", "URL", "Blob", "FileReader", "Worker", "MutationObserver",
  "IntersectionObserver", "ResizeObserver", "getComputedStyle", "requestAnimationFrame",
  "setTimeout", "clearTimeout", "setInterval", "clearInterval", "performance", "fetch",
  "Event", "CustomEvent", "HTMLElement", "Node", "WebAssembly", "TextDecoder",
  "TextEncoder", "DOMParser", "CodeMirror", "MathJax", "AbortController", "structuredClone",
  "caches", "Response", "Request", "self",
]);

const worker = globals([
  "self", "postMessage", "importScripts", "loadPyodide", "console", "URL", "fetch",
  "performance", "setTimeout", "clearTimeout", "WebAssembly", "TextDecoder", "TextEncoder",
  "Request", "Response", "ReadableStream",
]);

const node = globals([
  "process", "console", "URL", "setTimeout", "clearTimeout", "setInterval", "clearInterval",
  "structuredClone",
]);

// one modern style: const/let, arrow callbacks, strict equality, no shadowing
const rules = {
  ...js.configs.recommended.rules,
  eqeqeq: "error",
  "no-implicit-globals": "error",
  "no-shadow": "error",
  "no-var": "error",
  "prefer-const": "error",
  "prefer-arrow-callback": "error",
  "object-shorthand": ["error", "properties"],
};

export default [
  {
    files: ["book/_vendor/bpb/**/*.js", "tools/runtime/loading.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: browser },
    rules,
  },
  {
    // A classic worker: its top level is its own scope, so global "use strict" is fine.
    files: ["tools/runtime/worker.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "script", globals: worker },
    rules: { ...rules, strict: ["error", "global"], "no-implicit-globals": "off" },
  },
  {
    files: ["tests/js/**/*.js", "eslint.config.mjs", "tools/bpb_fontlist.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: node },
    rules,
  },
];
