"""Customer reactions: which follow-up posts a mention's author writes, and what sets each one off.

A drill's defaults cover the common reactions (annoyed at being asked to repeat, scornful of a bare phone
number, loud in public after too long a silence); a mention's own `reactions` replace a default trigger or
add triggers of the author's (`reply_matches`). This module turns both into rules and decides which rules a
reply sets off; the session schedules and posts them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sim.scenarios.drill import CustomerReactions, DrillMention, Reaction, ReactionTrigger, match_pattern
from trainer import language


@dataclass(frozen=True)
class Rule:
    """A reaction ready to fire."""

    trigger: ReactionTrigger
    text: str
    after: float
    """Minutes after the trigger (for silence: after the mention's arrival)."""
    private: bool | None
    """Where the customer writes; None: where they were answered."""
    spreads: bool
    match: re.Pattern[str] | None = None


def rules_for(mention: DrillMention, defaults: CustomerReactions, patience_factor: float) -> list[Rule]:
    """The reaction rules of one mention: the drill's defaults, the mention's own replacing them.

    `patience_factor` stretches the silence rule (an hours notice was posted before the mention arrived).
    A post that does not tag the brand, or should be ignored, never complains about silence.
    """
    default_texts: dict[ReactionTrigger, str] = {
        "silence": defaults.silence,
        "repeat_request": defaults.repeat_request,
        "deflection": defaults.deflection,
        "answered": defaults.answered,
        "channel_question": defaults.channel_answers[mention.author.prefers],
        "broken_promise": defaults.broken_promise,
        "no_transcript": defaults.no_transcript,
        "engaged": defaults.engaged,
    }
    own: dict[ReactionTrigger, Reaction] = {r.when: r for r in mention.reactions if r.when != "reply_matches"}
    rules: list[Rule] = []
    for trigger, default_text in default_texts.items():
        reaction = own.get(trigger)
        if reaction is not None and reaction.mute:
            continue
        after = reaction.after if reaction is not None else None
        if trigger == "silence":
            patience = after if after is not None else defaults.patience.get(mention.kind)
            if patience is None or not mention.tagged or "ignore" in mention.expected_actions:
                continue
            after = patience * patience_factor
        rules.append(
            Rule(
                trigger=trigger,
                text=(reaction.text if reaction is not None else None) or default_text,
                after=defaults.delay if after is None else after,
                private=reaction.private
                if reaction is not None
                else (False if trigger == "silence" else None),
                spreads=_spreads(trigger, reaction.spreads if reaction is not None else None),
            )
        )
    rules += [
        Rule(
            trigger="reply_matches",
            text=r.text or "",
            after=defaults.delay if r.after is None else r.after,
            private=r.private,
            spreads=_spreads("reply_matches", r.spreads),
            match=match_pattern(r.match or ""),
        )
        for r in mention.reactions
        if r.when == "reply_matches" and not r.mute
    ]
    return rules


def _spreads(trigger: ReactionTrigger, chosen: bool | None) -> bool:
    return chosen if chosen is not None else trigger == "silence"


def reply_triggers(
    mention: DrillMention,
    text: str,
    answers: Sequence[re.Pattern[str]],
    all_facts_given: bool,
) -> set[ReactionTrigger]:
    """The built-in triggers a reply sets off (`reply_matches` rules are matched by the session).

    `answers` are the patterns of the facts the customer asked for; `all_facts_given` tells whether this
    reply completed them.
    """
    found: set[ReactionTrigger] = set()
    if "ignore" in mention.expected_actions:
        return {"engaged"}
    if language.repeat_request(text, mention.expect.given):
        found.add("repeat_request")
    if language.deflection(text, answers):
        found.add("deflection")
    if all_facts_given:
        found.add("answered")
    if language.channel_question(text):
        found.add("channel_question")
    return found
