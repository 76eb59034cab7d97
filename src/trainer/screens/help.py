"""The help screen: how a drill works and every key, for a trainee who has not read any code."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from trainer.widgets.action_bar import DRILL_ACTIONS

_ABOUT = """\
# How a drill works

You staff a brand's social desk for a short shift on a simulated clock. Mentions arrive in the **inbox**;
the waiting time turns amber, then red, as the customer's deadline passes. Complaints that spread show a red
**reach** meter. Open a mention to read its thread, **look up** the facts, **write** a reply and send it.
When the clock runs out (or you press F10) you get a **scorecard** against the desk's best practices, with
the evidence, the reason and a tip for everything you missed.

Everything you do is saved as you do it: leave a drill with Esc (it asks first) and resume it from the home
screen. No letter, space or sign is a key in a drill: whatever you type goes into the composer, wherever the
focus is, so a reply is never lost to a shortcut.

## Drill keys

| key | action |
|---|---|
{actions}
| ↑ ↓, click | open a mention |
| Enter, or just type | write in the composer |
| ctrl+l | look something up in the knowledge base |
| ctrl+n | sign the draft (your initials, or your name if it is one word) |
| ctrl+t | pause or restart the clock |
| ctrl+f / ctrl+b | clock faster / slower |
| ctrl+s | sort the inbox: arrival, longest wait, urgency, reach |
| Esc | from a text box back to the inbox; from the inbox, after asking, back home |

The ◌ mark in the inbox is a post that did not tag the brand: only a **listening** search (F9) finds those.

## Everywhere

| key | |
|---|---|
| F1 | this help |
| ctrl+p | command palette: start or resume a drill, progress, help |
| p | your progress (from home and the review) |
| ctrl+q | quit (a running drill stays resumable) |

Your own drills: put scenario files with a `drill:` section in the `drills` folder of CareLab's data
directory (`$CARELAB_HOME` when set), or pass one on the command line: `carelab drill my_drill.yaml`.
"""

_DESCRIPTIONS = {
    "reply": "send the draft where the customer wrote",
    "private": "send the draft by private message",
    "ask_channel": "ask which channel they prefer (the draft, or a standard question)",
    "escalate": "hand the case to a team (tick the box to send the conversation)",
    "ignore": "leave it unanswered on purpose (spam, trolls)",
    "resolve": "mark the conversation done",
    "notice": "post the desk's hours (starts a draft when the composer is empty)",
    "listen": "search for posts that name the brand without tagging it",
    "finish": "end the drill and see the scorecard",
}


def help_text() -> str:
    """The help page, its action table built from the drill's action bar so the two never disagree."""
    rows = "\n".join(f"| {key.upper()} | {_DESCRIPTIONS[action]} |" for key, action, _ in DRILL_ACTIONS)
    return _ABOUT.replace("{actions}", rows)


class HelpScreen(ModalScreen[None]):
    """Help over whatever screen was showing."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        """The help page in a scrollable box."""
        with VerticalScroll(id="help-box"):
            yield Markdown(help_text())
