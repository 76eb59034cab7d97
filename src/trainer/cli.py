"""`carelab drill ...`: the trainee's commands, registered on the main app through an entry point.

`run` plays a scripted trainee and prints the scorecard, `history` lists past drills and proficiency,
`resume` continues an interrupted drill. `carelab drill [FILE...]` without a subcommand opens the Textual
app (`trainer.app`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from sim.cli.common import (
    BAD_INPUT,
    JsonOption,
    ScenarioArg,
    SetOption,
    err,
    fail,
    load_or_exit,
    out,
    print_json,
    report_problems,
)
from sim.scenarios import ScenarioError
from sim.scenarios.drill import Drill
from trainer import drills, views
from trainer.rubric import Scorecard, proficiency
from trainer.script import LoadedScript, load_script, play, reference_problems
from trainer.session import DrillSession
from trainer.store import Store, StoreError

TRAINEE_FLAGS = ("--trainee", "-t")
OPEN = "open"
"""The hidden command `carelab drill FILE...` is routed to."""


class _DrillGroup(TyperGroup):
    """`carelab drill FILE...` opens the app on those files while `carelab drill run ...` still finds `run`.

    A click group cannot take a positional argument beside its subcommands (it would swallow `run` as a
    file name), so a first word that is neither a subcommand nor an option goes to the hidden `open`.
    """

    # Typer vendors click and exposes only its subclass of click's Context, hence the ignore.
    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        """Route the first word after the group's options to `open` when it is a file, not a command."""
        index = 0
        while index < len(args) and args[index].startswith("-"):
            index += 2 if args[index] in TRAINEE_FLAGS else 1  # the group's one option takes a value
        if index < len(args) and args[index] not in self.commands:
            args = [*args[:index], OPEN, *args[index:]]
        return super().parse_args(ctx, args)


drill_app = typer.Typer(
    cls=_DrillGroup,
    help="Practise handling mentions in scored drills. Without a command: open the trainer app.",
    rich_markup_mode="rich",
)

ScriptOption = Annotated[
    Path,
    typer.Option(
        "--script", "-s", help="Steps of a scripted trainee (YAML).", show_default=False, metavar="FILE"
    ),
]
TraineeOption = Annotated[
    str | None,
    typer.Option(
        "--trainee", "-t", help="Name the trainee signs with (default: the script's, else the drill's)."
    ),
]


@drill_app.callback(invoke_without_command=True)
def interactive(ctx: typer.Context, trainee: TraineeOption = None) -> None:
    """Practise handling mentions in scored drills: the trainer app, or a command below.

    [b]Examples:[/b] carelab drill · carelab drill my_drill.yaml · carelab drill run FILE --script STEPS
    """
    ctx.obj = trainee
    if ctx.invoked_subcommand is None:
        _open_app([], trainee)


@drill_app.command(OPEN, hidden=True)
def open_files(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="Drill files to offer first.", metavar="FILE...")],
    trainee: TraineeOption = None,
) -> None:
    """Open the trainer app with these drill files listed first."""
    for path in files:
        scenario = load_or_exit(path)
        if scenario.drill is None:
            fail(f"{path} has no `drill` section")
    _open_app(files, trainee or ctx.obj)


def _open_app(files: list[Path], trainee: str | None) -> None:
    from trainer.app import create_app  # Textual loads only when the app is wanted

    try:
        create_app(files, trainee=trainee).run()
    except StoreError as exc:
        fail(str(exc))


@contextmanager
def _store() -> Iterator[Store]:
    """The drill history, or a clear message and exit 2 when it cannot be used (never a traceback)."""
    try:
        with Store() as store:
            yield store
    except StoreError as exc:
        fail(str(exc))


@drill_app.command("run")
def run(
    path: ScenarioArg,
    script: ScriptOption,
    trainee: TraineeOption = None,
    sets: SetOption = None,
    as_json: JsonOption = False,
) -> None:
    """Play a scripted trainee through a drill, then print the scorecard.

    Steps look like `- at: 3m`, `open: m2`, `lookup: official twitter`,
    `reply: {to: m2, text: "...", private: false}`, `ask_channel: m2`,
    `escalate: {to: m2, team: bookings, transcript: true}`, `ignore: m5`, `resolve: m2`, `notice: "..."`,
    `listen: true`. After the last step the clock runs to the drill's end. Every action is saved as it
    happens: an interrupted run continues with `carelab drill resume`.

    [b]Example:[/b] carelab drill run scenarios/drills/late_booking.yaml
    --script scenarios/drills/playthroughs/late_booking.good.yaml --json
    """
    scenario = load_or_exit(path, sets)
    if scenario.drill is None:
        fail(f"{path} has no `drill` section")
    loaded = _script_or_exit(script)
    _check_references(loaded, scenario.drill)
    with _store() as store:
        drill_id, session = drills.start(
            scenario, path, store, trainee=trainee or loaded.script.trainee, overrides=sets or ()
        )
        card = _play_and_finish(loaded, session, drill_id)
    _show(card, drill_id, as_json)


@drill_app.command("resume")
def resume(
    drill_id: Annotated[
        int | None,
        typer.Argument(help="The drill's id (default: the latest unfinished drill).", show_default=False),
    ] = None,
    script: Annotated[
        Path | None,
        typer.Option("--script", "-s", help="Continue with this script's remaining steps.", metavar="FILE"),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Continue an unfinished drill with a script, or show where it stands.

    The stored actions are replayed into a fresh session (same scenario, same seed, same state). Given
    the script that was interrupted, the steps already taken are skipped and the rest are played.

    [b]Example:[/b] carelab drill resume 12 --script good.yaml
    """
    with _store() as store:
        chosen = drill_id if drill_id is not None else _latest_unfinished(store)
        try:
            session = drills.resume(chosen, store)
        except drills.DrillError as exc:
            fail(str(exc))
        except ScenarioError as exc:
            report_problems(exc)
            raise typer.Exit(BAD_INPUT) from None
        if script is None:
            if as_json:
                print_json(_standing_json(session, chosen))
            else:
                out.print(views.standing(session, chosen))
                err.print(f"continue with: carelab drill resume {chosen} --script FILE")
            return
        loaded = _script_or_exit(script)
        _check_references(loaded, session.drill)
        card = _play_and_finish(loaded, session, chosen)
    _show(card, chosen, as_json)


@drill_app.command("history")
def history(
    trainee: Annotated[
        str | None, typer.Option("--trainee", "-t", help="Only this trainee's drills.")
    ] = None,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print the drills as CSV.")] = False,
) -> None:
    """List past drills; with --trainee, also the trainee's proficiency per practice.

    Proficiency weighs recent drills more: each drill counts half as much three drills later.

    [b]Example:[/b] carelab drill history --trainee "Sam Morgan"
    """
    with _store() as store:
        rows = store.drills(trainee)
        tallies = store.tallies(trainee) if trainee is not None else []
    if as_csv:
        views.write_history_csv(rows, sys.stdout)
        return
    if not rows:
        out.print("no drills yet: start one with carelab drill run FILE --script STEPS")
        return
    out.print(views.history(rows))
    if trainee is not None and tallies:
        out.print(views.proficiency(trainee, proficiency(tallies)))


def _script_or_exit(path: Path) -> LoadedScript:
    try:
        return load_script(path)
    except ScenarioError as error:
        report_problems(error)
        raise typer.Exit(BAD_INPUT) from None


def _check_references(loaded: LoadedScript, drill: Drill) -> None:
    problems = reference_problems(loaded, drill)
    if problems:
        report_problems(ScenarioError(problems))
        raise typer.Exit(BAD_INPUT)


def _play_and_finish(loaded: LoadedScript, session: DrillSession, drill_id: int) -> Scorecard:
    """Play the steps, run the clock out and score; a refused step leaves the drill resumable."""
    try:
        play(loaded, session)
    except ScenarioError as error:
        report_problems(error)
        err.print(f"drill {drill_id} is kept as it stood; after fixing the script, continue it with:")
        err.print(f"  carelab drill resume {drill_id} --script FILE")
        raise typer.Exit(BAD_INPUT) from None
    session.advance_to(session.drill.length)
    return session.finish()


def _show(card: Scorecard, drill_id: int, as_json: bool) -> None:
    if as_json:
        print_json({"drill_id": drill_id, **card.to_json()})
    else:
        out.print(views.scorecard(card, drill_id))


def _latest_unfinished(store: Store) -> int:
    pending = store.drills(unfinished=True)
    if not pending:
        fail("no unfinished drill to resume (see: carelab drill history)")
    return pending[-1].id


def _standing_json(session: DrillSession, drill_id: int) -> dict[str, object]:
    return {
        "drill_id": drill_id,
        "clock_minutes": session.now,
        "actions": len(session.actions),
        "inbox": [asdict(item) for item in session.inbox()],
    }


def register(app: typer.Typer) -> None:
    """Add `carelab drill ...` to the main command."""
    app.add_typer(drill_app, name="drill")
