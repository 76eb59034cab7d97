"""Who posts what, when: regional traffic in local time, mention marks, reshare cascades, authors and texts.

`generate_mentions` draws a replication's whole root stream in numpy (modules `clock`, `rates`, `arrivals`,
`marks`, `generate`, `cascades`); `describe_mentions` writes authors and texts for the few mentions a person
reads (`texts`, with the phrase tables in `phrases`).
"""

from sim.traffic.cascades import attach_cascades
from sim.traffic.generate import generate_mentions, grows_cascades, root_mentions
from sim.traffic.texts import MentionText, TextWriter, describe_mentions

__all__ = [
    "MentionText",
    "TextWriter",
    "attach_cascades",
    "describe_mentions",
    "generate_mentions",
    "grows_cascades",
    "root_mentions",
]
