"""The rubric as data: one criterion per practice a drill can observe, with its weight, section and check.

A criterion names its check type (timing, facts, forbidden, required, conditional, ordering, similarity,
policy, lookup, notice) and, where the type needs one, the rule within it; the checks live in
`trainer.rubric.checks`, one small function per type. Practice ids are those of BEST_PRACTICES.md, so every
verdict can cite the practice it comes from. Reweighting or adding a criterion is an edit to this table.

Fatal criteria carry no weight: they earn nothing when met and zero the whole mention when missed, so a
privacy breach or an insult can never be averaged away by fast, friendly replies elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sim.scenarios.base import Kind
from sim.scenarios.drill import CriterionId

Section = Literal["timeliness", "resolution", "communication", "process", "compliance"]
SECTIONS: tuple[Section, ...] = ("timeliness", "resolution", "communication", "process", "compliance")

CheckType = Literal[
    "timing",
    "facts",
    "forbidden",
    "required",
    "conditional",
    "ordering",
    "similarity",
    "policy",
    "lookup",
    "notice",
    "pauses",
]


@dataclass(frozen=True)
class Criterion:
    """One observable practice and how it is checked."""

    id: CriterionId
    practice: str
    """The BEST_PRACTICES.md id it comes from, e.g. 'BP05'."""
    title: str
    """A short name for the scorecard."""
    section: Section
    check: CheckType
    weight: float
    rule: str = ""
    """Which rule of the check type applies (e.g. the forbidden pattern 'deflection')."""
    kinds: tuple[Kind, ...] | None = None
    """Mention kinds the criterion applies to; all when None."""
    fatal: bool = False
    scope: Literal["mention", "drill"] = "mention"
    advice: str = ""
    """Generic advice shown on a miss when the drill's author wrote no tip of their own."""


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "first-response", "BP01", "First response in time", "timeliness", "timing", 3,
        advice="Answer within the target; a short holding reply counts as a first response.",
    ),
    Criterion(
        "holding-time", "BP02", "Holding reply names a time", "timeliness", "required", 1,
        rule="holding_time",
        advice="If you can't answer yet, say so and name a time: 'Checking now, back to you by 9:40pm.'",
    ),
    Criterion(
        "promise-kept", "BP03", "Promised time kept", "timeliness", "conditional", 2, rule="promise_kept",
        advice="Write again by the time you named, even if only to say where things stand.",
    ),
    Criterion(
        "viral-response", "BP17", "Spreading complaint answered in public early", "timeliness", "timing", 3,
        rule="viral",
        advice="Answer a spreading complaint in public first: every minute of silence adds reshares.",
    ),
    Criterion(
        "urgent-first", "BP13", "Urgent before influential", "process", "ordering", 2, kinds=("urgent",),
        advice="Work time-sensitive posts first, whatever the follower counts in the queue.",
    ),
    Criterion(
        "facts", "BP04", "Gives the facts asked for", "resolution", "facts", 3, rule="facts",
        advice="Answer the exact question: the name, e-mail, status or record, not where to find it.",
    ),
    Criterion(
        "official-assets", "BP18", "Names the official handle or link", "resolution", "facts", 2,
        rule="assets",
        advice="Name the verified handle or paste the link; 'yes, we have one' is not an answer.",
    ),
    Criterion(
        "no-deflection", "BP05", "No deflection", "resolution", "forbidden", 2, rule="deflection",
        advice="Answer here; a number or 'DM us' alone sends them back where they came from.",
    ),
    Criterion(
        "apology-remedy", "BP11", "Apology with a remedy", "resolution", "required", 2, rule="apology_remedy",
        kinds=("complaint", "urgent"),
        advice="Say sorry plainly and say what you are doing about it: rebooked, refunded, replaced.",
    ),
    Criterion(
        "follow-ups", "BP03", "Follow-up questions answered", "resolution", "conditional", 1,
        rule="follow_ups",
        advice="When the customer writes again, answer that message too.",
    ),
    Criterion(
        "remedy-policy", "BP12", "Remedy within policy, whoever asks", "compliance", "policy", 2,
        advice="Offer what the policy gives everyone; a bigger audience earns no bigger voucher.",
    ),
    Criterion(
        "no-repeat", "BP06", "Doesn't make them repeat themselves", "communication", "forbidden", 2,
        rule="repeat_request", kinds=("complaint", "urgent", "question"),
        advice="Read the thread first and ask only for what is missing.",
    ),
    Criterion(
        "sign-off", "BP09", "Signed by a person", "communication", "required", 1, rule="sign_off",
        advice="End every message with your name or initials, e.g. '^SM'.",
    ),
    Criterion(
        "not-canned", "BP09", "Not a canned reply", "communication", "similarity", 1,
        advice="Write to this customer about their problem; don't paste the reply another customer got.",
    ),
    Criterion(
        "in-public", "BP10", "Seen doing the right thing in public", "communication", "conditional", 1,
        rule="in_public",
        advice="Say something useful in public before or while you move details to private.",
    ),
    Criterion(
        "warm-thanks", "BP20", "Warm and personal, to praise and complaints", "communication", "required", 1,
        rule="warmth", kinds=("praise", "complaint"),
        advice="Use their name and what they wrote about; be glad of praise, own a complaint; no brush-offs.",
    ),
    Criterion(
        "channel-asked", "BP07", "Asked the preferred channel, then used it", "process", "conditional", 2,
        rule="channel_asked",
        advice="Ask 'here, private message, e-mail or phone?' before moving, then use their choice.",
    ),
    Criterion(
        "escalation", "BP08", "Hand-over with the transcript", "process", "conditional", 2, rule="escalation",
        advice="Escalate to the right team and send the conversation with it.",
    ),
    Criterion(
        "kb-lookup", "BP19", "Looked it up before answering", "process", "lookup", 1,
        advice="Search the knowledge base before you answer; facts change.",
    ),
    Criterion(
        "listening", "BP14", "Untagged mention found and answered", "process", "conditional", 2,
        rule="listening",
        advice="Run a listening search: people talk about the brand without tagging it.",
    ),
    Criterion(
        "troll-ignored", "BP13", "Troll left alone", "process", "conditional", 2, rule="troll_ignored",
        advice="Some posts need no answer; replying only feeds them.",
    ),
    Criterion(
        "hours-notice", "BP15", "Hours stated before the desk closes", "process", "notice", 2, scope="drill",
        advice="Before closing, post when you are back and how soon people can expect an answer.",
    ),
    Criterion(
        "pause-budget", "BP01", "Clock paused within the drill's budget", "timeliness", "pauses", 1,
        scope="drill",
        advice="Customers don't wait while you think: keep pauses for real interruptions.",
    ),
    Criterion(
        "privacy", "BP10", "No personal data in public", "compliance", "forbidden", 0, rule="private_data",
        fatal=True, advice="Booking references and e-mail addresses belong in private messages only.",
    ),
    Criterion(
        "no-abuse", "BP20", "No insults or profanity", "compliance", "forbidden", 0, rule="abuse", fatal=True,
        advice="Stay courteous, whatever the provocation.",
    ),
)  # fmt: skip
"""Every criterion, in scorecard order."""
