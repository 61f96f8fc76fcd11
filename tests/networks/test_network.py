"""network.py: the book's equations in matrix form, checked numerically and with autograd."""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

import warnings
from typing import Any

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad
from hypothesis import given
from hypothesis import strategies as st

from backprop_core.checks.gradcheck import check_network
from backprop_core.errors import (
    ArgumentError,
    ArgumentTypeError,
    BackpropError,
    DomainError,
    LayerIndexError,
    NonFiniteError,
    ShapeError,
    UnknownNameError,
    check_result,
)
from backprop_core.networks.activations import ACTIVATIONS, Activation
from backprop_core.networks.layers import Dense
from backprop_core.networks.losses import checked_loss_value, checked_output_delta
from backprop_core.networks.network import Network

LOSSES = ["squared_error", "binary_cross_entropy", "softmax_cross_entropy"]
AUTOGRAD_ACT = {
    "identity": lambda z: z,
    "sigmoid": lambda z: 1 / (1 + anp.exp(-z)),
    "tanh": anp.tanh,
    "relu": lambda z: anp.maximum(z, 0.0),
    "softmax": lambda z: anp.exp(z) / anp.sum(anp.exp(z), axis=0),
}


@st.composite
def network_cases(draw: Any) -> tuple[list[int], list[str], str, int, int]:
    n_layers = draw(st.integers(1, 3))
    sizes = draw(st.lists(st.integers(1, 5), min_size=n_layers + 1, max_size=n_layers + 1))
    hidden = draw(st.lists(st.sampled_from(["identity", "sigmoid", "tanh", "relu"]),
                           min_size=n_layers - 1, max_size=n_layers - 1))
    loss = draw(st.sampled_from(LOSSES))
    return sizes, hidden, loss, draw(st.integers(0, 10_000)), draw(st.integers(1, 6))


@given(case=network_cases())
def test_backprop_passes_the_gradient_check_on_random_networks(
    case: tuple[list[int], list[str], str, int, int], random_network: Any,
    random_targets: Any,
) -> None:
    sizes, hidden, loss, seed, m = case
    net = random_network(sizes, hidden, loss, seed)
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(sizes[0], m))
    result = check_network(net, X, random_targets(net, m, rng))
    assert result.ok, result


def _autograd_cost(net: Network) -> Any:
    acts = [layer.activation.name for layer in net.layers]

    def cost(params: list[tuple[Any, Any]], X: np.ndarray, Y: np.ndarray) -> Any:
        a = X
        for (W, b), act in zip(params, acts, strict=True):
            z = anp.dot(W, a) + b[:, None]
            a = AUTOGRAD_ACT[act](z)
        if net.loss.name == "squared_error":
            per = 0.5 * anp.sum((a - Y) ** 2, axis=0)
        elif net.loss.name == "binary_cross_entropy":
            per = anp.sum(-Y * anp.log(a) - (1 - Y) * anp.log(1 - a), axis=0)
        else:
            per = -anp.sum(Y * anp.log(a), axis=0)
        return anp.mean(per)

    return cost


@pytest.mark.parametrize(("hidden", "output", "loss"), [
    (["sigmoid", "sigmoid"], "sigmoid", "squared_error"),
    (["tanh", "relu"], "identity", "squared_error"),
    (["relu", "tanh"], "softmax", "squared_error"),
    (["tanh", "sigmoid"], "sigmoid", "binary_cross_entropy"),
    (["relu", "identity"], "softmax", "softmax_cross_entropy"),
])
def test_gradients_agree_with_autograd_on_the_2_4_4_3_network(
    hidden: list[str], output: str, loss: str, random_network: Any, random_targets: Any,
) -> None:
    net = random_network([2, 4, 4, 3], hidden, loss, seed=5, output=output)
    rng = np.random.default_rng(11)
    X = rng.normal(size=(2, 7))
    Y = random_targets(net, 7, rng)
    params = [(layer.W, layer.b) for layer in net.layers]
    cost = _autograd_cost(net)
    expected = grad(cost)(params, X, Y)
    grads = net.gradients(X, Y)
    assert grads.cost == pytest.approx(float(cost(params, X, Y)), rel=1e-12)
    for l, (dW, db) in enumerate(expected, start=1):
        np.testing.assert_allclose(grads.dW[l], dW, rtol=1e-9, atol=1e-13)
        np.testing.assert_allclose(grads.db[l], db, rtol=1e-9, atol=1e-13)


def test_deltas_follow_the_book_equations(random_network: Any) -> None:
    net = random_network([3, 5, 4, 2], ["tanh", "sigmoid"], "squared_error", seed=2)
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(3, 6)), rng.normal(size=(2, 6))
    cache = net.forward(X)
    g = net.backward(cache, Y)
    sig, tanh = ACTIVATIONS["sigmoid"], ACTIVATIONS["tanh"]
    assert sig.derivative is not None and tanh.derivative is not None
    # δ^L = ∇_a C ⊙ σ'(z^L)
    np.testing.assert_allclose(g.delta[3], (cache.a[3] - Y) * sig.derivative(cache.z[3]))
    # δ^l = (W^{l+1})ᵀ δ^{l+1} ⊙ σ'(z^l)
    np.testing.assert_allclose(g.delta[2], net.layers[2].W.T @ g.delta[3]
                               * sig.derivative(cache.z[2]))
    np.testing.assert_allclose(g.delta[1], net.layers[1].W.T @ g.delta[2]
                               * tanh.derivative(cache.z[1]))
    # ∂C/∂W^l = δ^l (a^{l-1})ᵀ and ∂C/∂b^l = δ^l, averaged over the 6 samples
    for l in (1, 2, 3):
        np.testing.assert_allclose(g.dW[l], g.delta[l] @ cache.a[l - 1].T / 6)
        np.testing.assert_allclose(g.db[l], g.delta[l].mean(axis=1))


def test_cache_is_indexed_by_layer_number() -> None:
    net = Network.from_sizes([2, 4, 4, 3], "sigmoid")
    x = np.array([0.5, -1.0])
    cache = net.forward(x)
    assert sorted(cache.a) == [0, 1, 2, 3] and sorted(cache.z) == [1, 2, 3]
    np.testing.assert_array_equal(cache.a[0], x.reshape(2, 1))
    assert cache.output.shape == (3, 1)
    np.testing.assert_array_equal(net.predict(x), cache.output)
    assert (net.L, net.sizes, net.n_params) == (3, [2, 4, 4, 3], 8 + 4 + 16 + 4 + 12 + 3)


def test_a_single_sample_gives_the_same_gradient_as_a_batch_of_one() -> None:
    net = Network.from_sizes([2, 3, 1], "tanh", seed=1)
    g1 = net.gradients([0.2, 0.4], [0.5])
    g2 = net.gradients([[0.2], [0.4]], [[0.5]])
    np.testing.assert_array_equal(g1.flat(), g2.flat())


def test_construction_is_seeded() -> None:
    a = Network.from_sizes([2, 4, 1], "tanh", seed=3).get_params()
    b = Network.from_sizes([2, 4, 1], "tanh", seed=3).get_params()
    c = Network.from_sizes([2, 4, 1], "tanh", seed=4).get_params()
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_params_round_trip_and_copy_is_independent() -> None:
    net = Network.from_sizes([2, 3, 2], ["relu", "identity"], seed=0)
    theta = np.arange(net.n_params, dtype=float)
    net.set_params(theta)
    np.testing.assert_array_equal(net.get_params(), theta)
    np.testing.assert_array_equal(net.layers[0].W, [[0, 1], [2, 3], [4, 5]])
    np.testing.assert_array_equal(net.layers[0].b, [6, 7, 8])
    twin = net.copy()
    twin.layers[0].W[0, 0] = 99.0
    assert net.layers[0].W[0, 0] == 0.0
    assert repr(twin) == repr(net) == ("Network(sizes=[2, 3, 2], activations=['relu', "
                                       "'identity'], loss='squared_error')")


def test_logit_losses_stay_finite_at_huge_logits() -> None:
    net = Network([Dense([[1000.0], [-1000.0], [0.0]], [0.0, 0.0, 0.0], "softmax")],
                  loss="softmax_cross_entropy")
    g = net.gradients([[1.0, -1.0]], [[0.0, 1.0], [1.0, 0.0], [0.0, 0.0]])
    assert np.isfinite(g.cost) and g.cost == pytest.approx(2000.0)
    assert np.isfinite(g.flat()).all()
    np.testing.assert_allclose(g.dW[1], [[1.0], [-1.0], [0.0]])  # both samples: δ·x = (1, -1, 0)


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: Network.from_sizes([2, 3], "sigmod"), UnknownNameError,
     r"unknown activation 'sigmod'; valid activation names: 'identity', 'relu'"),
    (lambda: Network.from_sizes([2, 3], "sigmoid", loss="mse"), UnknownNameError,
     r"unknown loss 'mse'; valid loss names"),
    (lambda: Network.from_sizes([2, 3, 1], ["tanh"]), ValueError,
     r"sizes \[2, 3, 1\] make 2 layers, but 1 activations were given"),
    (lambda: Network.from_sizes([2], "tanh"), ValueError,
     r"sizes must list n_0, ..., n_L \(at least two positive numbers\), got \[2\]"),
    (lambda: Network.from_sizes([2, 0], "tanh"), ArgumentError,
     r"^sizes\[1\] \(n_1\) must be an integer >= 1, got 0, in sizes \[2, 0\]$"),
    (lambda: Network.from_sizes([2, 3], "sigmoid", loss="softmax_cross_entropy"), ValueError,
     r"assumes a 'softmax' output layer, but the output activation is 'sigmoid'"),
    (lambda: Network([]), ValueError, "a network needs at least one layer"),
    (lambda: Network([Dense(np.ones((4, 2)), np.zeros(4)), Dense(np.ones((3, 5)),
                                                                 np.zeros(3))]),
     ShapeError, r"layer 2 has W\^2 of shape \(3, 5\), expecting n_1 = 5 inputs, but layer 1 "
                 r"has 4 neurons \(W\^1 of shape \(4, 2\)\)"),
])
def test_bad_construction_gives_a_readable_error(call: Any, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        call()


def test_bad_data_gives_a_readable_error() -> None:
    net = Network.from_sizes([2, 4, 4, 3], "sigmoid")
    with pytest.raises(ShapeError, match=r"^layer 1 expects input x with 2 rows \(n_0 = 2\) "
                                         r"but got array of shape \(5, 2\) \(samples as rows\? "
                                         r"pass the transpose: one sample per column\)$"):
        net.forward(np.zeros((5, 2)))
    with pytest.raises(ShapeError, match=r"^targets y must have shape \(3, 5\) like a\^3 "
                                         r"\(n_3 = 3 rows, one column per sample\), but got "
                                         r"array of shape \(5, 3\)$"):
        net.cost(np.zeros((2, 5)), np.zeros((5, 3)))
    with pytest.raises(NonFiniteError, match=r"^input x contains nan at index \(1, 0\)"):
        net.gradients([[0.0], [np.nan]], np.zeros((3, 1)))
    with pytest.raises(NonFiniteError, match=r"^targets y contains inf"):
        net.gradients(np.zeros((2, 1)), [[np.inf], [0.0], [0.0]])
    with pytest.raises(ShapeError, match=r"theta must have shape \(47,\) for Network"):
        net.set_params(np.zeros(42))
    with pytest.raises(NonFiniteError, match=r"^theta contains nan at index \(3,\)"):
        net.set_params(np.where(np.arange(47) == 3, np.nan, 0.0))


def test_source_000_is_wrong_that_no_hidden_layer_makes_the_cost_convex() -> None:
    # one sigmoid neuron, squared error, no hidden layer: E(w) = ½σ(w)² for x = 1, y = 0
    net = Network([Dense([[0.0]], [0.0], "sigmoid")], loss="squared_error")

    def E(w: float) -> float:
        net.set_params([w, 0.0])
        return net.cost([[1.0]], [[0.0]])

    h = 1e-3
    assert (E(2.0 + h) - 2 * E(2.0) + E(2.0 - h)) / h**2 < -0.05  # E'' < 0: concave there
    assert E(3.0) > (E(1.0) + E(5.0)) / 2  # the chord lies below the curve


def test_layers_are_numbered_from_one() -> None:
    net = Network.from_sizes([2, 4, 4, 3], "sigmoid")
    assert net.layer(1) is net.layers[0] and net.layer(3).index == 3
    with pytest.raises(IndexError, match=r"layers are numbered 1..3, got 0"):
        net.layer(0)


def test_a_float32_network_computes_in_float32() -> None:
    # converting to float64 on the way would double the cost of every matrix product
    ref = Network.from_sizes([3, 5, 2], ["relu", "sigmoid"], seed=2)
    net32 = Network([Dense(layer.W.astype(np.float32), layer.b.astype(np.float32),
                           layer.activation, layer.index) for layer in ref.layers], ref.loss)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(3, 4)).astype(np.float32)
    Y = rng.uniform(size=(2, 4)).astype(np.float32)
    grads = net32.gradients(X, Y)
    assert all(g.dtype == np.float32 for g in grads.dW.values())
    assert all(g.dtype == np.float32 for g in grads.db.values())
    grads64 = ref.gradients(X.astype(np.float64), Y.astype(np.float64))
    for l in grads.dW:
        assert np.allclose(grads.dW[l], grads64.dW[l], rtol=1e-4, atol=1e-6)


# ---- issue 14: empty batches, overflow, arguments, the targets' domain ---------------------

EMPTY_CALLS = {
    "cost": lambda net, X, Y: net.cost(X, Y),
    "gradients": lambda net, X, Y: net.gradients(X, Y),
    "check_targets": lambda net, X, Y: net.check_targets(Y, 0),
}


@pytest.mark.parametrize("call", sorted(EMPTY_CALLS))
def test_an_empty_batch_is_refused_without_a_warning(call: str) -> None:
    net = Network.from_sizes([3, 2, 1], "sigmoid")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's "Mean of empty slice" would fail here
        with pytest.raises(ShapeError, match=r"^input x has no samples \(0 columns\): the cost "
                                             r"C is a mean over the samples, so it needs at "
                                             r"least one$"):
            EMPTY_CALLS[call](net, np.zeros((3, 0)), np.zeros((1, 0)))
    assert net.predict(np.zeros((3, 0))).shape == (1, 0)  # no mean: an empty answer is right


def test_overflow_in_z_is_a_non_finite_error_naming_the_layer() -> None:
    net = Network([Dense([[1e200, 1e200]], [0.0], "identity")])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "overflow encountered in matmul" either
        for call in (net.predict, lambda x: net.cost(x, [[0.0]]),
                     lambda x: net.gradients(x, [[0.0]]), lambda x: check_network(net, x, [[0]])):
            with pytest.raises(NonFiniteError, match=r"^z\^1 = W\^1 a\^0 \+ b\^1 is inf at index "
                                                     r"\(0, 0\) although every input was "
                                                     r"finite: the numbers overflow float64 "
                                                     r"\(largest \|W\^1\| = 1e\+200, largest "
                                                     r"\|a\^0\| = 1e\+200\)"):
                call([[1e200], [1e200]])
    net32 = Network([Dense(np.full((1, 2), 1e20, np.float32), np.zeros(1, np.float32),
                           "identity")])
    with pytest.raises(NonFiniteError, match=r"the numbers overflow float32"):
        net32.predict(np.full((2, 1), 1e20, np.float32))


def test_overflow_in_the_backward_pass_names_the_gradient() -> None:
    # z = 1e300 is finite, but ∂C/∂W = δ·x = 1e300·1e100 is not
    net = Network([Dense([[1e200]], [0.0], "identity")])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(NonFiniteError, match=r"^∂C/∂W\^1 is inf at index \(0, 0\) although "
                                                 r"every input was finite"):
            net.gradients([[1e100]], [[0.0]])
        with pytest.raises(NonFiniteError, match=r"squared_error cost of a sample is inf"):
            net.cost([[1e100]], [[0.0]])
    # δ = 1.5e308 per sample: ∂C/∂W = δ·1e-300 is fine, the sum of δ over 2 samples is not
    with pytest.raises(NonFiniteError, match=r"^∂C/∂b\^1 is inf"):
        Network([Dense([[1.0]], [0.0], "identity")]).gradients([[1e-300, 1e-300]],
                                                               [[-1.5e308, -1.5e308]])
    # two layers: (W^2)ᵀ δ^2 overflows before δ^1 is formed
    deep = Network([Dense([[1.0]], [0.0], "identity"), Dense([[1e300]], [0.0], "identity")])
    with pytest.raises(NonFiniteError, match=r"^\(W\^2\)ᵀ δ\^2 is inf"):
        deep.gradients([[1e-300 * 5]], [[-1e10]])


@pytest.mark.parametrize(("sizes", "error", "message"), [
    ([3, 2.7], ArgumentError, r"^sizes\[1\] \(n_1\) must be an integer, got 2.7, in sizes "
                              r"\[3, 2.7\]$"),
    ([3, "2"], ArgumentTypeError, r"^sizes\[1\] \(n_1\) must be an integer, got str '2'"),
    ([3, True], ArgumentTypeError, r"got bool True"),
    ([3, float("nan")], ArgumentError, r"must be an integer, got nan"),
    ([3, -2], ArgumentError, r"must be an integer >= 1, got -2"),
    ("32", ArgumentTypeError, r"^sizes must be a list of layer sizes \[n_0, ..., n_L\], got "
                              r"str '32'$"),
    (5, ArgumentTypeError, r"got int 5$"),
    ([1, 1e308], ArgumentError, r"^sizes\[1\] \(n_1\) must be an integer, got 1e\+308"),
    ([1, 10**15], ArgumentError, r"^sizes \[1, 1000000000000000\] make about 10\^15 "
                                 r"parameters, more than numpy can allocate"),
])
def test_from_sizes_refuses_sizes_that_are_not_positive_integers(
    sizes: Any, error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        Network.from_sizes(sizes)


def test_from_sizes_accepts_integer_valued_numbers_and_checks_seed_and_activations() -> None:
    assert Network.from_sizes([np.int64(3), 2.0]).sizes == [3, 2]
    with pytest.raises(ArgumentError, match=r"^seed must be an integer >= 0, got -1$"):
        Network.from_sizes([2, 1], seed=-1)
    with pytest.raises(ArgumentError, match=r"^seed must be an integer, got 1.5$"):
        Network.from_sizes([2, 1], seed=1.5)
    with pytest.raises(UnknownNameError, match=r"^unknown activation 3; valid"):
        Network.from_sizes([2, 1], 3)  # type: ignore[arg-type]


def test_network_construction_checks_the_layers() -> None:
    with pytest.raises(ArgumentTypeError, match=r"^layers\[1\] must be a Dense layer, got int 2"):
        Network([Dense([[1.0]], [0.0]), 2])  # type: ignore[list-item]
    with pytest.raises(ArgumentError, match=r"a network needs at least one layer\), got "
                                            r"Dense"):
        Network(Dense([[1.0]], [0.0]))  # type: ignore[arg-type]


def test_layer_numbers_outside_1_to_L_are_a_layer_index_error() -> None:
    net = Network.from_sizes([2, 4, 4, 3], "sigmoid")
    for bad in (0, 4, 1.5, True, "1"):
        with pytest.raises(LayerIndexError, match=r"^layers are numbered 1..3, got ") as info:
            net.layer(bad)  # type: ignore[arg-type]
        assert isinstance(info.value, IndexError)  # the errata chapter catches IndexError
    assert net.layer(np.int64(2)) is net.layers[1]


def test_targets_are_reported_in_the_shape_they_were_given() -> None:
    net = Network.from_sizes([2, 3, 1], "sigmoid")
    with pytest.raises(ShapeError, match=r"but got array of shape \(5,\)$"):
        net.cost(np.zeros((2, 4)), np.zeros(5))  # was reported as (5, 1)
    with pytest.raises(ShapeError, match=r"but got array of shape \(4,\) \(a vector of targets: "
                                         r"pass it as one row, y.reshape\(1, -1\)\)$"):
        net.cost(np.zeros((2, 4)), np.zeros(4))
    with pytest.raises(ShapeError, match=r"layer 1 expects input x with 2 rows .* shape \(3,\)$"):
        net.predict(np.zeros(3))  # was reported as (3, 1)


@pytest.mark.parametrize(("loss", "output", "y"), [
    ("binary_cross_entropy", "sigmoid", [[2.0], [0.0]]),
    ("binary_cross_entropy", "sigmoid", [[-1.0], [0.0]]),
    ("softmax_cross_entropy", "softmax", [[-1.0], [2.0]]),
    ("softmax_cross_entropy", "softmax", [[1.0], [1.0]]),
])
def test_the_network_checks_the_targets_against_its_loss(loss: str, output: str,
                                                         y: list[list[float]]) -> None:
    net = Network.from_sizes([2, 2], output, loss=loss)
    for call in (net.cost, net.gradients):
        with pytest.raises(DomainError, match=rf"for {loss}"):
            call(np.zeros((2, 1)), y)


# ---- issue 20: cheap checks around the column form, catching what array-by-array checks did --

def _exp(z: Any) -> np.ndarray:
    return np.exp(np.asarray(z, dtype=float))


# an activation made outside the book's list: the network may assume nothing about it
EXP = Activation("exp", _exp, _exp)


def _array_by_array(net: Network, X: np.ndarray, Y: np.ndarray) -> Any:
    """The gradients with every array checked entry by entry as soon as it is made, in the
    order of the equations: how Network.gradients checked before issue 20."""
    a: dict[int, np.ndarray] = {0: net.check_input(X)}
    z: dict[int, np.ndarray] = {}
    for layer in net.layers:  # input, W^l, b^l and z^l, as Dense.forward checks them
        z[layer.index], a[layer.index] = layer.forward(a[layer.index - 1])
    L, m = net.L, a[0].shape[1]
    y = net.check_targets(Y, m)
    act = {layer.index: layer.activation for layer in net.layers}
    with np.errstate(all="ignore"):
        delta = {L: checked_output_delta(net.loss, act[L], z[L], a[L], y)}
        check_result(delta[L], f"δ^{L}")
        for l in range(L - 1, 0, -1):
            back = net.layer(l + 1).W.T @ delta[l + 1]
            check_result(back, f"(W^{l + 1})ᵀ δ^{l + 1}")
            delta[l] = act[l].backward_checked(z[l], back)
        dW = {l: np.dot(delta[l], a[l - 1].T) / m for l in delta}
        db = {l: delta[l].sum(axis=1) / m for l in delta}
    for l in range(1, L + 1):
        check_result(delta[l], f"δ^{l}")
        check_result(dW[l], f"∂C/∂W^{l}")
        check_result(db[l], f"∂C/∂b^{l}")
    return dW, db, delta, checked_loss_value(net.loss, z[L], a[L], y)


def _outcome(call: Any) -> Any:
    """What a call gives: ("raised", class, message) or ("gave", arrays and cost, bit by bit)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # EXP overflows; the old forward pass warned too
        try:
            result = call()
        except BackpropError as exc:
            return ("raised", type(exc), str(exc))
    dW, db, delta, cost = result
    bits = [(l, g.dtype, g.shape, g.tobytes())
            for d in (dW, db, delta) for l, g in sorted(d.items())]
    return ("gave", bits, np.float64(cost).tobytes())


def _gradients(net: Network, X: np.ndarray, Y: np.ndarray) -> Any:
    g = net.gradients(X, Y)
    return g.dW, g.db, g.delta, g.cost


def _forward_then_backward(net: Network, X: np.ndarray, Y: np.ndarray) -> Any:
    g = net.backward(net.forward(X), Y)  # the cache is the caller's in between
    return g.dW, g.db, g.delta, g.cost


BAD = [np.nan, np.inf, -np.inf, 1e20, 1e38, 3.3e38, 1e100, 1e155, 1e200, 1e300, -1e300]


@st.composite
def corrupted_cases(draw: Any) -> tuple[Network, np.ndarray, np.ndarray, str]:
    """A random network, batch and dtype, with one thing wrong or too large (or nothing)."""
    n_layers = draw(st.integers(1, 3))
    sizes = draw(st.lists(st.integers(1, 4), min_size=n_layers + 1, max_size=n_layers + 1))
    hidden = draw(st.lists(st.sampled_from(["identity", "sigmoid", "tanh", "relu", "softmax",
                                            EXP]), min_size=n_layers - 1, max_size=n_layers - 1))
    loss = draw(st.sampled_from(["squared_error", "binary_cross_entropy",
                                 "softmax_cross_entropy"]))
    output = {"binary_cross_entropy": "sigmoid", "softmax_cross_entropy": "softmax"}.get(
        loss, draw(st.sampled_from(["identity", "sigmoid", "relu", EXP])))
    dtype = draw(st.sampled_from([np.float64, np.float32]))
    m, seed = draw(st.integers(1, 4)), draw(st.integers(0, 1000))
    rng = np.random.default_rng(seed)
    scale = 10.0 ** draw(st.sampled_from([0, 0, 1, 5, 19, 37, 100, 150, 200, 300]))
    if dtype is np.float32:
        scale = min(scale, 1e37)  # a parameter must be finite to make a layer
    net = Network([Dense((rng.normal(size=(n_out, n_in)) * scale).astype(dtype),
                         rng.normal(size=n_out).astype(dtype), act, l)
                   for l, (n_in, n_out, act) in enumerate(
                       zip(sizes[:-1], sizes[1:], [*hidden, output], strict=True), start=1)],
                  loss)
    X = rng.normal(size=(sizes[0], m)).astype(dtype)
    if loss == "softmax_cross_entropy":
        Y = np.eye(sizes[-1])[:, rng.integers(0, sizes[-1], size=m)].astype(dtype)
    elif loss == "binary_cross_entropy":
        Y = rng.integers(0, 2, size=(sizes[-1], m)).astype(dtype)
    else:
        Y = rng.normal(size=(sizes[-1], m)).astype(dtype)
    where = draw(st.sampled_from(["nothing", "x", "y", "W", "b", "all of x"]))
    value = draw(st.sampled_from(BAD))
    with np.errstate(over="ignore"):
        if where == "all of x":  # large inputs: δ^l (a^{l-1})ᵀ may overflow
            X *= dtype(min(abs(value), 1e30 if dtype is np.float32 else 1e300))
        elif where == "x":
            X[draw(st.integers(0, sizes[0] - 1)), draw(st.integers(0, m - 1))] = value
        elif where == "y":
            Y[draw(st.integers(0, sizes[-1] - 1)), draw(st.integers(0, m - 1))] = value
        elif where in ("W", "b"):  # e.g. after a training step diverged
            layer = net.layers[draw(st.integers(0, n_layers - 1))]
            array = layer.W if where == "W" else layer.b
            array.flat[draw(st.integers(0, array.size - 1))] = value
    return net, X, Y, f"{where} = {value}, weights x {scale:g}, {np.dtype(dtype).name}"


@given(case=corrupted_cases())
def test_the_cheap_checks_catch_what_array_by_array_checks_caught(
    case: tuple[Network, np.ndarray, np.ndarray, str]
) -> None:
    # NaN, ±inf or huge numbers in the input, the targets or a parameter, or weights so
    # large that z^l, δ^l, (W^{l+1})ᵀ δ^{l+1}, ∂C/∂W^l, ∂C/∂b^l or C overflows, in float64
    # and float32, with activations the network knows and one it does not: the same error
    # with the same message, or the same gradients bit for bit
    net, X, Y, what = case
    expected = _outcome(lambda: _array_by_array(net, X, Y))
    assert _outcome(lambda: _gradients(net, X, Y)) == expected, what
    assert _outcome(lambda: _forward_then_backward(net, X, Y)) == expected, what


def _diverged(net: Network) -> Network:
    net.layers[-1].W[0, 0] = np.inf  # as a training step that diverged leaves it
    return net


@pytest.mark.parametrize(("make", "message"), [
    (lambda: (Network([Dense([[1.0, 2.0]], [0.0])]), [[1.0], [np.nan]], [[0.5]]),
     r"^input x contains nan at index \(1, 0\)"),
    (lambda: (_diverged(Network([Dense([[1.0]], [0.0], "relu"), Dense([[1.0]], [0.0])])),
              [[1.0]], [[0.5]]), r"^W\^2 contains inf at index \(0, 0\)"),
    (lambda: (Network([Dense([[1.0]], [0.0], EXP), Dense([[1.0]], [0.0])]), [[1000.0]],
              [[0.5]]), r"^a\^1 contains inf at index \(0, 0\)"),
    (lambda: (Network([Dense([[1.0]], [0.0], "softmax"), Dense([[1e308]], [0.0], "identity")]),
              [[1.0]], [[0.0]]), r"^\(W\^2\)ᵀ δ\^2 is inf"),
    (lambda: (Network([Dense([[1e200]], [0.0], "identity")]), [[1e100]], [[0.0]]),
     r"^∂C/∂W\^1 is inf at index \(0, 0\) although every input was finite"),
])
def test_each_kind_of_bad_number_is_named_as_before(make: Any, message: str) -> None:
    net, X, Y = make()
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    expected = _outcome(lambda: _array_by_array(net, X, Y))
    assert _outcome(lambda: _gradients(net, X, Y)) == expected
    assert _outcome(lambda: _forward_then_backward(net, X, Y)) == expected
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(NonFiniteError, match=message):
            net.gradients(X, Y)


def test_finite_input_is_not_read_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    # the layer-by-layer pass that words an error runs only when a cheap test fails
    net = Network.from_sizes([3, 4, 2], ["relu", "softmax"], loss="softmax_cross_entropy")
    calls: list[int] = []
    original = Dense.forward

    def counted(layer: Dense, a_prev: Any) -> Any:
        calls.append(layer.index)
        return original(layer, a_prev)

    monkeypatch.setattr(Dense, "forward", counted)
    X, Y = np.ones((3, 5)), np.eye(2)[:, [0, 1, 0, 1, 0]]
    net.gradients(X, Y)
    assert calls == []
    X[1, 2] = np.nan
    with pytest.raises(NonFiniteError, match=r"^input x contains nan"):
        net.gradients(X, Y)
    assert calls == []  # found by the input check, before the pass
    net.layers[1].W[0, 0] = np.inf
    with pytest.raises(NonFiniteError, match=r"^W\^2 contains inf"):
        net.gradients(np.ones((3, 5)), Y)
    assert calls == [1, 2]
