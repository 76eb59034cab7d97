"""The knowledge-base search: type a few words, press Enter, read the entries the session found.

The search is a session action (`DrillSession.lookup`), so it is journaled and the rubric sees that the
trainee looked things up before answering.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Static

from sim.scenarios.drill import KnowledgeEntry
from trainer.session import DrillSession

_HINT = "Search the knowledge base: handles, bookings, policies, phone numbers, hours."


class Knowledge(Vertical):
    """Search box and results."""

    def __init__(self, session: DrillSession, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session

    def compose(self) -> ComposeResult:
        """The search box over the results."""
        yield Input(placeholder="look up… (Enter)", id="kb-query", compact=True)
        with VerticalScroll(id="kb-scroll"):
            yield Static(_HINT, id="kb-results")

    @on(Input.Submitted, "#kb-query")
    def _search(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        if query and not self.session.finished:
            found = self.session.lookup(query)
            self.show(query, found)
            if found:
                self.post_message(self.Found())

    class Found(Message):
        """A search found something: the screen moves the trainee on to writing."""

    def show(self, query: str, entries: Sequence[KnowledgeEntry]) -> None:
        """Show what a search found, best first."""
        results = self.query_one("#kb-results", Static)
        if not entries:
            results.update(Text(f"Nothing found for '{query}'. Try fewer or other words.", style="italic"))
            return
        parts = []
        for entry in entries:
            parts.append(Text.assemble((entry.title, "bold"), (f"  [{entry.kind}]", "dim")))
            parts.append(Text(entry.text.strip()))
        results.update(Group(*parts))
        self.query_one("#kb-scroll", VerticalScroll).scroll_home(animate=False)
