"""Trainer app benchmark: one clock tick of the drill screen with 1,000 open mentions, redraw included.

Run with `python -m benchmarks app_tick`. A drill of 1,000 mentions (copies of the bundled drill's first one,
one every few seconds) runs headless in the app at 160x50 until all of them are in the inbox and waiting;
then each tick moves the clock, updates every waiting time and lets the screen redraw (`Pilot.pause`).
Target: <= 50 ms per tick. Reported, not asserted: timings depend on the machine.

`Pilot.pause` waits for the app to go idle in sleeps of 20 ms, and the screen redraws on its own timer during
the first of them, so the wall-clock figure carries about 40 ms of waiting whatever the redraw costs; the CPU
figure is the work alone (the tick, the redraw and the toasts), and the one that shows what a change saved.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from sim.scenarios import Scenario, load_scenario
from trainer.app import create_app
from trainer.screens.drill import DrillScreen
from trainer.session import DrillSession
from trainer.store import Store

ROOT = Path(__file__).resolve().parent.parent
DRILL = ROOT / "scenarios" / "drills" / "late_booking.yaml"
MENTIONS = 1_000
TICKS = 30
TARGET_MS = 50.0


def crowded(mentions: int) -> Scenario:
    """The bundled drill with `mentions` copies of its first mention, all posted in its first 50 minutes."""
    scenario = load_scenario(DRILL)
    assert scenario.drill is not None
    first = scenario.drill.mentions[0]
    copies = [
        first.model_copy(update={"id": f"b{i}", "at": 50.0 * i / mentions, "spread": None})
        for i in range(mentions)
    ]
    drill = scenario.drill.model_copy(update={"mentions": copies, "length": 600.0})
    return scenario.model_copy(update={"drill": drill})


async def _measure(mentions: int, ticks: int) -> dict[str, float]:
    session = DrillSession(crowded(mentions), rng=np.random.default_rng(1))
    session.advance_to(55.0)
    with tempfile.TemporaryDirectory() as home:
        store = Store(Path(home) / "bench.sqlite3")
        app = create_app(bundled=None, local=Path(home), store=store, live_clock=False)
        async with app.run_test(size=(160, 50)) as pilot:
            screen = DrillScreen(session, drill_id=0, live=False)
            await app.push_screen(screen)
            await pilot.pause()
            tick_only, with_redraw, cpu = [], [], []
            for _ in range(ticks):
                start, cpu_start = time.perf_counter(), time.process_time()
                screen.tick(1.0)
                tick_only.append(time.perf_counter() - start)
                await pilot.pause()
                with_redraw.append(time.perf_counter() - start)
                cpu.append(time.process_time() - cpu_start)
    return {
        "open_mentions": float(len(session.inbox())),
        "tick_ms_median": 1000 * statistics.median(tick_only),
        "tick_and_redraw_ms_median": 1000 * statistics.median(with_redraw),
        "tick_and_redraw_ms_max": 1000 * max(with_redraw),
        "tick_and_redraw_cpu_ms_median": 1000 * statistics.median(cpu),
        "target_ms": TARGET_MS,
    }


def main() -> dict[str, Any]:
    """Run the benchmark, print the figures, return them."""
    figures = asyncio.run(_measure(MENTIONS, TICKS))
    verdict = "within" if figures["tick_and_redraw_ms_median"] <= TARGET_MS else "OVER"
    print(
        f"drill screen, {figures['open_mentions']:.0f} open mentions: "
        f"tick {figures['tick_ms_median']:.1f} ms, "
        f"tick + redraw {figures['tick_and_redraw_ms_median']:.1f} ms median "
        f"(max {figures['tick_and_redraw_ms_max']:.1f} ms), "
        f"CPU {figures['tick_and_redraw_cpu_ms_median']:.1f} ms median, "
        f"{verdict} the {TARGET_MS:.0f} ms target"
    )
    return figures


if __name__ == "__main__":
    main()
