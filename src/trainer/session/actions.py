"""The trainee's actions as data: what the session applies, the store keeps and a resume replays.

Every action carries its time on the drill's clock, so replaying the stored list against the same scenario
rebuilds the same state: the actions are the drill's only input besides the scenario and its seed.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, TypeAdapter

from sim.scenarios.base import Model


class _Action(Model):
    at: float = Field(ge=0)
    """Drill minutes when the trainee did it."""


class Open(_Action):
    """Open a mention to read its thread."""

    type: Literal["open"] = "open"
    mention: str


class LookUp(_Action):
    """Search the knowledge base."""

    type: Literal["lookup"] = "lookup"
    query: str = Field(min_length=1)


class Reply(_Action):
    """Write to the customer, in public or by private message."""

    type: Literal["reply"] = "reply"
    mention: str
    text: str = Field(min_length=1)
    private: bool


class AskChannel(_Action):
    """Ask the customer which channel they prefer (the text is sent where the customer wrote)."""

    type: Literal["ask_channel"] = "ask_channel"
    mention: str
    text: str = Field(min_length=1)


class Escalate(_Action):
    """Hand the case to a team, with or without the conversation so far."""

    type: Literal["escalate"] = "escalate"
    mention: str
    team: str
    transcript: bool = True
    note: str = ""


class Ignore(_Action):
    """Decide a mention needs no answer."""

    type: Literal["ignore"] = "ignore"
    mention: str


class Resolve(_Action):
    """Mark a conversation done."""

    type: Literal["resolve"] = "resolve"
    mention: str


class PostNotice(_Action):
    """Post the desk's hours and when to expect an answer."""

    type: Literal["notice"] = "notice"
    text: str = Field(min_length=1)


class Listen(_Action):
    """Search the network for posts that name the brand without tagging it."""

    type: Literal["listen"] = "listen"


class Pause(_Action):
    """The clock stood still at `at` for `seconds` of real time (journaled when the trainee restarts it)."""

    type: Literal["pause"] = "pause"
    seconds: float = Field(ge=0)


Action = Annotated[
    Open | LookUp | Reply | AskChannel | Escalate | Ignore | Resolve | PostNotice | Listen | Pause,
    Field(discriminator="type"),
]
"""Any action, told apart by its `type`."""

ACTIONS: TypeAdapter[Action] = TypeAdapter(Action)
"""Reads an action back from the JSON the store keeps."""
