// The quiz rulebook as the pages carry it: backprop_core.quiz.rulebook.rules_json(), read
// by running Python on the package from src/ (numpy needed: the package imports it), so that the
// tests check the site's logic against the book's real sentences and numbers.
// BPB_PYTHON names the interpreter (tests/test_js.py passes its own); else .venv's, else
// python3.

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const VENV = `${ROOT}.venv/bin/python`;
const PYTHON = process.env.BPB_PYTHON || (existsSync(VENV) ? VENV : "python3");
const READ = `
import sys
sys.path.insert(0, "src")
from backprop_core.quiz import rulebook
print(rulebook.rules_json())
`;

export const RULES = JSON.parse(execFileSync(PYTHON, ["-c", READ], { cwd: ROOT, encoding: "utf-8" }));
