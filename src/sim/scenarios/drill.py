"""The drill block of a scenario: the scripted shift a trainee works through in the trainer.

The simulator ignores it; the trainer reads it. It lives with the other scenario models so that one file, one
schema and one validator serve managers and trainers alike.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sim.scenarios.base import Channel, Kind, Model, Name, Network
from sim.scenarios.units import Duration, TimeZone


class KnowledgeEntry(Model):
    """A fact the trainee can look up: an official handle, a named contact, a booking, a policy."""

    id: Name
    """Stable id, used by expectations (`expect.facts`)."""
    title: str
    """What a search shows, e.g. 'Official Twitter account'."""
    text: str
    """The fact itself, e.g. '@SkyWaysHelp, staffed 24/7'."""
    tags: list[str] = Field(default_factory=list)
    """Extra words a search should match."""


class Author(Model):
    """Who wrote a scripted mention."""

    handle: str
    """Their handle, e.g. '@maria_travels'."""
    name: str
    """Their display name."""
    followers: int = Field(default=20, ge=0)
    """Their audience."""
    timezone: TimeZone | None = None
    """Where they are, when it matters (a traveller abroad at night)."""


class EarlierPost(Model):
    """A post in the customer's thread before the mention: what a trainee should read before replying."""

    ago: Duration
    """How long before the mention it was written."""
    text: str
    """What it said."""
    by_brand: bool = False
    """Whether the brand wrote it."""


class Expectation(Model):
    """What good handling of a scripted mention means."""

    facts: list[str] = Field(default_factory=list)
    """Knowledge entries (ids) whose facts a reply must give."""
    actions: list[Literal["reply", "ask_channel", "private", "escalate", "ignore", "resolve"]] = Field(
        default_factory=list
    )
    """Actions a good agent takes."""
    respond_within: Duration | None = None
    """Deadline for the first response; the kind's target when left out."""


class DrillMention(Model):
    """A scripted post that arrives during the drill."""

    id: Name
    """Stable id used by scripts and scorecards, e.g. 'm1'."""
    at: Duration
    """When it arrives, counted from the start of the drill."""
    author: Author
    """Who wrote it."""
    kind: Kind
    """What it is about."""
    channel: Channel = "public_post"
    """Where it was written."""
    network: Network = "twitter"
    """Which network."""
    tagged: bool = True
    """Whether it tags the brand (untagged posts only show up through a listening search)."""
    text: str
    """What the customer wrote."""
    thread: list[EarlierPost] = Field(default_factory=list)
    """The customer's earlier posts."""
    expect: Expectation = Field(default_factory=Expectation)
    """What good handling means."""


class Drill(Model):
    """A drill: a short shift with scripted mentions and the facts to answer them."""

    trainee: str = "Alex"
    """Name the trainee signs replies with unless they choose their own."""
    persona: str = ""
    """How the brand speaks: the tone a trainee should keep."""
    length: Duration = Field(default=60.0, gt=0)
    """How long the drill runs on the simulated clock."""
    clock_speed: float = Field(default=1.0, gt=0)
    """Simulated minutes per real second in the app."""
    knowledge: list[KnowledgeEntry] = Field(default_factory=list)
    """What the trainee can look up."""
    mentions: list[DrillMention] = Field(default_factory=list)
    """The scripted posts."""
