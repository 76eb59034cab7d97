"""Background traffic in a drill: generated posts from the traffic generator around the scripted ones."""

from __future__ import annotations

import numpy as np

from sim.scenarios import with_values
from trainer.session import DrillSession
from trainer.session.background import PREFIX

from .helpers import scenario


def _busy(per_hour: float = 120.0):  # type: ignore[no-untyped-def]
    return with_values(scenario(), {"drill.background.per_hour": per_hour}, "test")


def _generated(session: DrillSession) -> list:  # type: ignore[type-arg]
    return [m for m in session.drill.mentions if m.id.startswith(PREFIX)]


def test_background_posts_arrive_at_the_asked_rate_around_the_scripted_ones() -> None:
    busy = _busy()
    session = DrillSession(busy, rng=np.random.default_rng(1))
    generated = _generated(session)
    scripted = scenario().drill.mentions  # type: ignore[union-attr]
    expected = 120.0 * session.drill.length / 60
    assert abs(len(generated) - expected) < 4 * expected**0.5  # Poisson: within four standard deviations
    assert {m.id for m in scripted} <= {m.id for m in session.drill.mentions}
    assert [m.at for m in session.drill.mentions] == sorted(m.at for m in session.drill.mentions)
    assert all(0 <= m.at < session.drill.length for m in generated)
    assert len({m.text for m in generated}) > 0.9 * len(generated)  # a drill does not repeat itself
    assert {m.kind for m in generated} >= {"question", "complaint", "praise"}


def test_background_posts_land_in_the_inbox_and_are_scored() -> None:
    session = DrillSession(_busy(), rng=np.random.default_rng(1))
    session.advance_to(session.drill.length / 2)
    waiting = {item.id for item in session.inbox()}
    assert any(i.startswith(PREFIX) for i in waiting)
    session.advance_to(session.drill.length)
    card = session.finish()
    scored = {m.id for m in card.mentions}
    assert {m.id for m in _generated(session) if m.tagged} <= scored


def test_same_seed_same_background_whatever_the_session_rng() -> None:
    """Drawn from the scenario's seed, so a resumed or replayed drill sees the same posts."""
    first = _generated(DrillSession(_busy(), rng=np.random.default_rng(1)))
    second = _generated(DrillSession(_busy(), rng=np.random.default_rng(99)))
    assert [(m.at, m.text, m.author.handle) for m in first] == [
        (m.at, m.text, m.author.handle) for m in second
    ]


def test_without_background_the_drill_is_as_written() -> None:
    session = DrillSession(scenario(), rng=np.random.default_rng(1))
    assert not _generated(session)
