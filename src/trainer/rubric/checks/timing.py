"""Checks about time: how fast the first answer came (BP01, BP17), and which posts were taken first (BP13)."""

from __future__ import annotations

from trainer import language
from trainer.language import elapsed
from trainer.rubric.context import MentionContext, Outcome, met, missed, not_applicable
from trainer.rubric.criteria import Criterion


def timing(criterion: Criterion, ctx: MentionContext) -> Outcome:
    """First response against the mention's deadline.

    Rule `viral` applies to spreading complaints only and counts public answers only (a private message
    does not stop a public cascade), and not a deflection.
    """
    item, mention = ctx.item, ctx.item.mention
    viral = criterion.rule == "viral"
    if viral and mention.spread is None:
        return not_applicable("not a spreading complaint")
    if "ignore" in mention.expected_actions:
        return not_applicable("no answer expected (spam or a troll)")
    if item.arrived > ctx.drill_record.ended_at:
        return not_applicable("posted after the drill was finished")
    answers = [
        m
        for m in ctx.sent
        if not viral or (not m.private and language.deflection(m.text, ctx.answer_patterns) is None)
    ]
    deadline = elapsed(item.target)
    what = "public answer" if viral else "first response"
    if not answers:
        waited = ctx.drill_record.ended_at - item.arrived
        if waited < item.target:
            return not_applicable(
                f"the drill ended {elapsed(waited)} after it was posted, before its deadline"
            )
        return missed(f"no {what} after {elapsed(waited)} (target {deadline})", f"no {what} in time")
    delay = answers[0].at - item.arrived
    evidence = f"{what} {elapsed(delay)} after posting (target {deadline})"
    if viral:
        evidence += f", reach by then {item.reach_at_first_public_reply or item.mention.author.followers:,}"
    if delay <= item.target:
        return met(evidence, f"{what} within the target")
    return missed(evidence, f"{what} {elapsed(delay - item.target)} late")


def ordering(criterion: Criterion, ctx: MentionContext) -> Outcome:
    """An urgent post must not wait while less urgent posts are answered, least of all louder ones."""
    item = ctx.item
    if item.visible_at is None:
        return not_applicable("never in the inbox")
    answered = item.first_response
    jumped = []
    for other in ctx.others():
        first = other.first_response
        if other.mention.kind == "urgent" or first is None or first < item.visible_at:
            continue
        if answered is None or first < answered:
            jumped.append((first, other))
    if not jumped:
        when = (
            "never answered, but nothing else was"
            if answered is None
            else f"answered at {ctx.when(answered)}"
        )
        return met(f"{when}, before any less urgent post", "urgent post taken first")
    first, other = min(jumped, key=lambda pair: pair[0])
    louder = other.mention.author.followers > item.mention.author.followers
    who = f"{other.mention.id} ({other.mention.kind}, {other.mention.author.followers:,} followers)"
    evidence = f"{who} answered at {ctx.when(first)} while this urgent post waited"
    reason = "influence went before urgency" if louder else "a less urgent post went first"
    return missed(evidence, reason)
