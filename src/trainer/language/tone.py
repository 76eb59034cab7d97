"""Tone of a reply: warmth, brush-offs and negated phrases, read with VADER's lexicon and negation rules.

VADER (vaderSentiment) ships its valence lexicon inside the package and is a fixed rule set over it, so a
reply reads the same way on every machine and nothing is fetched. It is used for what a lexicon does well:
spotting warm words a phrase table would have to list one by one ("wonderful", "chuffed", "brilliant"),
and its list of negations ("not", "never", "can't") to tell "we can't refund" from "we'll refund". It is
not used to call a reply cold: a lexicon reads "so sorry about the delay, that's frustrating" as negative
and "not our problem" as positive, so brush-offs are a phrase table (`phrases.DISMISSAL`).
"""

from __future__ import annotations

import re
from functools import cache

from vaderSentiment.vaderSentiment import NEGATE, SentimentIntensityAnalyzer

from trainer.language import phrases
from trainer.language.spans import Span, first

WARM_VALENCE = 1.5
"""A word this positive in VADER's lexicon (-4 to 4; "glad" 2.0, "nice" 1.8, "ok" 1.2) is a warm word."""
WARM_COMPOUND = 0.4
"""A reply whose VADER compound score reaches this reads warm overall (VADER's own cut for positive is 0.05;
assumed higher so that one polite word in a cold reply is not warmth)."""
NEGATION_WINDOW = 4
"""Words before a phrase in which a negation turns it round ("we won't be able to replace it")."""

_WORD = re.compile(r"[A-Za-z']+")
_NEGATIONS = frozenset(NEGATE) | {"no", "cannot", "unable", "without"}


@cache
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def warm_words(text: str) -> Span | None:
    """The first clearly warm word of a reply that reads warm overall, not negated ("not great")."""
    analyzer = _analyzer()
    if analyzer.polarity_scores(text)["compound"] < WARM_COMPOUND:
        return None
    for match in _WORD.finditer(text):
        if analyzer.lexicon.get(match.group(0).lower(), 0.0) >= WARM_VALENCE and not negated(
            text, match.start()
        ):
            return Span.of(match)
    return None


def warmth(text: str) -> Span | None:
    """Gratitude, pleasure or warm words: what makes a reply read as glad of the customer."""
    return first(phrases.THANKS, text) or warm_words(text)


def dismissal(text: str) -> Span | None:
    """A brush-off: disowning the problem, blaming the customer, closing the conversation."""
    return first(phrases.DISMISSAL, text)


def negated(text: str, start: int) -> bool:
    """Whether one of the few words before `start` negates what follows (VADER's negation list)."""
    sentence_start = max((m.end() for m in re.finditer(r"[.!?\n]", text[:start])), default=0)
    before = [w.lower() for w in _WORD.findall(text[sentence_start:start])][-NEGATION_WINDOW:]
    return any(w in _NEGATIONS or w.endswith("n't") for w in before)


def affirmed(patterns: tuple[re.Pattern[str], ...], text: str) -> Span | None:
    """The earliest match of any pattern that is not negated: 'I'm sorry' but not 'we won't apologise'."""
    matches = sorted((m for p in patterns for m in p.finditer(text)), key=lambda m: m.start())
    return next((Span.of(m) for m in matches if not negated(text, m.start())), None)
