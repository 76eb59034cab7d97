"""Deterministic reading of replies: phrase tables, detectors returning the span that proves a finding, and
committed times. No lexicons, no model weights, no network: the same text always reads the same way."""

from trainer.language.detect import (
    Deflection,
    abuse,
    amounts,
    apology,
    channel_question,
    commitment,
    deflection,
    deflections,
    fact_spans,
    pending,
    phone_numbers,
    remedy,
    repeat_request,
    scripted_empathy,
    sign_off,
    similarity,
    thanks,
)
from trainer.language.spans import Span
from trainer.language.times import Promise, promised_time

__all__ = [
    "Deflection",
    "Promise",
    "Span",
    "abuse",
    "amounts",
    "apology",
    "channel_question",
    "commitment",
    "deflection",
    "deflections",
    "fact_spans",
    "pending",
    "phone_numbers",
    "promised_time",
    "remedy",
    "repeat_request",
    "scripted_empathy",
    "sign_off",
    "similarity",
    "thanks",
]
