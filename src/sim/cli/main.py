"""The `carelab` command: one Typer app; each area registers its own commands.

The simulator's commands live beside it in `sim.cli`; other packages (the trainer) add theirs through the
`carelab.commands` entry-point group, so `sim` never imports them and still offers them on one command line.
"""

from __future__ import annotations

from importlib.metadata import entry_points

import typer

from sim.cli import erlang_cmd, experiments_cmd, history_cmd, run_cmd, scenario_cmd, staff_cmd, traffic_cmd

app = typer.Typer(
    name="carelab",
    help="CareLab: staffing what-ifs and scored drills for social-media customer care.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

for module in (scenario_cmd, traffic_cmd, run_cmd, experiments_cmd, staff_cmd, erlang_cmd, history_cmd):
    module.register(app)
for plugin in entry_points(group="carelab.commands"):
    plugin.load()(app)


def main() -> None:
    """Console-script entry point."""
    app()
