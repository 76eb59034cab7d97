"""Checks about what the trainee did, not only what they wrote: conditional practices ("moved to private, so
asked the channel first"), canned replies across customers, remedies against policy, and looking things up.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from trainer import language
from trainer.record import MentionRecord
from trainer.rubric.context import MentionContext, Outcome, met, missed, not_applicable, quote
from trainer.rubric.criteria import Criterion

SIMILAR = 0.85
"""Two replies to different customers this alike (after names and numbers are set aside) are canned."""

_PHONE_OR_EMAIL = re.compile(r"\b(?:e-?mail|call|ring|phone)\b", re.IGNORECASE)


def conditional(criterion: Criterion, ctx: MentionContext) -> Outcome:
    """A practice that applies only when something happened (or was expected): its rule decides both."""
    return _CONDITIONAL[criterion.rule](ctx)


def _promise_kept(ctx: MentionContext) -> Outcome:
    for message in ctx.sent:
        promise = language.promised_time(message.text, ctx.local_minute(message.at), ctx.end_of_day)
        if promise is None:
            continue
        due = message.at + promise.delay
        promised = f"promised {promise.span} at {ctx.when(message.at)}, due {ctx.when(due)}"
        later = next((m for m in ctx.sent if m.at > message.at), None)
        if later is not None and later.at <= due:
            return met(f"{promised}; wrote again at {ctx.when(later.at)}", "kept the promised time")
        if later is None and ctx.drill_record.ended_at < due:
            return not_applicable("the drill ended before the promised time")
        after = f"next message at {ctx.when(later.at)}" if later else "no message since"
        return missed(f"{promised}; {after}", "the promised time passed in silence")
    return not_applicable("no time was promised")


def _follow_ups(ctx: MentionContext) -> Outcome:
    waiting = [m for m in ctx.item.follow_ups if m.needs_answer]
    if not waiting:
        return not_applicable("the customer asked nothing more")
    for post in waiting:
        if not any(m.at >= post.at for m in ctx.sent):
            return missed(
                f"{quote(post.text)} at {ctx.when(post.at)} went unanswered", "a follow-up was ignored"
            )
    return met(f"answered {len(waiting)} follow-up{'s' if len(waiting) != 1 else ''}", "followed through")


def _in_public(ctx: MentionContext) -> Outcome:
    if not ctx.item.mention.is_public:
        return not_applicable("the customer wrote privately")
    if not ctx.sent:
        return not_applicable("nothing sent")
    public = [m for m in ctx.sent if not m.private]
    if not public:
        return missed(
            f"first message private at {ctx.when(ctx.sent[0].at)}",
            "taken offline with nothing said in public",
        )
    useful = next((m for m in public if language.deflection(m.text, ctx.answer_patterns) is None), None)
    if useful is None:
        return missed(
            f"{quote(public[0].text)} at {ctx.when(public[0].at)}",
            "only a redirect in public: nobody saw anything done",
        )
    return met(f"public message at {ctx.when(useful.at)}", "answered where others can see")


def _channel_asked(ctx: MentionContext) -> Outcome:
    item, mention = ctx.item, ctx.item.mention
    expected = {"ask_channel", "private"} & set(mention.expected_actions)
    moved = next((m for m in ctx.sent if m.private), None) if mention.is_public else None
    if not expected and moved is None:
        return not_applicable("stayed in the customer's channel")
    asked = next((m for m in ctx.sent if m.via == "ask_channel" or language.channel_question(m.text)), None)
    if asked is None:
        if moved is not None:
            return missed(
                f"moved to private at {ctx.when(moved.at)} without asking", "didn't ask their channel first"
            )
        return missed("never asked", "didn't ask which channel they prefer")
    if moved is not None and moved.at < asked.at:
        return missed(
            f"moved to private at {ctx.when(moved.at)}, asked at {ctx.when(asked.at)}", "asked too late"
        )
    answer = next((m for m in item.follow_ups if m.trigger == "channel_question"), None)
    if answer is None or item.preferred is None:
        return met(f"asked at {ctx.when(asked.at)}", "asked before moving")
    used = next((m for m in ctx.sent if m.at > answer.at), None)
    if used is None:
        return missed(
            f"they chose {item.preferred} at {ctx.when(answer.at)}; no message since", "their choice unused"
        )
    fits = {
        "private": used.private,
        "public": not used.private,
        "email": bool(_PHONE_OR_EMAIL.search(used.text)),
        "phone": bool(_PHONE_OR_EMAIL.search(used.text)),
    }[item.preferred]
    evidence = (
        f"asked at {ctx.when(asked.at)}, they chose {item.preferred}, next message {quote(used.text, 40)}"
    )
    return (
        met(evidence, "used the channel they chose")
        if fits
        else missed(evidence, "ignored the channel they chose")
    )


def _escalation(ctx: MentionContext) -> Outcome:
    mention = ctx.item.mention
    wanted = "escalate" in mention.expected_actions
    handoffs = ctx.item.handoffs
    if not handoffs:
        team = mention.expect.escalate_to or "a team"
        return (
            missed(f"not handed to {team}", "a case for another team stayed put")
            if wanted
            else not_applicable("no hand-over needed or made")
        )
    handoff = handoffs[0]
    target = mention.expect.escalate_to
    carried = "with" if handoff.transcript else "without"
    evidence = f"to {handoff.team} at {ctx.when(handoff.at)}, {carried} the transcript"
    if target is not None and handoff.team != target:
        return missed(f"{evidence}; expected {target}", "handed to the wrong team")
    if not handoff.transcript:
        return missed(evidence, "the customer will have to repeat everything")
    return met(evidence, "handed over with the conversation")


def _listening(ctx: MentionContext) -> Outcome:
    item = ctx.item
    if item.mention.tagged:
        return not_applicable("tags the brand")
    if "ignore" in item.mention.expected_actions:
        return not_applicable("needs no answer")
    if item.visible_at is None:
        return missed(f"posted at {ctx.when(item.arrived)}, never found", "no listening search found it")
    found = f"found at {ctx.when(item.visible_at)}"
    if item.first_response is None:
        return missed(f"{found}, never answered", "found but left unanswered")
    return met(f"{found}, answered at {ctx.when(item.first_response)}", "found and answered")


def _troll_ignored(ctx: MentionContext) -> Outcome:
    if "ignore" not in ctx.item.mention.expected_actions:
        return not_applicable("deserves an answer")
    if ctx.sent:
        return missed(
            f"{quote(ctx.sent[0].text)} at {ctx.when(ctx.sent[0].at)}", "fed a post that needed no answer"
        )
    marked = ctx.item.ignored_at
    return met("marked ignored" if marked is not None else "left unanswered", "gave it no audience")


_CONDITIONAL: dict[str, Callable[[MentionContext], Outcome]] = {
    "promise_kept": _promise_kept,
    "follow_ups": _follow_ups,
    "in_public": _in_public,
    "channel_asked": _channel_asked,
    "escalation": _escalation,
    "listening": _listening,
    "troll_ignored": _troll_ignored,
}


def similarity(criterion: Criterion, ctx: MentionContext) -> Outcome:
    """A reply nearly identical to one sent to another customer is a canned reply."""
    mine = [m for m in ctx.sent if m.via == "reply"]
    if not mine:
        return not_applicable("no replies")
    handle = ctx.item.mention.author.handle
    best = (0.0, "", 0.0)
    for other in ctx.others():
        if other.mention.author.handle == handle:
            continue
        for theirs in other.brand_messages:
            if theirs.via != "reply":
                continue
            for message in mine:
                alike = language.similarity(message.text, theirs.text)
                if alike > best[0]:
                    best = (alike, other.mention.id, theirs.at)
    alike, other_id, at = best
    if alike >= SIMILAR:
        return missed(f"{alike:.0%} the same as the reply to {other_id} at {ctx.when(at)}", "a canned reply")
    return met(f"closest reply to another customer {alike:.0%} alike", "written for this customer")


def policy(criterion: Criterion, ctx: MentionContext) -> Outcome:
    """Money offered stays within the policy limit, and louder customers get no more than quieter ones."""
    offered = _largest_offer(ctx.item)
    if offered is None:
        return not_applicable("no money offered")
    span, amount = offered
    drill = ctx.drill_record.drill
    remedy = ctx.item.mention.expect.remedy
    limits = [
        e for e in drill.knowledge if e.max_compensation is not None and (remedy is None or e.id == remedy)
    ]
    currency = drill.currency
    if limits and amount > (limit := limits[0].max_compensation or 0.0):
        return missed(
            f"offered {span}; '{limits[0].title}' allows up to {limit:g} {currency}", "above policy"
        )
    followers = ctx.item.mention.author.followers
    for other in ctx.others():
        theirs = _largest_offer(other)
        quieter = other.mention.author.followers < followers and other.mention.expect.remedy == remedy
        if theirs and quieter and amount > theirs[1]:
            evidence = (
                f"offered {span} to {followers:,} followers; {other.mention.id} "
                f"({other.mention.author.followers:,} followers) got {theirs[0]}"
            )
            return missed(evidence, "a bigger offer for a bigger audience")
    within = f"within {limits[0].max_compensation:g} {currency}" if limits else "no limit set"
    return met(f"offered {span}, {within}", "consistent with policy")


def _largest_offer(item: MentionRecord) -> tuple[language.Span, float] | None:
    offers = [o for m in item.brand_messages for o in language.amounts(m.text)]
    return max(offers, key=lambda o: o[1]) if offers else None


def lookup(criterion: Criterion, ctx: MentionContext) -> Outcome:
    """Each fact given (or due) was found in a knowledge-base search before the message that gave it; the
    brand's own handles need none (every agent knows the account they post from)."""
    facts = [e.id for e in ctx.entries(ctx.item.mention.expect.facts) if e.kind != "handle"]
    if not facts:
        return not_applicable("no facts to look up (the brand's own handle needs no search)")
    searches = ctx.drill_record.searches
    found = []
    for fact in facts:
        given = next((m.at for m in ctx.sent if language.fact_spans(ctx.answers[fact], m.text)), None)
        search = next((s for s in searches if fact in s.found and (given is None or s.at <= given)), None)
        if search is None:
            when = (
                f"gave {fact} at {ctx.when(given)}, no search had found it"
                if given
                else f"never looked up {fact}"
            )
            return missed(when, "answered without looking it up")
        found.append(f"'{search.query}' at {ctx.when(search.at)} found {fact}")
    return met("; ".join(found), "looked it up first")
