"""The rubric's readings against replies labelled by hand (tests/trainer/data/): every case of the labelled
set, and the agreement on the held-out set, which was written after the readings were tuned."""

from __future__ import annotations

import pytest

from .labelled import JUDGES, LabelledReply, agreement, judge, load

LABELLED = load("labelled_replies.yaml")
HELD_OUT = load("held_out_replies.yaml")
HELD_OUT_AGREEMENT = 0.95
"""The share of held-out verdicts the rubric must agree with (the aim set for it)."""


@pytest.mark.parametrize("case", LABELLED, ids=lambda c: f"{c.kind}-{c.expect}-{c.text[:40]}")
def test_each_labelled_reply_reads_as_labelled(case: LabelledReply) -> None:
    assert judge(case) is case.expect


def test_every_class_has_met_and_missed_cases() -> None:
    for kind in JUDGES:
        labels = {c.expect for c in LABELLED if c.kind == kind}
        assert labels == {True, False}, kind


def test_the_rubric_agrees_with_the_held_out_labels() -> None:
    rate, wrong = agreement(HELD_OUT)
    assert rate >= HELD_OUT_AGREEMENT, [(c.kind, c.expect, c.text) for c in wrong]
