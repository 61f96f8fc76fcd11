// matplotlib's font list as the site's Python makes it: Pyodide from the assembled runtime
// (.runtime/site/pyodide), under Node, loads matplotlib and imports its font manager, which
// builds the list and writes it beside itself; that file is written to OUT, and what it is
// (where matplotlib reads it, its version, the seconds it took, matplotlib's log) is printed
// as JSON. Run by tools/bpb_fontlist.py at build time:
//   node tools/bpb_fontlist.mjs PYODIDE_DIR OUT
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [dir, out] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const { loadPyodide } = require(path.resolve(dir, "pyodide.js"));
const pyodide = await loadPyodide({ indexURL: path.resolve(dir) + "/" });
await pyodide.loadPackage(["matplotlib"], { messageCallback: () => {} });
const result = JSON.parse(pyodide.runPython(`
import io, json, logging, time
log = io.StringIO()
logging.basicConfig(stream=log)
t0 = time.perf_counter()
import matplotlib.font_manager as fm
seconds = time.perf_counter() - t0
path = fm.Path(fm.__file__).parent / "fontlist.json"
json.dumps({"path": str(path), "version": fm.FontManager.__version__, "seconds": seconds,
            "log": log.getvalue(), "text": path.read_text()})
`));
writeFileSync(out, result.text);
delete result.text;
console.log(JSON.stringify(result));
