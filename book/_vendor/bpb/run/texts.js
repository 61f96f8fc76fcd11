/* Every sentence and number the runnable cells show (run.js and its parts). */

/** Bytes as megabytes with one decimal, as the progress lines show them. */
export const mb = (bytes) => (bytes / 1e6).toFixed(1);

// no byte for this long while loading: the load failed (compiling the 10 MB of
// WebAssembly takes a few seconds on a slow machine; 90 s is far beyond that)
export const STALL_MS = 90000;

export const intro = (bytes) =>
  "The code on this page runs in your browser: edit any cell and press Run " +
  "(or Shift+Enter). Python loads in the background a few seconds after the page opens, or " +
  `when you first press Run (about ${mb(bytes)} MB at most, kept by the browser for the next ` +
  "pages; the setting is under \"Offline reading and Python\" at the foot of the page); " +
  "nothing is sent anywhere.";

// the page's panel
export const noRuntime = "this browser cannot run Python here (WebAssembly or Web Workers are unavailable)";
export const workerFailed = "the Python worker could not start";
export const stalled = (ms) => `loading stopped: nothing arrived for ${ms / 1000} s`;
export const couldNotLoad = (message) => `Python could not load: ${message}. The stored outputs stay as they are.`;
export const firstLoad = "Loading Python…";
export const loading = (label, loaded, total) => `Loading ${label}… ${mb(loaded)} of about ${mb(total)} MB`;
export const ready = (loaded, seconds) => `Python is ready (loaded ${mb(loaded)} MB in ${seconds.toFixed(1)} s).`;
export const restarted = "Python was restarted: the next Run starts a new session.";

// a cell's status line
export const waiting = (loaded, total) => `Waiting for Python: ${mb(loaded)} of about ${mb(total)} MB loaded`;
export const starting = "Starting Python…";
export const running = "Running…";
/** A running cell's status, with the time it has run so far. */
export const runningFor = (seconds) => `Running… ${Math.floor(seconds)} s`;
export const stopButton = "■ Stop";
export const stopLabel = "Stop this cell (ends the Python session)";
export const stopped = "Stopped. Python cannot interrupt a cell, so its session was ended: " +
  "the next Run starts Python again and reruns the cells above first.";
export const cellCannotLoad = (message) => `Python could not load here (${message}); the stored output is shown.`;
export const resetDone = "Stored code and output restored.";
export const notRun = "Not run: a cell above failed.";

/** A finished run's status line {text, tone}, from the worker's "done" message. */
export const verdict = (done) => {
  if (done.crash) {
    return { text: `Python stopped: ${done.crash}. Press Restart Python.`, tone: "error" };
  }
  if (done.ok) {
    return { text: `Ran in ${done.seconds.toFixed(2)} s.`, tone: "ok" };
  }
  return { text: "This cell raised an error (see below).", tone: "error" };
};

/** The traceback a cell shows when a cell run before it failed: which one, and its errors.
 * `shown`: the failed cell has its own bar on the page (else it is a hidden setup cell). */
export const failedFirst = (name, outputs) => [
  `Not run: ${name === hiddenCell ? name : `${name} above`} failed first:`,
  ...outputs.filter((o) => o.output_type === "error").flatMap((o) => o.traceback),
];

/** The alt text of a figure a cell drew. */
export const figureAlt = (data) => `Figure drawn by this cell (${data["text/plain"] || "matplotlib"})`;

// the bar above a cell, the editor; one numbering of the visible cells, used everywhere
export const cellName = (number) => `Cell ${number}`;
export const hiddenCell = "a setup cell hidden on this page";
export const editorHelp = "Shift+Enter runs the cell, Tab indents, Escape leaves the editor.";

// glued values in the prose, recomputed by the reader's run
export const glueMine = "Your value: recomputed by your run of the cell above";
export const glueShowBook = "book's";
export const glueShowMine = "yours";
export const glueShowBookLabel = (figure) => `Show the book's ${figure ? "figure" : "value"} (this one is from your run)`;
export const glueShowMineLabel = (figure) => `Show your run's ${figure ? "figure" : "value"} again`;
export const glueFigureNote = "Drawn by your run.";

// the reader's edits, kept in this browser
export const editKept = "Your edit, kept in this browser (Reset brings back the book's code).";
export const bookChanged = "The book has changed this cell since you edited it.";
export const useMine = "Use my edit";
export const useBook = "Use the book's new code";
export const resetEdits = "Reset my edits";
export const editsReset = (n) => `${n} edited cell${n === 1 ? "" : "s"} back to the book's code.`;
export const noEdits = "No edited cell on this page.";
