"""A small timing harness: interleaved repeated runs, medians, ratios, Markdown tables.

Noise on a shared machine comes in bursts. So the contenders are never timed one after the
other in blocks: every round times each of them once (in an order that rotates from round to
round), and a ratio is taken *within* a round, between measurements a few milliseconds
apart. The tables report the median over rounds of the per-call time of each contender and
the median over rounds of the per-round ratio.

Threads: ``run.sh`` exports OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and MKL_NUM_THREADS
(= BENCH_THREADS, default 1) before Python starts; ``set_threads`` then also sets them at
run time (threadpoolctl for every BLAS/OpenMP pool loaded, ``torch.set_num_threads``) and
``thread_report`` prints what each pool actually uses.
"""

from __future__ import annotations

import gc
import os
import platform
import statistics
import sys
import textwrap
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

# ---- threads ---------------------------------------------------------------------------------


def bench_threads() -> int:
    """The thread count every library is limited to (BENCH_THREADS, default 1)."""
    return int(os.environ.get("BENCH_THREADS", "1"))


def set_threads(n: int) -> None:
    """Limit numpy's BLAS, any OpenMP runtime and torch's intra-op pool to ``n`` threads."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=n)
    if "torch" in sys.modules:
        import torch

        torch.set_num_threads(n)


def thread_report() -> list[str]:
    """One line per thread pool loaded in this process (library, API, threads)."""
    from threadpoolctl import threadpool_info

    lines = []
    for pool in threadpool_info():
        name = os.path.basename(pool.get("filepath", "?"))
        extra = pool.get("internal_api", "")
        arch = pool.get("architecture")
        ver = pool.get("version")
        desc = f"{pool['user_api']}/{extra} {ver or ''} {arch or ''}".strip()
        lines.append(f"{name}: {desc}, threads={pool['num_threads']}")
    if "torch" in sys.modules:
        import torch

        info = dict(
            (k.strip(), v.strip()) for k, _, v in (
                line.partition(" : ") for line in torch.__config__.parallel_info().splitlines()
            ) if v
        )
        blas = "MKL" if torch.backends.mkl.is_available() else "?"
        lines.append(
            f"torch {torch.__version__}: intra-op threads={torch.get_num_threads()}, "
            f"inter-op threads={torch.get_num_interop_threads()}, BLAS {blas} (inside "
            f"libtorch) mkl_get_max_threads()={info.get('mkl_get_max_threads()', '?')}, "
            f"omp_get_max_threads()={info.get('omp_get_max_threads()', '?')}"
        )
    return lines


# ---- the machine -------------------------------------------------------------------------------


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def cpu_flags() -> str:
    """The vector extensions that decide BLAS kernels: avx2, fma, avx512f (if present)."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    have = set(line.split(":", 1)[1].split())
                    return " ".join(x for x in ("avx2", "fma", "avx512f") if x in have)
    except OSError:
        pass
    return "?"


def numpy_blas() -> str:
    import numpy as np

    try:
        cfg: Any = np.show_config(mode="dicts")
        blas = cfg["Build Dependencies"]["blas"]
        config = blas.get("openblas configuration", "")
        return f"{blas.get('name')} {blas.get('version')} ({config})"
    except Exception:  # older numpy: no dict mode
        return "see np.show_config()"


def machine_header() -> str:
    import numpy as np

    load = os.getloadavg()
    lines = [
        f"CPU: {cpu_model()} ({cpu_flags()}), {os.cpu_count()} logical cores",
        f"Python {platform.python_version()}, numpy {np.__version__}, BLAS: {numpy_blas()}",
        f"BENCH_THREADS={bench_threads()}  OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')} "
        f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')} "
        f"MKL_NUM_THREADS={os.environ.get('MKL_NUM_THREADS')}",
        f"clock: {clock_name()} time; load average at start "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
    ]
    if "backprop_core" in sys.modules:
        core = sys.modules["backprop_core"]
        lines.append(f"backprop_core {getattr(core, '__version__', '?')} from "
                     f"{os.path.dirname(core.__file__ or '?')}")
    lines += thread_report()
    return "\n".join(lines)


# ---- timing ----------------------------------------------------------------------------------


@dataclass
class Timing:
    """Per-call seconds of each contender in each round, and their medians."""

    names: list[str]
    samples: dict[str, list[float]]  # name -> per-call seconds, one per round
    inner: int  # calls per sample

    def median(self, name: str) -> float:
        return statistics.median(self.samples[name])

    def ratio(self, num: str, den: str) -> float:
        """Median over rounds of the within-round ratio num/den."""
        pairs = zip(self.samples[num], self.samples[den], strict=True)
        return statistics.median(a / b for a, b in pairs)

    def spread(self, name: str) -> float:
        """Relative interquartile range of a contender's samples (a noise gauge)."""
        xs = sorted(self.samples[name])
        q1, q3 = xs[len(xs) // 4], xs[(3 * len(xs)) // 4]
        return (q3 - q1) / statistics.median(xs)


def clock_name() -> str:
    """The clock the tables use: BENCH_CLOCK, else 'cpu' with one thread and 'wall' with more.

    'cpu' is the process's CPU time (time.process_time: all its threads): on a shared machine
    it does not count the time another process held the core, so it is far steadier; with
    one thread and nothing waiting on I/O it equals wall time on an idle machine. With more
    threads, idle BLAS/OpenMP workers may spin, so the wall clock is the honest one.
    """
    return os.environ.get("BENCH_CLOCK") or ("cpu" if bench_threads() == 1 else "wall")


def _clock() -> Callable[[], float]:
    return time.process_time if clock_name() == "cpu" else time.perf_counter


def _time_calls(fn: Callable[[], object], inner: int) -> float:
    now = _clock()
    t0 = now()
    for _ in range(inner):
        fn()
    return (now() - t0) / inner


def _time_calls_wall(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def interleaved(
    contenders: dict[str, Callable[[], object]],
    rounds: int = 15,
    min_sample: float = 0.05,
    max_inner: int = 10_000,
    warmup: int = 2,
    gc_during: bool = False,
) -> Timing:
    """Time each contender once per round, rotating the order; ``rounds`` rounds.

    Each sample runs a contender ``inner`` times in a row, ``inner`` chosen (the same for all)
    so that the slowest contender's sample takes at least ``min_sample`` seconds. A full
    garbage collection runs after every sample, outside the timing, so no contender pays
    for another's garbage; ``gc_during`` leaves Python's collector on while timing (for
    code whose own cost includes making many objects, like a scalar graph).
    """
    names = list(contenders)
    for fn in contenders.values():  # warm up caches, allocators, lazy initialisation
        for _ in range(warmup):
            fn()
    slowest = max(_time_calls_wall(fn) for fn in contenders.values())
    inner = max(1, min(max_inner, int(min_sample / max(slowest, 1e-9))))
    samples: dict[str, list[float]] = {n: [] for n in names}
    gc_was_enabled = gc.isenabled()
    try:
        for r in range(rounds):
            order = names[r % len(names):] + names[: r % len(names)]
            for name in order:
                gc.collect()
                if not gc_during:
                    gc.disable()
                samples[name].append(_time_calls(contenders[name], inner))
                if gc_was_enabled:
                    gc.enable()
    finally:
        if gc_was_enabled:
            gc.enable()
    return Timing(names, samples, inner)


# ---- tables ----------------------------------------------------------------------------------


def fmt_time(seconds: float) -> str:
    """Seconds with a readable unit: 1.23 s, 45.6 ms, 789 µs."""
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.3g} ms"
    if seconds >= 1e-6:
        return f"{seconds * 1e6:.3g} µs"
    return f"{seconds * 1e9:.3g} ns"


def fmt_bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GiB"


def how_timed(rounds: int) -> str:
    """The sentence every table's header starts with."""
    return (f"Median per-call {clock_name()} time over {rounds} interleaved rounds (each round "
            f"times every contender once, in an order rotated from round to round); ratios "
            f"are medians of the within-round ratios.")


def table(title: str, how: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print a Markdown table under a heading and a paragraph saying what is compared, how."""
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def line(r: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |"

    print(f"\n### {title}\n")
    print(textwrap.fill(" ".join(how.split()), width=92, break_on_hyphens=False) + "\n")
    print(line(cells[0]))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in cells[1:]:
        print(line(r))
    sys.stdout.flush()
