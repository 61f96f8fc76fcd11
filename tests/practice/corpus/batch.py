"""Solutions to the batch exercise: ``batch_gradients(W, b, A_prev, G)``, the mean over
the m samples (columns)."""

# ruff: noqa: ANN001, ANN201, N802, N803, N806
from __future__ import annotations

import numpy as np

from backprop_core.checks.gradcheck import numerical_gradient
from backprop_core.networks.activations import sigmoid, sigmoid_prime

from . import right, wrong

EX = "batch"


def D_of(W, b, A_prev, G):
    return G * sigmoid_prime(W @ A_prev + b)


# -- right ---------------------------------------------------------------------------------


@right(EX, "matrix products with @ and a mean with keepdims")
def batch_matmul(W, b, A_prev, G):
    m = A_prev.shape[1]
    D = G * sigmoid_prime(W @ A_prev + b)
    return D @ A_prev.T / m, D.mean(axis=1, keepdims=True)


@right(EX, "einsum")
def batch_einsum(W, b, A_prev, G):
    m = A_prev.shape[1]
    Z = np.einsum("jk,kx->jx", W, A_prev) + b
    D = G * sigmoid(Z) * (1 - sigmoid(Z))
    return np.einsum("jx,kx->jk", D, A_prev) / m, np.einsum("jx->j", D)[:, None] / m


@right(EX, "one sample at a time, in-place sums on fresh arrays")
def batch_loop(W, b, A_prev, G):
    m = A_prev.shape[1]
    dW, db = np.zeros_like(W), np.zeros_like(b)
    for x in range(m):
        a, g = A_prev[:, x:x + 1], G[:, x:x + 1]
        d = g * sigmoid_prime(W @ a + b)
        dW += d @ a.T
        db += d
    dW /= m
    db /= m
    return dW, db


@right(EX, "np.outer per sample, np.mean of the list (1-D bias, accepted with a note)")
def batch_outer_mean(W, b, A_prev, G):
    dWs, dbs = [], []
    for x in range(A_prev.shape[1]):
        a = A_prev[:, x]
        d = G[:, x] * sigmoid_prime(W @ a + b[:, 0])
        dWs.append(np.outer(d, a))
        dbs.append(d)
    return np.mean(dWs, axis=0), np.mean(dbs, axis=0)


@right(EX, "np.tensordot and np.sum")
def batch_tensordot(W, b, A_prev, G):
    m = A_prev.shape[1]
    D = D_of(W, b, A_prev, G)
    return np.tensordot(D, A_prev, axes=([1], [1])) / m, np.sum(D, axis=1).reshape(b.shape) / m


# -- wrong ---------------------------------------------------------------------------------


@wrong(EX, "sum-not-mean", "times too large")
def batch_sums(W, b, A_prev, G):
    D = D_of(W, b, A_prev, G)
    return D @ A_prev.T, D.sum(axis=1, keepdims=True)


@wrong(EX, "sum-not-mean", "∂J/∂W is right")
def batch_bias_sums(W, b, A_prev, G):
    m = A_prev.shape[1]
    D = D_of(W, b, A_prev, G)
    return D @ A_prev.T / m, D.sum(axis=1, keepdims=True)


@wrong(EX, "mean-twice", "averaged twice")
def batch_mean_twice(W, b, A_prev, G):
    m = A_prev.shape[1]
    D = D_of(W, b, A_prev, G)
    return D @ A_prev.T / m / m, D.mean(axis=1, keepdims=True) / m


@wrong(EX, "divide-by-width", "divided by the number of neurons")
def batch_divides_by_neurons(W, b, A_prev, G):
    n = W.shape[0]
    D = D_of(W, b, A_prev, G)
    return D @ A_prev.T / n, D.sum(axis=1, keepdims=True) / n


@wrong(EX, "divide-by-inputs", "len(A_prev) counts the rows")
def batch_divides_by_len(W, b, A_prev, G):
    m = len(A_prev)
    D = D_of(W, b, A_prev, G)
    return D @ A_prev.T / m, D.sum(axis=1, keepdims=True) / m


@wrong(EX, "first-sample", "first sample only")
def batch_first_sample(W, b, A_prev, G):
    D = D_of(W, b, A_prev, G)
    return D[:, :1] @ A_prev[:, :1].T, D[:, :1]


@wrong(EX, "sigma-not-prime", "uses σ(z)")
def batch_sigma(W, b, A_prev, G):
    m = A_prev.shape[1]
    D = G * sigmoid(W @ A_prev + b)
    return D @ A_prev.T / m, D.mean(axis=1, keepdims=True)


@wrong(EX, "prime-at-a", "instead of at the input sum z")
def batch_prime_of_a(W, b, A_prev, G):
    m = A_prev.shape[1]
    D = G * sigmoid_prime(sigmoid(W @ A_prev + b))
    return D @ A_prev.T / m, D.mean(axis=1, keepdims=True)


@wrong(EX, "no-sigma-prime", "missing the factor σ′(z)")
def batch_no_prime(W, b, A_prev, G):
    m = A_prev.shape[1]
    return G @ A_prev.T / m, G.mean(axis=1, keepdims=True)


@wrong(EX, "no-bias-in-z", "The bias is missing from Z")
def batch_forgets_bias(W, b, A_prev, G):
    m = A_prev.shape[1]
    D = G * sigmoid_prime(W @ A_prev)
    return D @ A_prev.T / m, D.mean(axis=1, keepdims=True)


@wrong(EX, "missing-transpose", "the right numbers transposed")
def batch_transposed(W, b, A_prev, G):
    m = A_prev.shape[1]
    D = D_of(W, b, A_prev, G)
    return A_prev @ D.T / m, D.mean(axis=1, keepdims=True)


@wrong(EX, "output-not-input", "its input A_prev belongs")
def batch_uses_output(W, b, A_prev, G):
    m = A_prev.shape[1]
    Z = W @ A_prev + b
    D = G * sigmoid_prime(Z)
    return D @ sigmoid(Z).T / m, D.mean(axis=1, keepdims=True)


@wrong(EX, "product-of-means", "the mean of products is not the product of means")
def batch_product_of_means(W, b, A_prev, G):
    D = D_of(W, b, A_prev, G)
    d, a = D.mean(axis=1, keepdims=True), A_prev.mean(axis=1, keepdims=True)
    return d @ a.T, d


@wrong(EX, "bias-axis", "the sum runs over the neurons (axis 0)")
def batch_bias_axis0(W, b, A_prev, G):
    m = A_prev.shape[1]
    D = D_of(W, b, A_prev, G)
    return D @ A_prev.T / m, D.sum(axis=0, keepdims=True) / m


@wrong(EX, "bias-not-reduced", "one column per sample")
def batch_bias_per_sample(W, b, A_prev, G):
    m = A_prev.shape[1]
    D = D_of(W, b, A_prev, G)
    return D @ A_prev.T / m, D / m


@wrong(EX, "row-not-column", "a row where a column belongs")
def batch_bias_row(W, b, A_prev, G):
    m = A_prev.shape[1]
    D = D_of(W, b, A_prev, G)
    return D @ A_prev.T / m, D.mean(axis=1)[None, :]


@wrong(EX, "changed-input", "changed its argument G in place")
def batch_in_place(W, b, A_prev, G):
    m = A_prev.shape[1]
    G *= sigmoid_prime(W @ A_prev + b)
    return G @ A_prev.T / m, G.mean(axis=1, keepdims=True)


@wrong(EX, "gradient-step", "training's job")
def batch_with_step(W, b, A_prev, G):
    m = A_prev.shape[1]
    D = D_of(W, b, A_prev, G)
    dW, db = D @ A_prev.T / m, D.mean(axis=1, keepdims=True)
    W -= 0.5 * dW
    return dW, db


@wrong(EX, "numerical", "accuracy of finite differences")
def batch_finite_differences(W, b, A_prev, G):
    m = A_prev.shape[1]

    def J(W_, b_):
        return float(np.sum(G * sigmoid(W_ @ A_prev + b_)) / m)

    return (numerical_gradient(lambda w: J(w, b), W),
            numerical_gradient(lambda c: J(W, c), b))


@wrong(EX, "returns-none", "Is the last line missing?")
def batch_no_return(W, b, A_prev, G):
    m = A_prev.shape[1]
    D = D_of(W, b, A_prev, G)
    dW, db = D @ A_prev.T / m, D.mean(axis=1, keepdims=True)  # noqa: F841


@wrong(EX, "returns-dict", "returned a dict")
def batch_dict(W, b, A_prev, G):
    m = A_prev.shape[1]
    D = D_of(W, b, A_prev, G)
    return {"dW": D @ A_prev.T / m, "db": D.mean(axis=1, keepdims=True)}


@wrong(EX, "not-written", "not written yet")
def batch_stub(W, b, A_prev, G):
    """Mean gradients of one sigmoid layer over the m samples (columns) of A_prev."""
    ...  # ← your code
