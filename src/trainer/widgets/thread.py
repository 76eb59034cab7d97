"""The open conversation: who the customer is, their earlier posts, the mention and everything since."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from sim.scenarios.drill import DrillMention
from trainer.clock import DrillClock
from trainer.language import elapsed
from trainer.record import Message
from trainer.widgets.meters import count

_WHERE = {True: "private", False: "public"}
_NOTHING_OPEN = "Open a mention from the inbox (↑/↓, or click it) to read its thread."
_VIA = {"thread": "earlier post", "mention": "mention", "follow_up": "follow-up"}


def describe(mention: DrillMention, clock: DrillClock, now: float) -> Text:
    """The customer line: name, handle, audience, what and where, and their local time if they are abroad."""
    author = mention.author
    head = Text.assemble((author.name, "bold"), f" {author.handle} · {count(author.followers)} followers · ")
    head.append(f"{mention.kind} · {mention.channel.replace('_', ' ')} on {mention.network}")
    if not mention.tagged:
        head.append(" · did not tag you", style="italic")
    if author.timezone and not clock.same_offset(author.timezone, now):
        head.append(f" · {clock.label(now, author.timezone)} where they are ({author.timezone})")
    return head


def message(item: Message, handle: str, clock: DrillClock) -> RenderableType:
    """One post: when, who, where, and the text."""
    mine = item.by_trainee
    when = clock.label(item.at) if item.at >= 0 else f"{elapsed(-item.at)} before"
    who = "you" if mine else ("the brand" if item.by == "brand" else handle)
    how = "" if mine else f" · {_VIA[item.via]}"
    line = Text.assemble((f"{when} ", "dim"), (who, "bold green" if mine else "bold"))
    line.append(f" · {_WHERE[item.private]}{how}", style="dim")
    body = Text(item.text, style="" if item.via != "thread" else "dim")
    return Group(line, body, Text(""))


class Thread(VerticalScroll):
    """The conversation of the mention the trainee has open, newest at the bottom."""

    def compose(self) -> ComposeResult:
        """One Static holds the whole conversation (a thread has tens of posts, not thousands)."""
        yield Static(_NOTHING_OPEN, id="thread-body")

    def show(
        self, mention: DrillMention | None, messages: Sequence[Message], clock: DrillClock, now: float
    ) -> None:
        """Show a conversation (None: nothing open) and scroll to its latest post."""
        body = self.query_one("#thread-body", Static)
        if mention is None:
            body.update(_NOTHING_OPEN)
            return
        parts: list[RenderableType] = [describe(mention, clock, now), Text("")]
        parts += [message(m, mention.author.handle, clock) for m in messages]
        body.update(Group(*parts))
        self.scroll_end(animate=False)
