/* Edit and run a chapter's cells in the reader's browser (Python via Pyodide, in a Worker).
 *
 * The page carries its cells as JSON (tools/bpb_run.py). Nothing is downloaded until the
 * reader presses Run: then the runtime loads once per page (a progress line says what and
 * how much), and every cell above the one asked for that has not run yet runs first, in
 * order, hidden setup cells included. One Python session per page; "Restart" starts a new
 * one. Reset brings back a cell's stored code and output. A page without WebAssembly, or
 * whose runtime fails to load, keeps its stored outputs and says why in plain words.
 * window.bpbRun is the page's handle (tests and the console use it).
 */
(function () {
"use strict";
// one function, not a global: the page has no name from this file but window.bpbRun
function bpbRunMain() {
  const dataEl = document.getElementById("bpb-notebook");
  if (!dataEl) return;
  const nb = JSON.parse(dataEl.textContent);
  const runtime = new URL(nb.runtime, location.href).href;
  const cells = nb.cells.filter((c) => c.kind !== "display");
  const state = new Map(); // index -> per-cell state
  const glued = {};
  let worker = null;
  let ready = null; // promise of the running session
  let generation = 0;
  let pending = new Map(); // run id -> {resolve, sink}
  let chain = Promise.resolve();
  let editorLib = null;
  let panel = null;
  const timings = { readySeconds: null, loadedBytes: 0, runs: [] };

  const el = (tag, attrs = {}, text = "") => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "class") e.className = v;
      else e.setAttribute(k, v);
    }
    if (text) e.textContent = text;
    return e;
  };
  const mb = (bytes) => (bytes / 1e6).toFixed(1);
  // no byte for this long while loading: the load failed (compiling the 10 MB of
  // WebAssembly takes a few seconds on a slow machine; 90 s is far beyond that)
  const STALL_MS = 90000;

  /* ---------- the runtime ---------- */
  function startWorker() {
    if (ready) return ready;
    if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
      const error = new Error(
        "this browser cannot run Python here (WebAssembly or Web Workers are unavailable)");
      setPanel("failed", `Python could not load: ${error.message}. The stored outputs stay as they are.`);
      ready = Promise.reject(error);
      ready.catch(() => {});
      return ready;
    }
    const gen = generation;
    setPanel("loading", "Loading Python (first run on this page)…", 0, 1);
    ready = new Promise((resolve, reject) => {
      worker = new Worker(runtime + "worker.js");
      // a load that stops making progress is a failed load, said in plain words
      let lastNews = performance.now();
      const watchdog = setInterval(() => {
        if (gen !== generation) { clearInterval(watchdog); return; }
        if (performance.now() - lastNews > STALL_MS) {
          clearInterval(watchdog);
          reject(new Error(`loading stopped: nothing arrived for ${STALL_MS / 1000} s`));
        }
      }, 1000);
      worker.onmessage = (event) => {
        if (gen !== generation) return;
        const msg = event.data;
        lastNews = performance.now();
        if (msg.type === "ready" || msg.type === "failed") clearInterval(watchdog);
        if (msg.type === "progress") {
          timings.loadedBytes = msg.loaded;
          setPanel("loading", `Loading ${msg.label}… ${mb(msg.loaded)} of about ${mb(msg.total)} MB`,
                   msg.loaded, msg.total);
          for (const s of state.values()) if (s.waiting) status(s, `Waiting for Python: ${mb(msg.loaded)} of about ${mb(msg.total)} MB loaded`);
        } else if (msg.type === "ready") {
          timings.readySeconds = msg.seconds;
          setPanel("ready", `Python is ready (loaded ${mb(msg.loaded)} MB in ${msg.seconds.toFixed(1)} s).`);
          resolve();
        } else if (msg.type === "failed") {
          reject(new Error(msg.message));
        } else if (msg.type === "output") {
          const job = pending.get(msg.id);
          if (job) job.sink(msg.output);
        } else if (msg.type === "done") {
          const job = pending.get(msg.id);
          if (job) { pending.delete(msg.id); job.resolve(msg); }
        }
      };
      worker.onerror = (event) => {
        event.preventDefault();
        reject(new Error(event.message || "the Python worker could not start"));
      };
      worker.postMessage({ type: "start", runtime, packages: nb.packages, sizes: nb.sizes });
    });
    ready.catch((error) => {
      setPanel("failed", `Python could not load: ${error.message}. The stored outputs stay as they are.`);
    });
    return ready;
  }

  function restart() {
    generation += 1;
    if (worker) worker.terminate();
    worker = null;
    ready = null;
    for (const job of pending.values()) job.resolve({ ok: false, restarted: true });
    pending = new Map();
    chain = Promise.resolve();
    for (const s of state.values()) {
      s.ran = false;
      s.waiting = false;
      if (s.bar) { status(s, ""); s.count.textContent = "[ ]"; }
    }
    setPanel("idle", "Python was restarted: the next Run starts a new session.");
  }

  function execute(code, sink) {
    const id = `${generation}:${Math.random().toString(36).slice(2)}`;
    return new Promise((resolve) => {
      pending.set(id, { resolve, sink });
      worker.postMessage({ type: "run", id, code });
    });
  }

  /* ---------- the page panel ---------- */
  function buildPanel() {
    const anchor = document.querySelector("article.bd-article section, main article section");
    if (!anchor) return;
    panel = el("div", { class: "bpb-run-panel", role: "region", "aria-label": "Run this page's code" });
    const text = el("p", { class: "bpb-run-intro" });
    const sizeAll = Object.values(nb.sizes).reduce((a, b) => a + b, 0);
    text.textContent = "The code on this page runs in your browser: edit any cell and press Run " +
      "(or Shift+Enter). Python loads the first time you run a cell (about " +
      `${mb(sizeAll)} MB at most, once); nothing is sent anywhere.`;
    const runAll = el("button", { type: "button", class: "bpb-run-all" }, "▶ Run all");
    runAll.addEventListener("click", () => runAllCells());
    const again = el("button", { type: "button", class: "bpb-restart" }, "↻ Restart Python");
    again.addEventListener("click", () => restart());
    const line = el("p", { class: "bpb-run-status", role: "status", "aria-live": "polite" });
    const bar = el("progress", { class: "bpb-run-progress", max: "1", value: "0",
                                 "aria-label": "Python loading progress", hidden: "" });
    const buttons = el("div", { class: "bpb-run-buttons" });
    buttons.append(runAll, again);
    panel.append(text, buttons, line, bar);
    const h1 = anchor.querySelector("h1");
    if (h1) h1.after(panel); else anchor.prepend(panel);
  }

  function setPanel(kind, message, loaded, total) {
    if (!panel) return;
    panel.dataset.state = kind;
    panel.querySelector(".bpb-run-status").textContent = message;
    const bar = panel.querySelector(".bpb-run-progress");
    if (kind === "loading" && total) {
      bar.hidden = false;
      bar.max = total;
      bar.value = Math.min(loaded, total);
    } else {
      bar.hidden = true;
    }
  }

  /* ---------- cells ---------- */
  function status(s, text, tone = "") {
    if (!s.bar) return;
    s.statusEl.textContent = text;
    s.statusEl.dataset.tone = tone;
  }

  function setupCell(c) {
    const s = { cell: c, ran: false, waiting: false, editor: null, bar: null };
    state.set(c.index, s);
    const box = document.querySelector(`.bpb-cell-${c.index}`);
    if (!box) return;
    s.box = box;
    s.output = box.querySelector(":scope > .cell_output");
    s.stored = s.output ? s.output.cloneNode(true) : null;
    const input = box.querySelector(".cell_input");
    if (!input || c.kind !== "run") return;
    s.pre = input.querySelector("pre");
    s.storedPre = s.pre.cloneNode(true);
    const bar = el("div", { class: "bpb-run-bar", role: "group",
                            "aria-label": `Cell ${c.index + 1}` });
    const run = el("button", { type: "button", class: "bpb-run",
                               "aria-label": "Run this cell (Shift+Enter)", title: "Run (Shift+Enter)" }, "▶ Run");
    const reset = el("button", { type: "button", class: "bpb-reset",
                                 "aria-label": "Reset this cell's code and output",
                                 title: "Back to the stored code and output" }, "Reset");
    const editButton = el("button", { type: "button", class: "bpb-edit",
                                      "aria-label": "Edit this cell's code" }, "✎ Edit");
    const count = el("span", { class: "bpb-run-count", "aria-hidden": "true" }, "[ ]");
    const statusEl = el("span", { class: "bpb-cell-status", role: "status", "aria-live": "polite" });
    bar.append(count, run, editButton, reset, statusEl);
    Object.assign(s, { bar, runButton: run, resetButton: reset, editButton, count, statusEl });
    run.addEventListener("click", () => runTo(c.index));
    reset.addEventListener("click", () => resetCell(s));
    editButton.addEventListener("click", () => edit(s, true));
    box.prepend(bar);
    // the stored code becomes an editor on a click in it, or with the Edit button (keyboard)
    const host = s.pre.closest("div.highlight") || s.pre;
    host.classList.add("bpb-editable");
    host.title = "Click to edit";
    s.host = host;
    host.addEventListener("click", (e) => {
      if (e.target.closest("button")) return; // the copy button
      edit(s, true);
    });
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const s = el("script", { src });
      s.onload = resolve;
      s.onerror = () => reject(new Error(`cannot load ${src}`));
      document.head.append(s);
    });
  }

  function loadEditor() {
    if (!editorLib) {
      const css = el("link", { rel: "stylesheet", href: runtime + "codemirror/codemirror.css" });
      document.head.append(css);
      editorLib = loadScript(runtime + "codemirror/codemirror.js")
        .then(() => loadScript(runtime + "codemirror/python.js"))
        .then(() => window.CodeMirror);
    }
    return editorLib;
  }

  async function edit(s, focus) {
    if (s.editor) { if (focus) s.editor.focus(); return s.editor; }
    const CodeMirror = await loadEditor();
    if (s.editor) return s.editor;
    const code = s.pre.textContent.replace(/\n$/, "");
    const holder = el("div", { class: "bpb-editor" });
    s.host.replaceWith(holder);
    s.editButton.hidden = true;
    s.editor = CodeMirror(holder, {
      value: code, mode: "python", indentUnit: 4, tabSize: 4, lineWrapping: true,  // a phone or a long docstring: no sideways scrolling
      viewportMargin: Infinity, screenReaderLabel: "Python code of this cell",
      extraKeys: {
        "Shift-Enter": () => runTo(s.cell.index),
        "Ctrl-Enter": () => runTo(s.cell.index),
        Esc: () => s.runButton.focus(),
        Tab: (cm) => (cm.somethingSelected() ? cm.indentSelection("add")
          : cm.replaceSelection(" ".repeat(cm.getOption("indentUnit")), "end")),
        "Shift-Tab": (cm) => cm.indentSelection("subtract"),
      },
    });
    s.editor.getWrapperElement().setAttribute("aria-describedby", "bpb-editor-help");
    ensureHelp();
    if (focus) s.editor.focus();
    return s.editor;
  }

  function ensureHelp() {
    if (document.getElementById("bpb-editor-help")) return;
    const help = el("p", { id: "bpb-editor-help", class: "bpb-visually-hidden" },
      "Shift+Enter runs the cell, Tab indents, Escape leaves the editor.");
    document.body.append(help);
  }

  function codeOf(s) {
    if (s.editor) return s.editor.getValue();
    if (s.pre) return s.pre.textContent.replace(/\n$/, "");
    return s.cell.code;
  }

  function resetCell(s) {
    if (s.editor) {
      const holder = s.editor.getWrapperElement().parentNode;
      s.editor = null;
      const pre = s.storedPre.cloneNode(true);
      const host = s.host;
      host.replaceChildren(pre);
      s.pre = pre;
      holder.replaceWith(host);
      s.editButton.hidden = false;
    }
    restoreOutput(s);
    status(s, "Stored code and output restored.");
  }

  function restoreOutput(s) {
    const current = s.box.querySelector(":scope > .cell_output");
    const stored = s.stored ? s.stored.cloneNode(true) : null;
    if (current && stored) current.replaceWith(stored);
    else if (current) current.remove();
    else if (stored) s.box.append(stored);
    s.output = stored;
    if (stored && window.MathJax && MathJax.typesetPromise) MathJax.typesetPromise([stored]);
  }

  function freshOutput(s) {
    const out = el("div", { class: "cell_output docutils container bpb-live-output" });
    const current = s.box.querySelector(":scope > .cell_output");
    if (current) current.replaceWith(out); else s.box.append(out);
    s.output = out;
    return out;
  }

  function render(out, output) {
    const t = output.output_type;
    if (t === "glue") {
      glued[output.name] = output.data;
      return;
    }
    if (t === "stream") {
      const last = out.lastElementChild;
      if (last && last.dataset.stream === output.name) {
        last.querySelector("pre").textContent += output.text;
        return;
      }
      const box = el("div", { class: `output stream bpb-stream-${output.name}` });
      box.dataset.stream = output.name;
      const pre = el("pre");
      pre.textContent = output.text;
      box.append(pre);
      out.append(box);
      return;
    }
    if (t === "error") {
      const box = el("div", { class: "output bpb-error", role: "alert" });
      const pre = el("pre");
      pre.textContent = output.traceback.join("\n");
      box.append(pre);
      out.append(box);
      return;
    }
    const data = output.data || {};
    const box = el("div", { class: t === "execute_result" ? "output text_html bpb-result" : "output bpb-display" });
    if (data["image/png"]) {
      const img = el("img", { src: `data:image/png;base64,${data["image/png"]}`,
                              alt: `Figure drawn by this cell (${data["text/plain"] || "matplotlib"})` });
      box.append(img);
    } else if (data["text/html"]) {
      box.innerHTML = data["text/html"];
      if (window.MathJax && MathJax.typesetPromise) MathJax.typesetPromise([box]);
    } else {
      const pre = el("pre");
      pre.textContent = data["text/markdown"] || data["text/plain"] || "";
      box.append(pre);
    }
    out.append(box);
  }

  async function runOne(s, target) {
    const visible = !!s.bar || (s.box && s.cell.kind === "hidden");
    let out = null;
    const outputs = [];
    const sink = (output) => {
      if (output.output_type === "clear") {
        outputs.length = 0;
        if (out) out.replaceChildren();
        return;
      }
      outputs.push(output);
      if (output.output_type === "glue") { glued[output.name] = output.data; return; }
      if (!visible) return;
      if (!out) out = freshOutput(s);
      render(out, output);
    };
    if (s.bar) { status(s, "Running…", "busy"); s.count.textContent = "[*]"; }
    s.box && s.box.classList.add("bpb-running");
    const t0 = performance.now();
    const done = await execute(codeOf(s), sink);
    s.box && s.box.classList.remove("bpb-running");
    if (done.restarted) return { ok: false, outputs };
    if (visible && !out) freshOutput(s); // a cell with no output now shows none
    s.ran = done.ok;
    s.outputs = outputs;
    timings.runs.push({ index: s.cell.index, seconds: (performance.now() - t0) / 1000 });
    if (s.bar) {
      s.count.textContent = `[${done.count}]`;
      if (done.crash) status(s, `Python stopped: ${done.crash}. Press Restart Python.`, "error");
      else if (done.ok) status(s, `Ran in ${done.seconds.toFixed(2)} s.`, "ok");
      else status(s, "This cell raised an error (see below).", "error");
    }
    if (!done.ok && s !== target && target.bar) {
      const where = s.bar ? `cell ${s.cell.index + 1} above` : "a setup cell hidden on this page";
      const out2 = freshOutput(target);
      render(out2, { output_type: "error", traceback: [`Not run: ${where} failed first:`,
        ...outputs.filter((o) => o.output_type === "error").flatMap((o) => o.traceback)] }, target);
      status(target, "Not run: a cell above failed.", "error");
    }
    return { ok: done.ok, outputs };
  }

  function runTo(index, { only = false } = {}) {
    const target = state.get(index);
    const result = chain.then(async () => {
      const todo = only ? [target] : cells.filter((c) => c.index < index && !state.get(c.index).ran)
        .map((c) => state.get(c.index)).concat([target]);
      for (const s of todo) s.waiting = true;
      if (target.bar) status(target, "Starting Python…", "busy");
      try {
        await startWorker();
      } catch (error) {
        for (const s of todo) {
          s.waiting = false;
          if (s.bar) status(s, `Python could not load here (${error.message}); the stored output is shown.`, "error");
        }
        return false;
      }
      for (const s of todo) {
        s.waiting = false;
        const r = await runOne(s, target);
        if (!r.ok) { for (const t of todo) t.waiting = false; return false; }
      }
      return true;
    });
    chain = result.catch(() => false);
    return result;
  }

  function runAllCells() {
    const last = cells[cells.length - 1];
    // rerun everything in order: cells that ran already run again
    for (const s of state.values()) s.ran = false;
    return runTo(last.index);
  }

  /* ---------- start ---------- */
  function init() {
    buildPanel();
    for (const c of cells) setupCell(c);
    window.bpbRun = {
      runTo, runAll: runAllCells, restart, glued, timings, state,
      edit: (index) => edit(state.get(index), false),
      code: (index) => codeOf(state.get(index)),
      outputs: (index) => state.get(index).outputs || null,
      cells: cells.map((c) => ({ index: c.index, kind: c.kind })),
    };
  }
  init();
}
// the page's cells are written at the end of its body: start once it is parsed
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bpbRunMain);
else bpbRunMain();
})();
