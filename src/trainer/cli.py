"""`carelab drill ...`: the trainee's commands, registered on the main app through an entry point."""

from __future__ import annotations

import typer

drill_app = typer.Typer(help="Practise handling mentions in scored drills.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add `carelab drill ...` to the main command."""
    app.add_typer(drill_app, name="drill")
