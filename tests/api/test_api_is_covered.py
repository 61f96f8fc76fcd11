"""Every public function, class and method of every module of backprop_core is called by
a spec of the contract test (support/api/), or exempt here with the reason."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from typing import Any

import backprop_core
from support.api import (
    capstone,
    checks,
    engine,
    figures,
    networks,
    numerics,
    pictures,
    practice,
    practice_checkers,
    practice_parts,
    quiz,
    top,
    vjp,
)

SPECS = [*engine.SPECS, *networks.SPECS, *checks.SPECS, *quiz.SPECS, *figures.SPECS,
         *top.SPECS, *practice.SPECS, *vjp.SPECS, *numerics.SPECS, *pictures.SPECS,
         *practice_checkers.SPECS, *capstone.SPECS, *practice_parts.SPECS]

EXEMPT: dict[str, str] = {
    # records: dataclasses that store what they are given; the functions that make them
    # are the ones probed (Step by trace, Edge by edges, ...)
    "backprop_core.engine.formulas.Formula": "a record: one operation's templates",
    "backprop_core.quiz.model.Answer": "a record, made by the parser",
    "backprop_core.quiz.model.Outcome": "an enumeration",
    "backprop_core.quiz.numbers.Reading": "a record, made by read_number",
    "backprop_core.practice.report.Verdict": "an exception the checkers raise internally",
    "backprop_core.practice.capstone.value_ops.Case":
        "a record: one operation's case, made at import, read by check_value_ops (probed)",
    # the network's inner kernels, on arrays the network has checked (their docstrings say
    # so); the public entries that check are Network.forward/backward and Loss.value
    "backprop_core.networks.activations.Activation.apply_checked":
        "kernel of the forward pass, for a z^l the network has checked",
    "backprop_core.networks.activations.Activation.backward_checked":
        "kernel of the backward pass, for arrays the network has checked",
    "backprop_core.networks.layers.Dense.parameter_gradients":
        "kernel of Network.backward (δ^l and a^{l-1} it computed itself)",
    "backprop_core.networks.layers.Dense.backward_input":
        "kernel of Network.backward (δ^l it computed itself)",
    "backprop_core.networks.losses.checked_loss_value":
        "kernel of Network.cost and backward (z^L, a^L and y it checked)",
    "backprop_core.networks.losses.checked_output_delta":
        "kernel of Network.backward (z^L, a^L and y it checked); output_delta checks",
    "backprop_core.networks.network.column_forward":
        "kernel of Network.forward (x and the parameters it checked, z^l checked after)",
    "backprop_core.networks.network.column_backward":
        "kernel of Network.backward (the cache and y it checked, the results checked after)",
    "backprop_core.networks.layers.Dense.checked_input":
        "check_input (probed) and Σ a² from the same read, for Network.forward",
    # the cheap checks of Network's passes (issue 20): bounds on arrays it made or checked
    "backprop_core.networks.bounds.ForwardBounds": "a record: what a forward pass proved",
    **{f"backprop_core.networks.bounds.{name}": "kernel of Network's checks, on arrays it "
       "made or checked" for name in ("parameter_norms", "forward_bounds",
                                      "gradients_finite", "far_below_overflow")},
    **{f"backprop_core.squares.{name}": "the fast path of check_finite and check_result "
       "(probed), on arrays already read as numbers; NaN, not an error, for other input"
       for name in ("sum_of_squares", "sums_of_squares", "squares_finite")},
    # the engine's error texts, written by Value for its own nodes
    **{f"backprop_core.engine.labels.Explain.{name}": "the text of an engine error, "
       "called by Value with its own nodes" for name in (
           "division_by_zero", "bad_power", "node_exponent", "log_domain", "overflow_at",
           "overflow", "bool_constant", "bad_constant", "backward_overflow")},
    "backprop_core.engine.labels.Explain": "the texts of the engine's errors",
    # display: show_* display what *_output returns, which the specs probe
    "backprop_core.quiz.show.show_quiz": "displays quiz_output (probed)",
    "backprop_core.quiz.show.show_scoreboard": "displays scoreboard_output (probed)",
    "backprop_core.quiz.progress.show_progress": "displays progress_output (probed)",
    # practice/: the checkers' helpers (not exported by practice/__init__); owned by the
    # checkers' work, probed through the exported check_* functions
    **{f"backprop_core.practice.{module}.{name}": "a checker's helper, not exported"
       for module, names in {
           "batch": ("problem", "expected"),
           "layer": ("deltas", "problem", "expected"),
           "chain": ("chain_function",),
           "report": ("call", "as_array", "run"),
       }.items() for name in names},
}


def _public_api() -> Iterator[tuple[str, Any]]:
    """(qualified name, object) of every public function, class and method (of a public
    class) defined in a module of backprop_core."""
    for info in pkgutil.walk_packages(backprop_core.__path__, "backprop_core."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(obj):
                yield f"{module.__name__}.{name}", obj
            elif inspect.isclass(obj):
                if issubclass(obj, BaseException) and module.__name__.endswith("errors"):
                    continue  # the error classes: raised, not called
                yield f"{module.__name__}.{name}", obj
                fields = ({f.name for f in dataclasses.fields(obj)}
                          if dataclasses.is_dataclass(obj) else set())
                for attr, member in vars(obj).items():
                    if attr.startswith("_") or attr in fields:  # a field's default value
                        continue
                    if isinstance(member, (classmethod, staticmethod)):
                        member = member.__func__
                    if inspect.isfunction(member):
                        yield f"{module.__name__}.{name}.{attr}", member


def _key(obj: Any) -> Any:
    return getattr(obj, "__func__", obj)


def test_every_public_function_class_and_method_is_probed_or_exempt() -> None:
    covered = {id(_key(obj)) for spec in SPECS for obj in spec.covers}
    api = dict(_public_api())
    missing = sorted(name for name, obj in api.items()
                     if id(obj) not in covered and name not in EXEMPT)
    assert not missing, f"no spec in tests/support/api/ calls these: {missing}"
    stale = sorted(set(EXEMPT) - set(api))
    assert not stale, f"exempt but no longer public API: {stale}"
    probed = [name for name, obj in api.items() if id(obj) in covered]
    assert len(probed) > 250, len(probed)


def test_spec_ids_are_unique() -> None:
    ids = [spec.id for spec in SPECS]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
