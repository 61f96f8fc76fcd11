/* The website's Python, in a Web Worker: Pyodide from the site's own files.
 *
 * Messages in:  {type: "start", runtime, packages}
 *               {type: "run", id, code, name}  (name: the cell as the page names it)
 * Messages out: {type: "progress", label, loaded, total}   bytes of what is loading
 *               {type: "ready", seconds}                    the session can run cells
 *               {type: "failed", message}                   loading failed
 *               {type: "output", id, output}                one output of a running cell
 *               {type: "done", id, ok, count, seconds}      a cell finished
 * One worker is one page's Python session; "Restart" terminates it and starts another.
 * What to load and how big it is comes from the build's manifest.json (loading.js); the
 * book's wheel, matplotlibrc and matplotlib's font list from current.json (tools/bpb_run.py,
 * tools/bpb_fontlist.py). A classic worker
 * (importScripts loads pyodide.js), which imports its pure helpers as a module.
 */
"use strict";

const loading = import("./loading.js");
let session = null;
let pyodide = null;
let manifest = null;
let current = null;
let runtime = null;
let fontListPlaced = false;
let loaded = 0;
let total = 0;
let currentId = null;
const loadedPackages = new Set();
const quiet = { messageCallback: () => {}, errorCallback: () => {} };

// Count the bytes of everything Pyodide fetches, so the reader sees what is loading.
const realFetch = self.fetch.bind(self);
self.fetch = async (input, init) => {
  const response = await realFetch(input, init);
  const url = input instanceof Request ? input.url : String(input);
  if (!response.ok || !response.body) return response;
  const label = (await loading).labelFor(url);
  const reader = response.body.getReader();
  const stream = new ReadableStream({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) { controller.close(); return; }
      loaded += value.byteLength;
      postMessage({ type: "progress", label, loaded, total });
      controller.enqueue(value);
    },
    cancel(reason) { reader.cancel(reason); },
  });
  return new Response(stream, { status: response.status, statusText: response.statusText,
                                headers: response.headers });
};

async function start(msg) {
  const t0 = performance.now();
  const { plannedBytes } = await loading;
  const json = async (name, init) => (await realFetch(msg.runtime + name, init)).json();
  // the current build's package wheel and matplotlibrc (pages may be older than the build)
  runtime = msg.runtime;
  current = await json("current.json", { cache: "no-store" });
  manifest = await json("manifest.json");
  const wheel = msg.runtime + current.wheel;
  total = plannedBytes(manifest, msg.packages, current.wheel_bytes);
  if (typeof WebAssembly !== "object") throw new Error("this browser has no WebAssembly");
  importScripts(msg.runtime + "pyodide/pyodide.js");
  postMessage({ type: "progress", label: "Python (WebAssembly)", loaded, total });
  pyodide = await loadPyodide({ indexURL: msg.runtime + "pyodide/", fullStdLib: false,
                                checkAPIVersion: true });
  // numpy first (every page needs it), then what else the page's cells import
  const first = msg.packages.filter((p) => p === "numpy");
  for (const group of [first, msg.packages.filter((p) => p !== "numpy")]) {
    if (group.length) await pyodide.loadPackage(group, quiet);
  }
  msg.packages.forEach((p) => loadedPackages.add(p));
  await placeFontList();
  const errors = [];
  await pyodide.loadPackage(wheel, { messageCallback: () => {}, errorCallback: (m) => errors.push(m) });
  if (errors.length) throw new Error(`the book's package could not be installed: ${errors.join("; ")}`);
  const kernel = await (await realFetch(msg.runtime + "bpb_kernel.py")).text();
  pyodide.FS.mkdirTree("/home/pyodide/book");
  pyodide.FS.chdir("/home/pyodide/book");
  if (current.matplotlibrc) pyodide.FS.writeFile("/home/pyodide/book/matplotlibrc", current.matplotlibrc);
  pyodide.FS.writeFile("/home/pyodide/bpb_kernel.py", kernel);
  pyodide.runPython("import sys; sys.path.insert(0, '/home/pyodide')");
  // outputs cross from Python as JSON text: plain data, nothing to free
  self.bpbEmit = (text) => postMessage({ type: "output", id: currentId, output: JSON.parse(text) });
  session = pyodide.runPython(
    "import bpb_kernel, js, json\n" +
    "bpb_kernel.Session(lambda out: js.bpbEmit(json.dumps(out)))");
  if (msg.packages.includes("matplotlib")) session.patch_matplotlib();
  postMessage({ type: "ready", seconds: (performance.now() - t0) / 1000, loaded });
}

// matplotlib's font list, made at build time, where matplotlib reads it: once matplotlib is
// loaded and before anything imports it, so that it does not build the list itself (seconds,
// and "Matplotlib is building the font cache" in the console) on each page's first figure.
async function placeFontList() {
  if (fontListPlaced || !current.fontlist || !pyodide.loadedPackages.matplotlib) return;
  const response = await realFetch(runtime + current.fontlist.file);
  if (!response.ok) throw new Error(`${current.fontlist.file}: HTTP ${response.status}`);
  pyodide.FS.writeFile(current.fontlist.path, await response.text());
  fontListPlaced = true;
}

async function run(msg) {
  currentId = msg.id;
  const t0 = performance.now();
  try {
    await pyodide.loadPackagesFromImports(msg.code, quiet);
  } catch { /* an unknown import fails in the cell itself, with Python's message */ }
  // without the list (its download failed) matplotlib builds one itself: slower, not wrong
  await placeFontList().catch(() => {});
  let ok = session.run(msg.code, msg.name ?? null);
  // a module of the site's runtime that this page did not load yet (matplotlib imported by
  // the package, say): load it and run the cell again, from a clean output
  const missing = ok ? null : session.missing_module();
  const wanted = missing && (await loading).packageFor(manifest, missing);
  if (wanted && !loadedPackages.has(wanted)) {
    await pyodide.loadPackage(wanted, quiet);
    loadedPackages.add(wanted);
    await placeFontList().catch(() => {});
    if (wanted === "matplotlib") session.patch_matplotlib();
    postMessage({ type: "output", id: msg.id, output: { output_type: "clear" } });
    session.count -= 1;
    ok = session.run(msg.code, msg.name ?? null);
  }
  postMessage({ type: "done", id: msg.id, ok, count: session.count,
                seconds: (performance.now() - t0) / 1000 });
  currentId = null;
}

// Emscripten reports a failed WebAssembly download or compile by rejecting a promise that
// loadPyodide never sees: report it, while loading, as a failed start.
function loadFailed(reason) {
  if (session) return;
  postMessage({ type: "failed", message: String((reason && reason.message) || reason) });
}
self.addEventListener("unhandledrejection", (event) => loadFailed(event.reason));
self.addEventListener("error", (event) => loadFailed(event.message));

let queue = Promise.resolve();
self.onmessage = (event) => {
  const msg = event.data;
  queue = queue.then(async () => {
    try {
      if (msg.type === "start") await start(msg);
      else if (msg.type === "run") await run(msg);
    } catch (error) {
      if (msg.type === "start") postMessage({ type: "failed", message: String(error && error.message || error) });
      else postMessage({ type: "done", id: msg.id, ok: false, count: 0, seconds: 0,
                         crash: String(error && error.message || error) });
    }
  });
};
