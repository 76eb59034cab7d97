"""Short names of the best practices (BEST_PRACTICES.md), so tables and exports say what BP05 is.

The codes stay the key everywhere (the rubric cites them); the names are for people reading a report.
"""

from __future__ import annotations

NAMES: dict[str, str] = {
    "BP01": "Respond fast",
    "BP02": "Acknowledge at once, with a time",
    "BP03": "Follow through",
    "BP04": "Answer the actual question",
    "BP05": "Don't deflect",
    "BP06": "Don't make them repeat",
    "BP07": "Ask for the preferred channel",
    "BP08": "Hand-offs carry the transcript",
    "BP09": "Be personable, not canned",
    "BP10": "Be seen doing right in public",
    "BP11": "Apologise and make it right",
    "BP12": "Be consistent, whoever asks",
    "BP13": "Triage by urgency",
    "BP14": "Monitor every mention",
    "BP15": "Cover the hours or say them",
    "BP16": "Staff to the load",
    "BP17": "Catch viral complaints early",
    "BP18": "Point to official assets",
    "BP19": "Use the knowledge base",
    "BP20": "Warmth and recognition",
}


def name(code: str) -> str:
    """The practice's short name ('BP05' -> "Don't deflect"); the code itself when it is not known."""
    return NAMES.get(code, code)


def label(code: str) -> str:
    """Code and name together, for a table cell: 'BP05 Don't deflect'."""
    return f"{code} {NAMES[code]}" if code in NAMES else code
