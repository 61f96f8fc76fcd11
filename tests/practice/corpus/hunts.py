"""Bug-hunt reports, one per chapter with a hunt: the blocks that fail the gradient check,
the faulty line and its cause. Right reports say it in several ways (a set or a string of
names, the line's number or its text, a cause's code or free words); wrong ones are what a
learner plausibly reports, each with the hint its checker must give."""

from __future__ import annotations

from typing import Any

from . import report

EX = "hunt"


def hunt(chapter: str, wrong: Any, line: Any, why: Any) -> dict[str, Any]:
    return {"chapter": chapter, "wrong": wrong, "line": line, "why": why}


def rights(chapter: str, wrongs: list[Any], lines: list[Any], whys: list[str]) -> None:
    """Every way of saying it, each varied on its own (the others held at their first)."""
    for i, wrong in enumerate(wrongs):
        report(EX, f"{chapter}-blocks-{i}", hunt(chapter, wrong, lines[0], whys[0]),
               style=f"blocks as {wrong!r}")
    for i, line in enumerate(lines[1:], start=1):
        report(EX, f"{chapter}-line-{i}", hunt(chapter, wrongs[0], line, whys[0]),
               style=f"line as {line!r}")
    for i, why in enumerate(whys[1:], start=1):
        report(EX, f"{chapter}-why-{i}", hunt(chapter, wrongs[0], lines[0], why),
               style=f"cause as {why!r}")


# -- chain-rule: `=` where `+=` belongs, on x's second path (line 10) ------------------------
CR = "chain-rule"
rights(CR, [{"x"}, "x", ["X"]],
       [10, "10", "line 10", 'grad["x"] = dr_ds * 1', "grad['x'] = dr_ds*1", "= dr_ds"],
       ["assign-not-add", "= instead of +=", "`=` where `+=` belongs", "it overwrites x's first "
        "path instead of adding", "the second path replaces the first", "should be +=",
        "forgot to add the path through s", "only the last path counts",
        "assigns instead of accumulating", "x's first path's term is lost",
        "grad x is assigned, not incremented"])
report(EX, "cr-both", hunt(CR, {"x", "y"}, 10, "+= missing"), "passes-check", "y passes")
report(EX, "cr-none", hunt(CR, set(), 10, "+= missing"), "empty", "name at least one block")
report(EX, "cr-r", hunt(CR, {"r"}, 10, "+= missing"), "unknown-block", "r: not a block name")
report(EX, "cr-first-path", hunt(CR, {"x"}, 8, "+= missing"), "wrong-line",
       "what happens to that term on a later line")
report(EX, "cr-dr_ds", hunt(CR, {"x"}, 6, "wrong sign"), "wrong-line",
       "every line that feeds y's gradient is right")
report(EX, "cr-no-line", hunt(CR, {"x"}, None, ""), "no-line", "Which line is wrong?")
report(EX, "cr-line-0", hunt(CR, {"x"}, 0, "+= missing"), "no-such-line", "There is no line 0")
report(EX, "cr-line-13", hunt(CR, {"x"}, 13, "+= missing"), "no-such-line", "lines 1 to 12")
report(EX, "cr-line-text", hunt(CR, {"x"}, "grad[x] = 0", "+= missing"), "no-such-line",
       "No line of the code reads")
report(EX, "cr-line-grad", hunt(CR, {"x"}, 'grad["x"]', "+= missing"), "ambiguous-line",
       "which one? Give its number")
report(EX, "cr-line-list", hunt(CR, {"x"}, [10], "+= missing"), "not-a-line",
       "line is one line")
report(EX, "cr-line-bool", hunt(CR, {"x"}, True, "+= missing"), "not-a-line",
       "line is one line")
report(EX, "cr-no-why", hunt(CR, {"x"}, 10, ""), "no-cause", "Now why")
report(EX, "cr-why-none", hunt(CR, {"x"}, 10, None), "no-cause", "Now why")
report(EX, "cr-why-number", hunt(CR, {"x"}, 10, 3), "not-words", "a few words, a string")
report(EX, "cr-reset", hunt(CR, {"x"}, 10, "grad is not reset"), "wrong-cause",
       "grad starts at 0 on every call")
report(EX, "cr-sign", hunt(CR, {"x"}, 10, "the sign of dr_ds is wrong"), "wrong-cause",
       "every difference here is taken the right way round")
report(EX, "cr-vague", hunt(CR, {"x"}, 10, "it is wrong"), "unknown-cause",
       "cannot match 'it is wrong' to a cause")
report(EX, "cr-shotgun", hunt(CR, {"x"}, 10, "overwrites, not reset, sign, transpose, axis"),
       "many-causes", "say which one it is")
report(EX, "cr-blocks-dict", hunt(CR, {"x": True}, 10, "+= missing"), "not-names",
       "list the blocks that fail")

# -- computational-graph: the adjoints are set to 0 once, before the loop (line 3) ----------
CG = "computational-graph"
rights(CG, [{"point 2", "point 3"}, [2, 3], "point 2, point 3", "Point2 and point3",
            ("2", "3")],
       [3, "grad = {", 'grad = {"a": 0.0, "b": 0.0, "c": 0.0}'],
       ["no-reset", "the adjoints are never reset to zero between points", "grad is not "
        "set back to 0 for each point", "gradients accumulate across points",
        "grad should be initialised inside the loop", "the sums carry over from the "
        "previous point", "zero the gradients before each sweep",
        "the adjoints persist across points", "gradients from point 1 leak into point 2"])
report(EX, "cg-all", hunt(CG, [1, 2, 3], 3, "no reset"), "passes-check",
       "point 1 passes the gradient check")
report(EX, "cg-last", hunt(CG, [3], 3, "no reset"), "missed", "point 2 fails")
report(EX, "cg-plus", hunt(CG, [2, 3], 12, "no reset"), "wrong-line",
       "The `+=` is right: b reaches o along two paths")
report(EX, "cg-seed", hunt(CG, [2, 3], 8, "no reset"), "wrong-line",
       "one sweep on its own is right")
report(EX, "cg-assign", hunt(CG, [2, 3], 3, "should be = instead of +="), "wrong-cause",
       "the `+=` are right (b reaches o along two paths)")
report(EX, "cg-points", hunt(CG, ["p2"], 3, "no reset"), "unknown-block",
       "the blocks are point 1, point 2, point 3")

# -- error-signal: σ′ taken at a¹ instead of z¹ (line 10) ------------------------------------
ES = "error-signal"
rights(ES, [{"W1", "b1"}, "w1, b1", ["W¹", "b¹"], "W1 b1"],
       [10, "delta1 = (W2.T @ delta2) * sigmoid_prime(a1)", "sigmoid_prime(a1)"],
       ["prime-at-a", "sigma' at a instead of z", "σ′(a¹) where σ′(z¹) belongs",
        "sigmoid_prime(a1) should be sigmoid_prime(z1)", "derivative taken at the "
        "activation instead of the weighted input", "uses a1 instead of z1",
        "σ' of a, not of z", "should use z1", "the wrong argument to sigmoid_prime"])
report(EX, "es-all", hunt(ES, "W1 b1 W2 b2", 10, "prime at a"), "passes-check",
       "W2, b2 pass the gradient check: their gradients are right")
report(EX, "es-weights", hunt(ES, "W1", 10, "prime at a"), "missed", "b1 fails")
report(EX, "es-bp3", hunt(ES, "W1 b1", 11, "prime at a"), "wrong-line",
       "BP3 and BP4 read δ¹ as given")
report(EX, "es-bp1", hunt(ES, "W1 b1", 9, "prime at a"), "wrong-line",
       "W2 and b2 pass the check, so δ² and every line before it are right")
report(EX, "es-transpose", hunt(ES, "W1 b1", 10, "the transpose is missing"), "wrong-cause",
       "(W2.T @ delta2) has its transpose")
report(EX, "es-layer-numbers", hunt(ES, [1], 10, "prime at a"), "unknown-block",
       "1: not a block name")

# -- worked-example: the gradient after the step reuses the cache of before (line 7) --------
WE = "worked-example"
rights(WE, [{"W1", "b1", "W2", "b2"}, "W1, b1, W2, b2", ["b2", "w2", "B1", "w1"]],
       [7, "return backward(new, cache, y)", "backward(new, cache"],
       ["stale-cache", "the cache is stale", "the cache is from before the step",
        "forward pass not recomputed after the update", "reuses the old activations",
        "uses the old z and a", "should run forward again with the new weights"])
report(EX, "we-weights", hunt(WE, "W1 W2", 7, "stale cache"), "missed", "b1, b2 fail")
report(EX, "we-step", hunt(WE, "W1 b1 W2 b2", 6, "stale cache"), "wrong-line",
       "look at what the last backward pass is given")
report(EX, "we-eta", hunt(WE, "W1 b1 W2 b2", 7, "the learning rate is wrong"), "wrong-cause",
       "θ' = θ − η∇C(θ) is the chapter's step")
report(EX, "we-w3", hunt(WE, "W1 b1 W2 b2 W3", 7, "stale cache"), "unknown-block",
       "W3: not a block name")

# -- matrix-form: a^l, the layer's output, where its input a^{l−1} belongs (line 15) ---------
MF = "matrix-form"
rights(MF, [{"W1", "W2", "W3"}, "W1, W2, W3", ["w³", "W²", "w1"], "W1 and W2 and W3"],
       [15, "15", 'grads[f"W{n}"] = delta[n] @ a[n].T', "delta[n] @ a[n].T", "a[n].T"],
       ["wrong-layer", "a[n] instead of a[n - 1]", "should be a[n-1]", "a^l where a^{l−1} "
        "belongs", "uses the layer's output instead of its input", "it takes the activation "
        "of the current layer, not the previous layer's", "off by one in the index of a",
        "the weight gradient uses a[n], not a[n-1]", "the input of the layer, not its output",
        "takes the layer's own output", "activation from the wrong layer",
        "uses the activation of the current layer", "should multiply by the input to the layer",
        "uses a_l instead of a_{l-1}", "the outer product uses the wrong activation",
        "it should use the previous activation", "needs the activations feeding into the "
        "layer", "the activation of the layer before"])
report(EX, "mf-all", hunt(MF, "W1 b1 W2 b2 W3 b3", 15, "a[n-1]"), "passes-check",
       "b1, b2, b3 pass the gradient check")
report(EX, "mf-top", hunt(MF, "W3", 15, "a[n-1]"), "missed", "W1, W2 fail the gradient check")
report(EX, "mf-bias", hunt(MF, "W1 W2 W3", 16, "a[n-1]"), "wrong-line",
       "What does the weight gradient use that the bias gradient does not?")
report(EX, "mf-recursion", hunt(MF, "W1 W2 W3", 12, "the transpose is wrong"), "wrong-line",
       "the recursion is right")
report(EX, "mf-forward", hunt(MF, "W1 W2 W3", 8, "a[n-1]"), "wrong-line",
       "look at what the weight gradient multiplies δ^l by")
report(EX, "mf-transpose", hunt(MF, "W1 W2 W3", 15, "a transpose is missing"), "wrong-cause",
       "W[n + 1].T in the recursion has its transpose")
report(EX, "mf-prime", hunt(MF, "W1 W2 W3", 15, "sigma' at a instead of z"), "wrong-cause",
       "every σ′ here is taken at an input sum z")
report(EX, "mf-mean", hunt(MF, "W1 W2 W3", 15, "the 1/m is missing"), "wrong-cause",
       "there is one sample here, so no mean")
report(EX, "mf-vague", hunt(MF, "W1 W2 W3", 15, "the weights are wrong"), "unknown-cause",
       "cannot match 'the weights are wrong' to a cause")
report(EX, "mf-line-a", hunt(MF, "W1 W2 W3", "a[n]", "a[n-1]"), "ambiguous-line",
       "which one? Give its number")
report(EX, "mf-layers", hunt(MF, [1, 2, 3], 15, "a[n-1]"), "unknown-block",
       "not block names")

# -- batching: dW1 divided by m a second time (line 13) -----------------------------------
BA = "batching"
rights(BA, [{"W1"}, "W1", ["w1"]],
       [13, "dW1 = Delta1 @ X.T / m", "X.T / m"],
       ["mean-twice", "divided by m twice", "1/m applied two times", "the mean is taken "
        "again", "an extra division by m", "dW1 is divided by m although Delta1 already "
        "has the 1/m"])
report(EX, "ba-b1", hunt(BA, "W1 b1", 13, "1/m twice"), "passes-check", "b1 passes")
report(EX, "ba-g2", hunt(BA, "W1", 10, "1/m twice"), "wrong-line",
       "The 1/m of the mean belongs here, once")
report(EX, "ba-db1", hunt(BA, "W1", 14, "1/m twice"), "wrong-line",
       "What is done to Δ¹ for W1 and not for b1?")
report(EX, "ba-missing", hunt(BA, "W1", 13, "the 1/m is missing"), "wrong-cause",
       "m times too small, not too large")
report(EX, "ba-vague", hunt(BA, "W1", 13, "something with m"), "unknown-cause",
       "cannot match 'something with m'")

# -- deep-networks: δ^L = y − a^L, the sign flipped (line 9) ---------------------------------
DN = "deep-networks"
ALL_DN = ["W1", "b1", "W2", "b2", "W3", "b3", "W4", "b4"]
rights(DN, [set(ALL_DN), ", ".join(ALL_DN), [b.lower() for b in reversed(ALL_DN)]],
       [9, "Delta = (Y - A[L]) / m", "(Y - A[L])"],
       ["sign", "wrong sign", "y - a instead of a - y", "the sign is flipped",
        "should be A - Y", "delta^L is negated", "δ^L has the opposite sign",
        "it does gradient ascent"])
report(EX, "dn-top", hunt(DN, "W4 b4", 9, "sign"), "missed",
       "W1, W2, W3, b1, b2, b3 fail the gradient check too")
report(EX, "dn-tanh", hunt(DN, ALL_DN, 15, "sign"), "wrong-line",
       "1 − a² is tanh′(z) written with a = tanh z")
report(EX, "dn-forward", hunt(DN, ALL_DN, 8, "sign"), "wrong-line",
       "Look at where the recursion starts")
report(EX, "dn-prime", hunt(DN, ALL_DN, 9, "sigma' at a instead of z"), "wrong-cause",
       "1 − a² is tanh′(z), written with a = tanh z: that is right")
report(EX, "dn-mean", hunt(DN, ALL_DN, 9, "the 1/m is missing"), "wrong-cause",
       "the 1/m is there once, where the recursion starts")

# -- capstone: the bias gradient summed over the neurons, axis 0 (line 12) -------------------
CA = "capstone"
rights(CA, [{"b1"}, "b1", ["B¹"]],
       [12, "db1 = Delta1.sum(axis=0)", "axis=0"],
       ["wrong-axis", "sums over the wrong axis", "axis=0 should be axis=1", "it sums over "
        "the neurons instead of the samples", "it sums down the columns", "a broadcast "
        "hides it: 3 neurons and 3 samples give the same shape", "sum over the samples, not the "
        "neurons"])
report(EX, "ca-w1", hunt(CA, "W1 b1", 12, "axis"), "passes-check", "W1 passes")
report(EX, "ca-db2", hunt(CA, "b1", 14, "axis"), "wrong-line",
       "b2 passes: Delta2.sum(axis=1) sums over the samples")
report(EX, "ca-forward", hunt(CA, "b1", 7, "axis"), "wrong-line",
       "what is done to Δ¹ for b1?")
report(EX, "ca-mean", hunt(CA, "b1", 12, "the mean's 1/m is missing"), "wrong-cause",
       "the 1/m is in Delta2, once, and W1 passes with it")
report(EX, "ca-transpose", hunt(CA, "b1", 12, "needs a transpose"), "wrong-cause",
       "every Wᵀ that belongs here is there")
