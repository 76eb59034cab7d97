"""The `carelab` command: one Typer app; each area registers its own commands.

The simulator's commands live beside it in `sim.cli`; other packages (the trainer) add theirs through the
`carelab.commands` entry-point group, so `sim` never imports them and still offers them on one command line.

A command's module is imported only when that command runs: the simulator, the scenario models and
matplotlib take seconds to import, and `carelab --help` (or a typo) should answer at once. `carelab --help`
lists them from `COMMANDS`, whose one-line summaries a test keeps equal to the commands' own help.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import entry_points
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

COMMANDS: dict[str, tuple[str, str]] = {
    "scenario": ("sim.cli.scenario_cmd", "Write and check scenario files."),
    "traffic": (
        "sim.cli.traffic_cmd",
        "Generate a scenario's mentions and summarise them: per region and kind, tagging, reshares.",
    ),
    "run": (
        "sim.cli.run_cmd",
        "Simulate a scenario: service level and response per kind, occupancy, backlog, cost, reach.",
    ),
    "compare": (
        "sim.cli.experiments_cmd",
        "Compare a scenario's variants (or several scenario files) side by side, with 95% intervals.",
    ),
    "sweep": (
        "sim.cli.experiments_cmd",
        "Run a grid of field values and report how the figures respond, with 95% intervals.",
    ),
    "staff": (
        "sim.cli.staff_cmd",
        "Plan shifts per site that meet every target in simulation, for the least paid cost.",
    ),
    "history": ("sim.cli.history_cmd", "Bring your own history: import a desk's mention log."),
    "fit": (
        "sim.cli.history_cmd",
        "Fit a scenario to a history: local curves, volumes, trend, holidays, the kind and channel mix.",
    ),
    "backtest": (
        "sim.cli.history_cmd",
        "Simulate the period a history covers and set simulated beside actual, per region, kind and day.",
    ),
    "erlang": (
        "sim.cli.erlang_cmd",
        "Agents needed for a service level, or the figures for a staffing, from Erlang C or A.",
    ),
}
"""Command name -> (module with its `register`, the first line of its help)."""


def load_command(name: str) -> Any:
    """The click command `name`, from a throwaway app its module registers on."""
    holder = typer.Typer()
    holder.callback()(lambda: None)
    import_module(COMMANDS[name][0]).register(holder)
    return typer.main.get_group(holder).commands[name]


class OnDemandGroup(TyperGroup):
    """The top-level group: lists every command, imports one only to run it or to show its own help."""

    listing = False
    """True while the group's help is drawn: commands then show their summary without being imported."""

    def list_commands(self, ctx: Any) -> list[str]:
        """Built-in commands first, in `COMMANDS` order, then the plugins'."""
        return [*COMMANDS, *(name for name in super().list_commands(ctx) if name not in COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command, imported on first use; a summary stand-in while the group's help is listed."""
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            if self.listing:
                return TyperCommand(cmd_name, short_help=COMMANDS[cmd_name][1], help=COMMANDS[cmd_name][1])
            self.commands[cmd_name] = load_command(cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """The group's help, with command summaries from `COMMANDS`."""
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False


app = typer.Typer(
    name="carelab",
    help="CareLab: staffing what-ifs and scored drills for social-media customer care.",
    cls=OnDemandGroup,
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def carelab() -> None:
    """CareLab: staffing what-ifs and scored drills for social-media customer care."""


for plugin in entry_points(group="carelab.commands"):
    plugin.load()(app)


def main() -> None:
    """Console-script entry point."""
    app()
