"""The contract of the public API, as a test harness: bad and extreme arguments end in a
finite, correct result or in a BackpropError that names the argument; never in a raw
Python or numpy error, a warning, a silent NaN or a hang.

A ``Spec`` says how to call one public function (or method, or class) with valid
arguments, and what kind each probed argument is. ``probe(spec, name, value)`` calls it
with that one argument replaced and checks the outcome:

- no exception but a ``BackpropError`` escapes, and no warning (warnings are errors);
- a ``BackpropError`` names the argument (its name, or a word the spec lists for it);
- an argument of a kind with a shared rule (``KINDS``: a seed, a count, a number of
  steps, a rate, a fraction, a real number) is refused exactly when the rule refuses it,
  with the shared checker's error type and words (errors.check_seed, check_count, ...);
  a value the rule accepts may still be refused, by name, where a function needs more
  (a data set needs 4 points);
- a result holds only finite numbers, and equals the spec's reference where it has one;
- one call takes less than ``TIME_LIMIT`` seconds.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import signal
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import strategies as st

from backprop_core.engine.forward_mode import Dual
from backprop_core.engine.value import Value, check_scalar
from backprop_core.errors import (
    BackpropError,
    NonFiniteError,
    check_count,
    check_fraction,
    check_rate,
    check_real,
    check_seed,
    check_steps,
)

TIME_LIMIT = 20.0  # seconds for one call: an argument that makes a call hang fails the test


def is_integer(value: object, low: int) -> bool:
    """The shared integer rule: Python or numpy ints, or floats with an integer value up to
    2^53 (beyond it floats do not count every integer); never a bool."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        return False
    if isinstance(value, (float, np.floating)) and not (
            math.isfinite(value) and float(value).is_integer() and abs(value) <= 2.0**53):
        return False
    return value >= low


def is_real(value: object) -> bool:
    """A finite real number that is not a bool."""
    return (not isinstance(value, bool) and isinstance(value, (int, float, np.integer,
                                                               np.floating, Fraction))
            and math.isfinite(float(value)))


@dataclass(frozen=True)
class Kind:
    """A kind of argument with one rule everywhere: ``valid`` says what the rule accepts,
    ``checker`` is the shared checker in errors.py, ``probes`` are values to try."""

    valid: Callable[[object], bool]
    checker: Callable[[object, str], object]
    probes: tuple[object, ...]


ODD = (None, "0.1", "3", [1], 1j, True, math.nan, math.inf, -math.inf)
KINDS: dict[str, Kind] = {
    "seed": Kind(lambda v: is_integer(v, 0), check_seed,
                 (*ODD, -1, 1.5, 0, 7, 3.0, np.int64(2), 2**70, 1e308, -2**70)),
    "count": Kind(lambda v: is_integer(v, 1), check_count,
                  (*ODD, -1, 0, 1.5, 2.5, 1, 2, 3.0, np.int64(2), -1e308, 1e308)),
    "steps": Kind(lambda v: is_integer(v, 0), check_steps,
                  (*ODD, -3, -1, 1.5, 0, 1, 2.0, np.int64(2), -1e308, 1e308)),
    "rate": Kind(lambda v: is_real(v) and float(v) > 0,  # type: ignore[arg-type]
                 check_rate, (*ODD, 0, 0.0, -5, -1e-9, 0.1, 1, 5e-324, 1e-300, 1e308,
                              np.float32(0.5))),
    "fraction": Kind(lambda v: is_real(v) and 0 < float(v) < 1,  # type: ignore[arg-type]
                     check_fraction, (*ODD, 0, 1, 0.0, 1.0, -0.1, 1.5, 0.3, 0.5, 5e-324,
                                      1 - 2**-53)),
    "real": Kind(is_real, check_real, (*ODD, 0, -1, 0.5, 2.5, -0.0, 5e-324, 1e300, -1e300,
                                       1e308, -1e308)),
}
KINDS["scalar"] = Kind(  # a number, or a node of a graph (Value) or a dual number (Dual)
    lambda v: is_real(v) or isinstance(v, (Value, Dual)), check_scalar,
    (*ODD, 0, -1, 0.5, 1e300, -1e300, Value(0.5), Dual(0.5, 1.0), Fraction(1, 3)))
for _name in ("real", "count"):  # "real?": the rule, or None for "not given"
    _kind = KINDS[_name]
    KINDS[_name + "?"] = Kind(
        lambda v, k=_kind: v is None or k.valid(v),
        lambda v, n, k=_kind: None if v is None else k.checker(v, n), _kind.probes)
"""The shared rules. Values a rule accepts may still be too big for one function (1e308
epochs, a 1e308 learning rate that diverges): those are refused by name, or skipped (see
``Spec.huge``)."""

HUGE = (1e308, -1e308, 2**70, -2**70, 1e300, -1e300)


def _odd_objects() -> tuple[object, ...]:
    return (None, 5, 2.5, "x", "", b"x", [1], {}, object(), math.nan)


GENERIC: dict[str, tuple[object, ...]] = {
    "object": _odd_objects(),
    "custom": (),  # only the spec's own ``extra`` probes
    "callable": (None, 5, "f", [len], math.nan),
    "name": (None, 5, 1.5, "", "no-such", "TANH", ["tanh"], b"tanh", "tanh ", math.nan),
    "names": ("tanh", "", None, 5, ["no-such"], [5], [None], ("tanh", 3), {"tanh": 1}),
    "text": (None, 5, b"x", ["x"], "", "<b>x</b> & 'q'", "\ud800", "x" * 10_000, "$x$"),
    "flag": (None, "yes", 2, 1.5, [True], math.nan),
    "index": (None, "1", 1.5, -1, 0, 10**6, True, math.nan, -10**6, [1]),
    "reals": (None, "abc", [], [math.nan], [math.inf], ["1"], [1e308, 1e308], [True],
              [[1.0]], 5, [-1e308, 1e308]),
    "mapping": (None, 5, "x", [("a", 1)], {"no-such": 1.0}, {1: 2}, {"x": "abc"},
                {"x": math.nan}),
    "selection": (None, "abc", 1.5, [1.5], [-1], [10**6], {}, "1", [True], -1, 10**6),
}
"""Probes for arguments without a numeric rule: any outcome but a refusal by name or a
finite result fails."""


def array_mutations(valid: Any) -> st.SearchStrategy[Any]:
    """Bad and extreme versions of a valid array: a NaN or an inf at some entry, huge and
    tiny entries, another shape (transposed, an extra axis, flattened, empty), another
    dtype (int, float32, complex, text), a ragged list, and not an array at all."""
    arr = np.asarray(valid, dtype=np.float64)

    @st.composite
    def mutate(draw: Any) -> Any:
        kind = draw(st.sampled_from([
            "nan", "inf", "-inf", "huge", "tiny", "transposed", "extra axis", "flat",
            "empty", "empty columns", "int", "float32", "complex", "text", "list",
            "ragged", "junk", "scalar", "bool"]))
        if kind in ("nan", "inf", "-inf"):
            out = arr.copy()
            if out.size:
                flat = out.reshape(-1)
                flat[draw(st.integers(0, flat.size - 1))] = float(kind)
            return out
        if kind == "huge":
            return arr * 1e300 + draw(st.sampled_from([1e300, -1e300, 1e308]))
        if kind == "tiny":
            return arr * 1e-300
        if kind == "transposed":
            return arr.T.copy()
        if kind == "extra axis":
            return arr[None].copy()
        if kind == "flat":
            return arr.reshape(-1).copy()
        if kind == "empty":
            return np.zeros((0,))
        if kind == "empty columns":
            return np.zeros((arr.shape[0] if arr.ndim else 0, 0))
        if kind == "int":
            return np.round(arr).astype(np.int64)
        if kind == "float32":
            return arr.astype(np.float32)
        if kind == "complex":
            return arr.astype(np.complex128)
        if kind == "text":
            return arr.astype(str)
        if kind == "list":
            return arr.tolist()
        if kind == "ragged":
            return [[1.0, 2.0], [3.0]]
        if kind == "bool":
            return arr > 0
        if kind == "scalar":
            return draw(st.sampled_from([0.5, math.nan, 1e308]))
        return draw(st.sampled_from([None, "x", {"a": 1}, object()]))

    return mutate()


@dataclass
class Spec:
    """How to call one part of the public API, and what its arguments are.

    ``covers``: the API objects this spec calls (functions, methods, classes), for the
    test that every public one is called. ``call(**args)`` makes the call with the valid
    arguments ``args()`` (made afresh for each call: many functions change a network).
    ``kinds[name]`` is a key of ``KINDS`` or ``GENERIC``, or "array" (probed with
    ``array_mutations`` of the valid value); arguments not listed are not probed.
    ``says[name]``: other words an error about ``name`` may use ("input x" for X).
    ``huge``: False for an argument whose huge values are valid and slow (1e308 epochs).
    ``check(args, result)``: a reference for a result, run when the call succeeds.
    ``examples``: fewer examples for an expensive call (a figure), as a fraction.
    ``extra[name]``: probes of the spec's own for ``name``, besides those of its kind.
    ``inf_ok``: the result may hold +inf where the function documents it (never NaN).
    """

    id: str
    covers: tuple[object, ...]
    call: Callable[..., Any]
    args: Callable[[], dict[str, Any]]
    kinds: Mapping[str, str]
    says: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    huge: Mapping[str, bool] = field(default_factory=dict)
    check: Callable[[dict[str, Any], Any], None] | None = None
    examples: float = 1.0
    extra: Mapping[str, tuple[object, ...]] = field(default_factory=dict)
    inf_ok: bool = False  # the result may hold +inf by design (a relative error of a NaN)

    def __repr__(self) -> str:
        return self.id


def values_for(spec: Spec, name: str) -> st.SearchStrategy[Any]:
    """The probes for argument ``name`` of ``spec``."""
    kind = spec.kinds[name]
    extra = tuple(spec.extra.get(name, ()))
    if kind == "array":
        return st.one_of(array_mutations(spec.args()[name]),
                         st.sampled_from((None, "x", *extra)))
    if kind in KINDS:
        probes = KINDS[kind].probes + extra
        if not spec.huge.get(name, True):
            probes = tuple(v for v in probes if not (
                isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
                and abs(v) >= 1e6))
        numbers: st.SearchStrategy[Any] = (
            st.floats(-1e6, 1e6) | st.integers(-3, 8) if spec.huge.get(name, True)
            else st.floats(-3, 8) | st.integers(-3, 8))
        if kind in ("seed", "count", "steps"):
            numbers = st.integers(-3, 8)
        return st.one_of(st.sampled_from(probes), numbers)
    return st.sampled_from(GENERIC[kind] + extra)


def probes_for(spec: Spec) -> st.SearchStrategy[tuple[str, Any]]:
    names = sorted(spec.kinds)
    return st.sampled_from(names).flatmap(
        lambda name: st.tuples(st.just(name), values_for(spec, name)))


@contextlib.contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Fail instead of hanging when a call takes longer than ``seconds``."""

    def stop(signum: int, frame: object) -> None:
        raise AssertionError(f"{what} took more than {seconds:g} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def non_finite(result: Any, where: str = "result", depth: int = 0, inf_ok: bool = False
               ) -> str | None:
    """Where ``result`` holds a NaN or an infinity (+inf allowed with ``inf_ok``; None if
    nowhere): numbers, arrays, containers and dataclasses are searched; other objects are
    not."""
    if inf_ok:
        found = non_finite(result, where, depth)
        return found if found and not found.endswith(("= inf", "holds inf")) else None
    if depth > 6:
        return None
    if isinstance(result, bool) or result is None or isinstance(result, (str, bytes)):
        return None
    if isinstance(result, (int, np.integer)):
        return None
    if isinstance(result, (float, np.floating, complex)):
        return None if np.isfinite(result) else f"{where} = {result}"
    if isinstance(result, np.ndarray):
        if result.dtype.kind in "fc" and not np.isfinite(result).all():
            return f"{where} holds {result[~np.isfinite(result)][0]}"
        return None
    if isinstance(result, Mapping):
        items = list(result.items())[:200]
        for key, value in items:
            found = non_finite(value, f"{where}[{key!r}]", depth + 1)
            if found:
                return found
        return None
    if isinstance(result, (list, tuple)):
        for i, value in enumerate(result[:200]):
            found = non_finite(value, f"{where}[{i}]", depth + 1)
            if found:
                return found
        return None
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        for f in dataclasses.fields(result):
            found = non_finite(getattr(result, f.name), f"{where}.{f.name}", depth + 1)
            if found:
                return found
    return None


def _words(spec: Spec, name: str) -> tuple[str, ...]:
    return (name, *spec.says.get(name, ()))


def probe(spec: Spec, name: str, value: Any) -> BackpropError | None:
    """Call ``spec`` with argument ``name`` replaced by ``value`` and check the contract;
    return the BackpropError it raised (None if it returned)."""
    args = spec.args()
    args[name] = value
    what = f"{spec.id}({name}={value!r:.60})"
    kind = KINDS.get(spec.kinds[name])
    error: BackpropError | None = None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with time_limit(TIME_LIMIT, what):
            try:
                result = spec.call(**args)
            except BackpropError as exc:
                error = exc
    if error is not None:
        message = str(error)
        overflow = isinstance(error, NonFiniteError) and "overflow" in message
        # an overflow of finite inputs names the quantity that overflowed, not an argument
        assert overflow or any(word in message for word in _words(spec, name)), (
            f"{what} raised {type(error).__name__} without naming {name!r} "
            f"(or {spec.says.get(name, ())}): {message}")
        if kind is not None and not kind.valid(value):
            expected = _rule_error(kind, value)
            assert isinstance(error, type(expected)), (
                f"{what}: the shared rule raises {type(expected).__name__}, this call "
                f"{type(error).__name__}: {message}")
            rule = str(expected).split("NAME", 1)[1]
            assert rule in message, (
                f"{what}: the message does not state the shared rule {rule!r}: {message}")
        return error
    if kind is not None:
        assert kind.valid(value), f"{what} accepted a value its kind's rule refuses"
    found = non_finite(result, inf_ok=spec.inf_ok)
    assert found is None, f"{what} returned a non-finite number: {found}"
    if spec.check is not None:
        spec.check(args, result)
    return None


def _rule_error(kind: Kind, value: object) -> BackpropError:
    try:
        kind.checker(value, "NAME")
    except BackpropError as exc:
        return exc
    raise AssertionError(f"the rule refuses {value!r} but its checker accepts it")


def run_valid(spec: Spec) -> Any:
    """The call with its valid arguments: it must succeed, finite, and match the reference."""
    args = spec.args()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with time_limit(TIME_LIMIT, spec.id):
            result = spec.call(**args)
    found = non_finite(result, inf_ok=spec.inf_ok)
    assert found is None, f"{spec.id} with valid arguments returned {found}"
    if spec.check is not None:
        spec.check(args, result)
    return result
