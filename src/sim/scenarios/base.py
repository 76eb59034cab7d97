"""Shared building blocks of the scenario models: the strict base class, mention kinds and share mixes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Literal, TypeVar, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from sim.scenarios.problems import printable

Kind = Literal["complaint", "question", "urgent", "praise", "spam"]
"""What a mention is about; each kind has its own urgency, handling time and tendency to spread."""
KINDS: tuple[Kind, ...] = get_args(Kind)

Channel = Literal["public_post", "public_comment", "private_message"]
"""Where the mention was written: a post of the customer's own, a comment under the brand's post, or a DM."""
CHANNELS: tuple[Channel, ...] = get_args(Channel)

Network = Literal["twitter", "facebook", "instagram", "messenger"]
"""The social network the brand answers on."""

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
"""A probability or share between 0 and 1."""

SHARE_TOLERANCE = 1e-6

K = TypeVar("K")
V = TypeVar("V")


def copy_of(values: Mapping[K, V]) -> Callable[[], dict[K, V]]:
    """A `default_factory` giving each model its own copy of a default mapping."""
    return lambda: dict(values)


class Model(BaseModel):
    """Base of every scenario section: immutable, strict about unknown keys, documented from docstrings.

    Frozen so that one loaded scenario can be shared by every replication and variant without copies;
    `extra="forbid"` so that a typo in a key is an error with a suggestion, not a silently ignored setting;
    no NaN or infinity anywhere, since no figure of a scenario can be either (a NaN hour of a daily curve
    would otherwise silently give no mentions).
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        use_attribute_docstrings=True,
        allow_inf_nan=False,
    )


def _sums_to_one(shares: dict[str, float]) -> dict[str, float]:
    total = sum(shares.values())
    if abs(total - 1.0) > SHARE_TOLERANCE:
        raise ValueError(f"shares must sum to 1 (these sum to {total:.6g})")
    return shares


KindMix = Annotated[dict[Kind, Fraction], AfterValidator(_sums_to_one)]
"""Shares of each mention kind; kinds left out get 0; the shares must sum to 1."""

ChannelMix = Annotated[dict[Channel, Fraction], AfterValidator(_sums_to_one)]
"""Shares of each channel; the shares must sum to 1."""

NetworkMix = Annotated[dict[Network, Fraction], AfterValidator(_sums_to_one)]
"""Shares of each social network; the shares must sum to 1."""

Name = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[^\s.][^.]*$")]
"""A name that a `--set` path can point at: no dots, not empty, no leading space."""


def located(path: str, message: str) -> str:
    """Tag a cross-field problem with the field it is about, relative to the model that found it.

    A model validator sees the whole section but can raise only one error; joining tagged lines lets the
    loader point each problem at its own line of the file instead of at the section's first line.
    """
    message = printable(message)  # an author's text with a newline must not start a forged line
    return f"@{path}: {message}" if path else message


def raise_problems(problems: list[str]) -> None:
    """Raise all of a validator's problems at once (the loader splits them again), or nothing."""
    if problems:
        raise ValueError("\n".join(printable(problem) for problem in problems))
