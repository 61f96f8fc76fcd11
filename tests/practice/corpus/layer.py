"""Solutions to the layer exercise: ``layer_backward(W, b, a_prev, grad_a)``."""

# ruff: noqa: ANN001, ANN201, N803, N806
from __future__ import annotations

import numpy as np

from backprop_core.checks.gradcheck import numerical_gradient
from backprop_core.networks.activations import sigmoid, sigmoid_prime

from . import right, wrong

EX = "layer"


def delta_of(W, b, a_prev, grad_a):
    return grad_a * sigmoid_prime(W @ a_prev + b)


# -- right ---------------------------------------------------------------------------------


@right(EX, "matrix products with @, as in the book")
def layer_matmul(W, b, a_prev, grad_a):
    z = W @ a_prev + b
    delta = grad_a * sigmoid_prime(z)
    return delta @ a_prev.T, delta, W.T @ delta


@right(EX, "np.outer and np.dot, own sigmoid, 1-D results reshaped")
def layer_outer(W, b, a_prev, grad_a):
    z = np.dot(W, a_prev) + b
    s = 1 / (1 + np.exp(-z))
    delta = (grad_a * s * (1 - s)).ravel()
    return (np.outer(delta, a_prev.ravel()), delta.reshape(-1, 1),
            np.dot(W.T, delta).reshape(-1, 1))


@right(EX, "einsum")
def layer_einsum(W, b, a_prev, grad_a):
    z = np.einsum("jk,ki->ji", W, a_prev) + b
    delta = grad_a * sigmoid(z) * (1 - sigmoid(z))
    return (np.einsum("ji,ki->jk", delta, a_prev), delta,
            np.einsum("jk,ji->ki", W, delta))


@right(EX, "loops over the entries, in-place updates on fresh arrays")
def layer_loops(W, b, a_prev, grad_a):
    n_out, n_in = W.shape
    dW, db, back = np.zeros((n_out, n_in)), np.zeros((n_out, 1)), np.zeros((n_in, 1))
    for j in range(n_out):
        z_j = b[j, 0]
        for k in range(n_in):
            z_j += W[j, k] * a_prev[k, 0]
        s = 1.0 / (1.0 + np.exp(-z_j))
        d = grad_a[j, 0] * s * (1.0 - s)
        db[j, 0] += d
        for k in range(n_in):
            dW[j, k] += d * a_prev[k, 0]
            back[k, 0] += W[j, k] * d
    return dW, db, back


@right(EX, "broadcasting and 1-D vectors (accepted, with a note)")
def layer_broadcast(W, b, a_prev, grad_a):
    delta = (grad_a * sigmoid_prime(W @ a_prev + b))[:, 0]
    return delta[:, None] * a_prev[:, 0][None, :], delta, (W * delta[:, None]).sum(axis=0)


# -- wrong ---------------------------------------------------------------------------------


@wrong(EX, "missing-transpose", "a transpose is missing or misplaced")
def layer_transposed_dW(W, b, a_prev, grad_a):
    delta = delta_of(W, b, a_prev, grad_a)
    return a_prev @ delta.T, delta, W.T @ delta


@wrong(EX, "missing-transpose", "Wᵀ δ (a transpose is missing)")
def layer_no_transpose_back(W, b, a_prev, grad_a):
    delta = delta_of(W, b, a_prev, grad_a)
    return delta @ a_prev.T, delta, W @ delta


@wrong(EX, "sigma-not-prime", "σ(z) where the derivative σ′(z) belongs")
def layer_sigma(W, b, a_prev, grad_a):
    delta = grad_a * sigmoid(W @ a_prev + b)
    return delta @ a_prev.T, delta, W.T @ delta


@wrong(EX, "prime-at-a", "σ′ is taken at a = σ(z)")
def layer_prime_of_a(W, b, a_prev, grad_a):
    a = sigmoid(W @ a_prev + b)
    delta = grad_a * sigmoid_prime(a)
    return delta @ a_prev.T, delta, W.T @ delta


@wrong(EX, "no-sigma-prime", "missing the factor σ′(z)")
def layer_no_sigma_prime(W, b, a_prev, grad_a):
    delta = grad_a
    return delta @ a_prev.T, delta, W.T @ delta


@wrong(EX, "no-sigma-prime", "In ∂C/∂b")
def layer_db_without_prime(W, b, a_prev, grad_a):
    delta = delta_of(W, b, a_prev, grad_a)
    return delta @ a_prev.T, grad_a, W.T @ delta


@wrong(EX, "no-bias-in-z", "The bias is missing from z")
def layer_forgets_bias(W, b, a_prev, grad_a):
    z = W @ a_prev
    delta = grad_a * sigmoid_prime(z)
    return delta @ a_prev.T, delta, W.T @ delta


@wrong(EX, "output-not-input", "w_jk multiplies")
def layer_uses_output(W, b, a_prev, grad_a):
    z = W @ a_prev + b
    delta = grad_a * sigmoid_prime(z)
    return delta @ sigmoid(z).T, delta, W.T @ delta


@wrong(EX, "bias-times-input", "a bias is multiplied by 1")
def layer_bias_times_input(W, b, a_prev, grad_a):
    delta = delta_of(W, b, a_prev, grad_a)
    return delta @ a_prev.T, delta * a_prev, W.T @ delta


@wrong(EX, "bias-row-sum", "not the row sums of ∂C/∂W")
def layer_bias_row_sum(W, b, a_prev, grad_a):
    delta = delta_of(W, b, a_prev, grad_a)
    dW = delta @ a_prev.T
    return dW, dW.sum(axis=1, keepdims=True), W.T @ delta


@wrong(EX, "extra-sigma-prime", "the σ′ of the layer below")
def layer_back_times_prime(W, b, a_prev, grad_a):
    delta = delta_of(W, b, a_prev, grad_a)
    return delta @ a_prev.T, delta, (W.T @ delta) * a_prev * (1 - a_prev)


@wrong(EX, "extra-sigma-prime", "multiplied by σ′ once more")
def layer_back_times_sigmoid_prime(W, b, a_prev, grad_a):
    delta = delta_of(W, b, a_prev, grad_a)
    return delta @ a_prev.T, delta, (W.T @ delta) * sigmoid_prime(a_prev)


@wrong(EX, "delta-not-back", "goes back through the weights")
def layer_back_is_delta(W, b, a_prev, grad_a):
    delta = delta_of(W, b, a_prev, grad_a)
    return delta @ a_prev.T, delta, delta


@wrong(EX, "row-not-column", "a row where a column belongs")
def layer_bias_row(W, b, a_prev, grad_a):
    delta = delta_of(W, b, a_prev, grad_a)
    return delta @ a_prev.T, delta.T, W.T @ delta


@wrong(EX, "row-not-column", "a row, δᵀW")
def layer_back_row(W, b, a_prev, grad_a):
    delta = delta_of(W, b, a_prev, grad_a)
    return delta @ a_prev.T, delta, delta.T @ W


@wrong(EX, "bias-is-weights", "that is W's shape")
def layer_bias_is_dW(W, b, a_prev, grad_a):
    delta = delta_of(W, b, a_prev, grad_a)
    dW = delta @ a_prev.T
    return dW, dW, W.T @ delta


@wrong(EX, "returns-none", "Is the last line missing?")
def layer_no_return(W, b, a_prev, grad_a):
    delta = delta_of(W, b, a_prev, grad_a)
    dW, db, back = delta @ a_prev.T, delta, W.T @ delta  # noqa: F841 - forgot the return


@wrong(EX, "returns-dict", "in this order")
def layer_returns_dict(W, b, a_prev, grad_a):
    delta = delta_of(W, b, a_prev, grad_a)
    return {"dW": delta @ a_prev.T, "db": delta, "grad_a_prev": W.T @ delta}


@wrong(EX, "returns", "it must return 3 arrays")
def layer_two_results(W, b, a_prev, grad_a):
    delta = delta_of(W, b, a_prev, grad_a)
    return delta @ a_prev.T, delta


@wrong(EX, "changed-input", "changed its argument grad_a in place")
def layer_in_place_delta(W, b, a_prev, grad_a):
    grad_a *= sigmoid_prime(W @ a_prev + b)  # δ computed in the caller's array
    return grad_a @ a_prev.T, grad_a.copy(), W.T @ grad_a


@wrong(EX, "gradient-step", "a gradient step")
def layer_with_step(W, b, a_prev, grad_a):
    delta = delta_of(W, b, a_prev, grad_a)
    dW, db, back = delta @ a_prev.T, delta, W.T @ delta
    W -= 0.1 * dW
    b -= 0.1 * db
    return dW, db, back


@wrong(EX, "numerical", "accuracy of finite differences")
def layer_finite_differences(W, b, a_prev, grad_a):
    def cost(W_, b_, a_):
        return float(np.sum(grad_a * sigmoid(W_ @ a_ + b_)))

    return (numerical_gradient(lambda w: cost(w, b, a_prev), W),
            numerical_gradient(lambda c: cost(W, c, a_prev), b),
            numerical_gradient(lambda a: cost(W, b, a), a_prev))


@wrong(EX, "numerical", "significant digits only")
def layer_hand_differences(W, b, a_prev, grad_a):
    h = 1e-4

    def cost(W_, b_, a_):
        return float(np.sum(grad_a * sigmoid(W_ @ a_ + b_)))

    results = []
    for which in range(3):
        args = [W.copy(), b.copy(), a_prev.copy()]
        grad = np.zeros_like(args[which])
        for i in np.ndindex(grad.shape):
            up = [x.copy() for x in args]
            down = [x.copy() for x in args]
            up[which][i] += h
            down[which][i] -= h
            grad[i] = (cost(*up) - cost(*down)) / (2 * h)
        results.append(grad)
    return tuple(results)


@wrong(EX, "wrong-values", "∂C/∂W and ∂C/∂a_prev are right")
def layer_db_doubled(W, b, a_prev, grad_a):
    delta = delta_of(W, b, a_prev, grad_a)
    return delta @ a_prev.T, 2 * delta, W.T @ delta


@wrong(EX, "crash", "raised ValueError")
def layer_elementwise_dW(W, b, a_prev, grad_a):
    delta = delta_of(W, b, a_prev, grad_a)
    return (delta * a_prev).reshape(W.shape), delta, W.T @ delta


@wrong(EX, "not-written", "not written yet")
def layer_stub(W, b, a_prev, grad_a):
    """One sigmoid layer, one sample as columns: return ∂C/∂W, ∂C/∂b, ∂C/∂a_prev."""
    ...  # ← your code
