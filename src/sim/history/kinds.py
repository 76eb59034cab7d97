"""A rough guess of a mention's kind from its text, for logs that never tagged kinds.

Hand-written keyword rules rather than a trained model: no maintained package ships a classifier for care
mentions, and a fit only needs the mix to be about right. Every kind guessed here is marked as an estimate
in the history and in the fitted scenario's comments, so a manager knows to check it.
"""

from __future__ import annotations

import re

from sim.scenarios import KINDS, Kind

_PATTERNS: tuple[tuple[Kind, str], ...] = (
    ("spam", r"\b(win|giveaway|free followers|promo code|crypto|click here)\b"),
    (
        "urgent",
        r"\b(urgent|emergency|asap|stranded|stuck at|right now|immediately|hacked|fraud|outage|"
        r"down again)\b",
    ),
    (
        "complaint",
        r"\b(worst|terrible|awful|horrible|still waiting|never|broken|refund|ridiculous|disappointed|"
        r"unacceptable|useless|cancelled|delayed|lost|rude|not working|doesn'?t work|fix)\b",
    ),
    ("praise", r"\b(thanks|thank you|thx|love|great|awesome|amazing|excellent|brilliant|best)\b"),
    ("question", r"\?|\b(how|can i|can you|where|when|why|what|does|is there|help)\b"),
)
_RULES = tuple((kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _PATTERNS)
_FALLBACK: Kind = "question"
"""Assumed: a post that matches no rule is most often a plain request (Jansen et al. 2009: questions are
the largest share of brand tweets that ask something of the brand)."""


def estimate_kind(text: str) -> int:
    """Index into KINDS of the first rule the text matches (spam, urgent, complaint, praise, question)."""
    for kind, pattern in _RULES:
        if pattern.search(text):
            return KINDS.index(kind)
    return KINDS.index(_FALLBACK)
