"""The best-practice rubric: criteria as data, checks by type, scorecards and proficiency.

`score(record)` turns a drill's record into a `Scorecard`; `CRITERIA` is the table; `proficiency(history)`
weighs a trainee's drills towards the recent ones. Deterministic: no network, no model weights.
"""

from trainer.rubric.criteria import CRITERIA, SECTIONS, Criterion, Section
from trainer.rubric.proficiency import Proficiency, proficiency
from trainer.rubric.scorecard import MentionScore, Scorecard, Tier, Verdict, score

__all__ = [
    "CRITERIA",
    "SECTIONS",
    "Criterion",
    "MentionScore",
    "Proficiency",
    "Scorecard",
    "Section",
    "Tier",
    "Verdict",
    "proficiency",
    "score",
]
