"""forward_mode.py: dual numbers, and forward vs reverse mode with their costs."""

from __future__ import annotations

from typing import Any

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import jacobian
from hypothesis import given
from hypothesis import strategies as st

from backprop_core.engine.examples import example_nodes
from backprop_core.engine.forward_mode import (
    Dual,
    ModeReport,
    forward_mode,
    many_to_one,
    one_to_many,
    reverse_mode,
    work_table,
)
from backprop_core.engine.paths import diamond_chain, path_work
from backprop_core.engine.value import Value, exp, log, maximum, relu, sigmoid, tanh
from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    BackpropError,
    DomainError,
    NonFiniteError,
)

UNARY = {
    "exp": exp, "log": log, "tanh": tanh, "sigmoid": sigmoid, "relu": relu,
    "neg": lambda x: -x, "pow": lambda x: x**3, "rsub": lambda x: 2 - x,
    "rtruediv": lambda x: 2 / x, "radd": lambda x: 1 + x, "rmul": lambda x: 3 * x,
    "sub": lambda x: x - 1.5, "div": lambda x: x / 4, "mul_self": lambda x: x * x,
    "div_self": lambda x: (x + 1) / x, "max": lambda x: maximum(x * x, 2.0),
    "max_const_first": lambda x: maximum(1.5, 2 * x),
}


@pytest.mark.parametrize("name", sorted(UNARY))
@given(x=st.floats(0.1, 3.0))
def test_each_dual_rule_gives_the_same_derivative_as_reverse_mode(name: str, x: float) -> None:
    f = UNARY[name]
    d = f(Dual(x, 1.0))
    v = Value(x)
    out = f(v)
    out.backward()
    assert d.value == pytest.approx(out.data, rel=1e-12)
    assert d.tangent == pytest.approx(v.grad, rel=1e-9)


def test_one_forward_pass_gives_every_node_its_derivative_wrt_one_input() -> None:
    wrt_a = example_nodes(Dual(2.0, 1.0), Dual(3.0, 0.0))
    assert {k: v.tangent for k, v in wrt_a.items()} == {
        "a": 1.0, "b": 0.0, "c": 1.0, "d": 3.0, "cd": 21.0, "o": 10.5}
    wrt_b = example_nodes(Dual(2.0, 0.0), Dual(3.0, 1.0))
    assert wrt_b["o"].tangent == 8.0 and wrt_b["o"].value == 15.0


def _example_o(a: Any, b: Any) -> Any:
    return example_nodes(a, b)["o"]


def test_both_modes_on_the_example() -> None:
    fwd = forward_mode(_example_o, 2.0, 3.0)
    rev = reverse_mode(_example_o, 2.0, 3.0)
    assert fwd.gradient == rev.gradient == (10.5, 8.0)
    assert (fwd.passes, rev.passes) == (2, 1)
    # 4 operations: forward mode runs them twice, reverse mode forward once + backward once
    assert (fwd.operations, rev.operations) == (8, 8)


@given(n=st.integers(1, 6), seed=st.integers(0, 10_000))
def test_forward_and_reverse_jacobians_agree_with_autograd(n: int, seed: int) -> None:
    xs = np.random.default_rng(seed).uniform(-2, 2, size=n)

    def f_autograd(v: np.ndarray) -> Any:
        return anp.sum(anp.tanh(v) * anp.roll(v, -1))

    fwd = forward_mode(many_to_one, *xs)
    rev = reverse_mode(many_to_one, *xs)
    expected = jacobian(f_autograd)(xs)
    np.testing.assert_allclose(fwd.gradient, expected, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(rev.gradient, expected, rtol=1e-10, atol=1e-12)
    assert fwd.passes == n and rev.passes == 1


def _one_to_many_autograd(x: Any, n: int) -> Any:
    # g_i(x) = i·h(x), h_0 = x, h_k = tanh(h_{k-1}) + x: written again with autograd.numpy
    h = x
    for _ in range(n):
        h = anp.tanh(h) + x
    return h * anp.arange(1, n + 1)


@given(n=st.integers(1, 8), x=st.floats(-2.0, 2.0))
def test_one_to_many_jacobian_agrees_with_autograd(n: int, x: float) -> None:
    expected = jacobian(lambda v: _one_to_many_autograd(v[0], n))(np.array([x]))
    for report in (forward_mode(lambda t: one_to_many(t, n), x),
                   reverse_mode(lambda t: one_to_many(t, n), x)):
        assert report.n_outputs == n
        np.testing.assert_allclose(report.jacobian, expected, rtol=1e-10, atol=1e-12)


def test_one_to_many_needs_one_forward_pass_but_n_backward_sweeps() -> None:
    fwd = forward_mode(lambda x: one_to_many(x, 4), 0.3)
    rev = reverse_mode(lambda x: one_to_many(x, 4), 0.3)
    assert (fwd.passes, rev.passes) == (1, 4)
    assert fwd.n_outputs == rev.n_outputs == 4
    # the shared chain h, then one multiplication per output: 2·4 + 4 operations
    assert fwd.operations == 12
    # reverse mode: the same 12 forward, then each sweep walks the chain again (8 + 1)
    assert rev.operations == 12 + 4 * 9
    with pytest.raises(ValueError, match="f has 4 outputs; use .jacobian"):
        _ = fwd.gradient


def test_reverse_mode_does_not_leak_gradients_between_outputs() -> None:
    def f(x: Any, y: Any) -> list[Any]:
        return [x * 2, y * 3, 5.0]  # the last output is a constant

    for report in (forward_mode(f, 1.0, 1.0), reverse_mode(f, 1.0, 1.0)):
        assert report.jacobian == ((2.0, 0.0), (0.0, 3.0), (0.0, 0.0))
        assert report.outputs == (2.0, 3.0, 5.0)


def test_cost_table_shows_forward_mode_scaling_with_inputs() -> None:
    rows = {(r["function"], r["n"]): r for r in work_table((1, 10, 100))}
    many = rows[("R^100 → R", 100)]
    assert many["forward_passes"] == 100 and many["reverse_passes"] == 1
    # f has 3 operations per input: forward mode does all 300 in each of its 100 passes
    assert many["forward_operations"] == 100 * 300
    assert many["reverse_operations"] == 2 * 300
    few = rows[("R → R^100", 100)]
    assert few["forward_passes"] == 1 and few["reverse_passes"] == 100
    # the mirror image: g shares a chain of 200 operations among its 100 outputs, so
    # forward mode does g's 300 once, and reverse mode walks the chain in every sweep
    assert few["forward_operations"] == 300
    assert few["reverse_operations"] == 300 + 100 * (200 + 1)
    for n in (1, 10, 100):
        f, g = rows[(f"R^{n} → R", n)], rows[(f"R → R^{n}", n)]
        assert (f["forward_passes"], f["reverse_passes"]) == (g["reverse_passes"],
                                                               g["forward_passes"])
        # the cheap mode costs a few times 3n, the other grows like n²
        assert g["forward_operations"] == 3 * n and f["reverse_operations"] == 6 * n
        assert g["reverse_operations"] == 2 * n * n + 4 * n
        assert f["forward_operations"] == 3 * n * n


def test_dual_repr_and_pow_with_a_dual_exponent_is_refused() -> None:
    assert repr(Dual(2.0, 1.0)) == "Dual(value=2, tangent=1)"
    with pytest.raises(TypeError):
        _ = Dual(2.0) ** Dual(1.0)  # type: ignore[operator]


def test_numpy_scalars_defer_to_dual() -> None:
    out = np.float64(2.0) * Dual(3.0, 1.0)
    assert isinstance(out, Dual) and (out.value, out.tangent) == (6.0, 2.0)


def test_relu_dual_below_zero_has_zero_tangent() -> None:
    out = Dual(-1.0, 1.0).relu()
    assert (out.value, out.tangent) == (0.0, 0.0)


def test_mode_report_fields() -> None:
    report = ModeReport("forward", (1.0,), ((2.0,),), 1, 1, 3)
    assert report.n_outputs == 1 and report.gradient == (2.0,)


def test_dual_domain_errors_are_readable() -> None:
    with pytest.raises(ValueError, match="log needs a positive input, but got -2"):
        Dual(-2.0).log()
    with pytest.raises(NonFiniteError, match="exp overflows float64 at 1000"):
        Dual(1000.0).exp()


def test_forward_mode_is_linear_where_the_path_view_is_exponential() -> None:
    # source 001 calls the sum over paths "forward-mode" and says its redundancy grows
    # exponentially; forward mode proper is dynamic programming too: one pass per input.
    def chain(x: Any, depth: int = 20) -> Any:
        for _ in range(depth):
            x = tanh(x) + sigmoid(x)
        return x

    source, out = diamond_chain(20)
    out.backward()
    fwd = forward_mode(chain, 0.5)
    assert fwd.gradient[0] == pytest.approx(source.grad, rel=1e-12)
    assert (fwd.passes, fwd.operations) == (1, 60)
    assert path_work(out, [source]).path_multiplications == 40 * 2**20


# ---- issue 14: duals refuse what a Value refuses, with a readable message -------------------

@pytest.mark.parametrize(("make", "error", "message"), [
    (lambda: Dual(1.0, 1.0) / Dual(0.0), DomainError, r"^division by zero in the Dual 1/0$"),
    (lambda: Dual(1.0, 1.0) / 0, DomainError, r"^division by zero in the Dual 1/0$"),
    (lambda: 2 / Dual(0.0, 1.0), DomainError, r"^division by zero in the Dual 2/0$"),
    (lambda: Dual(0.0, 1.0) ** -1, DomainError, r"^the Dual 0\^-1 divides by zero"),
    (lambda: Dual(0.0, 1.0) ** 0.5, DomainError, r"no finite derivative"),
    (lambda: Dual(-8.0, 1.0) ** (1 / 3), DomainError, r"^the Dual \(-8\)\^0.333333 is not a real "
                                                      r"number"),
    (lambda: Dual(10.0, 1.0) ** 400, NonFiniteError, r"^the Dual 10\^400 overflows float64$"),
    (lambda: Dual(1e200, 1.0) * Dual(1e200, 1.0), NonFiniteError,
     r"^1e\+200·1e\+200 gives value inf and tangent 2e\+200: the numbers overflow float64"),
    (lambda: Dual(1e308, 1.0) + 1e308, NonFiniteError, r"^1e\+308 \+ 1e\+308 gives value inf"),
    (lambda: Dual(1e308, 1.0) - -1e308, NonFiniteError, r"^1e\+308 - -1e\+308 gives value inf"),
    (lambda: -1e308 - Dual(1e308, 1.0), NonFiniteError, r"^-1e\+308 - 1e\+308 gives value -inf"),
    (lambda: Dual(1.0, 1e300) / Dual(1e-10, 0.0), NonFiniteError, r"^1/1e-10 gives value "
                                                                   r"1e\+10 and tangent inf"),
    (lambda: 1e300 / Dual(1e-10, 1.0), NonFiniteError, r"^1e\+300/1e-10 gives value inf"),
    (lambda: Dual(float("nan")), NonFiniteError, r"^a Dual's value must be a finite number, "
                                                 r"got nan$"),
    (lambda: Dual(1.0, float("inf")), NonFiniteError, r"^a Dual's tangent must be a finite "
                                                      r"number, got inf$"),
    (lambda: Dual("1"), ArgumentTypeError, r"^a Dual's value must be a real number, got str"),
    (lambda: Dual(1.0) + float("nan"), ArgumentError, r"^a constant combined with a Dual must "
                                                      r"be a finite number, got nan$"),
    (lambda: Dual(-1.0).log(), DomainError, r"^log needs a positive input, but got -1$"),
])
def test_bad_dual_operations_are_backprop_errors(make: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=message) as info:
        make()
    assert isinstance(info.value, BackpropError)


def test_the_two_modes_check_f_and_its_inputs() -> None:
    with pytest.raises(ArgumentError, match=r"^forward_mode needs at least one input"):
        forward_mode(lambda: 1.0)
    with pytest.raises(ArgumentTypeError, match=r"^f must return a number, a Dual or a list of "
                                                r"them, but it returned str 's'$"):
        forward_mode(lambda x: "s", 1.0)
    with pytest.raises(ArgumentTypeError, match=r"^f must return a number, a Value or a list "
                                                r"of them, but it returned NoneType None$"):
        reverse_mode(lambda x: [x, None], 1.0)
    with pytest.raises(DomainError, match=r"^division by zero in 1/x1: x1 = 0$"):
        reverse_mode(lambda x: 1 / x, 0.0)
    with pytest.raises(NonFiniteError, match=r"^a Dual's value must be a finite number, got "
                                             r"nan$"):
        forward_mode(lambda x: x * x, float("nan"))
    with pytest.raises(ArgumentError, match=r"f has 4 outputs; use .jacobian"):
        _ = forward_mode(lambda x: [x, x, x, x], 1.0).gradient
    assert forward_mode(lambda x: 3.0, 1.0).jacobian == ((0.0,),)  # a constant f is fine
    with pytest.raises(ArgumentError, match=r"^sizes\[0\] must be an integer, got 2.5$"):
        work_table([2.5])  # type: ignore[list-item]
    with pytest.raises(ArgumentError, match=r"^sizes\[0\] must be an integer >= 1, got 0$"):
        work_table([0])


def test_dual_quotients_keep_their_precision_where_b_squared_underflows() -> None:
    # b² = 1e-320 is subnormal (3 digits): -a·b'/b² would lose 13 of them
    q = Dual(1.0, 0.0) / Dual(1e-160, 1e-170)
    assert q.value == 1e160 and q.tangent == pytest.approx(-1e150, rel=1e-14)
