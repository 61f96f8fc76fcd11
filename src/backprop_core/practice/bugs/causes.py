r"""The causes a bug report may name, and how free words are matched to them.

A reader says why a line is wrong in their own words ("it overwrites instead of adding",
"sigma' at a, not z") or by a cause's code (``"assign-not-add"``).  Words are normalised
(case, primes, Greek letters, superscripts) and matched against each cause's patterns:
a cause matches when every group of patterns has a match in the words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...errors import ArgumentTypeError, describe


@dataclass(frozen=True)
class Cause:
    """A classic bug: its code, how the book says it, the pattern groups that recognise it
    in free words (each group a regex, all must match) and why it does not fit a hunt whose
    bug it is not (unless the hunt says better)."""

    code: str
    label: str
    groups: tuple[str, ...]
    rebuttal: str

    def matches(self, words: str) -> bool:
        text = normalise(words)
        return text in (self.code, normalise(self.label)) or all(
            re.search(g, text) for g in self.groups)


_M = r"(1 ?/ ?m\b|/ ?m\b|\bby m\b|\bmean\b|averag|batch size|\bm\b)"

CAUSES: tuple[Cause, ...] = (
    Cause("assign-not-add", "`=` where `+=` belongs: one path's term overwrites the other's",
          (r"overwr|over-wr|replac|clobber|(=|assign\w*|set\w*) (where|instead of|rather "
           r"than|in place of|not) (an? )?(\+=|add|sum|accumulat)|(instead of|rather than|not|"
           r"forg[eo]t\w*( to)?|never|doesn'?t|does not|missing) (add|sum|accumulat|\+=)\w*|"
           r"should be \+=|only (one|the last|the second|the first) (path|term)|"
           r"paths? (is |are |gets? )?(lost|dropped|ignored|forgotten)|sum over (the )?paths|"
           r"both paths|increment|(contribution|term|path)\S* (is |are |gets? )?(lost|dropped|"
           r"discarded|erased|thrown away)",),
          "every adjoint that gathers several paths adds them up with `+=` here"),
    Cause("no-reset", "the adjoints are not reset to 0 between calls: old sums carry over",
          (r"reset|re-?initiali|(set|start|put)\w* (back )?(to )?(0|zero)|\bzero(e?d|ing)?\b|"
           r"clear|carr(y|ies|ied) over|left ?over|previous (point|call|sweep|run|iteration|"
           r"input)|(outside|before) the loop|(across|between) (points|calls|iterations|"
           r"sweeps|runs)|stale (grad|adjoint)|keeps? (growing|adding)|inside the loop|(only )?"
           r"once\b|persist|leak",),
          "each gradient here is computed from scratch, so nothing carries over"),
    Cause("prime-at-a", "σ′ taken at the activation a instead of the input sum z",
          (r"(sigma|sigmoid|prime|derivative|σ)\S* ?\(?(at|of|on)? ?\(?a\d?\b\)?|\ba\d? "
           r"instead of z|(at|of|on) (the )?(activation|output)s? (instead|rather|not)|"
           r"(should|must) be (taken )?(at|of|on)? ?\(?z|instead of (at |of |on )?\(?z\d?\b|"
           r"not (at|of|on) z|(should|must) (use|take) \(?z|(wrong|bad) (argument|input|point)"
           r"\w* (to|of|for|in) (the )?(sigma|sigmoid|prime|derivative)",),
          "every σ′ here is taken at an input sum z"),
    Cause("stale-cache", "the forward values (z, a) from before the step are reused after it",
          (r"cache|stale|outdated|out.of.date|old (forward|values?|activations?|a\b|z\b|pass)|"
           r"(not|never|without) (being )?(re-?comput|re-?run|redo|recalculat|refresh)|"
           r"re-?(comput|run|calculat|do)\w* (the )?forward|forward pass .*(again|before|old)|"
           r"forward\w* (pass )?again|again.*forward|new forward|"
           r"before the (update|step)|from the (old|previous|first) (weights|parameters|θ|"
           r"theta|pass|forward)",),
          "no value here outlives a change of the weights it was computed with"),
    Cause("mean-missing", "the 1/m of the mean is missing: a sum where the mean belongs",
          (_M, r"missing|forg[eo]t|without|not (divided|averag)|no (division|mean|averag)|"
               r"sum(med)? instead|instead of (the )?(mean|averag)|lack|too (big|large)|"
               r"(m times|factor m) (too )?(big|large)"),
          "the gradient that fails is too small, not too large"),
    Cause("mean-twice", "the 1/m of the mean is applied twice",
          (_M, r"twice|two times|2 times|double|again|already|second time|extra|too "
               r"(small|many)|over-?divid|m\^?2|m ?\*\* ?2|m squared"),
          "no gradient here is divided by m more than once"),
    Cause("sign", "the sign of δ^L is flipped: y − a where a − y belongs",
          (r"\bsigns?\b|y ?- ?a|\ba\S* ?- ?y\b|negat|opposite|flip|inverted|minus|swap|"
           r"wrong (way|order)|ascent|climb",),
          "every difference here is taken the right way round"),
    Cause("wrong-axis", "a sum over the wrong axis: over the neurons instead of the samples",
          (r"axis|sum\w* over (the )?(neurons|rows|units|wrong)|(neurons|rows) instead of (the )?"
           r"(samples|columns|batch)|broadcast|dimension|sum\w* (down|across) (the )?"
           r"(columns|rows)|(samples|columns|batch),? not (over )?(the )?(neurons|rows)|not over "
           r"(the )?samples",),
          "every sum here runs over the samples, axis 1"),
    Cause("missing-transpose", "a transpose is missing: W where Wᵀ belongs",
          (r"transpos|\.t\b|w\^?t\b",),
          "every Wᵀ that belongs here is there"),
    Cause("wrong-layer", "a^l, the layer's output, where its input a^{l−1} belongs",
          (r"\bn ?- ?1\b|\bl ?- ?1\b|off.by.one|(wrong|current|same) (index|layer)|"
           r"inputs? (to|of|into) the layer|(previous|prior|lower|earlier|preceding) (layer|"
           r"activation|a\b)|layer below|(one|layer) before|feed\w* into|incoming|"
           r"wrong (activation|a\b)|"
           r"(its|own|layer'?s?|current|this) (own )?(output|activation)|"
           r"(layer'?s?|its|their) inputs?\b(?! sum)|a\[?n\]? (instead|rather|where|not)|"
           r"instead of a\[?n ?- ?1|a\^?\{?l\}?\b(?! ?-) (instead|rather|where|not)",),
          "every activation here is read from the layer it belongs to"),
    Cause("wrong-step", "the step θ − η ∇C is wrong: the learning rate, or its direction",
          (r"learning rate|step size|\beta\b|η|gradient step",),
          "the step, where there is one, is θ − η ∇C, as it should be"),
)

BY_CODE = {cause.code: cause for cause in CAUSES}

_SUBSTITUTE = {"′": "'", "’": "'", "‘": "'", "`": "", "σ": "sigma", "δ": "delta", "ᵀ": "^t",
               "−": "-", "–": "-", "⊙": "*", "·": "*", "×": "*", "²": "2", "¹": "1",
               "³": "3", "ˡ": "l", "“": '"', "”": '"'}


def normalise(words: str) -> str:
    """Lower case, one spelling of primes, minus signs and Greek letters, one space."""
    if not isinstance(words, str):
        raise ArgumentTypeError(f"words must be a str, got {describe(words)}")
    text = words.lower()
    for old, new in _SUBSTITUTE.items():
        text = text.replace(old, new)
    return re.sub(r"\s+", " ", text).strip()


def named(words: str) -> list[Cause]:
    """The causes the words name."""
    return [cause for cause in CAUSES if cause.matches(words)]
