// ESLint (pinned in package.json / package-lock.json) for the site's own JavaScript:
// `make lint` runs `npm ci --ignore-scripts` once, then `npx --no-install eslint`.
// The scripts are classic scripts (no modules) for current browsers; a Web Worker runs
// tools/runtime/worker.js. Globals are listed here rather than taken from a package.
import js from "@eslint/js";

const browser = Object.fromEntries(
  [
    "window", "document", "navigator", "location", "localStorage", "sessionStorage",
    "console", "URL", "Blob", "FileReader", "Worker", "MutationObserver",
    "IntersectionObserver", "ResizeObserver", "getComputedStyle", "requestAnimationFrame",
    "setTimeout", "clearTimeout", "setInterval", "clearInterval", "performance", "fetch",
    "Event", "CustomEvent", "HTMLElement", "Node", "WebAssembly", "TextDecoder",
    "TextEncoder", "DOMParser", "CodeMirror", "MathJax", "AbortController", "structuredClone",
  ].map((name) => [name, "readonly"]),
);

const worker = Object.fromEntries(
  [
    "self", "postMessage", "importScripts", "loadPyodide", "console", "URL", "fetch",
    "performance", "setTimeout", "clearTimeout", "WebAssembly", "TextDecoder", "TextEncoder",
    "Request", "Response", "ReadableStream",
  ].map((name) => [name, "readonly"]),
);

const rules = {
  ...js.configs.recommended.rules,
  eqeqeq: "error",
  "no-implicit-globals": "error",
  "no-shadow": "error",
  "no-var": "off",
  strict: ["error", "function"],
};

export default [
  {
    files: ["book/_vendor/bpb/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "script", globals: browser },
    rules,
  },
  {
    // A worker's top level is its own scope: global "use strict" and functions are fine.
    files: ["tools/runtime/worker.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "script", globals: worker },
    rules: { ...rules, strict: ["error", "global"], "no-implicit-globals": "off" },
  },
];
