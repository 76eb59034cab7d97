"""Detectors over one message: each answers "is this phrase here?" with the span that proves it.

Both the customers' reactions in a session and the rubric's checks read messages through these functions,
so a reply that makes the simulated customer say "I could have found that number myself" is the same reply
the scorecard calls a deflection.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from trainer.language import phrases
from trainer.language.spans import Span, every, first


@dataclass(frozen=True)
class Deflection:
    """A place where a reply sends the customer elsewhere."""

    span: Span
    """The words or number that do it."""
    what: str
    """Why it counts: shown in the scorecard's reason."""
    hard: bool
    """Hard deflections are never an answer; soft ones are, beside something of substance."""


def apology(text: str) -> Span | None:
    """An apology or an owned mistake."""
    return first(phrases.APOLOGY, text)


def scripted_empathy(text: str) -> Span | None:
    """Stock empathy ("I understand how you feel") that is no apology by itself."""
    return first(phrases.SCRIPTED_EMPATHY, text)


def remedy(text: str) -> Span | None:
    """A concrete remedy or something already done to put it right."""
    return first(phrases.REMEDY, text)


def pending(text: str) -> Span | None:
    """The answer is on its way: a check under way, a hand-over made, a promise to come back."""
    return first(phrases.PENDING, text)


def commitment(text: str) -> Span | None:
    """A remedy or an answer on its way: the reply says what the agent is doing."""
    return first((*phrases.REMEDY, *phrases.PENDING), text)


def thanks(text: str) -> Span | None:
    """Gratitude."""
    return first(phrases.THANKS, text)


def abuse(text: str) -> Span | None:
    """An insult or profanity."""
    return first(phrases.ABUSE, text)


def amounts(text: str) -> list[tuple[Span, float]]:
    """Money offered in the message, with its value (currency symbols are not told apart)."""
    found = []
    for match in phrases.MONEY.finditer(text):
        written = match["a"] or match["b"]
        thousands = phrases.THOUSANDS.fullmatch(written)
        value = written.replace(",", "") if thousands else written.replace(",", ".")
        found.append((Span.of(match), float(value)))
    return found


def phone_numbers(text: str) -> list[Span]:
    """Dialable numbers (nine digits or more)."""
    spans = [Span.of(m) for m in phrases.PHONE.finditer(text)]
    return [s for s in spans if sum(c.isdigit() for c in s.text) >= 9]


def is_premium(number: str) -> bool:
    """Whether a number is premium-rate or non-geographic (0845, 0870, 09..)."""
    return bool(phrases.PREMIUM_PHONE.match(number.strip()))


def deflections(text: str, answers: Sequence[re.Pattern[str]] = ()) -> list[Deflection]:
    """Every redirect in a message; phone numbers that match `answers` (facts asked for) are answers."""
    found = [
        Deflection(s, "sends the customer to office hours", True)
        for s in every(phrases.HARD_DEFLECTION, text)
    ]
    for number in phone_numbers(text):
        if any(p.search(number.text) for p in answers):
            continue
        if is_premium(number.text):
            found.append(Deflection(number, "a premium-rate number", True))
        else:
            found.append(Deflection(number, "a phone number", False))
    found += [Deflection(s, "a redirect", False) for s in every(phrases.SOFT_DEFLECTION, text)]
    return sorted(found, key=lambda d: d.span.start)


def fact_spans(patterns: Sequence[re.Pattern[str]], text: str) -> list[Span] | None:
    """Where a fact is given: one span per pattern when every pattern matches, else None."""
    spans = [Span.of(m) for p in patterns if (m := p.search(text))]
    return spans if patterns and len(spans) == len(patterns) else None


def deflection(text: str, answers: Sequence[re.Pattern[str]] = ()) -> Deflection | None:
    """The redirect that makes a message a deflection, if it is one.

    A hard deflection always counts. A soft one counts when the message has no substance beside it: no fact
    asked for (`answers`) and no commitment to act. "DM us your booking reference and I'll check now" is a
    request with a purpose; "DM us" alone is a door closed politely.
    """
    found = deflections(text, answers)
    hard = [d for d in found if d.hard]
    if hard:
        return hard[0]
    if found and not any(p.search(text) for p in answers) and commitment(text) is None:
        return found[0]
    return None


def repeat_request(text: str, given: Sequence[str] = ()) -> Span | None:
    """A request for what the customer already said: a generic "tell us more", or a detail in `given`."""
    if span := first(phrases.GENERIC_REPEAT, text):
        return span
    for sentence in _sentences(text):
        if not phrases.REQUEST_CUE.search(sentence.text):
            continue
        for detail in given:
            if match := re.search(rf"\b{re.escape(detail)}\b", sentence.text, re.IGNORECASE):
                return Span(sentence.start + match.start(), sentence.start + match.end(), match.group(0))
    return None


def channel_question(text: str) -> Span | None:
    """A question asking which channel the customer prefers (a cue and a channel in one question)."""
    for sentence in _sentences(text):
        question = sentence.text.rstrip().endswith("?")
        if (
            question
            and phrases.CHANNEL_CUE.search(sentence.text)
            and phrases.CHANNEL_WORD.search(sentence.text)
        ):
            return sentence
    return None


def sign_off(text: str, name: str) -> Span | None:
    """A human sign-off at the end: '^SM' initials, '- Sam', or the trainee's first name in the last words."""
    stripped = text.rstrip(" \t\n.!)")
    offset = max(0, len(stripped) - phrases.SIGN_OFF_WINDOW)
    tail = stripped[offset:]
    first_name = name.split()[0] if name.split() else name
    patterns = [phrases.CARET_SIGN_OFF, phrases.DASH_SIGN_OFF]
    if first_name:
        patterns.append(re.compile(rf"\b{re.escape(first_name)}\b", re.IGNORECASE))
    for pattern in patterns:
        if match := pattern.search(tail):
            return Span(offset + match.start(), offset + match.end(), match.group(0).strip())
    return None


_NOISE = re.compile(r"@\w+|https?://\S+|\d+|\^[A-Z]{2,3}\b")
_NON_WORD = re.compile(r"[^\w]+")
MIN_WORDS_TO_COMPARE = 5


def similarity(a: str, b: str) -> float:
    """How alike two replies are once handles, links, numbers and initials are set aside (0 to 1).

    Short replies ("Thanks!") are left alone: two customers may well get the same three words.
    """
    left, right = _normalised(a), _normalised(b)
    if min(len(left.split()), len(right.split())) < MIN_WORDS_TO_COMPARE:
        return 0.0
    return SequenceMatcher(None, left, right, autojunk=False).ratio()


def _normalised(text: str) -> str:
    return _NON_WORD.sub(" ", _NOISE.sub(" ", text)).lower().strip()


_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


def _sentences(text: str) -> list[Span]:
    spans = []
    for match in _SENTENCE.finditer(text):
        body = match.group(0)
        if body.strip():
            lead = len(body) - len(body.lstrip())
            spans.append(Span(match.start() + lead, match.end(), body.strip()))
    return spans
