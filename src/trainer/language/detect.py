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
from trainer.language.numbers import in_digits
from trainer.language.personal import phone_spans
from trainer.language.spans import Span, every, first
from trainer.language.tone import affirmed


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


def brand_failure(text: str) -> Span | None:
    """A customer's words saying the brand let them down (late, still waiting, charged twice)."""
    return first(phrases.BRAND_FAILURE, text)


def scripted_empathy(text: str) -> Span | None:
    """Stock empathy ("I understand how you feel") that is no apology by itself."""
    return first(phrases.SCRIPTED_EMPATHY, text)


def remedy(text: str) -> Span | None:
    """A concrete remedy or something already done to put it right; "we can't refund" is none."""
    return affirmed(phrases.REMEDY, in_digits(text))


def pending(text: str) -> Span | None:
    """The answer is on its way: a check under way, a hand-over made, a promise to come back."""
    return affirmed(phrases.PENDING, text)


def commitment(text: str) -> Span | None:
    """A remedy or an answer on its way: the reply says what the agent is doing."""
    return remedy(text) or pending(text)


def hours_stated(text: str) -> Span | None:
    """A sentence that says when the desk is staffed: a time of day (or 24/7) with words of the desk's
    hours ("we're back at 8am", "our team is here 8am-6pm"), not a flight or delivery time."""
    for sentence in _sentences(text):
        if phrases.CLOCK_HOURS.search(sentence.text) and phrases.HOURS_CUE.search(sentence.text):
            return sentence
    return None


def abuse(text: str) -> Span | None:
    """An insult or profanity."""
    return first(phrases.ABUSE, text)


def amounts(text: str) -> list[tuple[Span, float]]:
    """Money offered in the message, with its value, in digits or words (currency symbols are not told
    apart); the span quotes the amount as digits."""
    found = []
    for match in phrases.MONEY.finditer(in_digits(text)):
        written = match["a"] or match["b"]
        thousands = phrases.THOUSANDS.fullmatch(written)
        value = written.replace(",", "") if thousands else written.replace(",", ".")
        found.append((Span.of(match), float(value)))
    return found


MIN_PHONE_DIGITS = 9
"""Shorter runs of digits (order numbers, times, amounts) are not offered as a number to call."""


def phone_numbers(text: str) -> list[Span]:
    """Dialable numbers as `phonenumbers` reads them (nine digits or more)."""
    return [s for s in phone_spans(text) if sum(c.isdigit() for c in s.text) >= MIN_PHONE_DIGITS]


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
        if _asked_for(number, answers):
            continue
        if is_premium(number.text):
            found.append(Deflection(number, "a premium-rate number", True))
        else:
            found.append(Deflection(number, "a phone number", False))
    found += [Deflection(s, "a redirect", False) for s in every(phrases.SOFT_DEFLECTION, text)]
    found += [Deflection(s, what, False) for s, what in _addresses(text) if not _asked_for(s, answers)]
    return sorted(found, key=lambda d: d.span.start)


def _addresses(text: str) -> list[tuple[Span, str]]:
    """E-mail and web addresses in a message (a web address inside an e-mail address is not one)."""
    emails = [Span.of(m) for m in phrases.EMAIL.finditer(text)]
    links = [
        Span.of(m)
        for m in phrases.URL.finditer(text)
        if not any(e.start <= m.start() < e.end for e in emails)
    ]
    return [(s, "an address to write to") for s in emails] + [(s, "a web page") for s in links]


def _asked_for(span: Span, answers: Sequence[re.Pattern[str]]) -> bool:
    return any(p.search(span.text) for p in answers)


def fact_spans(patterns: Sequence[re.Pattern[str]], text: str) -> list[Span] | None:
    """Where a fact is given: one span per pattern when every pattern matches, else None."""
    spans = [Span.of(m) for p in patterns if (m := p.search(text))]
    return spans if patterns and len(spans) == len(patterns) else None


def deflection(
    text: str, answers: Sequence[re.Pattern[str]] = (), given: Sequence[str] = ()
) -> Deflection | None:
    """The redirect that makes a message a deflection, if it is one.

    A hard deflection always counts. A soft one counts when the message has no substance beside it: no fact
    asked for (`answers`) and no commitment to act. "DM us your booking reference and I'll check now" is a
    request with a purpose; "DM us" alone is a door closed politely. A promise to check excuses nothing when
    the message asks for a detail the customer already gave (`given`): then it is the same door.
    """
    found = deflections(text, answers)
    hard = [d for d in found if d.hard]
    if hard:
        return hard[0]
    if not found or any(p.search(text) for p in answers):
        return None
    if commitment(text) is None or repeat_request(text, given) is not None:
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


def signature(name: str) -> str:
    """How the desk signs for `name`: initials after a caret ('Sam Morgan' -> '^SM'), or a dash and the name
    when one word gives no initials a reader would take for a person ('Priya' -> '- Priya').
    `sign_off` accepts both, so the composer's sign-off always scores."""
    parts = [p for p in name.split() if p[:1].isalpha()]
    if len(parts) >= phrases.MIN_INITIALS:
        return "^" + "".join(p[0].upper()[0] for p in parts[: phrases.MAX_INITIALS])
    return f"- {parts[0]}" if parts else "- " + (name.strip() or "the care team")


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


_NOISE = re.compile(rf"@\w+|https?://\S+|\d+|{phrases.CARET_SIGN_OFF.pattern}")
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


_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
_PROPER = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]{2,}\b")
SHARED_WORDS = 2
"""Words of the customer's own a reply must pick up to be about them (one is often the verb of any reply:
"glad it worked")."""


def personal_touch(
    post: str, author: str, replies: Sequence[str], elsewhere: Sequence[str] = ()
) -> Span | None:
    """Where a reply is about this customer: their first name, a name they wrote (the courier "Steve"), or
    at least `SHARED_WORDS` of the words their post is about. Words that other customers' posts (`elsewhere`)
    use too, such as the brand's name, say nothing about this one."""
    common = {_stem(w) for text in elsewhere for w in _WORD.findall(text)}
    first_name = author.split()[0].lower() if author.split() else ""
    names = {m.group(0).lower() for m in _PROPER.finditer(post) if _stem(m.group(0)) not in common}
    names.add(first_name)
    theirs = {_stem(w) for w in _WORD.findall(post) if _is_content(w)} - common
    for reply in replies:
        words = list(_WORD.finditer(reply))
        if named := next((m for m in words if m.group(0).lower() in names), None):
            return Span.of(named)
        shared = [m for m in words if _is_content(m.group(0)) and _stem(m.group(0)) in theirs]
        if len({_stem(m.group(0)) for m in shared}) >= SHARED_WORDS:
            return Span(shared[0].start(), shared[-1].end(), reply[shared[0].start() : shared[-1].end()])
    return None


def _is_content(word: str) -> bool:
    return len(word) >= 3 and word.lower() not in phrases.FUNCTION_WORDS


def _stem(word: str) -> str:
    """A crude stem, enough to match "snow" with "snowy" and "arrive" with "arrived"."""
    lower = word.lower().removesuffix("'s")
    for suffix in ("ing", "ed", "es", "s", "y", "e"):
        if len(lower) - len(suffix) >= 3 and lower.endswith(suffix):
            return lower[: -len(suffix)]
    return lower
