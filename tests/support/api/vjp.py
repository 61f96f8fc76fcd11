"""Specs of the public API of issue 25 (see support/contract.py): the gates, ``max`` on
Values and Duals, the layers as vector–Jacobian products (networks/vjp/), forward mode on
a network, what reverse mode stores (networks/memory), checkpointing, a layer's VJP through
the gradient checker, the chapters' figures, and the layer exercises' checkers.

Every valid call is checked against a reference computed another way (explicit Jacobians,
finite differences of the forward pass, closed-form byte counts); arguments with a shared
rule are probed by kind."""

# ruff: noqa: N806  (W, X, U: the book's names for matrices)

from __future__ import annotations

import math
from typing import Any

import numpy as np

from backprop_core.checks import vjp_check
from backprop_core.checks.gradcheck import numerical_gradient
from backprop_core.engine import gates as gate_module
from backprop_core.engine import slopes
from backprop_core.engine.forward_mode import Dual
from backprop_core.engine.value import Value, maximum
from backprop_core.figures import cost_charts
from backprop_core.figures import gates as gate_figures
from backprop_core.networks import checkpointing, memory
from backprop_core.networks.initialisation import deep_network
from backprop_core.networks.network import Network
from backprop_core.networks.vjp import base, conv1d, forward, jacobians, norms, recurrent, softmax
from backprop_core.practice import array_checks, batchnorm_vjp, bptt, conv_vjp, recompute
from backprop_core.practice import softmax_vjp as softmax_exercise
from support.contract import Spec

FEW = 0.1  # figures: fewer generated probes
RNG = np.random.default_rng(25)
X3 = RNG.normal(size=(3, 4))  # three features, four samples


def _fd_vjp(layer: base.Layer, x: np.ndarray, y_bar: np.ndarray) -> np.ndarray:
    """x̄ by centred differences of C = Σ ȳ ⊙ layer(x): the reference of every VJP."""
    return numerical_gradient(lambda v: float((y_bar * layer(v)).sum()), x.copy())


def _check_vjp(args: dict[str, Any], result: Any) -> None:
    layer, x, y_bar = args["layer"], args["x"], args["y_bar"]
    x_bar, grads = result
    np.testing.assert_allclose(x_bar, _fd_vjp(layer, x, y_bar), rtol=1e-6, atol=1e-8)
    for name, g in grads.items():
        p = layer.params[name]
        ref = numerical_gradient(lambda v, n=name: float(
            (y_bar * layer.with_params(**{n: v})(x)).sum()), p.copy())
        np.testing.assert_allclose(g, ref, rtol=1e-6, atol=1e-8)


def _vjp_args(layer: base.Layer, x: np.ndarray) -> dict[str, Any]:
    y = layer(x)
    return {"layer": layer, "x": x, "y_bar": np.random.default_rng(1).normal(size=y.shape)}


def _vjp_call(layer: base.Layer, x: np.ndarray, y_bar: np.ndarray) -> Any:
    _y, cache = layer.forward(x)
    return layer.vjp(cache, y_bar)


def _linear() -> base.Linear:
    return base.Linear(RNG.normal(size=(2, 3)), [0.1, -0.2])


def _rnn() -> recurrent.Recurrent:
    return recurrent.Recurrent.initialized(2, 3, 0.9, seed=3)


def _net() -> Network:
    return Network.from_sizes([3, 4, 2], ["tanh", "identity"], seed=2)


def _check_gates(_args: dict[str, Any], result: Any) -> None:
    add, mul, mx, relu, fork, copy = result
    assert [w.grad for w in add.inputs] == [2.0, 2.0]  # add distributes
    assert [w.grad for w in mul.inputs] == [-2.0, 6.0]  # multiply swaps: b·g, a·g
    assert [w.grad for w in mx.inputs] == [2.0, 0.0]  # max routes to the larger
    assert relu.inputs[0].grad == 0.0  # relu at a negative input stops it
    assert fork.inputs[0].grad == 1.5 and copy.inputs[0].grad == 2.5  # a fork sums


def _check_max(args: dict[str, Any], result: Any) -> None:
    value, dual, plain = result
    a, b = float(args["a"]), float(args["b"])
    assert plain == max(a, b) == value.data == dual.value
    assert dual.tangent == (1.0 if a > b else 0.0)


def _max_call(a: float, b: float) -> Any:
    x, y = Value(a), Value(b)
    out = x.max(y)
    out.backward()
    return out, Dual(a, 1.0).max(b), maximum(a, b)


def _check_slopes(args: dict[str, Any], result: Any) -> None:
    x = float(args["x"])
    assert result == 1.0 / (1.0 + math.exp(-x)) if abs(x) < 30 else 0.0 <= result <= 1.0


def _check_memory(args: dict[str, Any], result: Any) -> None:
    rows, total, per_sample, params = result
    n, m = args["sizes"], args["m"]
    assert total == sum(2 * k * m * 8 for k in n[1:]) == sum(r.nbytes for r in rows)
    assert per_sample * m == total
    assert params == sum(n[i] * n[i - 1] + n[i] for i in range(1, len(n))) * 8


def _memory_call(sizes: list[int], m: int) -> Any:
    return (memory.stored_arrays(sizes, m), memory.stored_bytes(sizes, m),
            memory.bytes_per_sample(sizes), memory.parameter_bytes(sizes))


def _measure_call(n: int) -> Any:
    return memory.measure(np.zeros, (n, 1000))


def _check_measure(args: dict[str, Any], result: Any) -> None:
    assert result.peak >= args["n"] * 1000 * 8 and result.result.shape == (args["n"], 1000)


def _checkpoint_call(every: int) -> Any:
    net = deep_network(6, 4, "tanh", "glorot", n_in=3, n_out=2,
                       output_activation="identity", seed=0)
    X, Y = RNG.normal(size=(3, 5)), RNG.normal(size=(2, 5))
    return (net.gradients(X, Y).flat(),
            checkpointing.checkpointed_gradients(net, X, Y, every),
            checkpointing.checkpoint_layers(net.L, every),
            checkpointing.recompute_segment(net.layers[:2], X))


def _check_checkpoint(args: dict[str, Any], result: Any) -> None:
    plain, run, kept, pairs = result
    np.testing.assert_allclose(run.gradients.flat(), plain, rtol=1e-12, atol=1e-15)
    assert kept == [0, 2, 4, 6, 7] and len(pairs) == 2  # L = 7: 6 hidden layers and the output


def _forward_call() -> Any:
    net = _net()
    X, Y = RNG.normal(size=(3, 5)), RNG.normal(size=(2, 5))
    theta = np.ones(net.n_params)
    return (net, X, Y, forward.split_params(net, theta), forward.network_jvp(net, X, Y, theta),
            forward.gradient_by_jvps(net, X, Y), forward.output_jacobian(net, X[:, :1],
                                                                           "forward"),
            forward.output_jacobian(net, X[:, :1], "reverse"))


def _check_forward(_args: dict[str, Any], result: Any) -> None:
    net, X, Y, pairs, (cost, slope), grad, fwd, rev = result
    backprop = net.gradients(X, Y).flat()
    np.testing.assert_allclose(grad, backprop, rtol=1e-10, atol=1e-13)
    assert math.isclose(slope, backprop.sum(), rel_tol=1e-10) and cost == net.cost(X, Y)
    assert [p[0].shape for p in pairs] == [(4, 3), (2, 4)]
    np.testing.assert_allclose(fwd.jacobian, rev.jacobian, rtol=1e-12, atol=1e-15)
    assert (fwd.passes, rev.passes) == (3, 2)


def _jacobian_call(wrt: str) -> Any:
    layer = _linear()
    J = jacobians.layer_jacobian(layer, X3, wrt)
    size = jacobians.dense_weight_jacobian_size(2, 3, 4)
    by_jvps = jacobians.jacobian_by_jvps(lambda v: layer.params["W"] @ v, (3,))
    return layer, J, size, size.bytes(), by_jvps


def _check_jacobian(args: dict[str, Any], result: Any) -> None:
    layer, J, size, nbytes, by_jvps = result
    W = layer.params["W"]
    np.testing.assert_allclose(by_jvps, W)
    if args["wrt"] == "x":
        np.testing.assert_allclose(J, np.kron(W, np.eye(4)), atol=1e-15)
    assert (size.entries, size.vjp_entries, nbytes) == (8 * 6, 8 + 6, 8 * 6 * 8)


def _softmax_call(sample: int) -> Any:
    layer = softmax.Softmax()
    s, cache = layer.forward(X3)
    z_dot = RNG.normal(size=X3.shape)
    return s, layer.jacobian(cache, sample), layer.jvp(cache, z_dot), z_dot, \
        softmax.softmax_vjp(s, np.ones_like(s))


def _check_softmax(args: dict[str, Any], result: Any) -> None:
    s, J, jvp, z_dot, ones = result
    i = int(args["sample"])
    np.testing.assert_allclose(J, np.diag(s[:, i]) - np.outer(s[:, i], s[:, i]), atol=1e-15)
    np.testing.assert_allclose(jvp[:, i], J @ z_dot[:, i], atol=1e-14)
    np.testing.assert_allclose(ones, 0.0, atol=1e-15)  # Σ s is 1 whatever z: its slope is 0


def _conv_call() -> Any:
    x, w = RNG.normal(size=(6, 2)), np.array([0.5, -1.0, 2.0])
    layer = conv1d.Conv1D(w, 0.3)
    return (x, w, layer, conv1d.windows(x, 3), conv1d.conv1d(x, w, 0.3), layer.matrix(6),
            conv1d.conv1d_vjp(x, w, np.ones((4, 2))))


def _check_conv(_args: dict[str, Any], result: Any) -> None:
    x, w, layer, windows, y, T, (x_bar, w_bar, b_bar) = result
    np.testing.assert_allclose(y, T @ x + 0.3, atol=1e-14)
    np.testing.assert_allclose(x_bar, T.T @ np.ones((4, 2)), atol=1e-14)
    np.testing.assert_allclose(w_bar, [x[j:j + 4].sum() for j in range(3)], atol=1e-13)
    assert b_bar == 8.0 and windows.shape[0] == 4 and layer.k == 3


def _norm_call(over: str) -> Any:
    g, b = np.array([1.0, 2.0, 0.5]), np.array([0.0, 0.1, -0.1])
    layer = norms.batch_norm(g, b) if over == "samples" else norms.layer_norm(g, b)
    axis = 1 if over == "samples" else 0
    x_hat, inv = norms.normalise(X3, axis, 1e-5)
    back = norms.normalise_vjp(x_hat, inv, np.ones_like(X3), axis)
    return layer, _vjp_call(layer, X3, np.ones_like(X3) * np.arange(4)), x_hat, back


def _check_norm(args: dict[str, Any], result: Any) -> None:
    layer, (x_bar, grads), x_hat, back = result
    y_bar = np.ones_like(X3) * np.arange(4)
    np.testing.assert_allclose(x_bar, _fd_vjp(layer, X3, y_bar), rtol=1e-6, atol=1e-8)
    axis = 1 if args["over"] == "samples" else 0
    np.testing.assert_allclose(x_hat.mean(axis=axis), 0.0, atol=1e-14)
    np.testing.assert_allclose(back, 0.0, atol=1e-12)  # a shift of x̂ everywhere is undone
    assert set(grads) == {"gamma", "beta"}


def _rnn_call(steps: int) -> Any:
    layer = _rnn()
    X = RNG.normal(size=(steps, 2, 3))
    H = layer.run(X)
    y, cache = layer.forward(X)
    y_bar = np.zeros_like(y)
    y_bar[-1] = 1.0
    result = layer.bptt(cache, y_bar)
    W, U = layer.params["W"], layer.params["U"]
    step = recurrent.step_vjp(W, U, X[-1], H[-2], H[-1], np.ones((3, 3)))
    return (layer, X, H, y, result, result.h0_bar, layer.vjp(cache, y_bar), step,
            recurrent.state_gradient_norms(layer, X, np.ones((3, 3))),
            layer.check_sequence(X), layer.n_h)


def _check_rnn(args: dict[str, Any], result: Any) -> None:
    layer, X, H, y, res, h0_bar, (x_bar, grads), step, norms_t, checked, n_h = result
    T = int(args["steps"])
    assert H.shape == (T + 1, 3, 3) and n_h == 3 and checked.shape == X.shape
    np.testing.assert_allclose(y[-1], H[-1])
    y_bar = np.zeros_like(y)
    y_bar[-1] = 1.0
    np.testing.assert_allclose(x_bar, _fd_vjp(layer, X, y_bar), rtol=1e-6, atol=1e-8)
    assert norms_t.shape == (T + 1,) and h0_bar.shape == (3, 3) and len(step) == 5
    assert set(grads) == {"W", "U", "b"}


def _check_vjp_check(_args: dict[str, Any], result: Any) -> None:
    (x, y_bar), checks = result
    assert x.shape == (3, 4) and y_bar.shape == (2, 4)
    assert all(r.ok for r in checks.values()) and set(checks) == {"x", "W", "b"}


def _helpers_call(name: str) -> Any:
    x = np.arange(6.0).reshape(2, 3)
    return (base.as_matrix(x, name), base.like(x, (2, 3), name), base.cache_bytes({"x": x}),
            base.Elementwise("tanh"), _linear().with_params(b=[1.0, 2.0]))


def _check_helpers(_args: dict[str, Any], result: Any) -> None:
    m, like, nbytes, act, lin = result
    assert m.shape == like.shape == (2, 3) and nbytes == 48
    x_bar, grads = _vjp_call(act, X3, np.ones_like(X3))
    np.testing.assert_allclose(x_bar, 1 - np.tanh(X3) ** 2) and not grads  # type: ignore[func-returns-value]
    np.testing.assert_array_equal(lin.params["b"], [1.0, 2.0])


def _figures_call() -> Any:
    ks, L = [1, 2, 4], 4
    return (gate_figures.draw_gates(gate_module.gate_patterns()),
            cost_charts.plot_through_time({"gain 0.9": [0.5, 0.7, 1.0],
                                           "gain 1.1": [2.0, 1.4, 1.0]}),
            cost_charts.plot_stored_memory({"counted": ([1, 2], [1e6, 2e6])},
                                           {"measured": ([1, 2], [1e6, 2.1e6])},
                                           depth_label="depth", batch_label="batch"),
            cost_charts.plot_checkpointing(ks, [4, 3, 4], ([1, 4], [3e6, 4e6]), [4, 7, 7], L),
            cost_charts.plot_modes_memory([2, 4], [1e6, 2e6], [1e5, 1e5]))


def _check_figures(_args: dict[str, Any], result: Any) -> None:
    assert all(fig.axes for fig in result)


def _exercise_solutions() -> dict[str, Any]:
    def soft(s: np.ndarray, g: np.ndarray) -> np.ndarray:
        return s * (g - (s * g).sum(axis=0, keepdims=True))

    def norm(x: np.ndarray, gamma: np.ndarray, dy: np.ndarray, eps: float) -> Any:
        mu, var = x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)
        inv = 1 / np.sqrt(var + eps)
        xh, gh = (x - mu) * inv, gamma * dy
        dx = inv * (gh - gh.mean(axis=1, keepdims=True)
                    - xh * (gh * xh).mean(axis=1, keepdims=True))
        return dx, (dy * xh).sum(axis=1), dy.sum(axis=1)

    def conv(x: np.ndarray, w: np.ndarray, g: np.ndarray) -> Any:
        k, positions = w.size, g.shape[0]
        dx = np.zeros_like(x)
        for t in range(positions):
            dx[t:t + k] += np.outer(w, g[t])
        return dx, np.array([(g * x[j:j + positions]).sum() for j in range(k)]), g.sum()

    def step(W: np.ndarray, U: np.ndarray, x: np.ndarray, h: np.ndarray, h_next: np.ndarray,
             g: np.ndarray) -> Any:
        d = g * (1 - h_next**2)
        return W.T @ d, d @ h.T, d @ x.T, d.sum(axis=1)

    def loop(W: np.ndarray, U: np.ndarray, X: np.ndarray, H: np.ndarray, G: np.ndarray) -> Any:
        out, hb = [np.zeros_like(W), np.zeros_like(U), np.zeros(W.shape[0])], G[len(X)]
        for t in reversed(range(len(X))):
            back, *terms = step(W, U, X[t], H[t], H[t + 1], hb)
            out = [o + term for o, term in zip(out, terms, strict=True)]
            hb = back + G[t]
        return tuple(out)

    def again(layers: Any, a: np.ndarray) -> Any:
        pairs = []
        for layer in layers:
            z, a = layer.forward(a)
            pairs.append((z, a))
        return pairs

    return {"softmax": soft, "batchnorm": norm, "conv": conv, "step": step, "bptt": loop,
            "recompute": again}


def _exercises_call(seed: int) -> Any:
    s = _exercise_solutions()
    return (softmax_exercise.check_softmax_vjp(s["softmax"], quiet=True, seed=seed),
            batchnorm_vjp.check_batchnorm_vjp(s["batchnorm"], quiet=True, seed=seed),
            conv_vjp.check_conv1d_vjp(s["conv"], quiet=True, seed=seed),
            bptt.check_bptt(s["step"], s["bptt"], quiet=True, seed=seed),
            recompute.check_recompute(s["recompute"], quiet=True, seed=seed))


def _check_exercises(_args: dict[str, Any], result: Any) -> None:
    assert all(r.ok for r in result), [str(r) for r in result if not r.ok]


def _array_checks_call(scale: float) -> Any:
    right = np.array([[1.0, -2.0], [0.5, 3.0]]) * scale
    got = array_checks.results(lambda a: a * 1.0, {"a": right}, ["grad"], "return grad")
    array_checks.check_shape("grad", got[0], right.shape)
    array_checks.judge("grad", got[0], right, [], lambda v: float((v * right).sum()),
                       right / 2, "here")
    return (got[0], array_checks.gap(got[0] * (1 + 1e-9), right),
            array_checks.exact(got[0], right), array_checks.matches(got[0], right),
            array_checks.numeric_at(lambda v: float((v**2).sum()), right, (0, 1)))


def _check_array_checks(args: dict[str, Any], result: Any) -> None:
    got, gap, exact, matches, slope = result
    scale = float(args["scale"])
    assert exact and matches and gap <= 2e-9
    assert math.isclose(slope, -4.0 * scale, rel_tol=1e-6, abs_tol=1e-9)
    np.testing.assert_array_equal(got, np.array([[1.0, -2.0], [0.5, 3.0]]) * scale)


SPECS: list[Spec] = [
    Spec("gates.gate_patterns", (gate_module.gate, gate_module.gate_patterns,
                                 gate_module.GatePattern, gate_module.Wire),
         gate_module.gate_patterns, dict, {}, check=_check_gates),
    Spec("gates.gate", (gate_module.gate,), gate_module.gate,
         lambda: {"kind": "multiply", "values": (3.0, -1.0), "upstream": (2.0,)},
         {"kind": "name"}, says={"kind": ("kind",)},
         extra={"kind": ("add", "max", "fork", "copy", "relu")}),
    Spec("value.maximum", (maximum, Value.max, Dual.max), _max_call,
         lambda: {"a": 3.0, "b": -1.0}, {"a": "real", "b": "real"},
         says={"a": ("data", "value", "x"), "b": ("data", "value", "y", "constant")},
         check=_check_max, huge={"a": False, "b": False}),
    Spec("slopes.stable_sigmoid", (slopes.stable_sigmoid,), slopes.stable_sigmoid,
         lambda: {"x": 0.5}, {}, check=_check_slopes),
    Spec("memory.stored_bytes", (memory.stored_arrays, memory.stored_bytes,
                                 memory.bytes_per_sample, memory.parameter_bytes,
                                 memory.StoredArray), _memory_call,
         lambda: {"sizes": [4, 3, 2], "m": 5}, {"sizes": "custom", "m": "count"},
         says={"sizes": ("sizes",), "m": ("m",)}, check=_check_memory,
         huge={"m": False}, extra={"sizes": (None, [], [3], "32", [3, 0], [3, -1])}),
    Spec("memory.measure", (memory.measure, memory.Measured), _measure_call,
         lambda: {"n": 50}, {}, check=_check_measure),
    Spec("checkpointing.checkpointed_gradients",
         (checkpointing.checkpointed_gradients, checkpointing.CheckpointRun,
          checkpointing.checkpoint_layers, checkpointing.recompute_segment),
         _checkpoint_call, lambda: {"every": 2}, {}, check=_check_checkpoint),
    Spec("vjp.forward", (forward.split_params, forward.network_jvp, forward.gradient_by_jvps,
                         forward.output_jacobian, forward.ModeCount),
         _forward_call, dict, {}, check=_check_forward),
    Spec("vjp.jacobians", (jacobians.layer_jacobian, jacobians.jacobian_by_vjps,
                           jacobians.jacobian_by_jvps, jacobians.JacobianSize,
                           jacobians.JacobianSize.bytes,
                           jacobians.dense_weight_jacobian_size),
         _jacobian_call, lambda: {"wrt": "x"}, {"wrt": "name"}, says={"wrt": ("wrt",)},
         check=_check_jacobian, extra={"wrt": ("W", "b")}),
    Spec("vjp.linear", (base.Layer, base.Layer.forward, base.Layer.vjp, base.Linear,
                        base.Linear.forward, base.Linear.vjp, base.Layer.with_params),
         _vjp_call, lambda: _vjp_args(_linear(), X3), {}, check=_check_vjp),
    Spec("vjp.base helpers", (base.as_matrix, base.like, base.cache_bytes, base.Elementwise,
                              base.Elementwise.forward, base.Elementwise.vjp),
         _helpers_call, lambda: {"name": "x"}, {}, check=_check_helpers),
    Spec("vjp.softmax", (softmax.Softmax, softmax.Softmax.forward, softmax.Softmax.vjp,
                         softmax.Softmax.jvp, softmax.Softmax.jacobian, softmax.softmax_vjp),
         _softmax_call, lambda: {"sample": 2}, {}, check=_check_softmax),
    Spec("vjp.softmax layer", (softmax.Softmax.vjp,), _vjp_call,
         lambda: _vjp_args(softmax.Softmax(), X3), {}, check=_check_vjp),
    Spec("vjp.conv1d", (conv1d.Conv1D, conv1d.Conv1D.forward, conv1d.Conv1D.vjp,
                        conv1d.Conv1D.matrix, conv1d.conv1d, conv1d.conv1d_vjp,
                        conv1d.windows), _conv_call, dict, {}, check=_check_conv),
    Spec("vjp.conv1d layer", (conv1d.Conv1D.vjp,), _vjp_call,
         lambda: _vjp_args(conv1d.Conv1D([0.5, -1.0, 2.0], 0.3), RNG.normal(size=(6, 2))),
         {}, check=_check_vjp),
    Spec("vjp.norms", (norms.Normalisation, norms.Normalisation.forward,
                       norms.Normalisation.vjp, norms.batch_norm, norms.layer_norm,
                       norms.normalise, norms.normalise_vjp),
         _norm_call, lambda: {"over": "samples"}, {}, check=_check_norm),
    Spec("vjp.norms layer", (norms.Normalisation.vjp,), _norm_call,
         lambda: {"over": "features"}, {}, check=_check_norm),
    Spec("vjp.recurrent", (recurrent.Recurrent, recurrent.Recurrent.initialized,
                           recurrent.Recurrent.run, recurrent.Recurrent.forward,
                           recurrent.Recurrent.bptt, recurrent.Recurrent.vjp,
                           recurrent.Recurrent.check_sequence, recurrent.BPTT,
                           recurrent.step_vjp, recurrent.state_gradient_norms),
         _rnn_call, lambda: {"steps": 4}, {}, check=_check_rnn),
    Spec("vjp_check.check_layer", (vjp_check.check_layer, vjp_check.probe),
         lambda layer, x: (vjp_check.probe(layer, x), vjp_check.check_layer(layer, x)),
         lambda: {"layer": _linear(), "x": X3}, {}, check=_check_vjp_check),
    Spec("cost_charts and gates figures", (gate_figures.draw_gates,
                                           cost_charts.plot_through_time,
                                           cost_charts.plot_stored_memory,
                                           cost_charts.plot_checkpointing,
                                           cost_charts.plot_modes_memory),
         _figures_call, dict, {}, check=_check_figures, examples=FEW),
    Spec("practice.layer exercises", (softmax_exercise.check_softmax_vjp,
                                      batchnorm_vjp.check_batchnorm_vjp,
                                      conv_vjp.check_conv1d_vjp, bptt.check_bptt,
                                      recompute.check_recompute),
         _exercises_call, lambda: {"seed": 0}, {"seed": "seed"}, check=_check_exercises),
    Spec("practice.array_checks", (array_checks.results, array_checks.check_shape,
                                   array_checks.judge, array_checks.gap, array_checks.exact,
                                   array_checks.matches, array_checks.numeric_at),
         _array_checks_call, lambda: {"scale": 2.0}, {}, check=_check_array_checks),
]
