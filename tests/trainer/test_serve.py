"""`carelab drill --serve`: the trainer served with textual-serve loads in a real headless Chromium, and a
port already in use is refused with exit code 2."""

from __future__ import annotations

import socket

import pytest
from typer.testing import CliRunner

from sim.cli.main import app
from trainer import browser_check
from trainer.serve import app_command

runner = CliRunner()


@pytest.mark.skipif(
    browser_check.chromium() is None, reason="no chromium on PATH (apt-get install -y chromium)"
)
def test_the_served_app_shows_the_home_screen_in_headless_chromium(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert browser_check.check() == 0, capsys.readouterr().err
    assert "home screen shown in headless Chromium on 127.0.0.1" in capsys.readouterr().out


def test_a_port_in_use_is_refused_with_exit_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["drill", "--serve", "--host", "127.0.0.1", "--port", str(port)])
    assert result.exit_code == 2
    assert f"port {port} on 127.0.0.1 is in use: pick another with --port" in result.stderr
    assert "Traceback" not in result.stderr


def test_each_browser_tab_runs_this_python_s_trainer_with_the_trainee() -> None:
    command = app_command("Alex Trainee")
    assert " -m sim drill --trainee 'Alex Trainee'" in command
