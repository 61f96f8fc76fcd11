/* What the website's Python worker (worker.js) loads, from the build's manifest
 * (.runtime/site/manifest.json, written by tools/fetch_runtime.py and copied to
 * _runtime/manifest.json): no DOM, no network here. The manifest's "provides" gives, for
 * each Pyodide package the book asks for, the modules it provides ("imports") and every
 * package it needs, itself included ("needs"); "packages" gives each wheel's file and
 * bytes, "core" the bytes of Pyodide's own files. */

const LABELS = [
  [/pyodide\.asm\.wasm$/, "Python (WebAssembly)"],
  [/pyodide\.asm\.js$/, "Python (WebAssembly)"],
  [/python_stdlib\.zip$/, "Python standard library"],
];

/** The name the progress line gives a fetched file: its role, a wheel's project name, or
 * the file name. */
export const labelFor = (url) => {
  const file = url.split("/").pop();
  const known = LABELS.find(([re]) => re.test(file));
  if (known) {
    return known[1];
  }
  return file.endsWith(".whl") ? file.split("-")[0] : file;
};

// what loadPyodide fetches before any package
const CORE = ["pyodide.asm.wasm", "pyodide.asm.js", "python_stdlib.zip", "pyodide-lock.json"];

/** The Pyodide packages that loading `packages` brings in, each once, sorted. */
export const packagesNeeded = (manifest, packages) =>
  [...new Set(packages.flatMap((p) => manifest.provides[p].needs))].sort();

/** The bytes a session that loads `packages` (and the book's wheel of `wheelBytes`) fetches. */
export const plannedBytes = (manifest, packages, wheelBytes = 0) => {
  const needed = new Set(packagesNeeded(manifest, packages));
  const core = CORE.reduce((sum, f) => sum + (manifest.core[f] || 0), 0);
  const wheels = manifest.packages.filter((p) => needed.has(p.package)).reduce((sum, p) => sum + p.bytes, 0);
  return core + wheels + wheelBytes;
};

/** The package that provides the module `name` (a cell's failed import), or null. */
export const packageFor = (manifest, name) => {
  const found = Object.entries(manifest.provides).find(([, p]) => p.imports.includes(name));
  return found ? found[0] : null;
};
