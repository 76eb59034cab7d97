"""The trainer in a browser: `carelab drill --serve` puts the Textual app on a web page with textual-serve.

textual-serve (the Textual project's own package) runs an aiohttp server whose page holds a terminal
emulator; every browser tab that opens it starts its own app process (the command below) and talks to it
over a websocket. So a course needs no install on the trainees' machines, and each trainee's drill is a
separate process writing to the one shared history (SQLite in WAL mode, see `trainer.cohorts`).
"""

from __future__ import annotations

import errno
import shlex
import socket
import sys

TITLE = "CareLab trainer"
LOCALHOST = "127.0.0.1"
"""The default address: this machine only; a course server passes --host 0.0.0.0 on purpose."""


class ServeError(Exception):
    """The server cannot start: the address is taken or cannot be bound."""


def app_command(trainee: str | None = None) -> str:
    """The shell command textual-serve runs per browser tab: this Python's `carelab drill`."""
    parts = [sys.executable, "-m", "sim", "drill"]
    if trainee:
        parts += ["--trainee", trainee]
    return shlex.join(parts)


def check_free(host: str, port: int) -> None:
    """Refuse early, with a clear message, an address another program already listens on (aiohttp would
    otherwise fail with a traceback after printing its banner). The probe binds as aiohttp does, with
    SO_REUSEADDR, so a port just left by a stopped server is not taken for a busy one.

    Raises:
        ServeError: when `host:port` cannot be bound.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
            probe.listen()
        except OSError as exc:
            raise _bind_error(host, port, exc) from None


def _bind_error(host: str, port: int, exc: OSError) -> ServeError:
    reason = "is in use" if exc.errno == errno.EADDRINUSE else f"cannot be bound ({exc.strerror})"
    return ServeError(f"port {port} on {host} {reason}: pick another with --port")


def serve(host: str, port: int, trainee: str | None = None) -> None:
    """Serve the trainer app on `http://host:port` until Ctrl+C.

    Raises:
        ServeError: when the address cannot be bound.
    """
    check_free(host, port)
    from textual_serve.server import Server  # aiohttp loads only when serving

    try:
        Server(app_command(trainee), host=host, port=port, title=TITLE).serve()
    except OSError as exc:  # taken between the check and the start
        raise _bind_error(host, port, exc) from None
