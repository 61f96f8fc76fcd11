"""Specs of backprop_core.networks (see support/contract.py)."""

# ruff: noqa: E741  (l is the book's name for a layer number)

from __future__ import annotations

import math
from decimal import Context, Decimal, localcontext
from typing import Any

import numpy as np

from backprop_core.networks import (
    activations,
    batching,
    cost_functions,
    datasets,
    depth,
    descent,
    forms,
    holdout,
    initialisation,
    layers,
    losses,
    training,
)
from backprop_core.networks.gradients import Gradients
from backprop_core.networks.layers import Dense
from backprop_core.networks.network import ForwardCache, Network
from support.contract import Spec

from .common import NET_SAYS, XY_SAYS, X, Y, net_xy, small_net

Z = np.array([[0.5, -2.0, 40.0], [-30.0, 1.0, 0.0]])
A = np.array([[0.2, 0.7, 0.4], [0.9, 0.1, 0.5]])
P = np.array([[0.0, 1.0, 0.5], [1.0, 0.0, 0.5]])  # columns: distributions, and in [0, 1]


def _exact_sigmoid_prime(z: float) -> float:
    """σ'(z) = e^{-|z|} / (1 + e^{-|z|})², to 40 digits (σ' is even)."""
    with localcontext(Context(prec=40, Emax=10**6, Emin=-10**6)):
        e = Decimal(-abs(z)).exp()
        return float(e / (1 + e) ** 2)


def _check_sigmoid_prime(args: dict[str, Any], result: Any) -> None:
    z = np.asarray(args["z"], dtype=np.float64)
    exact = np.vectorize(_exact_sigmoid_prime, otypes=[float])(z)
    np.testing.assert_allclose(result, exact, rtol=4e-16 * 8 if result.dtype == np.float64
                               else 1e-6, atol=0)


def _elementwise(name: str, f: Any) -> Spec:
    return Spec(f"activations.{name}", (f,), f, lambda: {"z": Z.copy()}, {"z": "array"},
                check=_check_sigmoid_prime if name == "sigmoid_prime" else None)


def _net_spec(name: str, f: Any, covers: tuple[Any, ...] = (), **extra: Any) -> Spec:
    """A function of (net, X, Y) probed in each of the three (net not, for a method)."""
    kinds = {"X": "array", "Y": "array", **extra.get("kinds", {})}
    if not covers:
        kinds["net"] = "object"
    return Spec(name, covers or (f,), f, lambda: net_xy(**extra.get("args", {})), kinds,
                says={**XY_SAYS, **extra.get("says", {})}, huge=extra.get("huge", {}),
                check=extra.get("check"))


def _check_relative_profile(args: dict[str, Any], result: Any) -> None:
    p = np.asarray(args["profile"], dtype=np.float64)
    np.testing.assert_array_equal(result, p / p[-1])


def _check_row_spread(args: dict[str, Any], result: Any) -> None:
    M = np.asarray(args["M"], dtype=np.float64)
    want = max(abs(float(M[j, k]) - float(M[0, k])) for j in range(M.shape[0])
               for k in range(M.shape[1]))
    assert result == want


def _check_init_std(args: dict[str, Any], result: Any) -> None:
    n_in, n_out = int(args["n_in"]), int(args["n_out"])
    want = {"naive": 1.0, "glorot": math.sqrt(2 / (n_in + n_out)),
            "he": math.sqrt(2 / n_in)}[args["scheme"]]
    assert result == want


def _check_split(args: dict[str, Any], result: Any) -> None:
    Xt, Yt, Xh, Yh = result
    m = np.asarray(args["X"]).shape[1]
    assert Xt.shape[1] + Xh.shape[1] == m and Xh.shape[1] >= 1 and Xt.shape[1] >= 1
    np.testing.assert_array_equal(np.sort(np.r_[Yt[0], Yh[0]]), np.sort(np.asarray(
        args["Y"], dtype=float)[0]))


def _check_held(args: dict[str, Any], result: Any) -> None:
    epochs = int(args["epochs"])
    if result.diverged_at is None:
        assert len(result.train) == len(result.held_out) == epochs + 1
        assert result.train_accuracy is not None
    else:
        assert 1 <= result.diverged_at <= epochs


def _check_one_hot(args: dict[str, Any], result: Any) -> None:
    labels = np.asarray(args["labels"])
    assert result.shape == (int(args["n_classes"]), labels.size)
    for i, c in enumerate(labels):
        assert result[:, i].tolist() == [float(k == c) for k in range(result.shape[0])]


def _constant_check(args: dict[str, Any], result: Any) -> None:
    for layer in result.layers:
        assert np.all(float(args["value"]) == layer.W) and np.all(layer.b == 0)


def _two_param_net() -> Network:
    return Network([Dense([[0.5]], [0.1], "sigmoid")])


def _grads() -> dict[str, Any]:
    g = small_net().gradients(X, Y)
    return {"dW": {1: g.dW[1].copy(), 2: g.dW[2].copy()},
            "db": {1: g.db[1].copy(), 2: g.db[2].copy()}}


def _dataset() -> datasets.Dataset:
    return datasets.xor(8, seed=1)


SPECS: list[Spec] = [
    # ---- activations -------------------------------------------------------------------
    *[_elementwise(name, getattr(activations, name)) for name in (
        "identity", "identity_prime", "sigmoid", "sigmoid_prime", "tanh", "tanh_prime",
        "relu", "relu_prime", "softmax")],
    Spec("activations.softmax_jacobian", (activations.softmax_jacobian,),
         activations.softmax_jacobian, lambda: {"z": np.array([0.5, -1.0, 2.0])},
         {"z": "array"}),
    Spec("activations.softmax_jvp", (activations.softmax_jvp,), activations.softmax_jvp,
         lambda: {"z": Z.copy(), "v": A.copy()}, {"z": "array", "v": "array"}),
    Spec("activations.get_activation", (activations.get_activation,),
         activations.get_activation, lambda: {"name": "tanh"}, {"name": "name"},
         says={"name": ("activation",)}),
    Spec("activations.Activation", (activations.Activation, activations.Activation.backward),
         lambda act, z, grad_a: (act(z), act.backward(z, grad_a)),
         lambda: {"act": activations.get_activation("tanh"), "z": Z.copy(),
                  "grad_a": A.copy()}, {"z": "array", "grad_a": "array"}),
    Spec("activations.Activation(softmax)", (activations.Activation.backward,),
         lambda act, z, grad_a: act.backward(z, grad_a),
         lambda: {"act": activations.get_activation("softmax"), "z": Z.copy(),
                  "grad_a": A.copy()}, {"z": "array", "grad_a": "array"},
         says={"grad_a": ("v",)}),
    # ---- losses ------------------------------------------------------------------------
    *[Spec(f"losses.{name}", (getattr(losses, name),), getattr(losses, name),
           lambda: {"a": A.copy(), "y": P.copy()}, {"a": "array", "y": "array"})
      for name in ("squared_error", "squared_error_gradient")],
    *[Spec(f"losses.{name}", (getattr(losses, name),), getattr(losses, name),
           lambda: {"z": Z.copy(), "y": P.copy()}, {"z": "array", "y": "array"})
      for name in ("binary_cross_entropy", "binary_cross_entropy_gradient",
                   "softmax_cross_entropy", "softmax_cross_entropy_gradient")],
    *[Spec(f"losses.{name}", (getattr(losses, name),), getattr(losses, name),
           lambda: {"z": Z.copy()}, {"z": "array"}) for name in ("softplus", "logsumexp")],
    Spec("losses.get_loss", (losses.get_loss,), losses.get_loss,
         lambda: {"name": "binary_cross_entropy"}, {"name": "name"},
         says={"name": ("loss",)}),
    *[Spec(f"losses.Loss.value({name})", (losses.Loss, losses.Loss.value,
                                          losses.Loss.check_targets),
           lambda loss, output, y: loss.value(output, y),
           lambda name=name: {"loss": losses.get_loss(name), "output": Z.copy(),
                              "y": P.copy()},
           {"output": "array", "y": "array"}, says={"output": ("z^L", "a^L"),
                                                   "y": ("targets y",)})
      for name in losses.LOSSES],
    Spec("losses.loss_value", (losses.loss_value, losses.Loss.checked_value),
         losses.loss_value, lambda: {"loss": losses.get_loss("binary_cross_entropy"),
                                     "z": Z.copy(), "a": A.copy(), "y": P.copy()},
         {"loss": "object", "z": "array", "a": "array", "y": "array"},
         says={"loss": ("loss", "Loss"), "z": ("z^L",), "a": ("a^L",), "y": ("targets y",)}),
    Spec("losses.check_pairing", (losses.check_pairing,), losses.check_pairing,
         lambda: {"loss": losses.get_loss("softmax_cross_entropy"),
                  "activation": activations.get_activation("softmax")},
         {"loss": "object", "activation": "object"},
         says={"loss": ("Loss",), "activation": ("Activation",)}),
    Spec("losses.output_delta", (losses.output_delta,), losses.output_delta,
         lambda: {"loss": losses.get_loss("squared_error"),
                  "activation": activations.get_activation("tanh"), "z": Z.copy(),
                  "a": A.copy(), "y": P.copy()},
         {"loss": "object", "activation": "object", "z": "array", "a": "array",
          "y": "array"},
         says={"loss": ("Loss",), "activation": ("Activation",), "z": ("z^L",),
               "a": ("a^L",), "y": ("targets y",)}),
    # ---- layers and the network ----------------------------------------------------------
    Spec("layers.as_columns", (layers.as_columns,), layers.as_columns,
         lambda: {"x": X.copy(), "name": "input x"}, {"x": "array", "name": "text"},
         says={"x": ("input x",)}),
    Spec("layers.Dense", (Dense,), Dense,
         lambda: {"W": [[0.1, -0.2], [0.3, 0.4]], "b": [0.0, 0.1], "activation": "relu",
                  "index": 2},
         {"W": "array", "b": "array", "activation": "name", "index": "count"},
         says={"W": ("W^",), "b": ("b^",), "activation": ("activation",)}),
    Spec("layers.Dense.initialized", (Dense.initialized,), Dense.initialized,
         lambda: {"n_in": 3, "n_out": 2, "activation": "relu",
                  "rng": np.random.default_rng(0), "index": 1},
         {"n_in": "count", "n_out": "count", "activation": "name", "rng": "object",
          "index": "count"}, says={"activation": ("activation",), "rng": ("rng", "Generator")},
         huge={"n_in": False, "n_out": False}),
    Spec("layers.Dense methods", (Dense.check_parameters, Dense.check_input, Dense.forward),
         lambda layer, a_prev: (layer.check_parameters(), layer.forward(a_prev)),
         lambda: {"layer": Dense([[0.1, -0.2], [0.3, 0.4], [0.0, 1.0]], [0, 0, 1], "tanh"),
                  "a_prev": X.copy()},
         {"a_prev": "array"}, says={"a_prev": ("input x", "a^")}),
    Spec("network.Network", (Network,), Network,
         lambda: {"layers": [Dense([[0.1, 0.2]], [0.0], "sigmoid")],
                  "loss": "binary_cross_entropy"},
         {"layers": "object", "loss": "name"}, says={"loss": ("loss",)}),
    Spec("network.Network.from_sizes", (Network.from_sizes,), Network.from_sizes,
         lambda: {"sizes": [2, 3, 1], "activations": "tanh", "loss": "squared_error",
                  "seed": 3},
         {"sizes": "object", "activations": "name", "loss": "name", "seed": "seed"},
         says={"activations": ("activation",), "loss": ("loss",)},
         extra={"sizes": ([2, 0], [2, -1], [2, 1.5], [2], [], "23", [2, 10**12], (2, 1),
                          [2, "3"], [2, 1e308])}),
    Spec("network.Network.layer", (Network.layer,), lambda net, l: net.layer(l),
         lambda: {"net": small_net(), "l": 2}, {"l": "index"}, says={"l": ("layers",)}),
    _net_spec("network.Network.gradients",
              lambda net, X, Y: (net.gradients(X, Y), net.cost(X, Y), net.predict(X)),
              (Network.gradients, Network.forward, Network.backward, Network.cost,
               Network.predict, Network.check_input, Network.check_targets, ForwardCache)),
    Spec("network.Network.backward", (Network.backward,),
         lambda net, cache, y: net.backward(cache, y),
         lambda: {"net": small_net(), "cache": small_net().forward(X), "y": Y.copy()},
         {"cache": "object", "y": "array"}, says={"cache": ("cache", "ForwardCache"),
                                                 "y": ("targets y",)}),
    Spec("network.Network.check_targets", (Network.check_targets,),
         lambda net, y, m: net.check_targets(y, m),
         lambda: {"net": small_net(), "y": Y.copy(), "m": 4}, {"y": "array", "m": "index"},
         says={"y": ("targets y",), "m": ("input x", "samples")}),
    Spec("network.Network.set_params", (Network.set_params, Network.get_params,
                                        Network.copy),
         lambda net, theta: (net.set_params(theta), net.copy().get_params()),
         lambda: {"net": small_net(), "theta": small_net(1).get_params()},
         {"theta": "array"}),
    # ---- gradients ---------------------------------------------------------------------
    Spec("gradients.Gradients", (Gradients, Gradients.flat, Gradients.in_columns),
         lambda dW, db, cost, layout: Gradients(dW, db, cost=cost, layout=layout).flat(),
         lambda: {**_grads(), "cost": 0.5, "layout": "columns"},
         {"dW": "object", "db": "object", "cost": "real?", "layout": "name"},
         says={"dW": ("dW", "∂C/∂W"), "db": ("db", "∂C/∂b"), "cost": ("cost", "C")}),
    Spec("gradients.Gradients.mean", (Gradients.mean, Gradients.sum),
         lambda net, X, Y: (batching.per_sample_gradients(net, X, Y).mean().flat(),
                            batching.per_sample_gradients(net, X, Y).sum().flat()),
         lambda: net_xy(), {"X": "array"}, says=XY_SAYS),
    # ---- forms and batching ---------------------------------------------------------------
    _net_spec("forms.scalar_loop", forms.scalar_loop),
    _net_spec("forms.column_form", forms.column_form),
    Spec("forms.row_form", (forms.row_form,), forms.row_form,
         lambda: {"net": small_net(), "X_rows": X.T.copy(), "Y_rows": Y.T.copy()},
         {"net": "object", "X_rows": "array", "Y_rows": "array"},
         says={"net": NET_SAYS, "X_rows": ("X_rows", "input x"),
               "Y_rows": ("Y_rows", "targets y")}),
    Spec("forms.neuron_label", (forms.neuron_label,), forms.neuron_label,
         lambda: {"name": "z", "l": 2, "j": 1}, {"name": "text", "l": "index", "j": "index"}),
    Spec("forms.network_graph", (forms.network_graph, forms.NetworkGraph.delta,
                                 forms.NetworkGraph),
         lambda net, x, y: forms.network_graph(net, x, y).delta(),
         lambda: {"net": small_net(), "x": X[:, 0].copy(), "y": Y[:, 0].copy()},
         {"net": "object", "x": "array", "y": "array"}, says=XY_SAYS),
    Spec("batching.batch_gradients", (batching.batch_gradients,), batching.batch_gradients,
         lambda: {**net_xy(), "samples_as": "columns"},
         {"net": "object", "X": "array", "Y": "array", "samples_as": "name"},
         says={**XY_SAYS, "X": ("input x", "X_rows"), "Y": ("targets y", "Y_rows")}),
    _net_spec("batching.per_sample_gradients", batching.per_sample_gradients),
    _net_spec("batching.measured_bytes", batching.measured_bytes),
    Spec("batching.memory_report", (batching.memory_report, batching.MemoryRow),
         batching.memory_report, lambda: {"sizes": [784, 30, 10], "batch_size": 16,
                                          "itemsize": 4},
         {"sizes": "object", "batch_size": "count", "itemsize": "count"},
         says={"itemsize": ("itemsize",)},
         extra={"sizes": ([2, 0], [2], "23", [2, 1.5], [2, 10**30], [2, None])}),
    # ---- the cost as a function ------------------------------------------------------------
    Spec("cost_functions.cost_of_params", (cost_functions.cost_of_params,
                                           cost_functions.ParamsCost,
                                           cost_functions.ParamsCost.gradient),
         lambda net, X, Y, layer, part: (lambda c: (c(c.theta), c.gradient(c.theta)))(
             cost_functions.cost_of_params(net, X, Y, layer=layer, part=part)),
         lambda: {**net_xy(), "layer": 2, "part": "W"},
         {"net": "object", "X": "array", "Y": "array", "layer": "index", "part": "name"},
         says={**XY_SAYS, "layer": ("layers",)}),
    Spec("cost_functions.cost_of_params(weight)", (cost_functions.cost_of_params,),
         lambda net, X, Y, weight: cost_functions.cost_of_params(
             net, X, Y, layer=1, weight=weight)(np.array([0.3])),
         lambda: {**net_xy(), "weight": (2, 1)}, {"weight": "object"},
         extra={"weight": ((0, 1), (1, 9), (1.5, 1), (1,), "12", (True, 1))}),
    Spec("cost_functions.ParamsCost.__call__", (cost_functions.ParamsCost,),
         lambda cost, theta: (cost(theta), cost.gradient(theta)),
         lambda: {"cost": cost_functions.cost_of_params(small_net(), X, Y),
                  "theta": small_net(2).get_params()}, {"theta": "array"}),
    Spec("cost_functions.cost_of_z", (cost_functions.cost_of_z, cost_functions.ZCost),
         lambda net, l, X, Y, z: cost_functions.cost_of_z(net, l, X, Y)(z),
         lambda: {**net_xy(), "l": 1, "z": np.zeros((3, 4))},
         {"net": "object", "l": "index", "X": "array", "Y": "array", "z": "array"},
         says={**XY_SAYS, "l": ("layers",), "z": ("z^",)}),
    # ---- data sets, initialisation, depth --------------------------------------------------
    Spec("datasets.one_hot", (datasets.one_hot,), datasets.one_hot,
         lambda: {"labels": np.array([0, 2, 1, 2]), "n_classes": 3},
         {"labels": "object", "n_classes": "count"}, check=_check_one_hot,
         huge={"n_classes": False},
         extra={"labels": (np.array([0, 3]), np.array([-1]), np.array([0.5]), [[0, 1]],
                           np.array([], dtype=int), [0, 1], "01", np.array([True]))}),
    *[Spec(f"datasets.{name}", (getattr(datasets, name), datasets.Dataset),
           getattr(datasets, name), lambda a=args: dict(a), kinds,
           huge={"n": False})
      for name, args, kinds in [
          ("xor", {"n": 8, "noise": 0.1, "seed": 1},
           {"n": "count", "noise": "real", "seed": "seed"}),
          ("two_moons", {"n": 8, "noise": 0.1, "seed": 1},
           {"n": "count", "noise": "real", "seed": "seed"}),
          ("spirals", {"n": 9, "n_classes": 3, "noise": 0.1, "turns": 1.5, "seed": 1},
           {"n": "count", "n_classes": "count", "noise": "real", "turns": "real",
            "seed": "seed"}),
          ("blobs", {"n": 9, "n_classes": 3, "spread": 0.4, "seed": 1},
           {"n": "count", "n_classes": "count", "spread": "real", "seed": "seed"})]],
    Spec("datasets.get_dataset", (datasets.get_dataset,),
         lambda name, kwargs: datasets.get_dataset(name, **kwargs),
         lambda: {"name": "blobs", "kwargs": {"n": 6, "seed": 2}},
         {"name": "name", "kwargs": "custom"},
         says={"name": ("dataset",), "kwargs": ("parameter", "n", "seed", "noise")},
         extra={"kwargs": ({"no-such": 1}, {"n": "abc"}, {"n": math.nan}, {"seed": -1},
                           {"spread": math.inf}, {"turns": 1.0}, {})}),
    Spec("datasets.Dataset.columns", (datasets.Dataset.columns,),
         lambda data, one_hot_targets: data.columns(one_hot_targets),
         lambda: {"data": _dataset(), "one_hot_targets": True}, {"one_hot_targets": "flag"}),
    Spec("datasets.Dataset.limits", (datasets.Dataset.limits,),
         lambda data, margin: data.limits(margin),
         lambda: {"data": _dataset(), "margin": 0.5}, {"margin": "real"}),
    Spec("initialisation.init_std", (initialisation.init_std,), initialisation.init_std,
         lambda: {"scheme": "glorot", "n_in": 3, "n_out": 5},
         {"scheme": "name", "n_in": "count", "n_out": "count"},
         says={"scheme": ("initialisation",)}, check=_check_init_std),
    Spec("initialisation.initialised_network", (initialisation.initialised_network,),
         initialisation.initialised_network,
         lambda: {"sizes": [2, 3, 1], "activations": "tanh", "scheme": "he",
                  "loss": "squared_error", "seed": 4},
         {"sizes": "object", "activations": "name", "scheme": "name", "loss": "name",
          "seed": "seed"},
         says={"activations": ("activation",), "scheme": ("initialisation",),
               "loss": ("loss",)},
         extra={"sizes": ([2, 0], [2], [2, 1.5], [2, 10**12], "23", 5, [2, None],
                          [2, 10**6, 10**6])}),
    Spec("initialisation.deep_network", (initialisation.deep_network,),
         initialisation.deep_network,
         lambda: {"depth": 2, "width": 3, "activation": "relu", "scheme": "he", "n_in": 2,
                  "n_out": 1, "output_activation": "sigmoid", "loss": "squared_error",
                  "seed": 1},
         {"depth": "count", "width": "count", "activation": "name", "scheme": "name",
          "n_in": "count", "n_out": "count", "output_activation": "name", "loss": "name",
          "seed": "seed"},
         says={"activation": ("activation",), "output_activation": ("activation",),
               "scheme": ("initialisation",), "loss": ("loss",),
               "n_in": ("sizes",), "n_out": ("sizes",)},
         huge={"depth": False, "width": False, "n_in": False, "n_out": False}),
    Spec("initialisation.constant_network", (initialisation.constant_network,),
         initialisation.constant_network,
         lambda: {"sizes": [2, 3, 1], "activations": "tanh", "value": 0.3,
                  "loss": "squared_error"},
         {"sizes": "object", "activations": "name", "value": "real", "loss": "name"},
         says={"activations": ("activation",), "loss": ("loss",)},
         check=_constant_check,
         extra={"value": ([1.0, 2.0], np.array([1.0, 2.0, 3.0]), np.ones((3, 2)), [math.nan]),
                "sizes": ([2, 0], [2], "23")}),
    _net_spec("depth.delta_profile", depth.delta_profile),
    Spec("depth.relative_profile", (depth.relative_profile,), depth.relative_profile,
         lambda: {"profile": [0.5, 2.0, 4.0]}, {"profile": "array"},
         check=_check_relative_profile, extra={"profile": ([1.0, 0.0], [1e-320, 1e300])}),
    Spec("depth.delta_sweep", (depth.delta_sweep,),
         depth.delta_sweep,
         lambda: {"activations": ["tanh", "relu"], "schemes": ["he"], "X": X.copy(),
                  "Y": Y.copy(), "depth": 2, "width": 3, "seed": 0},
         {"activations": "names", "schemes": "names", "X": "array", "Y": "array",
          "depth": "count", "width": "count", "seed": "seed"},
         says={**XY_SAYS, "activations": ("activation",),
               "schemes": ("initialisation",)},
         huge={"depth": False, "width": False}),
    Spec("depth.row_spread", (depth.row_spread,), depth.row_spread,
         lambda: {"M": np.array([[1.0, 2.0], [1.5, 1.0], [0.0, 2.0]])}, {"M": "array"},
         check=_check_row_spread),
    Spec("depth.layer_spreads", (depth.layer_spreads,),
         lambda net, X, Y: depth.layer_spreads(net, X, Y), net_xy,
         {"net": "object", "X": "array", "Y": "array"}, says=XY_SAYS,
         extra={"Y": (), "X": ()}),
    # ---- training --------------------------------------------------------------------------
    Spec("descent.walk_downhill", (descent.walk_downhill, descent.Walk),
         descent.walk_downhill, lambda: {**net_xy(), "learning_rate": 0.5, "steps": 3},
         {"net": "object", "X": "array", "Y": "array", "learning_rate": "rate",
          "steps": "steps"}, says=XY_SAYS, huge={"steps": False}),
    Spec("descent.cost_surface", (descent.cost_surface,), descent.cost_surface,
         lambda: {"net": _two_param_net(), "X": np.array([[0.5, -1.0]]),
                  "Y": np.array([[0.2, 0.9]]), "first": np.linspace(-1, 1, 3),
                  "second": np.linspace(-2, 2, 4)},
         {"net": "object", "X": "array", "Y": "array", "first": "array", "second": "array"},
         says=XY_SAYS),
    Spec("training.sgd", (training.sgd, training.History, training.Snapshot),
         training.sgd, lambda: {**net_xy(), "learning_rate": 0.5, "batch_size": 2,
                                "epochs": 2, "seed": 1, "snapshot_every": 1},
         {"net": "object", "X": "array", "Y": "array", "learning_rate": "rate",
          "batch_size": "count", "epochs": "steps", "seed": "seed", "snapshot_every": "count?"},
         says={**XY_SAYS, "learning_rate": ("diverged",)}, huge={"epochs": False}),
    _net_spec("training.accuracy", training.accuracy),
    Spec("training.decision_grid", (training.decision_grid,), training.decision_grid,
         lambda: {"net": small_net(), "xlim": (-1.0, 1.0), "ylim": (0.0, 2.0),
                  "resolution": 5},
         {"net": "object", "xlim": "object", "ylim": "object", "resolution": "count"},
         says={"net": NET_SAYS}, huge={"resolution": False},
         extra={"xlim": ((1, 0), (0, math.nan), (0, 1e308), (-1e308, 1e308), (0, 1, 2)),
                "ylim": ((1, 1), ("0", 1))}),
    Spec("holdout.split", (holdout.split,), holdout.split,
         lambda: {"X": X.copy(), "Y": Y.copy(), "held_out": 0.5, "seed": 3},
         {"X": "array", "Y": "array", "held_out": "fraction", "seed": "seed"},
         says={"X": ("X",), "Y": ("Y",)}, check=_check_split),
    Spec("holdout.train_with_held_out", (holdout.train_with_held_out, holdout.Curves),
         holdout.train_with_held_out,
         lambda: {"net": small_net(), "X_train": X[:, :3].copy(), "Y_train": Y[:, :3].copy(),
                  "X_held": X[:, 3:].copy(), "Y_held": Y[:, 3:].copy(), "epochs": 2,
                  "learning_rate": 0.5, "batch_size": 2, "seed": 0},
         {"net": "object", "X_train": "array", "Y_train": "array", "X_held": "array",
          "Y_held": "array", "epochs": "steps", "learning_rate": "rate",
          "batch_size": "count", "seed": "seed"},
         says={"net": NET_SAYS, "X_train": ("X_train",), "Y_train": ("Y_train",),
               "X_held": ("X_held",), "Y_held": ("Y_held",)},
         huge={"epochs": False}, check=_check_held),
]
