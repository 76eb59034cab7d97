"""The check functions, one per check type, looked up by the type a criterion names."""

from __future__ import annotations

from collections.abc import Callable

from trainer.record import DrillRecord
from trainer.rubric.checks import conduct, shift, texts, timing
from trainer.rubric.context import MentionContext, Outcome
from trainer.rubric.criteria import CheckType, Criterion

MentionCheck = Callable[[Criterion, MentionContext], Outcome]
DrillCheck = Callable[[Criterion, DrillRecord], Outcome]

MENTION_CHECKS: dict[CheckType, MentionCheck] = {
    "timing": timing.timing,
    "ordering": timing.ordering,
    "facts": texts.facts,
    "forbidden": texts.forbidden,
    "required": texts.required,
    "conditional": conduct.conditional,
    "similarity": conduct.similarity,
    "policy": conduct.policy,
    "lookup": conduct.lookup,
}
"""Checks of one mention."""

DRILL_CHECKS: dict[CheckType, DrillCheck] = {"notice": shift.notice, "pauses": shift.pauses}
"""Checks of the whole shift."""
