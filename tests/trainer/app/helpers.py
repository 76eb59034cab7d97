"""Driving the trainer app in tests: the app on the bundled drill only, and a good playthrough by keys.

The drill clock never runs on a timer here: `DrillScreen.tick(seconds)` moves it, so every test is as fast
and as repeatable as the session itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from trainer.app import TrainerApp, create_app
from trainer.screens.drill import DrillScreen
from trainer.store import Store
from trainer.widgets.composer import Composer

from ..helpers import BUNDLED

SIZE = (100, 30)
"""Terminal size of the Pilot and snapshot tests."""


DESK = Path(__file__).resolve().parent / "data" / "desk_drill.yaml"
"""The snapshot tests' own small drill."""
APP_SEED = 8
"""The seed the app gives each new run of a drill with variables in these tests (the bundled one has them)."""


def app_on(
    tmp_path: Path,
    drill: Path = BUNDLED,
    trainee: str = "Sam Morgan",
    new_seed: Callable[[], int] = lambda: APP_SEED,
) -> TrainerApp:
    """The app offering only one drill file (so drills others add to the bundle never change a test)."""
    empty = tmp_path / "no-local-drills"
    empty.mkdir(exist_ok=True)
    return create_app(
        [drill],
        trainee=trainee,
        bundled=None,
        local=empty,
        store=Store(),
        live_clock=False,
        new_seed=new_seed,
    )


def drill_screen(pilot: Pilot[None]) -> DrillScreen:
    """The drill screen on top of the stack."""
    screen = pilot.app.screen
    assert isinstance(screen, DrillScreen), screen
    return screen


async def write(pilot: Pilot[None], text: str) -> None:
    """Put a draft in the composer (typing it key by key adds nothing but time)."""
    screen = drill_screen(pilot)
    screen.action_write()
    screen.query_one(Composer).set_text(text)
    await pilot.pause()


async def keys(pilot: Pilot[None], *names: str) -> None:
    """Press each key and let the app settle after it (screens push and pop between keys)."""
    for name in names:
        await pilot.press(name)
        await pilot.pause()


async def clock_to(pilot: Pilot[None], minute: float) -> None:
    """Tick the drill's clock to a drill minute (1x speed: a drill minute per second of the drill's clock)."""
    screen = drill_screen(pilot)
    screen.tick((minute - screen.session.now) / (screen.speed * screen.session.drill.clock_speed))
    await pilot.pause()


async def until(pilot: Pilot[None], ready: Callable[[], bool], what: str) -> None:
    """Let the app run until `ready()` holds. A screen pushed by a key mounts its widgets in later turns of
    the event loop, and `pilot.pause()` guesses "idle" from asyncio's task list, which a busy machine fools;
    so a test that needs a state waits for that state, not for an idle guess."""
    for _ in range(500):
        if ready():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"the app never got to: {what}")


async def steady(pilot: Pilot[None]) -> None:
    """No blinking cursors and no toasts (they time out): a snapshot must not depend on when it is taken."""
    pilot.app.clear_notifications()
    for widget in pilot.app.screen.query("Input, TextArea"):
        assert isinstance(widget, Input | TextArea)
        widget.cursor_blink = False
    await pilot.pause()


async def escalate_with_transcript(pilot: Pilot[None]) -> None:
    """Open the escalation dialog, tick the transcript box (it starts unticked) and escalate to the first team."""
    await keys(pilot, "f5", "tab", "space", "shift+tab", "enter")


async def play_desk_drill(pilot: Pilot[None]) -> None:
    """Start the snapshot drill and work it for nine minutes: look up, reply, escalate, listen."""
    await keys(pilot, "enter")
    await clock_to(pilot, 2)
    await pilot.press("ctrl+l", *"taxi", "enter")
    await write(pilot, "Leila, sorry about the 23:05. We'll book a taxi home for you tonight, ref TX-4471.")
    await pilot.press("ctrl+n", "f2")
    await clock_to(pilot, 5)
    await pilot.press("down", "f5")
    await pilot.pause()
    await pilot.press("enter")
    await clock_to(pilot, 9)
    await keys(pilot, "f9")


async def play_good_drill(pilot: Pilot[None]) -> None:
    """Start the drill from home and handle the urgent traveller well: open, look up, reply in public asking
    her channel, details by private message, escalate with the transcript, apologise to the complainer.
    The texts use the names and numbers this run drew, as a trainee reads them off the screen."""
    await keys(pilot, "enter")
    v = drill_screen(pilot).session.variables
    await clock_to(pilot, 2)  # m1 arrives and, the only row, is opened
    await pilot.press("ctrl+l", *v["traveller.last"].lower(), "enter")
    await pilot.pause()
    await clock_to(pilot, 3)
    await write(
        pilot,
        f"{v['traveller.first']}, I'm sorry the page failed you. Your seat on {v['flight']} at {v['departure']} is confirmed and the ticket is issued. DM, e-mail or phone for the details?",
    )
    await pilot.press("ctrl+n", "f2")
    await pilot.pause()
    await clock_to(pilot, 7)
    await write(
        pilot,
        f"Here you go, {v['traveller.first']}: {v['flight']} {v['departure']}, seat {v['seat']}, ref {v['booking']}. Bookings re-send the e-mail. ^SM",
    )
    await keys(pilot, "f3")
    await escalate_with_transcript(pilot)  # the dialog starts on the first team, bookings
    await clock_to(pilot, 8)
    await pilot.press("down")
    await write(
        pilot,
        f"{v['flyer.first']}, I'm sorry: four hours with no water is not acceptable. I've added a £{v['voucher']} travel voucher per "
        "passenger, as our delay policy allows. ^SM",
    )
    await keys(pilot, "f2")
