"""The hand-labelled replies of tests/trainer/data/*.yaml and how the rubric's readings judge each one.

A case names its class; `JUDGES` maps each class to the reading the rubric's checks use for it, so the
agreement measured here is the agreement of the scorecard's verdicts on such replies.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from trainer import language

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class LabelledReply:
    """One reply and what a care lead says of it."""

    kind: str
    text: str
    expect: bool
    post: str = ""
    author: str = ""
    given: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()
    public: tuple[str, ...] = ()
    limit: float = 0.0
    composer: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def load(name: str) -> list[LabelledReply]:
    """The cases of one labelled file."""
    rows = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    return [
        LabelledReply(
            kind=row["class"],
            text=row["text"],
            expect=bool(row["expect"]),
            post=row.get("post", ""),
            author=row.get("author", ""),
            given=tuple(row.get("given", ())),
            answers=tuple(row.get("answers", ())),
            public=tuple(row.get("public", ())),
            limit=float(row.get("limit", 0.0)),
            composer=bool(row.get("composer", False)),
        )
        for row in rows
    ]


def _deflection(case: LabelledReply) -> bool:
    answers = [re.compile(re.escape(a), re.IGNORECASE) for a in case.answers]
    return language.deflection(case.text, answers, case.given) is not None


def _holding(case: LabelledReply) -> bool:
    named = language.promised_time(case.text, local_minute=17 * 60.0, end_of_day=18 * 60.0)
    return language.pending(case.text) is not None and named is not None


def _warm_praise(case: LabelledReply) -> bool:
    warm = language.warmth(case.text) and not language.dismissal(case.text)
    return bool(warm) and language.personal_touch(case.post, case.author, [case.text]) is not None


def _warm_complaint(case: LabelledReply) -> bool:
    owned = language.apology(case.text) or language.warmth(case.text)
    personal = language.personal_touch(case.post, case.author, [case.text])
    return bool(owned) and personal is not None and language.dismissal(case.text) is None


def _over_limit(case: LabelledReply) -> bool:
    return any(value > case.limit for _, value in language.amounts(case.text))


def _signed(case: LabelledReply) -> bool:
    text = f"{case.text} {language.signature(case.author)}" if case.composer else case.text
    return language.sign_off(text, case.author) is not None


JUDGES: dict[str, Callable[[LabelledReply], bool]] = {
    "deflection": _deflection,
    "repeat": lambda c: language.repeat_request(c.text, c.given) is not None,
    "holding": _holding,
    "warm_praise": _warm_praise,
    "warm_complaint": _warm_complaint,
    "dismissal": lambda c: language.dismissal(c.text) is not None,
    "remedy": lambda c: language.remedy(c.text) is not None,
    "apology": lambda c: language.apology(c.text) is not None,
    "hours": lambda c: language.hours_stated(c.text) is not None,
    "personal": lambda c: bool(language.personal_data(c.text, c.public)),
    "over_limit": _over_limit,
    "signed": _signed,
}
"""The reading behind each class of case, as the rubric's checks apply it."""


def judge(case: LabelledReply) -> bool:
    """What the rubric says of the case: True when it finds what the class looks for."""
    return JUDGES[case.kind](case)


def agreement(cases: list[LabelledReply]) -> tuple[float, list[LabelledReply]]:
    """The share of cases the rubric judges as labelled, and the cases it gets wrong."""
    wrong = [c for c in cases if judge(c) != c.expect]
    return 1.0 - len(wrong) / len(cases), wrong
