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
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
from trainer.serve import LOCALHOST  # a constant: serving itself loads on --serve

# The drill machinery is imported by the commands that use it, so `carelab --help` starts at once.
from trainer.store import Store, StoreError  # the history's own module: sqlite3 and platformdirs only

if TYPE_CHECKING:
    from sim.scenarios import Scenario
    from sim.scenarios.drill import Drill
    from trainer.rubric import Scorecard
    from trainer.script import LoadedScript
    from trainer.session import DrillSession
    from trainer.store import Store

VALUE_FLAGS = ("--trainee", "-t", "--host", "--port")
"""The group's options that take a value (the word after them is not a command or a file)."""
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
            index += 2 if args[index] in VALUE_FLAGS else 1
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
def interactive(
    ctx: typer.Context,
    trainee: TraineeOption = None,
    serve: Annotated[
        bool, typer.Option("--serve", help="Serve the trainer app to web browsers instead (textual-serve).")
    ] = False,
    host: Annotated[str, typer.Option("--host", help="With --serve: the address to listen on.")] = LOCALHOST,
    port: Annotated[int, typer.Option("--port", help="With --serve: the port to listen on.")] = 8000,
) -> None:
    """Practise handling mentions in scored drills: the trainer app, or a command below.

    With --serve, every browser tab opening http://HOST:PORT gets its own trainer app; all of them keep
    their drills in the one history on this machine.

    [b]Examples:[/b] carelab drill · carelab drill my_drill.yaml · carelab drill run FILE --script STEPS ·
    carelab drill --serve --port 8000
    """
    ctx.obj = trainee
    from trainer.serve import ServeError
    from trainer.serve import serve as serve_app

    if serve:
        try:
            serve_app(host, port, trainee)
        except ServeError as exc:
            fail(str(exc), code=2)
        return
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
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            min=0,
            help="Seed of this run: its variables' values and reshares (default: the drill's own seed).",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Play a scripted trainee through a drill, then print the scorecard.

    Steps look like `- at: 3m`, `open: m2`, `lookup: official twitter`,
    `reply: {to: m2, text: "...", private: false}`, `ask_channel: m2`,
    `escalate: {to: m2, team: bookings, transcript: true}`, `ignore: m5`, `resolve: m2`, `notice: "..."`,
    `listen: true`. After the last step the clock runs to the drill's end. Every action is saved as it
    happens: an interrupted run continues with `carelab drill resume`. A drill with variables (`vary:`)
    draws new names, codes and amounts for every --seed; texts in the script may use them, as
    `${traveller.first}`.

    [b]Example:[/b] carelab drill run scenarios/drills/late_booking.yaml
    --script scenarios/drills/playthroughs/late_booking.good.yaml --json
    """
    from trainer import drills

    scenario = load_or_exit(path, sets)
    if scenario.drill is None:
        fail(f"{path} has no `drill` section")
    loaded = _script_or_exit(script)
    _check_references(loaded, scenario.drill)
    with _store() as store:
        drill_id, session = drills.start(
            scenario, path, store, trainee=trainee or loaded.script.trainee, overrides=sets or (), seed=seed
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
    from sim.scenarios import ScenarioError
    from trainer import drills, views

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
    from trainer import views
    from trainer.rubric import proficiency

    with _store() as store:
        rows = store.drills(trainee)
        tallies = store.tallies(trainee) if trainee is not None else []
    from trainer.cohorts import Cohorts

    if as_csv:
        with Cohorts() as book:
            views.write_history_csv(rows, sys.stdout, book.practice_scores())
        return
    if not rows:
        out.print("no drills yet: start one with carelab drill run FILE --script STEPS")
        return
    out.print(views.history(rows))
    if trainee is not None and tallies:
        out.print(views.proficiency(trainee, proficiency(tallies)))


@drill_app.command("generate")
def generate(
    path: ScenarioArg,
    at: Annotated[
        str, typer.Option("--at", help="Window start: 'Mon 08:00 Europe/London' or '2026-03-05 08:00'.")
    ],
    out_path: Annotated[Path, typer.Option("--out", "-o", help="Drill file to write.", metavar="DRILL.yaml")],
    length: Annotated[str, typer.Option("--length", help="How long the drill runs, e.g. 45m.")] = "45m",
    difficulty: Annotated[
        str, typer.Option("--difficulty", help="easy, normal or hard: volume, urgent/troll share, patience.")
    ] = "normal",
    seed: Annotated[int, typer.Option("--seed", help="Another seed gives other posts.")] = 1,
) -> None:
    """Cut a window of a what-if's simulated traffic into a drill file.

    The drill's posts are the scenario's own traffic in the window (regions, mix, channels, untagged
    posts, viral complaints), thinned to the difficulty's volume; its knowledge base holds the brand's
    handles, its goodwill policy and a record for every post that quotes a booking, order or ticket.

    [b]Example:[/b] carelab drill generate scenarios/whatif/global_airline.yaml --at "Mon 08:00
    Europe/London" --length 45m --difficulty hard --seed 7 --out my_drill.yaml
    """
    from sim.scenarios.units import parse_duration
    from trainer.generate import LEVELS, GenerateError, generate_drill, parse_window, write_drill

    scenario = load_or_exit(path)
    if difficulty not in LEVELS:
        fail(f"--difficulty '{difficulty}': expected one of {', '.join(LEVELS)}", code=2)
    try:
        minutes = parse_duration(length)
    except ValueError as exc:
        fail(f"--length: {exc}", code=2)
    if minutes <= 0:
        fail("--length must be longer than 0m", code=2)
    try:
        window = parse_window(scenario, at, minutes)
        data = generate_drill(scenario, window, difficulty, seed)
    except GenerateError as exc:
        fail(f"{path}: {exc}", code=2)
    write_drill(data, out_path, path)
    drill = load_or_exit(out_path).drill
    assert drill is not None  # the generator always writes a drill section
    err.print(f"wrote {out_path}: {len(drill.mentions)} posts, {len(drill.knowledge)} knowledge entries")


CohortArg = Annotated[str, typer.Argument(help="The cohort's name (case does not matter).", metavar="NAME")]


@drill_app.command("cohort")
def cohort(
    name: CohortArg,
    add: Annotated[
        list[str] | None,
        typer.Option(
            "--add", help="Enrol a trainee (creates the cohort on first use). Repeatable.", metavar="TRAINEE"
        ),
    ] = None,
    as_csv: Annotated[
        bool, typer.Option("--csv", help="Print one CSV row per trainee and practice.")
    ] = False,
    as_json: JsonOption = False,
    html_path: Annotated[
        Path | None, typer.Option("--html", help="Also write the report as an HTML page.", metavar="FILE")
    ] = None,
) -> None:
    """A cohort's report: per trainee the drills, assignments done and due, proficiency per practice, and the
    cohort's weakest practices.

    Trainee names are ids whatever their case or spacing ('alex trainee' is 'Alex Trainee'); the first
    spelling is the one shown.

    [b]Example:[/b] carelab drill cohort "March intake" --add "Alex Trainee" --add "Sam Morgan"
    --html out/cohort.html
    """
    from trainer import cohort_views
    from trainer.cohorts import CohortError, Cohorts, today
    from trainer.store import Store

    with Cohorts() as book, Store() as store:
        if add:
            book.enrol(name, add)
        try:
            report = book.report(name, store, today())
        except CohortError as exc:
            fail(str(exc), code=2)
    if html_path is not None:
        html_path.parent.mkdir(parents=True, exist_ok=True)
        html_path.write_text(cohort_views.html(report), encoding="utf-8")
        err.print(f"wrote {html_path}")
    if as_json:
        print_json(report.to_json())
    elif as_csv:
        cohort_views.write_csv(report, sys.stdout)
    else:
        out.print(cohort_views.report(report))


@drill_app.command("assign")
def assign(
    cohort_name: Annotated[str, typer.Option("--cohort", help="The cohort.", metavar="NAME")],
    drill_ref: Annotated[
        str,
        typer.Option("--drill", help="A drill file, or the id of a bundled or local drill.", metavar="ID"),
    ],
    due: Annotated[str, typer.Option("--due", help="Date to finish it by, YYYY-MM-DD.", metavar="DATE")],
) -> None:
    """Ask every trainee of a cohort to finish a drill by a date.

    [b]Example:[/b] carelab drill assign --cohort "March intake" --drill late-booking --due 2026-03-20
    """
    from trainer.cohorts import CohortError, Cohorts, today

    try:
        due_date = date.fromisoformat(due)
    except ValueError:
        fail(f"--due '{due}' is not a date like 2026-03-20", code=2)
    scenario = _drill_by_reference(drill_ref)
    with Cohorts() as book:
        try:
            book.assign(cohort_name, scenario.meta.id, scenario.meta.title, due_date, today())
            shown = book.cohort_name(cohort_name)
        except CohortError as exc:
            fail(str(exc), code=2)
    err.print(f"assigned {scenario.meta.id} to {shown}, due {due_date.isoformat()}")


def _drill_by_reference(reference: str) -> Scenario:
    """The drill a file path or a drill id names; exit 2 when neither finds one."""
    path = Path(reference)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            fail(f"--drill: no file {path}", code=2)
        scenario = load_or_exit(path)
        if scenario.drill is None:
            fail(f"--drill: {path} has no `drill` section", code=2)
        return scenario
    from trainer.catalog import discover

    known = {e.scenario.meta.id: e.scenario for e in discover() if e.scenario is not None}
    if reference not in known:
        fail(f"--drill: no drill '{reference}' (drills: {', '.join(sorted(known))})", code=2)
    return known[reference]


def _script_or_exit(path: Path) -> LoadedScript:
    from sim.scenarios import ScenarioError
    from trainer.script import load_script

    try:
        return load_script(path)
    except ScenarioError as error:
        report_problems(error)
        raise typer.Exit(BAD_INPUT) from None


def _check_references(loaded: LoadedScript, drill: Drill) -> None:
    from sim.scenarios import ScenarioError
    from trainer.script import reference_problems

    problems = reference_problems(loaded, drill)
    if problems:
        report_problems(ScenarioError(problems))
        raise typer.Exit(BAD_INPUT)


def _play_and_finish(loaded: LoadedScript, session: DrillSession, drill_id: int) -> Scorecard:
    """Play the steps, run the clock out and score; a refused step leaves the drill resumable."""
    from sim.scenarios import ScenarioError
    from trainer.script import play

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
    from trainer import views

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
        "variables": session.variables,
    }


def register(app: typer.Typer) -> None:
    """Add `carelab drill ...` to the main command."""
    app.add_typer(drill_app, name="drill")
