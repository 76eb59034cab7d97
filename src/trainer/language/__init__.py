"""Deterministic reading of replies: phrase tables, detectors returning the span that proves a finding, and
committed times. Libraries whose data ship inside their packages do what they do better than tables (VADER's
lexicon and negations, libphonenumber's numbers, text2num's number words); no model weights, no network:
the same text always reads the same way."""

from trainer.language.detect import (
    Deflection,
    abuse,
    amounts,
    apology,
    brand_failure,
    channel_question,
    commitment,
    deflection,
    deflections,
    fact_spans,
    hours_stated,
    pending,
    personal_touch,
    phone_numbers,
    remedy,
    repeat_request,
    scripted_empathy,
    sign_off,
    signature,
    similarity,
)
from trainer.language.personal import personal_data
from trainer.language.spans import Span
from trainer.language.times import Promise, elapsed, promised_time
from trainer.language.tone import dismissal, warmth

__all__ = [
    "Deflection",
    "Promise",
    "Span",
    "abuse",
    "amounts",
    "apology",
    "brand_failure",
    "channel_question",
    "commitment",
    "deflection",
    "deflections",
    "dismissal",
    "elapsed",
    "fact_spans",
    "hours_stated",
    "pending",
    "personal_data",
    "personal_touch",
    "phone_numbers",
    "promised_time",
    "remedy",
    "repeat_request",
    "scripted_empathy",
    "sign_off",
    "signature",
    "similarity",
    "warmth",
]
