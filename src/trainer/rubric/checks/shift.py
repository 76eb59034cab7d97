"""Drill-wide checks: practices that belong to the shift rather than to one customer (BP15, and BP01's time
pressure: pauses against the drill's budget)."""

from __future__ import annotations

from sim.scenarios.units import format_clock
from trainer import language
from trainer.language import elapsed, phrases
from trainer.language.times import SECONDS_PER_MINUTE
from trainer.record import DrillRecord
from trainer.rubric.context import Outcome, met, missed, not_applicable, quote
from trainer.rubric.criteria import Criterion


def notice(criterion: Criterion, record: DrillRecord) -> Outcome:
    """A desk that closes during the drill, or is closed while it runs, tells customers its hours in time.

    The deadline is the closing time when the drill runs past it, else the drill's end (an after-hours
    drill); a notice counts when it states a time of day or 24/7, and so does a public reply that says when
    the desk is staffed ("we're back at 8am"): its customer and everyone reading were told.
    """
    hours, clock = record.drill.hours, record.clock
    if hours is None:
        return not_applicable("a 24/7 desk")
    close_at = clock.next_at(hours.close)
    opening = clock.minute_of_day(0)
    open_now = (
        hours.open <= opening < hours.close
        if hours.open < hours.close
        else not hours.close <= opening < hours.open
    )
    if close_at < record.drill.length and open_now:
        deadline, when = close_at, f"before the desk closed at {format_clock(hours.close)}"
    elif not open_now:
        deadline, when = record.drill.length, "during a drill outside the desk's hours"
    else:
        return not_applicable("the desk is open for the whole drill")
    for posted in record.notices:
        if posted.at <= deadline and phrases.CLOCK_HOURS.search(posted.text):
            evidence = f"{quote(posted.text)} at {elapsed(posted.at)} ({clock.label(posted.at)})"
            return met(evidence, f"hours stated {when}")
    replies = sorted(
        (m for item in record.mentions for m in item.brand_messages if not m.private and m.at <= deadline),
        key=lambda m: m.at,
    )
    for reply in replies:
        if stated := language.hours_stated(reply.text):
            evidence = f"{stated} in a public reply at {elapsed(reply.at)} ({clock.label(reply.at)})"
            return met(evidence, f"hours stated {when}, in a reply")
    late = next((n for n in record.notices if phrases.CLOCK_HOURS.search(n.text)), None)
    if late is not None:
        return missed(
            f"notice at {clock.label(late.at)}, after {clock.label(deadline)}", "the hours came too late"
        )
    if record.notices:
        return missed(f"{quote(record.notices[0].text)} states no hours", "a notice without the hours")
    return missed(f"no notice {when}", "customers were not told when to expect an answer")


def pauses(criterion: Criterion, record: DrillRecord) -> Outcome:
    """The clock stood still no longer in all than the drill's pause budget (real time)."""
    paused = elapsed(sum(record.pauses) / SECONDS_PER_MINUTE)
    count = len(record.pauses)
    taken = f"{count} pause{'s' if count != 1 else ''}, {paused} in all"
    budget = record.drill.pause_budget
    if budget is None:
        return not_applicable(f"pausing is free in this drill ({taken})")
    if sum(record.pauses) <= budget * SECONDS_PER_MINUTE:
        return met(f"{taken}, budget {elapsed(budget)}", "kept the time pressure")
    return missed(f"{taken}, budget {elapsed(budget)}", "paused the clock past the drill's budget")
