// What the website's Python worker loads and how many bytes that is (tools/runtime/
// loading.js), from a manifest shaped as tools/fetch_runtime.py writes it.
import assert from "node:assert/strict";
import { test } from "node:test";

import { labelFor, packageFor, packagesNeeded, plannedBytes } from "../../tools/runtime/loading.js";

const MANIFEST = {
  core: { "pyodide.js": 15, "pyodide.asm.js": 1000, "pyodide.asm.wasm": 10000, "python_stdlib.zip": 2000,
    "pyodide-lock.json": 100, "package.json": 3 },
  packages: [
    { package: "cycler", file: "cycler-0.12.1-py3-none-any.whl", bytes: 8 },
    { package: "matplotlib", file: "matplotlib-3.8.4-cp312-cp312-pyodide_2024_0_wasm32.whl", bytes: 6000 },
    { package: "matplotlib-pyodide", file: "matplotlib_pyodide-0.2.3-py3-none-any.whl", bytes: 20 },
    { package: "numpy", file: "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl", bytes: 3000 },
    { package: "python-dateutil", file: "python_dateutil-2.9.0.post0-py2.py3-none-any.whl", bytes: 200 },
    { package: "six", file: "six-1.16.0-py2.py3-none-any.whl", bytes: 10 },
  ],
  provides: {
    numpy: { imports: ["numpy"], needs: ["numpy"] },
    matplotlib: {
      imports: ["matplotlib", "mpl_toolkits", "pylab"],
      needs: ["cycler", "matplotlib", "matplotlib-pyodide", "numpy", "python-dateutil", "six"],
    },
  },
};
const CORE = 10000 + 1000 + 2000 + 100; // what loadPyodide fetches (not pyodide.js, not package.json)

test("the progress line names Python's parts, a wheel's project, or the file", () => {
  assert.equal(labelFor("/_runtime/pyodide/pyodide.asm.wasm"), "Python (WebAssembly)");
  assert.equal(labelFor("/_runtime/pyodide/pyodide.asm.js"), "Python (WebAssembly)");
  assert.equal(labelFor("/_runtime/pyodide/python_stdlib.zip"), "Python standard library");
  assert.equal(labelFor("/_runtime/pyodide/numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"), "numpy");
  assert.equal(labelFor("/_runtime/pyodide/python_dateutil-2.9.0.post0-py2.py3-none-any.whl"), "python_dateutil");
  assert.equal(labelFor("/_runtime/pyodide/pyodide-lock.json"), "pyodide-lock.json");
});

test("the packages loaded are the union of what each asked-for package needs", () => {
  assert.deepEqual(packagesNeeded(MANIFEST, ["numpy"]), ["numpy"]);
  assert.deepEqual(packagesNeeded(MANIFEST, ["numpy", "matplotlib"]), MANIFEST.provides.matplotlib.needs);
});

test("the bytes planned: Python's core, each needed wheel once, and the book's wheel", () => {
  assert.equal(plannedBytes(MANIFEST, ["numpy"], 50), CORE + 3000 + 50);
  assert.equal(plannedBytes(MANIFEST, ["numpy", "matplotlib"], 50), CORE + 3000 + 6000 + 8 + 20 + 200 + 10 + 50);
  assert.equal(plannedBytes(MANIFEST, ["numpy"]), CORE + 3000);
});

test("a failed import is loaded from the package that provides its module", () => {
  assert.equal(packageFor(MANIFEST, "matplotlib"), "matplotlib");
  assert.equal(packageFor(MANIFEST, "mpl_toolkits"), "matplotlib");
  assert.equal(packageFor(MANIFEST, "numpy"), "numpy");
  assert.equal(packageFor(MANIFEST, "scipy"), null);
  assert.equal(packageFor(MANIFEST, "six"), null); // a dependency, not a package the book asks for
});
