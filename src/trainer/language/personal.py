"""Personal data in a message: e-mail addresses, phone numbers, street addresses, postcodes, booking codes.

Phone numbers are found by `phonenumbers` (the port of Google's libphonenumber, whose metadata ships inside
the package): it knows how numbers are written in every country, which a digit-count regex does not. E-mail
addresses, street addresses, UK postcodes and booking codes are regular expressions: no maintained offline
library finds them in running text (address parsers such as usaddress parse a string already known to be an
address, and only US ones).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers

from trainer.language import phrases
from trainer.language.spans import Span

DEFAULT_REGION = "GB"
"""Where a number written without a country code is read as dialled (the drills' brands are British)."""

_STREET = re.compile(
    r"\b\d{1,4}[a-z]?,?\s+(?:[A-Z][a-z]+\s+){1,3}"
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Place|Pl|Court|Ct|Crescent|Gardens|Grove|"
    r"Terrace|Square|Hill|Row|Mews|Park|Boulevard|Blvd)\b\.?"
)
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_REFERENCE_WORD = re.compile(
    r"\b(?:booking|reservation|order|reference|ref|confirmation|pnr|ticket|account|membership|case)"
    r"(?:\s+(?:number|no\.?|code|id|ref))?\s*[:#]?\s*(?P<code>[A-Z0-9][A-Z0-9-]{3,14})\b",
    re.IGNORECASE,
)
_CODE = re.compile(r"\b(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]{2,}(?:-[A-Z0-9]{2,})?\b")
_FLIGHT = re.compile(r"^[A-Z]{2}\d{1,4}$|^[A-Z]\d{3,4}$")
"""Flight numbers (BA117) and times or seats are public: not a customer's booking code."""
_MIN_CODE = 5


@dataclass(frozen=True)
class Found:
    """A piece of personal data and what kind it is (for the scorecard's reason)."""

    span: Span
    what: str


def phone_spans(text: str) -> list[Span]:
    """Numbers someone could dial, as written in the text."""
    matcher = phonenumbers.PhoneNumberMatcher(text, DEFAULT_REGION, leniency=phonenumbers.Leniency.POSSIBLE)
    return [Span(m.start, m.end, m.raw_string) for m in matcher]


def booking_codes(text: str) -> list[Span]:
    """Codes that identify one customer's booking or order: after a word such as 'booking' or 'order', or
    any code of five characters or more mixing capital letters and digits that is not a flight number."""
    found = [Span(m.start("code"), m.end("code"), m["code"]) for m in _REFERENCE_WORD.finditer(text)]
    found = [s for s in found if any(c.isdigit() for c in s.text)]
    for match in _CODE.finditer(text):
        code = match.group(0)
        if len(code.replace("-", "")) >= _MIN_CODE and not _FLIGHT.match(code):
            found.append(Span.of(match))
    return _distinct(found)


def personal_data(text: str, public: Iterable[str] = ()) -> list[Found]:
    """Every piece of personal data in `text`, in reading order; strings in `public` (the brand's own
    addresses and numbers, from the knowledge base) are not personal and are left out."""
    known = " ".join(public).lower()
    found = [Found(Span.of(m), "an e-mail address") for m in phrases.EMAIL.finditer(text)]
    found += [Found(s, "a phone number") for s in phone_spans(text)]
    found += [Found(Span.of(m), "a street address") for m in _STREET.finditer(text)]
    found += [Found(Span.of(m), "a postcode") for m in _POSTCODE.finditer(text)]
    found += [Found(s, "a booking or order code") for s in booking_codes(text)]
    found = [f for f in found if not _is_known(f.span.text, known)]
    return sorted(_distinct_found(found), key=lambda f: f.span.start)


def _is_known(piece: str, known: str) -> bool:
    digits = re.sub(r"\D", "", piece)
    if len(digits) >= len(piece.replace(" ", "")) - 3 and len(digits) >= 7:
        return digits in re.sub(r"\D", "", known)
    return piece.lower() in known


def _distinct(spans: list[Span]) -> list[Span]:
    """Spans with those inside an earlier, longer one dropped."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if not any(k.start <= span.start and span.end <= k.end for k in kept):
            kept.append(span)
    return kept


def _distinct_found(found: list[Found]) -> list[Found]:
    spans = _distinct([f.span for f in found])
    return [next(f for f in found if f.span == s) for s in spans]
