"""The drill told again after the fact: a timeline of who did what when, and what the reach did and why."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from trainer.language import elapsed
from trainer.language.times import SECONDS_PER_MINUTE
from trainer.record import DrillRecord
from trainer.session import Action, DrillSession
from trainer.session.actions import (
    AskChannel,
    Escalate,
    Ignore,
    LookUp,
    Open,
    Pause,
    PostNotice,
    Reply,
    Resolve,
)
from trainer.widgets.meters import count


def describe_action(action: Action) -> str:
    """An action in a few words: 'replied in public to m2: "Marcus, I'm sorry…"'."""
    match action:
        case Open():
            return f"opened {action.mention}"
        case LookUp():
            return f"looked up '{action.query}'"
        case Reply():
            return (
                f"replied {'privately' if action.private else 'in public'} to {action.mention}: {action.text}"
            )
        case AskChannel():
            return f"asked {action.mention} which channel they prefer: {action.text}"
        case Escalate():
            sent = "with" if action.transcript else "WITHOUT"
            return f"escalated {action.mention} to {action.team}, {sent} the transcript"
        case Ignore():
            return f"left {action.mention} unanswered on purpose"
        case Resolve():
            return f"marked {action.mention} resolved"
        case PostNotice():
            return f"posted an hours notice: {action.text}"
        case Pause():
            return f"restarted the clock after a pause of {elapsed(action.seconds / SECONDS_PER_MINUTE)}"
        case _:
            return "ran a listening search"


def timeline(session: DrillSession) -> RenderableType:
    """Customers' posts and the trainee's actions in time order, on the desk's clock."""
    record = session.record()
    events: list[tuple[float, int, Text]] = []
    for item in record.mentions:
        for message in item.messages:
            if message.by == "customer" and message.at >= 0:
                what = "posted" if message.via == "mention" else "wrote again"
                line = Text.assemble((f"{item.mention.id} {item.mention.author.handle} {what}: ", "bold"))
                line.append(message.text.strip())
                events.append((message.at, 0, line))
    for action in session.actions:
        events.append((action.at, 1, Text.assemble(("you ", "bold green"), describe_action(action))))
    lines = []
    for at, _, text in sorted(events, key=lambda e: (e[0], e[1])):
        lines.append(Text.assemble((f"{session.clock.label(at)} ", "dim"), text))
    return Group(*lines)


def reach_story(record: DrillRecord) -> RenderableType:
    """Per mention: the audience it started with, how far it got, and whether a public answer came in time."""
    parts: list[RenderableType] = []
    for item in sorted(record.mentions, key=lambda m: -m.reach):
        mention = item.mention
        followers = mention.author.followers
        head = Text.assemble((f"{mention.id} {mention.author.handle}", "bold"), f" ({mention.kind}): ")
        head.append(f"{count(followers)} followers, reached {count(item.reach)} by the end")
        parts.append(head)
        first_public = next((m.at for m in item.brand_messages if not m.private), None)
        if item.reach > followers:
            parts.append(Text(f"   reshares added {count(item.reach - followers)} people", style="red"))
        if first_public is not None and item.reach_at_first_public_reply is not None:
            waited = elapsed(round(first_public - mention.at))
            reached = count(item.reach_at_first_public_reply)
            parts.append(
                Text(
                    f"   your first public answer came after {waited}, at {reached} reached; a public answer"
                    " that isn't a deflection thins every later reshare"
                )
            )
        elif mention.spread is not None:
            parts.append(Text("   never answered in public: the reshares ran unchecked", style="bold red"))
        spread_posts = [m for m in item.follow_ups if m.trigger == "silence" and not m.private]
        if spread_posts:
            parts.append(Text("   the customer complained in public about the silence, and that spread too"))
    total = sum(m.reach for m in record.mentions)
    parts.append(Text(f"\nAll conversations together reached {total:,} people.", style="bold"))
    return Group(*parts)
