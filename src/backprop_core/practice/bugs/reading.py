r"""The report of a bug hunt, read leniently and checked: which blocks fail the gradient
check, which line is wrong, and why.

``check_hunt(hunt, wrong, line, why)`` takes

- ``wrong``: the blocks whose gradient fails, as a set, list or tuple of names or one
  string ("W1, b1"); case, spaces and superscripts do not matter ("w¹" is W1) and a bare
  number k stands for "point k" where the blocks are points;
- ``line``: the faulty line's number (``7`` or ``"line 7"``) or its text, or a part of it
  that only that line holds (spaces, quotes and the comment do not matter);
- ``why``: the cause, in free words ("overwrites instead of adding") or by its code
  (``"assign-not-add"``); the words are matched against the causes of :mod:`.causes`.

It stops at the first thing to fix, in that order, with a hint in the reader's terms.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from functools import cache
from typing import Any

import numpy as np

from ...errors import ArgumentTypeError, describe
from ..report import PASS, Report, Verdict, run
from .causes import BY_CODE, named
from .hunt import Hunt


def _key(text: str) -> str:
    return re.sub(r"[\s_^]+", "", text.lower().replace("¹", "1").replace("²", "2")
                  .replace("³", "3").replace("⁴", "4"))


def read_blocks(hunt: Hunt, wrong: Any) -> set[str]:
    """The block names in ``wrong``; what is not a block is kept as written."""
    if isinstance(wrong, str):
        items: list[Any] = [p for p in re.split(r"\s*[,;]\s*|\s+and\s+", wrong.strip()) if p]
        if all(_key(p) not in _aliases(hunt) for p in items) and " " in wrong.strip():
            items = [p for p in re.split(r"[\s,;]+", wrong) if p and p != "and"]
    elif isinstance(wrong, set | frozenset | list | tuple):
        items = list(wrong)
    else:
        raise Verdict("not-names", f"list the blocks that fail as a set of names, such as "
                      f"{{{', '.join(repr(b) for b in hunt.blocks[:2])}}}; got "
                      f"{describe(wrong)}.")
    aliases = _aliases(hunt)
    return {aliases.get(_key(str(item)), str(item).strip()) for item in items}


def _aliases(hunt: Hunt) -> dict[str, str]:
    aliases = {_key(name): name for name in hunt.blocks}
    for name in hunt.blocks:
        number = re.fullmatch(r"point (\d+)", name)
        if number:
            aliases[number.group(1)] = name
    return aliases


def _tokens(text: str) -> list[str]:
    """A line's code as tokens, without its comment: spaces and quote style do not matter,
    `=` is not a part of `+=`."""
    code = text.split("#", 1)[0].replace("'", '"')
    return re.findall(r"\w+|\*\*|//|[-+*/@=!<>]=|->|\S", code)


def _holds(line: list[str], part: list[str]) -> bool:
    return any(line[i:i + len(part)] == part for i in range(len(line) - len(part) + 1))


def read_line(hunt: Hunt, line: Any) -> int:
    """The number of the line the reader means, or a Verdict saying why it is unclear."""
    n = len(hunt.lines)
    if line is None or (isinstance(line, str) and not line.strip()):
        raise Verdict("no-line", "Which line is wrong? Give its number (1 to "
                      f"{n}) or its text as `line`.")
    if isinstance(line, bool) or not isinstance(line, str | int | np.integer):
        raise Verdict("not-a-line", f"line is one line: its number or its text; got "
                      f"{describe(line)}.")
    number = re.fullmatch(r"\s*(?:line\s*)?(\d+)\s*", line, re.IGNORECASE) if isinstance(
        line, str) else None
    if number or not isinstance(line, str):
        k = int(number.group(1)) if number else int(line)
        if not 1 <= k <= n:
            raise Verdict("no-such-line", f"There is no line {k}: the code has lines 1 to "
                          f"{n}.")
        return k
    wanted = _tokens(line)
    hits = [k for k, text in enumerate(hunt.lines, start=1)
            if wanted and _holds(_tokens(text), wanted)]
    if not hits:
        raise Verdict("no-such-line", f"No line of the code reads {line.strip()!r}: copy "
                      "the line (or a part of it) as printed, or give its number.")
    if len(hits) > 1:
        raise Verdict("ambiguous-line", f"{line.strip()!r} is in lines "
                      f"{', '.join(map(str, hits))}: which one? Give its number.")
    return hits[0]


@cache
def failing_blocks(hunt: Hunt) -> frozenset[str]:
    """The blocks of the hunt whose gradient fails the check (computed, not stored)."""
    return frozenset(hunt.failing())


def blocks_verdict(given: set[str], blocks: Sequence[str],
                   failing: Callable[[], AbstractSet[str]], every: str = "") -> None:
    """The verdict on a list of failing blocks, if it is not right: unknown names, none,
    blocks that pass the check, blocks that fail and were missed (``failing()`` is only
    computed once the names are known). ``every`` says where the reader finds them all."""
    unknown = sorted(given - set(blocks))
    if unknown:
        raise Verdict("unknown-block", f"{', '.join(unknown)}: not "
                      f"{'a block name' if len(unknown) == 1 else 'block names'}; the "
                      f"blocks are {', '.join(blocks)}.")
    if not given:
        raise Verdict("empty", "name at least one block: which gradients fail the check?")
    truth = failing()
    extra, missing = sorted(given - truth), sorted(truth - given)
    if extra:
        one = len(extra) == 1
        its = "its gradient is" if one else "their gradients are"
        raise Verdict("passes-check", f"{', '.join(extra)} {'passes' if one else 'pass'} "
                      f"the gradient check: {its} right. Run check_gradient on "
                      f"{'it' if one else 'them'} again.")
    if missing:
        raise Verdict("missed", f"{', '.join(missing)} "
                      f"{'fails' if len(missing) == 1 else 'fail'} the gradient check too: "
                      f"run check_gradient on every block{every}.")


def _shown(text: str) -> str:
    """A line as quoted in a message: its code, without indentation or comment."""
    return text.split("  #", 1)[0].strip()


def _line_verdict(hunt: Hunt, k: int) -> None:
    if k == hunt.line:
        return
    text = hunt.lines[k - 1].strip()
    hint = next((h for fragment, h in hunt.line_hints.items() if fragment in text),
                hunt.elsewhere)
    raise Verdict("wrong-line", f"Line {k}, `{_shown(text)}`, is right. {hint}")


def _cause_verdict(hunt: Hunt, why: Any) -> None:
    if why is None or (isinstance(why, str) and not why.strip()):
        raise Verdict("no-cause", f"Line {hunt.line} it is. Now why: say in `why`, in a few "
                      "words, what is wrong with it (hunt.causes lists the usual suspects).")
    if not isinstance(why, str):
        raise Verdict("not-words", f"why is a few words, a string; got {describe(why)}.")
    causes = named(why)
    if len(causes) > 2:
        raise Verdict("many-causes", f"your words fit {len(causes)} different bugs ("
                      f"{'; '.join(c.label for c in causes)}): say which one it is.")
    if any(c.code == hunt.cause for c in causes):
        return
    if not causes:
        raise Verdict("unknown-cause", f"Line {hunt.line} it is, but the checker cannot "
                      f"match {why.strip()!r} to a cause: say it in other words, or give one "
                      "of the codes hunt.causes prints.")
    cause = causes[0]
    rebuttal = hunt.rebuttals.get(cause.code, cause.rebuttal)
    raise Verdict("wrong-cause", f"Line {hunt.line} it is, but the cause is not "
                  f"“{cause.label}”: {rebuttal}.")


def check_hunt(hunt: Hunt, wrong: Any, line: Any = None, why: Any = None, *,
               quiet: bool = False) -> Report:
    """Check a bug report: the blocks that fail the gradient check, the faulty line and its
    cause, e.g. ``check_hunt(hunt, {"x"}, 9, "= instead of +=")``."""
    if not isinstance(hunt, Hunt):
        raise ArgumentTypeError(f"hunt must be the chapter's Hunt (the one show_bug printed), "
                                f"got {describe(hunt)}")

    def body(report: Report) -> None:
        blocks_verdict(read_blocks(hunt, wrong), hunt.blocks, lambda: failing_blocks(hunt),
                       " (hunt.blocks lists them)")
        _line_verdict(hunt, read_line(hunt, line))
        _cause_verdict(hunt, why)
        report.lines.append(f"Line {hunt.line}, `{_shown(hunt.lines[hunt.line - 1])}`: "
                            f"{BY_CODE[hunt.cause].label}. {hunt.explain} The fix: "
                            f"{hunt.fix}.")

    return run("bug report", body, quiet, success=f"{PASS} Found.")
