"""What every checker shares (practice/report.py): stubs, crashes, exact comparison,
changed arrays, messages."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core.practice.report import (
    Report,
    Snapshot,
    Verdict,
    as_array,
    call,
    is_stub,
    mismatch,
    returned_nothing,
    run,
    sentence,
)


def stub_with_docstring(x):  # type: ignore[no-untyped-def]
    """Return something."""
    ...  # ← your code


def stub_pass(x):  # type: ignore[no-untyped-def]
    pass


def forgets_return(x):  # type: ignore[no-untyped-def]
    y = 2 * x  # noqa: F841


def returns_constant(x):  # type: ignore[no-untyped-def]
    return 1


def test_a_stub_is_told_apart_from_a_function_that_forgets_return() -> None:
    assert is_stub(stub_with_docstring) and is_stub(stub_pass) and is_stub(lambda x: ...)
    assert not is_stub(forgets_return) and not is_stub(returns_constant)
    assert not is_stub(print)  # a builtin has no code to read
    assert returned_nothing(stub_pass, "f", "return it").mistake == "not-written"
    verdict = returned_nothing(forgets_return, "f", "return it")
    assert verdict.mistake == "returns-none" and "Is the last line missing? return it" in (
        verdict.message)


def test_crashes_and_placeholders_are_verdicts() -> None:
    def raises(x: float) -> float:
        raise NotImplementedError

    with pytest.raises(Verdict, match="not written yet"):
        call("f", raises, 1.0)
    with pytest.raises(Verdict, match=r"f raised ZeroDivisionError: division by zero"):
        call("f", lambda x: 1 / x, 0)
    with pytest.raises(Verdict, match="your function itself, got int 3"):
        call("f", 3, 1.0)  # type: ignore[arg-type]


@pytest.mark.parametrize(("value", "mistake"), [
    (None, "not-written"), (..., "not-written"), ("abc", "not-numbers"),
    ([1.0, np.inf], "not-finite"), (np.array([1j]), "not-numbers"), ({"a": 1}, "not-numbers"),
])
def test_as_array_says_why_a_value_is_not_an_array_of_numbers(value: object,
                                                              mistake: str) -> None:
    with pytest.raises(Verdict) as info:
        as_array(value, "∂C/∂W")
    assert info.value.mistake == mistake and "∂C/∂W" in info.value.message


def test_mismatch_is_relative_to_the_magnitude_of_the_terms() -> None:
    right = np.array([1.0, 1e-17])  # the second entry is a cancelled sum of terms near 1
    magnitude = np.array([1.0, 2.0])
    assert mismatch(right + 1e-13, right, magnitude) is None
    assert mismatch(np.array([1.0, 1e-6]), right, magnitude) == (1,)
    assert mismatch(np.array([[1.0, 2.0]]), np.array([[1.0, 2.0 + 1e-8]]),
                    np.ones((1, 2))) == (0, 1)


def test_a_snapshot_finds_the_first_changed_entry() -> None:
    arrays = {"W": np.zeros((2, 2)), "b": np.ones((2, 1))}
    snap = Snapshot.of(arrays)
    assert snap.changed(arrays) is None
    arrays["b"][1, 0] = 5.0
    assert snap.changed(arrays) == ("b", (1, 0))


def test_run_prints_one_verdict_and_the_report_is_truthy_when_right(
        capsys: pytest.CaptureFixture[str]) -> None:
    def fails(report: Report) -> None:
        raise Verdict("x", "wrong in this way.")

    bad = run("ex", fails)
    assert not bad and bad.mistake == "x" and capsys.readouterr().out == (
        "\u2718 wrong in this way.\n")
    good = run("ex", lambda report: None, quiet=True)
    assert good and str(good) == "\u2714 ex: right."
    assert sentence("the rule") == "The rule" and sentence("") == ""
    assert sentence("δ uses σ(z)") == "δ uses σ(z)" and sentence("z = W a") == "z = W a"
