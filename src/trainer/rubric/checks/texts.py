"""Checks that read what the trainee wrote: facts given, forbidden patterns, required patterns.

`forbidden` and `required` are generic over their rules: a rule finds the offending (or proving) span in one
message, and the check turns the findings over all messages into a verdict. Adding a pattern rule means
adding a finder here and naming it in the criteria table.
"""

from __future__ import annotations

from collections.abc import Callable

from sim.scenarios.drill import match_pattern
from trainer import language
from trainer.language import Span, elapsed
from trainer.record import Message
from trainer.rubric.context import MentionContext, Outcome, met, missed, not_applicable, quote
from trainer.rubric.criteria import Criterion

_ASSETS = ("handle", "link")

Finder = Callable[[MentionContext, Message], tuple[Span, str] | None]
"""Finds a span in one message, with what it is (for the reason)."""


def facts(criterion: Criterion, ctx: MentionContext) -> Outcome:
    """Every expected fact given in some message. Rule `facts` is the answer to the question, whatever it
    is (a handle asked for is the answer too); rule `assets` weighs the official handles and links again."""
    wanted = [
        e
        for e in ctx.entries(ctx.item.mention.expect.facts)
        if criterion.rule == "facts" or e.kind in _ASSETS
    ]
    if not wanted:
        return not_applicable("no such facts asked for")
    given, lacking = [], []
    for entry in wanted:
        found = next(
            ((m, s) for m in ctx.sent if (s := language.fact_spans(ctx.answers[entry.id], m.text))), None
        )
        if found is None:
            lacking.append(f"{entry.id} ({entry.title})")
        else:
            message, spans = found
            given.append(f"{', '.join(str(s) for s in spans)} at {ctx.when(message.at)}")
    if lacking:
        return missed("not given: " + "; ".join(lacking), "the answer lacks what was asked for")
    return met("; ".join(given), "gave what was asked for")


def _deflection(ctx: MentionContext, message: Message) -> tuple[Span, str] | None:
    found = language.deflection(message.text, ctx.answer_patterns, ctx.item.mention.expect.given)
    if found is None:
        return None
    if not found.hard:
        return found.span, f"{found.what} with nothing else"
    zone = ctx.item.mention.author.timezone
    abroad = zone is not None and not ctx.drill_record.clock.same_offset(zone, message.at)
    whats = []
    for hard in (d for d in language.deflections(message.text, ctx.answer_patterns) if d.hard):
        whats.append(f"{hard.what}, to a customer abroad" if "premium" in hard.what and abroad else hard.what)
    return found.span, "; ".join(dict.fromkeys(whats))


def _repeat_request(ctx: MentionContext, message: Message) -> tuple[Span, str] | None:
    span = language.repeat_request(message.text, ctx.item.mention.expect.given)
    return (span, "asks for what the thread already says") if span else None


def _private_data(ctx: MentionContext, message: Message) -> tuple[Span, str] | None:
    """A knowledge entry's private data, or any e-mail, phone number, address or booking code that is not
    the brand's own (the knowledge base's public entries), posted in public."""
    if message.private:
        return None
    knowledge = ctx.drill_record.drill.knowledge
    for entry in knowledge:
        for spec in entry.private:
            if found := match_pattern(spec).search(message.text):
                return Span.of(found), f"personal data from '{entry.title}' posted in public"
    public = [f"{e.text} {' '.join(e.match)}" for e in knowledge if not e.private]
    if found_data := language.personal_data(message.text, public):
        return found_data[0].span, f"{found_data[0].what} posted in public"
    return None


def _abuse(ctx: MentionContext, message: Message) -> tuple[Span, str] | None:
    span = language.abuse(message.text)
    return (span, "an insult or profanity") if span else None


FORBIDDEN: dict[str, Finder] = {
    "deflection": _deflection,
    "repeat_request": _repeat_request,
    "private_data": _private_data,
    "abuse": _abuse,
}


MAX_FINDINGS = 3
"""Offending messages quoted as evidence, at most (a poor reply rarely fails only once)."""


def forbidden(criterion: Criterion, ctx: MentionContext) -> Outcome:
    """No message may contain the rule's pattern; each offending message (up to three) is evidence, and
    each different way it offended is named in the reason ('a redirect ...; a premium-rate number')."""
    if not ctx.sent:
        return not_applicable("nothing sent")
    find = FORBIDDEN[criterion.rule]
    findings = [(message, found) for message in ctx.sent if (found := find(ctx, message))]
    if findings:
        shown = findings[:MAX_FINDINGS]
        evidence = "; ".join(f"{span} in the message at {ctx.when(m.at)}" for m, (span, _) in shown)
        reasons = dict.fromkeys(what for _, (_, what) in shown)
        return missed(evidence, "; ".join(reasons))
    count = len(ctx.sent)
    return met(f"none in {count} message{'s' if count != 1 else ''}", "none found")


def required(criterion: Criterion, ctx: MentionContext) -> Outcome:
    """The rule's pattern must be present: in every message (sign-off) or somewhere (the others)."""
    return _REQUIRED[criterion.rule](ctx)


def _sign_off(ctx: MentionContext) -> Outcome:
    if not ctx.sent:
        return not_applicable("nothing sent")
    name = ctx.drill_record.trainee
    for message in ctx.sent:
        if language.sign_off(message.text, name) is None:
            return missed(
                f"message at {ctx.when(message.at)} ends {quote(message.text[-40:])}", "unsigned message"
            )
    spans = [str(language.sign_off(m.text, name)) for m in ctx.sent]
    return met(", ".join(dict.fromkeys(spans)), "every message signed")


def _apology_remedy(ctx: MentionContext) -> Outcome:
    """A complaint, or an urgent post about something the brand got wrong, is owned and put right."""
    mention = ctx.item.mention
    if mention.kind == "urgent" and not _brand_failure(ctx):
        return not_applicable("an urgent request, not something the brand got wrong")
    texts = [m.text for m in ctx.sent]
    if not texts:
        return missed("no reply", f"{_problem(mention.kind)} went without an apology")
    brushed = _first(language.dismissal, texts)
    if brushed:
        return missed(f"{brushed}", "brushed the customer off")
    sorry = _first(language.apology, texts)
    fix = _first(language.remedy, texts)
    if sorry and fix:
        return met(f"{sorry} and {fix}", "apologised and put it right")
    if sorry:
        return missed(f"{sorry}, no remedy", "an apology with nothing done about it")
    empathy = _first(language.scripted_empathy, texts)
    if empathy:
        return missed(f"{empathy} only", "scripted empathy is neither an apology nor a remedy")
    if fix:
        return missed(f"{fix}, no apology", "put it right without saying sorry")
    return missed("no apology, no remedy", f"{_problem(mention.kind)} was not owned")


def _problem(kind: str) -> str:
    return "a complaint" if kind == "complaint" else "the brand's own failure"


def _warmth(ctx: MentionContext) -> Outcome:
    """Praise is met with warmth, complaints with warmth too: glad words for the one, a reply that is about
    this customer and does not brush them off for the other; both personal (BP20)."""
    texts = [m.text for m in ctx.sent]
    praise = ctx.item.mention.kind == "praise"
    if not texts:
        return missed("no reply", "praise left unanswered" if praise else "a complaint left unanswered")
    if brushed := _first(language.dismissal, texts):
        return missed(f"{brushed}", "brushed the customer off")
    warm = _first(language.warmth, texts) if praise else _first(_owned_or_warm, texts)
    if warm is None:
        return missed("no warm word", "praise answered coldly" if praise else "no apology or warmth")
    mention = ctx.item.mention
    elsewhere = [other.mention.text for other in ctx.others()]
    personal = language.personal_touch(mention.text, mention.author.name, texts, elsewhere)
    if personal is None:
        return missed(f"{warm}, nothing personal", "warm words without their name or what they wrote about")
    return met(f"{warm} and {personal}", "warm and personal")


def _owned_or_warm(text: str) -> Span | None:
    return language.apology(text) or language.warmth(text)


def _holding_time(ctx: MentionContext) -> Outcome:
    """A reply saying the answer is on its way must say when; so must the wait before a late answer."""
    item = ctx.item
    answer = next((m for m in ctx.sent if ctx.answers and _gives_all(ctx, m.text)), None)
    before = [m for m in ctx.sent if answer is None or m.at < answer.at]
    holding = [m for m in before if language.pending(m.text)]
    late = answer is not None and answer.at - item.arrived > item.target
    if not holding and not late:
        return not_applicable("no holding reply, no late answer")
    for message in before:
        promise = language.promised_time(message.text, ctx.local_minute(message.at), ctx.end_of_day)
        if promise is not None:
            return met(f"{promise.span} at {ctx.when(message.at)}", "the holding reply named a time")
    if holding:
        return missed(f"{quote(holding[0].text)} names no time", "a holding reply without a committed time")
    assert answer is not None
    delay = elapsed(answer.at - item.arrived)
    return missed(f"answered after {delay} with no time named before", "a late answer with no holding reply")


def _brand_failure(ctx: MentionContext) -> bool:
    mention = ctx.item.mention
    return any(language.brand_failure(t) for t in (mention.text, *(p.text for p in mention.thread)))


def _gives_all(ctx: MentionContext, text: str) -> bool:
    return all(language.fact_spans(patterns, text) for patterns in ctx.answers.values())


def _first(find: Callable[[str], Span | None], texts: list[str]) -> Span | None:
    return next((s for t in texts if (s := find(t))), None)


_REQUIRED: dict[str, Callable[[MentionContext], Outcome]] = {
    "sign_off": _sign_off,
    "apology_remedy": _apology_remedy,
    "warmth": _warmth,
    "holding_time": _holding_time,
}
