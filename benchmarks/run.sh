#!/usr/bin/env bash
# `make bench`: set up the benchmark-only environment .venv-bench (torch CPU build,
# micrograd, threadpoolctl, py-spy, what importing backprop_core needs; backprop_core
# editable) and run every benchmark script. A second run reinstalls nothing: a stamp holds
# the hash of the requirement files and pyproject.toml. requirements.txt is a constraint
# file here: every package also in the book's environment gets the book's version.
#
# Knobs (environment variables):
#   BENCH_ONLY="dense batching graph book site runtime ready"  which scripts to run (default: all)
#   (site, runtime and ready measure the built site _build/html in Chromium with the book's .venv)
#   BENCH_THREADS_LIST="1 2"   thread counts for the numpy-vs-torch table (default: 1; more
#                              threads than idle cores make OpenBLAS spin: see README.md)
#   BENCH_THREADS=1            thread count for every other script
#   BENCH_QUICK=1              fewer rounds and sizes (a smoke run, not for RESULTS.md)
#   BENCH_MAKE_TEST=1          also time `make test` in a clean clone (several minutes)
# The whole output is also written to artifacts/bench/latest.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

PYTHON=${PYTHON:-python3}
VENV=$ROOT/.venv-bench
PY=$VENV/bin/python
STAMP=$VENV/.stamp-bench

want=$(cat benchmarks/requirements-bench.txt requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -x "$PY" ]; then
    # torch==2.13.0 lies on these machines' disk as a CPU build for CPython 3.11 only; for
    # another Python pip would download PyPI's CUDA build (several GB) instead.
    if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
        echo "benchmarks/run.sh: $PYTHON is not Python 3.11; set PYTHON=python3.11" >&2
        exit 2
    fi
    "$PYTHON" -m venv "$VENV"
fi
if [ "$(cat "$STAMP" 2>/dev/null || true)" != "$want" ]; then
    # The lock file pins with hashes and extras (bleach[css]), which a constraints file may
    # not hold: keep its name==version lines only.
    sed -nE 's/^([A-Za-z0-9._-]+)(\[[^]]*\])?==([^ ;\\]+).*/\1==\3/p' requirements.txt \
        > "$VENV/constraints.txt"
    "$PY" -m pip install --disable-pip-version-check -q \
        -r benchmarks/requirements-bench.txt -c "$VENV/constraints.txt"
    "$PY" -m pip install --disable-pip-version-check -q --no-deps --no-build-isolation -e .
    echo "$want" > "$STAMP"
fi

# Some machines here set these for old OpenBLAS builds; they slow a current numpy down.
# Unset for the benchmark processes only (threadpoolctl's report shows the kernel in use).
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE

THREADS_LIST=${BENCH_THREADS_LIST:-1}
export BENCH_THREADS=${BENCH_THREADS:-1}
export BOOK_VENV=${BOOK_VENV:-$ROOT/.venv}
ONLY=${BENCH_ONLY:-"dense batching graph book site runtime ready"}

# Thread pools read these when the libraries load, so they are set before Python starts;
# harness.set_threads sets them again at run time (threadpoolctl, torch.set_num_threads).
with_threads() {
    local n=$1
    shift
    BENCH_THREADS=$n OMP_NUM_THREADS=$n OPENBLAS_NUM_THREADS=$n MKL_NUM_THREADS=$n "$@"
}

mkdir -p artifacts/bench
OUT=artifacts/bench/latest.txt
{
    echo "# make bench, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' + uncommitted changes')"
    for what in $ONLY; do
        case $what in
            dense)
                for n in $THREADS_LIST; do
                    with_threads "$n" "$PY" benchmarks/bench_dense.py
                done ;;
            batching) with_threads "$BENCH_THREADS" "$PY" benchmarks/bench_batching.py ;;
            graph) with_threads "$BENCH_THREADS" "$PY" benchmarks/bench_graph.py ;;
            book) with_threads "$BENCH_THREADS" "$PY" benchmarks/bench_book.py ;;
            site) "$BOOK_VENV/bin/python" benchmarks/bench_site.py ;;
            runtime) "$BOOK_VENV/bin/python" benchmarks/bench_runtime.py ;;
            ready) "$BOOK_VENV/bin/python" benchmarks/bench_ready.py ;;
            *) echo "unknown benchmark '$what' (dense, batching, graph, book, site, runtime, ready)" >&2
               exit 2 ;;
        esac
    done
} 2>&1 | tee "$OUT"
echo
echo "Output saved to $ROOT/$OUT"
