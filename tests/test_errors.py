"""errors.py: messages that name the array, the shapes and the valid choices; and the
contract over the public API (issue 14): a finite result equal to a reference, or a
BackpropError naming the argument, never a warning."""

from __future__ import annotations

import math
import operator
import warnings
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal, localcontext
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from backprop_core.engine.value import Value
from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    BackpropError,
    DomainError,
    GradientCheckError,
    LayerIndexError,
    MissingFileError,
    NonFiniteError,
    ShapeError,
    UnknownAnswerError,
    UnknownKeyError,
    UnknownNameError,
    as_float_array,
    check_finite,
    check_integer,
    check_real,
    check_result,
    unknown_name,
)
from backprop_core.networks.activations import ACTIVATIONS
from backprop_core.networks.datasets import xor
from backprop_core.networks.layers import Dense
from backprop_core.networks.network import Network
from backprop_core.networks.training import sgd
from backprop_core.quiz import QuizFormatError
from backprop_core.squares import squares_finite, sum_of_squares


def test_error_classes_are_value_errors_and_backprop_errors() -> None:
    for cls in (ShapeError, NonFiniteError, UnknownNameError):
        assert issubclass(cls, ValueError)
        assert issubclass(cls, BackpropError)


def test_unknown_name_lists_the_valid_names_sorted() -> None:
    err = unknown_name("loss", "mse", ["squared_error", "binary_cross_entropy"])
    assert isinstance(err, UnknownNameError)
    assert str(err) == ("unknown loss 'mse'; valid loss names: 'binary_cross_entropy', "
                        "'squared_error'")


def test_as_float_array_converts_lists_and_names_the_array_on_failure() -> None:
    arr = as_float_array([[1, 2], [3, 4]], "W^1")
    assert arr.dtype == np.float64 and arr.shape == (2, 2)
    with pytest.raises(ValueError, match=r"^W\^1 must be an array of real "
                                          r"numbers, got list: it holds text"):
        as_float_array([["a", "b"]], "W^1")


def test_check_finite_accepts_finite_arrays() -> None:
    check_finite(np.array([[0.0, -1e300], [1e-300, 5.0]]), "x")


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_check_finite_names_the_array_and_the_first_bad_index(bad: float) -> None:
    x = np.zeros((2, 3))
    x[1, 2] = bad
    x[1, 1] = bad
    with pytest.raises(NonFiniteError, match=r"^b\^2 contains .* at index \(1, 1\) "
                                             r"\(2 non-finite entries of 6\)"):
        check_finite(x, "b^2")


def test_check_finite_on_a_scalar_has_no_index() -> None:
    with pytest.raises(NonFiniteError, match=r"^cost contains nan \(1 non-finite"):
        check_finite(np.array(np.nan), "cost")


@given(array=hnp.arrays(st.sampled_from([np.float32, np.float64]), hnp.array_shapes(max_dims=3),
                        elements=st.floats(allow_nan=True, allow_infinity=True, width=32)),
       transpose=st.booleans(), step=st.integers(1, 2))
def test_a_finite_sum_of_squares_means_every_entry_is_finite(
    array: np.ndarray, transpose: bool, step: int
) -> None:
    # one pass and no temporary array, in any memory layout; a NaN or ±inf entry always
    # shows, and a false alarm (the sum overflows) is sorted out by the entry-by-entry look
    view = (array.T if transpose else array)[::step]
    finite = bool(np.isfinite(view).all())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        squares = sum_of_squares(view)
        if math.isfinite(squares):
            assert finite
        if not finite:
            assert not math.isfinite(squares) and not squares_finite(view)
            with pytest.raises(NonFiniteError, match=r"contains"):
                check_finite(view, "x")
        else:
            check_finite(view, "x")  # finite entries pass, also when Σ x² overflows
            check_result(view, "x")


def test_sum_of_squares_overflows_only_for_huge_entries() -> None:
    assert sum_of_squares(np.array([3.0, 4.0])) == 25.0
    assert sum_of_squares(np.float32(2.0)) == 4.0
    assert math.isinf(sum_of_squares(np.array([1e155])))  # finite entries: a false alarm
    assert math.isinf(sum_of_squares(np.array([1e20], np.float32)))
    assert squares_finite(np.ones(3), np.zeros((0, 2)), 5.0)
    assert not squares_finite(np.ones(3), np.array([1.0, np.nan]))


# ---- the family of errors, and the helpers that check arguments -------------------------

def test_every_deliberate_error_is_a_backprop_error_and_keeps_its_builtin_base() -> None:
    expected = {
        ShapeError: (ValueError,), NonFiniteError: (ValueError,),
        UnknownNameError: (ValueError,), ArgumentError: (ValueError,),
        ArgumentTypeError: (ValueError, TypeError), DomainError: (ValueError,),
        LayerIndexError: (IndexError,), UnknownAnswerError: (KeyError, ValueError),
        UnknownKeyError: (KeyError, ValueError), QuizFormatError: (ValueError,),
        MissingFileError: (FileNotFoundError,), GradientCheckError: (AssertionError,),
    }
    for cls, bases in expected.items():
        assert issubclass(cls, BackpropError)
        assert all(issubclass(cls, base) for base in bases)
    assert str(UnknownAnswerError("no answer x")) == "no answer x"  # no KeyError quotes
    assert str(UnknownKeyError("no block 'W4'")) == "no block 'W4'"


@pytest.mark.parametrize(("value", "kwargs", "result"), [
    (0.5, {}, 0.5), (np.float32(0.25), {"positive": True}, 0.25), (3, {}, 3.0),
    (0, {"nonnegative": True}, 0.0),
])
def test_check_real_returns_a_float(value: object, kwargs: dict[str, bool], result: float
                                    ) -> None:
    assert check_real(value, "lr", **kwargs) == result


@pytest.mark.parametrize(("value", "kwargs", "error", "message"), [
    ("0.1", {}, ArgumentTypeError, r"^lr must be a real number, got str '0.1'$"),
    (True, {}, ArgumentTypeError, r"^lr must be a real number, got bool True$"),
    (1j, {}, ArgumentTypeError, r"^lr must be a real number, got complex 1j$"),
    ([1.0] * 30, {}, ArgumentTypeError, r"^lr must be a real number, got list \[1.0, .*\.\.\.$"),
    (float("nan"), {}, ArgumentError, r"^lr must be a finite number, got nan$"),
    (-float("inf"), {}, ArgumentError, r"^lr must be a finite number, got -inf$"),
    (0.0, {"positive": True}, ArgumentError, r"^lr must be > 0, got 0$"),
    (-1e-9, {"nonnegative": True}, ArgumentError, r"^lr must be >= 0, got -1e-09$"),
])
def test_check_real_names_the_argument(value: object, kwargs: dict[str, bool], error: type,
                                       message: str) -> None:
    with pytest.raises(error, match=message):
        check_real(value, "lr", **kwargs)


def test_check_integer_accepts_integer_values_and_refuses_the_rest() -> None:
    assert check_integer(np.int64(3), "n") == 3 and check_integer(4.0, "n", minimum=4) == 4
    for bad, error, message in [
        (2.7, ArgumentError, r"^n must be an integer, got 2.7$"),
        (float("inf"), ArgumentError, r"^n must be an integer, got inf$"),
        ("3", ArgumentTypeError, r"^n must be an integer, got str '3'$"),
        (False, ArgumentTypeError, r"^n must be an integer, got bool False$"),
        (None, ArgumentTypeError, r"^n must be an integer, got NoneType None$"),
        (0, ArgumentError, r"^n must be an integer >= 1, got 0$"),
    ]:
        with pytest.raises(error, match=message):
            check_integer(bad, "n", minimum=1)


def test_check_result_says_the_inputs_were_finite() -> None:
    check_result(np.ones(3), "z")
    with pytest.raises(NonFiniteError, match=r"^z is inf at index \(1,\) although every input "
                                             r"was finite: the numbers overflow float32 "
                                             r"\(hint\)$"):
        check_result(np.array([1, np.inf], dtype=np.float32), "z", " (hint)")
    with pytest.raises(NonFiniteError, match=r"^C is nan although .* overflow float64$"):
        check_result(float("nan"), "C")


@pytest.mark.parametrize(("x", "words"), [
    ([[1j]], "it holds complex numbers"), ([{"a": 1}], "it holds objects"),
    ([[1, 2], [3]], "inhomogeneous"), (np.array(["2020-01-01"], dtype="M8[D]"), "dates"),
])
def test_as_float_array_refuses_what_is_not_real_numbers(x: object, words: str) -> None:
    with pytest.raises(ArgumentTypeError, match=rf"^x must be an array of real numbers, got "
                                                rf"\w+: .*{words}"):
        as_float_array(x, "x")  # type: ignore[arg-type]
    f32 = np.ones(2, dtype=np.float32)
    assert as_float_array(f32, "x") is f32  # float32 is kept, not copied
    assert as_float_array([True, False], "x").dtype == np.float64


# ---- the contract over the public API: a finite result equal to a reference, or a -------
# BackpropError naming the argument, and never a warning (hypothesis, warnings as errors)

ODD_VALUES = [math.nan, math.inf, -math.inf, 0, -1, 0.5, 2.5, 1e308, -1e308, 5e-324, True,
              None, "0.1", "3", [1], 1j]
ANY_NUMBER = st.one_of(st.floats(), st.integers(-10, 10), st.sampled_from(ODD_VALUES))


def _failure(call: Any, names: list[str]) -> BackpropError | None:
    """Run ``call`` with every warning an error; return its BackpropError, after checking
    that the message names one of ``names``. Any other exception fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            call()
        except BackpropError as exc:
            assert any(name in str(exc) for name in names), (str(exc), names)
            return exc
    return None


def _is_int(x: object, low: int, high: int | None = None) -> bool:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return False
    if isinstance(x, float) and not (x.is_integer() and abs(x) <= 2.0**53):
        return False  # floats beyond 2^53 do not count every integer: refused
    return x >= low and (high is None or x <= high)


def _plain_sgd(W: np.ndarray, b: np.ndarray, X: np.ndarray, Y: np.ndarray, lr: float,
               batch_size: int, epochs: int, seed: int) -> np.ndarray:
    """Reference: minibatch SGD for one identity layer, C = mean ½‖Wx + b - y‖²."""
    rng = np.random.default_rng(seed)
    m = X.shape[1]
    for _ in range(epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            idx = order[start:start + batch_size]
            delta = W @ X[:, idx] + b[:, None] - Y[:, idx]
            W = W - lr * delta @ X[:, idx].T / len(idx)
            b = b - lr * delta.mean(axis=1)
    return np.concatenate([W.ravel(), b])


@given(lr=ANY_NUMBER, batch_size=st.one_of(st.integers(-2, 6), st.sampled_from(ODD_VALUES)),
       # 1e308 epochs is a valid number of epochs, and would take forever
       epochs=st.one_of(st.integers(-1, 3), st.sampled_from(ODD_VALUES).filter(
           lambda v: v != 1e308)),
       seed=st.one_of(st.integers(0, 5), st.sampled_from(ODD_VALUES)))
def test_sgd_trains_like_a_reference_or_names_the_bad_argument(
    lr: Any, batch_size: Any, epochs: Any, seed: Any
) -> None:
    X = np.array([[0.5, -1.0, 2.0, 0.0], [1.0, 0.5, -0.5, 1.5]])
    Y = np.array([[1.0, 0.0, -1.0, 2.0]])
    net = Network([Dense([[0.1, -0.2]], [0.05], "identity")])
    start = net.get_params()
    valid = (not isinstance(lr, bool) and isinstance(lr, (int, float)) and math.isfinite(lr)
             and 0 < lr <= 0.5 and _is_int(batch_size, 1) and _is_int(epochs, 0, 3)
             and _is_int(seed, 0))
    error = _failure(lambda: sgd(net, X, Y, learning_rate=lr, batch_size=batch_size,
                                 epochs=epochs, seed=seed),
                     ["learning_rate", "batch_size", "epochs", "seed", "diverged"])
    if valid:
        assert error is None  # good arguments are never refused
        want = _plain_sgd(start[:2].reshape(1, 2), start[2:], X, Y, float(lr),
                          int(batch_size), int(epochs), int(seed))
        np.testing.assert_allclose(net.get_params(), want, rtol=1e-12, atol=1e-12)


@st.composite
def arrays_good_and_bad(draw: Any, rows: int, dtype: Any) -> Any:
    """Mostly an (rows, m) array of moderate numbers; sometimes NaN, inf, huge, empty,
    the wrong shape or dtype, or not an array at all."""
    kind = draw(st.sampled_from(["good"] * 5 + ["huge", "nonfinite", "shape", "empty",
                                                  "dtype", "junk"]))
    m = draw(st.integers(1, 3))
    if kind == "junk":
        return draw(st.sampled_from([None, "x", [[1, 2], [3]], {"a": 1}]))
    if kind == "dtype":
        return draw(st.sampled_from([np.ones((rows, m), complex), np.full((rows, m), "1")]))
    shape = (rows, 0) if kind == "empty" else (rows, m)
    if kind == "shape":
        shape = draw(st.sampled_from([(rows + 1, m), (m, rows, 1), ()]))
    elements = {
        "huge": (st.floats(-1e300, 1e300) if dtype == np.float64
                 else st.floats(-2.0**127, 2.0**127, width=32)),
        "nonfinite": st.sampled_from([np.nan, np.inf, -np.inf, 1.0]),
    }.get(kind, st.floats(-4.0, 4.0, width=64 if dtype == np.float64 else 32))
    return draw(hnp.arrays(dtype, shape, elements=elements))


def _exact_linear_cost(W: np.ndarray, b: np.ndarray, x: np.ndarray, y: np.ndarray
                       ) -> tuple[Fraction, list[list[Fraction]]]:
    """C = mean ½‖Wx + b - y‖² and ∂C/∂W, exactly, in fractions."""
    n_out, n_in = W.shape
    m = x.shape[1]
    F = Fraction
    cost, dW = F(0), [[F(0)] * n_in for _ in range(n_out)]
    for s in range(m):
        for j in range(n_out):
            d = sum((F(float(W[j, k])) * F(float(x[k, s])) for k in range(n_in)),
                    F(float(b[j]))) - F(float(y[j, s]))
            cost += d * d / 2 / m
            for k in range(n_in):
                dW[j][k] += d * F(float(x[k, s])) / m
    return cost, dW


@given(data=st.data(), n_in=st.integers(1, 3), n_out=st.integers(1, 2),
       dtype=st.sampled_from([np.float64, np.float32]),
       scale=st.sampled_from([1.0, 1e-3, 1e150, 1e200]))
def test_network_cost_and_gradients_match_exact_arithmetic_or_name_the_array(
    data: Any, n_in: int, n_out: int, dtype: Any, scale: float
) -> None:
    rng = np.random.default_rng(data.draw(st.integers(0, 1000)))
    if dtype == np.float32:
        scale = min(scale, 1e30)  # a float32 weight of 1e200 would be inf already
    W = (scale * rng.normal(size=(n_out, n_in))).astype(dtype)
    b = rng.normal(size=n_out).astype(dtype)
    net = Network([Dense(W, b, "identity")])
    x = data.draw(arrays_good_and_bad(n_in, dtype))
    y = data.draw(arrays_good_and_bad(n_out, dtype))
    if isinstance(x, np.ndarray) and isinstance(y, np.ndarray) and x.ndim == y.ndim == 2:
        y = y[:, :x.shape[1]] if y.shape[1] >= x.shape[1] else y
    names = ["input x", "targets y", "z^1", "∂C/∂", "δ^1", "cost"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            cost = net.cost(x, y)
            grads = net.gradients(x, y)
        except BackpropError as exc:
            assert any(name in str(exc) for name in names), str(exc)
            moderate = (scale == 1.0 and isinstance(x, np.ndarray) and isinstance(y, np.ndarray)
                        and x.shape[1:] == y.shape[1:] and x.ndim == 2 and x.shape[0] == n_in
                        and y.shape[0] == n_out and x.size > 0 and x.dtype.kind == "f"
                        and y.dtype.kind == "f" and bool(np.isfinite(x).all())
                        and bool(np.isfinite(y).all()) and float(np.abs(x).max()) <= 4
                        and float(np.abs(y).max()) <= 4)
            assert not moderate, f"valid input refused: {exc}"  # not vacuous
            return
    # it returned: everything is finite and equal to exact arithmetic on the same numbers
    assert math.isfinite(cost) and np.isfinite(grads.flat()).all()
    X, Yc = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    exact_cost, exact_dW = _exact_linear_cost(W, b, X.reshape(n_in, -1), Yc.reshape(n_out, -1))
    eps = float(np.finfo(dtype).eps)
    # the numbers entering the cost are about S in size: z = Wx + b is exact to n·eps·S
    S = float(np.abs(W).max() * np.abs(X).max() * n_in + np.abs(b).max() + np.abs(Yc).max())
    tiny = float(np.finfo(dtype).smallest_subnormal)  # each rounding is off by up to this too
    assert abs(cost - float(exact_cost)) <= 8 * (n_in + 2) * (eps * S * S + tiny)
    dW_tol = 8 * (n_in + 2) * (eps * S * float(np.abs(X).max()) + tiny)
    np.testing.assert_allclose(grads.dW[1], np.array(exact_dW, dtype=float), rtol=0,
                               atol=dW_tol)


@st.composite
def node_values(draw: Any) -> Any:
    return draw(st.one_of(st.floats(), st.sampled_from([0.0, -0.0, 1e-300, -2.0, 1e200]),
                          st.floats(-10, 10), st.sampled_from([None, "1", True, 1j])))


BINARY = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
          "**": operator.pow}


@given(a=node_values(), b=node_values(), op=st.sampled_from(sorted(BINARY)),
       b_is_node=st.booleans())
def test_scalar_graph_operations_are_exact_or_name_the_node(a: Any, b: Any, op: str,
                                                            b_is_node: bool) -> None:
    def build() -> tuple[Value, Value | Any, Value]:
        alpha = Value(a, "alpha")
        beta = Value(b, "beta") if b_is_node else b
        if op == "**" and b_is_node:
            beta = b  # the exponent of ** is a number, not a node
        return alpha, beta, BINARY[op](alpha, beta)

    if _failure(lambda: Value(a, "alpha"), ["alpha"]) is not None:
        return  # a itself is no finite real number: refused, by name
    if not b_is_node and (b is None or isinstance(b, (str, complex))):
        # not a number: both operands decline (NotImplemented) and Python raises its own
        # TypeError naming the type Value; Value keeps that protocol for other types
        with pytest.raises(TypeError, match="Value"):
            build()
        return
    error = _failure(lambda: build()[2].backward(), ["alpha", "beta", "the constant"])
    moderate = all(isinstance(v, float) and 1e-3 <= abs(v) <= 1e3 for v in (a, b)) and (
        op != "**" or (a > 0 and abs(b) <= 5))
    if error is not None:
        assert not moderate, f"valid operands refused: {error}"
        return
    alpha, beta, out = build()
    out.backward()
    fa, fb = Fraction(float(a)), Fraction(float(b))
    # + - * / are correctly rounded in IEEE arithmetic: equal to the exact result, rounded
    exact = {"+": lambda: fa + fb, "-": lambda: fa - fb, "*": lambda: fa * fb,
             "/": lambda: fa / fb, "**": lambda: Fraction(math.pow(float(a), float(b)))}
    assert out.data == float(exact[op]())
    local = {"+": lambda: 1.0, "-": lambda: 1.0, "*": lambda: float(b),
             "/": lambda: 1 / float(b),
             "**": lambda: float(b) * math.pow(float(a), float(b) - 1) if b != 0 else 0.0}
    assert alpha.grad == pytest.approx(local[op](), rel=1e-12, abs=1e-300)
    assert math.isfinite(alpha.grad)


def _exact_sigmoid(v: float) -> float:
    """1/(1 + e^{-v}) in 40 digits, with room for e^{2e6} (the default context overflows)."""
    if abs(v) > 800:  # e^{-800} is below the smallest float64: σ rounds to exactly 0 or 1
        return 0.0 if v < 0 else 1.0
    with localcontext(Context(prec=40, Emax=MAX_EMAX, Emin=MIN_EMIN)):
        return float(1 / (1 + Decimal(-v).exp()))


@given(data=st.data(), name=st.sampled_from(["identity", "sigmoid", "tanh", "relu", "softmax"]),
       dtype=st.sampled_from([np.float64, np.float32, np.int64, np.complex128, np.bool_]))
def test_activations_match_a_reference_or_name_z(data: Any, name: str, dtype: Any) -> None:
    shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3))
    z = data.draw(hnp.arrays(dtype, shape))
    error = _failure(lambda: ACTIVATIONS[name](z), ["z"])
    if error is not None:
        return
    a = ACTIVATIONS[name](z)
    assert np.isfinite(a).all() and a.shape == z.shape
    zf = np.asarray(z, dtype=np.float64)
    reference = {
        "identity": lambda: zf, "relu": lambda: np.maximum(zf, 0),
        "tanh": lambda: np.tanh(zf),
        "sigmoid": lambda: np.vectorize(_exact_sigmoid, otypes=[float])(zf),
        "softmax": lambda: np.exp(zf - zf.max(axis=0)) / np.exp(zf - zf.max(axis=0)).sum(axis=0),
    }[name]()
    float32 = np.asarray(a).dtype == np.float32
    tol = 1e-5 if float32 else 1e-12
    # below the smallest normal float32 the spacing is absolute (subnormals)
    atol = float(np.finfo(np.float32).smallest_subnormal) * 4 if float32 else 1e-300
    np.testing.assert_allclose(a, reference, rtol=tol, atol=atol)


@given(sizes=st.one_of(st.lists(st.one_of(st.integers(-1, 4), st.sampled_from(ODD_VALUES)),
                                max_size=4),
                       st.sampled_from(["32", 5, None])))
def test_from_sizes_builds_the_sizes_given_or_names_them(sizes: Any) -> None:
    error = _failure(lambda: Network.from_sizes(sizes), ["sizes"])
    valid = isinstance(sizes, list) and len(sizes) >= 2 and all(_is_int(n, 1, 4) for n in sizes)
    assert (error is None) == valid
    if valid:
        assert Network.from_sizes(sizes).sizes == [int(n) for n in sizes]


@given(n=st.one_of(st.integers(-1, 40), st.sampled_from(ODD_VALUES)), noise=ANY_NUMBER,
       seed=st.one_of(st.integers(0, 3), st.sampled_from(ODD_VALUES)))
def test_datasets_are_finite_or_name_the_argument(n: Any, noise: Any, seed: Any) -> None:
    error = _failure(lambda: xor(n=n, noise=noise, seed=seed), ["n", "noise", "seed"])
    valid = (_is_int(n, 4, 40) and _is_int(seed, 0) and not isinstance(noise, bool)
             and isinstance(noise, (int, float)) and 0 <= noise < math.inf)
    assert error is None or not (valid and noise <= 1e300)  # 1e308 may overflow: an error
    if error is None:
        assert valid
        data = xor(n=n, noise=noise, seed=seed)
        assert len(data) == int(n) and np.isfinite(data.X).all()
        rng = np.random.default_rng(int(seed))  # the reference: corners plus scaled noise
        corners = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
        want = corners[np.arange(int(n)) % 4] + noise * rng.normal(size=(int(n), 2))
        np.testing.assert_array_equal(data.X, want)
