"""The drill screen: the inbox, the open thread, the knowledge base, the composer and the actions.

Everything the trainee does goes through the `DrillSession`, which journals it to the store at once: leaving
the screen (or losing the terminal) mid-drill loses nothing, and the drill is offered for resuming at home.
The clock moves only in `tick()`: a timer calls it once a second when the drill runs live, and tests call it
directly, so no test waits on wall-clock time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from textwrap import shorten
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, TextArea

from sim.scenarios.drill import DrillMention
from sim.scenarios.units import format_clock
from trainer.rubric import Scorecard
from trainer.screens.dialogs import ConfirmDialog, EscalateDialog, Escalation
from trainer.screens.review import ReviewScreen
from trainer.session import DrillSession, Happening, SessionError
from trainer.widgets.action_bar import DRILL_ACTIONS, ActionBar
from trainer.widgets.clock_bar import ClockBar, speed_label
from trainer.widgets.composer import Composer, limit
from trainer.widgets.inbox import Inbox
from trainer.widgets.knowledge import Knowledge
from trainer.widgets.meters import plural
from trainer.widgets.thread import Thread

TICK_SECONDS = 1.0
"""Real seconds between clock ticks when the drill runs live."""
TOAST_CHARS = 90
"""Toasts quote a post only this far: the thread has it in full, and a long toast covers the actions."""
SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0)
"""Multiples of the drill's own `clock_speed` the trainee can choose."""
SHORT_SCREEN = 30
"""Rows below which the drill screen packs its panels tighter (80x24 is the smallest it is made for)."""


class DrillScreen(Screen[None]):
    """One running drill."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(key, action, label, show=False) for key, action, label in DRILL_ACTIONS),
        Binding("ctrl+t", "pause", "Pause", key_display="^t"),
        Binding("ctrl+f", "faster", "Faster", show=False),
        Binding("ctrl+b", "slower", "Slower", show=False),
        Binding("ctrl+s", "sort", "Sort", show=False),
        Binding("ctrl+l", "search", "Look up", key_display="^l"),
        Binding("ctrl+n", "sign_off", "Sign", key_display="^n"),
        Binding("escape", "back", "Inbox/Home"),
    ]
    """No key that types a character is bound: what the trainee types goes into a text box (see `on_key`)."""

    def __init__(self, session: DrillSession, drill_id: int, *, live: bool = True) -> None:
        """`live`: run the clock on a timer (off in tests, which call `tick`)."""
        super().__init__()
        self.session = session
        self.drill_id = drill_id
        self.live = live
        self.speed_index = SPEEDS.index(1.0)
        self.paused = False
        self.wall_clock: Callable[[], float] = time.monotonic
        """Real time in seconds, to measure pauses (tests set their own)."""
        self._paused_since = 0.0
        self.current: str | None = None
        self._mentions = {m.id: m for m in session.drill.mentions}
        """The drill's mentions by id: a tick can bring many follow-ups, and a drill many mentions."""
        self._shown: tuple[str | None, int] = (None, 0)

    @property
    def speed(self) -> float:
        """The chosen multiple of the drill's clock speed."""
        return SPEEDS[self.speed_index]

    def compose(self) -> ComposeResult:
        """Clock on top, the inbox across, the thread beside composer and knowledge base, actions below."""
        drill = self.session.drill
        targets = {m.id: drill.target_for(m) for m in drill.mentions}
        yield ClockBar(id="clock")
        with Vertical(id="desk"):
            yield Inbox(targets, id="inbox")
            with Horizontal(id="lower"):
                yield Thread(id="thread")
                with Vertical(id="right"):
                    yield Composer(self.session.trainee, id="composer")
                    yield Knowledge(self.session, id="knowledge")
        yield ActionBar(id="actions")
        yield Footer()

    def on_mount(self) -> None:
        """Show the drill as it stands (a resumed drill has a history) and start the clock."""
        self.query_one(Knowledge).border_title = "Knowledge base"
        self.query_one(Thread).border_title = "Thread"
        self.query_one(Composer).border_title = "Composer"
        self.refresh_view()
        self.query_one(Inbox).focus()
        if self.live:
            self.set_interval(TICK_SECONDS, self.tick)

    def on_resize(self, event: events.Resize) -> None:
        """Mark a short terminal, where the stylesheet trades composer lines for knowledge-base lines."""
        self.set_class(event.size.height < SHORT_SCREEN, "-short")

    # The clock ---------------------------------------------------------------------------------------

    def tick(self, seconds: float = TICK_SECONDS) -> None:
        """Move the drill's clock on by `seconds` of real time at the chosen speed; the end scores it."""
        if self.paused or self.session.finished:
            return
        minutes = seconds * self.speed * self.session.drill.clock_speed
        for happening in self.session.advance(minutes):
            self._announce(happening)
        self.refresh_view()
        if self.session.now >= self.session.drill.length:
            self._score()

    def refresh_view(self) -> None:
        """Bring every panel up to date with the session."""
        self.query_one(ClockBar).show(self.session, self.speed, self.paused)
        inbox = self.query_one(Inbox)
        inbox.border_title = f"Inbox · by {inbox.order.name} (^s)"
        inbox.show(self.session.inbox())
        if self.current is None and inbox.selected is not None:
            self._open(inbox.selected)
        self._show_thread()

    def action_pause(self) -> None:
        """Stop or restart the clock; a pause is recorded as the clock restarts (a drill may budget them)."""
        if self.session.finished:
            return
        if self.paused:
            self._record_pause()
        else:
            self._paused_since = self.wall_clock()
        self.paused = not self.paused
        self.refresh_view()

    def _record_pause(self) -> None:
        """Journal the pause that is running, if any (on restart, and before leaving or finishing)."""
        if self.paused and not self.session.finished:
            self._act(lambda: self.session.pause(max(0.0, self.wall_clock() - self._paused_since)))
            self._paused_since = self.wall_clock()

    def action_faster(self) -> None:
        """Run the clock faster."""
        self._set_speed(self.speed_index + 1)

    def action_slower(self) -> None:
        """Run the clock slower."""
        self._set_speed(self.speed_index - 1)

    def _set_speed(self, index: int) -> None:
        self.speed_index = min(max(index, 0), len(SPEEDS) - 1)
        self.notify(f"Clock speed {speed_label(self.speed)}", timeout=2)
        self.refresh_view()

    # Navigation --------------------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """A character typed outside a text box is the start of a reply: it goes into the composer, so
        typing with the focus elsewhere never fires an action and never loses a letter."""
        if not event.is_printable or event.character is None or isinstance(self.focused, Input | TextArea):
            return
        event.stop()
        event.prevent_default()
        area = self.query_one("#composer-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        area.insert(event.character)

    @on(Inbox.Highlighted, "#inbox")
    def _highlighted(self, event: Inbox.Highlighted) -> None:
        if event.mention != self.current:
            self._open(event.mention)

    @on(Knowledge.Found)
    def _found(self) -> None:
        self.action_write()

    @on(Inbox.Selected, "#inbox")
    def _selected(self) -> None:
        self.action_write()

    def _open(self, mention_id: str) -> None:
        """Show a mention's thread; the first time, this is the session's `open` action (it is journaled)."""
        self.current = mention_id
        item = next(i for i in self.session.inbox() if i.id == mention_id)
        if item.status == "new" and not self.session.finished:
            self._act(lambda: self.session.open(mention_id))
        self.query_one(Composer).address(self._mention())
        self._show_thread(force=True)

    def _show_thread(self, force: bool = False) -> None:
        """Redraw the thread when it changed (not on every tick: that would yank the scroll position)."""
        messages = self.session.conversation(self.current) if self.current is not None else ()
        shown = (self.current, len(messages))
        if force or shown != self._shown:
            self._shown = shown
            clock, now = self.session.clock, self.session.now
            self.query_one(Thread).show(self._mention(), messages, clock, now)

    def _mention(self) -> DrillMention | None:
        return None if self.current is None else self._mentions.get(self.current)

    def action_sort(self) -> None:
        """Cycle the inbox's order."""
        order = self.query_one(Inbox).next_order()
        self.notify(f"Inbox sorted by {order.name}", timeout=2)
        self.refresh_view()

    def action_search(self) -> None:
        """Go to the knowledge-base search box."""
        self.query_one("#kb-query", Input).focus()

    def action_write(self) -> None:
        """Go to the composer."""
        self.query_one("#composer-text", TextArea).focus()

    def action_sign_off(self) -> None:
        """Sign the draft with the trainee's initials."""
        self.query_one(Composer).insert_sign_off()

    def action_back(self) -> None:
        """From a text box back to the inbox; from the inbox, after asking, back home (the drill stays
        resumable)."""
        inbox = self.query_one(Inbox)
        if self.focused is not inbox:
            inbox.focus()
            return

        def leave(sure: bool | None) -> None:
            if sure:
                self._record_pause()
                self.app.pop_screen()
                self.app.notify(f"Drill {self.drill_id} is saved: resume it from the home screen.", timeout=4)

        question = "Leave the drill? It is saved, and you can resume it from the home screen."
        self.app.push_screen(ConfirmDialog(question, yes="Leave"), leave)

    # Actions -----------------------------------------------------------------------------------------

    def action_reply(self) -> None:
        """Answer the open mention where the customer wrote."""
        mention = self._require_mention()
        if mention is not None:
            self._send(lambda text: self.session.reply(mention.id, text), private=not mention.is_public)

    def action_private(self) -> None:
        """Answer the open mention by private message."""
        mention = self._require_mention()
        if mention is not None:
            self._send(lambda text: self.session.reply(mention.id, text, private=True), private=True)

    def action_ask_channel(self) -> None:
        """Ask which channel the customer prefers: the draft if there is one, else the standard question."""
        mention = self._require_mention()
        if mention is None:
            return
        composer = self.query_one(Composer)
        text = composer.text or None
        if self._act(lambda: self.session.ask_channel(mention.id, text)):
            composer.set_text("")
            self.query_one(Inbox).focus()

    def action_escalate(self) -> None:
        """Open the escalation dialog for the open mention."""
        mention = self._require_mention()
        if mention is None:
            return
        posts = len(self.session.conversation(mention.id))

        def escalate(choice: Escalation | None) -> None:
            if choice is not None and self._act(
                lambda: self.session.escalate(mention.id, choice.team, choice.transcript, choice.note)
            ):
                sent = "with the conversation" if choice.transcript else "without the conversation"
                self.notify(f"Escalated to {choice.team}, {sent}.")

        self.app.push_screen(
            EscalateDialog(mention.author.handle, list(self.session.drill.teams), posts), escalate
        )

    def action_ignore(self) -> None:
        """Leave the open mention unanswered on purpose."""
        mention = self._require_mention()
        if mention is not None:
            self._act(lambda: self.session.ignore(mention.id))

    def action_resolve(self) -> None:
        """Mark the open conversation done."""
        mention = self._require_mention()
        if mention is not None:
            self._act(lambda: self.session.resolve(mention.id))

    def action_notice(self) -> None:
        """Post the draft as the desk's hours notice; with no draft, start one from the desk's hours."""
        composer = self.query_one(Composer)
        if not composer.text:
            hours = self.session.drill.hours
            draft = (
                f"Our team is here {format_clock(hours.open)}-{format_clock(hours.close)}. "
                if hours is not None
                else ""
            )
            composer.set_text(draft)
            self.action_write()
            self.notify("Write the hours notice in the composer, then press F8 again to post it.")
            return
        if self._act(lambda: self.session.post_notice(composer.text)):
            composer.set_text("")
            self.notify("Hours notice posted.")

    def action_listen(self) -> None:
        """Search for posts that name the brand without tagging it."""
        found: list[str] = []
        if not self._act(lambda: found.extend(self.session.listen())):
            return
        if not found:
            self.notify("Listening found no new untagged posts.")
            return
        verb = "doesn't" if len(found) == 1 else "don't"
        self.notify(f"Listening found {plural(len(found), 'post')} that {verb} tag you.")

    def action_finish(self) -> None:
        """Ask, then run the clock out and score the drill."""

        def finish(sure: bool | None) -> None:
            if sure:
                self._score()

        question = "Finish the drill? The clock runs to the end and you get your scorecard."
        self.app.push_screen(ConfirmDialog(question, yes="Finish"), finish)

    # Internals ---------------------------------------------------------------------------------------

    def _require_mention(self) -> DrillMention | None:
        mention = self._mention()
        if mention is None:
            self.notify("Open a mention first (select it in the inbox).", severity="warning")
        return mention

    def _send(self, send: Callable[[str], None], private: bool) -> None:
        """Send the draft through `send` if there is one and it fits the channel."""
        composer = self.query_one(Composer)
        mention = self._mention()
        if mention is None:
            return
        if not composer.text:
            self.notify("Write your message in the composer first (w).", severity="warning")
            self.action_write()
            return
        if not composer.fits(private):
            room = limit(mention, private)
            self.notify(f"Too long for {mention.network}: {len(composer.text)}/{room}.", severity="error")
            return
        text = composer.text
        if self._act(lambda: send(text)):
            composer.set_text("")
            self.query_one(Inbox).focus()

    def _act(self, action: Callable[[], object]) -> bool:
        """Run a session action; a refusal becomes a message instead of a crash."""
        try:
            action()
        except SessionError as error:
            self.notify(str(error), severity="error")
            return False
        self.refresh_view()
        return True

    def _announce(self, happening: Happening) -> None:
        """A toast for a new mention or a customer writing again."""
        mention = self._mentions[happening.mention]
        text = shorten(" ".join(happening.text.split()), TOAST_CHARS, placeholder="…")
        if happening.what == "arrived":
            self.notify(text, title=f"New {mention.kind} from {mention.author.handle}")
        else:
            self.notify(text, title=f"{mention.author.handle} wrote again", severity="warning")

    def _score(self) -> None:
        """Run the clock to the end, score, and show the review in place of the drill."""
        self._record_pause()
        if not self.session.finished:
            self.session.advance_to(self.session.drill.length)
            card: Scorecard = self.session.finish()
            self.app.switch_screen(ReviewScreen(card, self.session, self.drill_id))
