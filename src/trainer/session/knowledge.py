"""Searching the drill's knowledge base the way a trainee types: a few words, partly spelt.

Deliberately simple and deterministic (word overlap, prefixes count half) so a trainee learns that looking
things up works, and a scripted playthrough finds the same entries every time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sim.scenarios.drill import KnowledgeEntry

_WORD = re.compile(r"[a-z0-9@.]+")
MIN_PREFIX = 3


def _words(text: str) -> set[str]:
    return {
        w.strip(".") for w in _WORD.findall(text.lower().replace("-", " ").replace("_", " ")) if w.strip(".")
    }


def search(entries: Sequence[KnowledgeEntry], query: str) -> list[KnowledgeEntry]:
    """Entries matching any word of `query`, best first (ties keep the drill's order)."""
    asked = _words(query)
    scored = []
    for index, entry in enumerate(entries):
        words = _words(" ".join([entry.id, entry.kind, entry.title, entry.text, *entry.tags]))
        score = sum(
            2
            if word in words
            else 1
            if len(word) >= MIN_PREFIX and any(w.startswith(word) for w in words)
            else 0
            for word in asked
        )
        if score:
            scored.append((-score, index, entry))
    return [entry for *_, entry in sorted(scored, key=lambda item: item[:2])]
