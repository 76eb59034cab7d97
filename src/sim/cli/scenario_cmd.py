"""`carelab scenario ...`: validate, show, export the schema, start a new scenario from a template.

`scenario validate --json` prints `{"valid": bool, "files": [{"file", "valid"}], "problems": [{"file",
"line", "column", "path", "message"}]}`: `path` is the field's dotted path ("" for the file as a whole),
lines and columns count from 1.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from sim.cli import common
from sim.cli.common import JsonOption, ScenarioArg, SetOption, err, fail, load_or_exit, out, print_json

if TYPE_CHECKING:
    from sim.scenarios import Problem

scenario_app = typer.Typer(
    help="Write and check scenario files.", no_args_is_help=True, rich_markup_mode="rich"
)


@scenario_app.command("validate")
def validate(
    files_: Annotated[
        list[Path], typer.Argument(metavar="FILE...", help="Scenario files to check.", show_default=False)
    ],
    sets: SetOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check scenario files and list every problem as FILE:LINE:COL: field: what is wrong.

    Exit code 0 when all files are valid, 2 otherwise. With --json, every problem is an object
    {file, line, column, path, message}.

    [b]Example:[/b] carelab scenario validate scenarios/whatif/*.yaml
    """
    from sim.scenarios import ScenarioError, load_scenario

    checked, problems = [], []
    for path in files_:
        try:
            scenario = load_scenario(path, sets or ())
        except ScenarioError as error:
            checked.append({"file": str(path), "valid": False})
            problems += error.problems
            if not as_json:
                for problem in error.problems:
                    err.print(str(problem), markup=False, highlight=False)
            continue
        checked.append({"file": str(path), "valid": True})
        variants = f", {len(scenario.variants)} variants" if scenario.variants else ""
        if not as_json:
            out.print(f"[green]ok[/] {path}: {scenario.meta.title}{variants}", highlight=False)
    bad = sum(not entry["valid"] for entry in checked)
    if as_json:
        print_json({"valid": not bad, "files": checked, "problems": [_problem_json(p) for p in problems]})
        if bad:
            raise typer.Exit(common.BAD_INPUT)
    if bad:
        fail(f"{bad} of {len(files_)} file{'s' if len(files_) != 1 else ''} invalid")


def _problem_json(problem: Problem) -> dict[str, str | int]:
    """One problem as programs read it (the same fields as the FILE:LINE:COL: path: message line)."""
    mark = problem.mark
    return {
        "file": mark.source,
        "line": mark.line,
        "column": mark.column,
        "path": problem.path,
        "message": problem.message,
    }


@scenario_app.command("show")
def show(path: ScenarioArg, sets: SetOption = None, as_json: JsonOption = False) -> None:
    """Print the scenario as CareLab reads it: `extends` merged, `--set` applied, every default filled in.

    [b]Example:[/b] carelab scenario show scenarios/validation/stationary.yaml --set meta.seed=3
    """
    import yaml

    scenario = load_or_exit(path, sets)
    data = scenario.model_dump(mode="json", exclude_none=True)
    if as_json:
        print_json(data)
    else:
        out.print(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110), markup=False)


@scenario_app.command("schema")
def schema(
    output: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Print the JSON Schema of scenario files, for editor completion and checks.

    [b]Example:[/b] carelab scenario schema --out scenarios/scenario.schema.json
    """
    common.check_output(output, "--out")
    from sim.scenarios.schema import scenario_json_schema

    text = json.dumps(scenario_json_schema(), indent=2) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}")


@scenario_app.command("reference")
def reference(
    output: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Print the Markdown reference of every scenario field, generated from the models.

    [b]Example:[/b] carelab scenario reference --out docs/scenario-reference.md
    """
    common.check_output(output, "--out")
    from sim.scenarios.reference import scenario_reference

    text = scenario_reference()
    if output is None:
        typer.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        err.print(f"wrote {output}")


@scenario_app.command("new")
def new(
    name: Annotated[str, typer.Argument(help="File name or path; '.yaml' is added when missing.")],
    kind: Annotated[
        Literal["whatif", "drill"], typer.Option("--kind", "-k", help="A staffing what-if or a drill.")
    ] = "whatif",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Start a scenario from a commented template (with the modeline that gives editors completion).

    The JSON Schema is written beside the new file when none is there yet.

    [b]Example:[/b] carelab scenario new my-airline --kind whatif
    """
    from sim.scenarios.schema import SCHEMA_FILE_NAME, scenario_json_schema

    path = Path(name if name.endswith((".yaml", ".yml")) else f"{name}.yaml")
    if path.exists() and not force:
        fail(f"{path} exists (use --force to overwrite it)")
    stem = path.stem.lower().replace(" ", "-")
    slug = "".join(c for c in stem if c.isalnum() or c in "-_").lstrip("-_") or "my-scenario"
    title = stem.replace("-", " ").replace("_", " ").strip().capitalize() or "My scenario"
    template = files("sim.scenarios").joinpath("templates", f"{kind}.yaml").read_text(encoding="utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(template.format(id=slug, title=title, file=path), encoding="utf-8")
    schema_path = path.parent / SCHEMA_FILE_NAME
    if not schema_path.exists():
        schema_path.write_text(json.dumps(scenario_json_schema(), indent=2) + "\n", encoding="utf-8")
        err.print(f"wrote {schema_path} (editors use it to complete and check keys)")
    out.print(f"wrote {path}; check it with: carelab scenario validate {path}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add `carelab scenario ...` to the main command."""
    app.add_typer(scenario_app, name="scenario")
