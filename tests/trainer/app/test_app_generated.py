"""A drill generated from the simulator plays in the app like an authored one."""

from __future__ import annotations

from pathlib import Path

from trainer.generate import generate_drill, parse_window, write_drill

from ..test_generate import AIRLINE, whatif
from .helpers import SIZE, app_on, clock_to, drill_screen, keys


async def test_a_generated_drill_opens_and_its_posts_arrive_on_the_clock(tmp_path: Path) -> None:
    scenario = whatif(AIRLINE)
    path = tmp_path / "generated.yaml"
    write_drill(generate_drill(scenario, parse_window(scenario, "Mon 09:00", 30.0), "easy", 4), path, AIRLINE)
    app = app_on(tmp_path, drill=path, trainee="Alex")
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "enter")
        screen = drill_screen(pilot)
        drill = screen.session.drill
        await clock_to(pilot, 10)
        arrived = {item.id for item in screen.session.inbox()}
    assert arrived
    assert arrived == {m.id for m in drill.mentions if m.at <= 10 and m.tagged}
