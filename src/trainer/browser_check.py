"""Check the served trainer in a real browser: `python -m trainer.browser_check`.

Starts `carelab drill --serve` on 127.0.0.1, opens the page in a headless Chromium and waits until the
browser has received the home screen over the page's websocket (the names of the bundled drills, as the
home screen lists them). Exit 0 when it has, 1 when not (with what the browser got), 2 without Chromium.

The terminal on the page draws on a canvas, so the text cannot be read from the page's DOM; instead the
check listens to the page's websocket frames through the Chrome DevTools Protocol (aiohttp, which
textual-serve already brings, speaks it): what the browser received is what it drew. It also confirms the
page's own sign that output arrived (textual-serve marks the body `-first-byte`).

Chromium runs as the CI does (root, no sandbox, no GPU, nothing fetched in the background, a fresh
profile); on Debian: `apt-get install -y chromium`.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from trainer.catalog import BUNDLED_DIR, discover

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
    "--window-size=1280,800",
)
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[PX^_].*?\x1b\\|\x1b\][^\x07]*\x07|\x1b.")


@dataclass
class Outcome:
    """What the browser showed."""

    found: str | None
    """The home-screen text found in what the browser received, or None."""
    first_byte: bool
    """Whether the page says output arrived."""
    received: str
    """The text received (escape codes removed), for the failure message."""


def chromium() -> str | None:
    """The Chromium on this machine's PATH, or None."""
    return next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)


def free_port() -> int:
    """A port nobody listens on now (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def home_markers() -> list[str]:
    """Texts the home screen shows: the start of each bundled drill's title (long titles are cut)."""
    return [e.scenario.meta.title[:18] for e in discover(bundled=BUNDLED_DIR) if e.scenario is not None]


def start_server(port: int, home: Path) -> subprocess.Popen[bytes]:
    """`carelab drill --serve` on 127.0.0.1:port with its own data folder, once it accepts connections."""
    env = os.environ | {"CARELAB_HOME": str(home)}
    server = subprocess.Popen(
        [sys.executable, "-m", "sim", "drill", "--serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped at once (exit {server.returncode})")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return server
        time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"the server did not listen on port {port} within 60 s")


async def _devtools_port(profile: Path, browser: subprocess.Popen[bytes]) -> int:
    """The DevTools port Chromium chose (it writes it into the profile)."""
    marker = profile / "DevToolsActivePort"
    for _ in range(300):
        if marker.exists() and (lines := marker.read_text().splitlines()):
            return int(lines[0])
        if browser.poll() is not None:
            raise RuntimeError(f"chromium stopped at once (exit {browser.returncode})")
        await asyncio.sleep(0.1)
    raise RuntimeError("chromium opened no DevTools port within 30 s")


async def visit(url: str, browser_path: str, markers: list[str], timeout: float = 60.0) -> Outcome:
    """Open `url` in a headless Chromium and collect what its websockets receive until a marker shows."""
    with tempfile.TemporaryDirectory(prefix="carelab-chromium-") as folder:
        profile = Path(folder)
        command = [browser_path, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"]
        browser = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            port = await _devtools_port(profile, browser)
            async with aiohttp.ClientSession() as http:
                async with http.get(f"http://127.0.0.1:{port}/json/list") as response:
                    pages = [t for t in await response.json() if t["type"] == "page"]
                async with http.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0) as devtools:
                    return await _watch(devtools, url, markers, timeout)
        finally:
            browser.terminate()
            browser.wait(timeout=10)


async def _watch(
    devtools: aiohttp.ClientWebSocketResponse, url: str, markers: list[str], timeout: float
) -> Outcome:
    calls = iter(range(1, 1_000_000))
    await devtools.send_json({"id": next(calls), "method": "Network.enable"})
    await devtools.send_json({"id": next(calls), "method": "Page.navigate", "params": {"url": url}})
    received = ""
    found: str | None = None
    deadline = time.monotonic() + timeout
    while found is None and time.monotonic() < deadline:
        try:
            message = await devtools.receive(timeout=max(0.1, deadline - time.monotonic()))
        except TimeoutError:
            break
        if message.type != aiohttp.WSMsgType.TEXT:
            break
        event = json.loads(message.data)
        if event.get("method") == "Network.webSocketFrameReceived":
            received += _frame_text(event["params"]["response"])
            found = next((m for m in markers if m in received), None)
    check = next(calls)
    expression = "document.body.classList.contains('-first-byte')"
    await devtools.send_json(
        {"id": check, "method": "Runtime.evaluate", "params": {"expression": expression}}
    )
    first_byte = False
    async for message in devtools:
        reply = json.loads(message.data)
        if reply.get("id") == check:
            first_byte = bool(reply.get("result", {}).get("result", {}).get("value"))
            break
    return Outcome(found, first_byte, received)


def _frame_text(frame: dict[str, object]) -> str:
    """A websocket frame's text with terminal escape codes removed (binary frames come base64-encoded)."""
    payload = str(frame.get("payloadData", ""))
    raw = base64.b64decode(payload).decode("utf-8", "replace") if frame.get("opcode") == 2 else payload
    return _ANSI.sub("", raw)


def check(port: int | None = None) -> int:
    """Serve the trainer, visit it, and report; the exit code of `python -m trainer.browser_check`."""
    browser_path = chromium()
    if browser_path is None:
        print("no chromium on PATH (Debian: apt-get install -y chromium)", file=sys.stderr)
        return 2
    port = port or free_port()
    with tempfile.TemporaryDirectory(prefix="carelab-home-") as home:
        server = start_server(port, Path(home))
        try:
            outcome = asyncio.run(visit(f"http://127.0.0.1:{port}/", browser_path, home_markers()))
        finally:
            server.terminate()
            server.wait(timeout=10)
    if outcome.found is None or not outcome.first_byte:
        tail = " ".join(outcome.received.split())[-600:]
        print(
            f"the home screen did not show (first byte: {outcome.first_byte}); received: {tail!r}",
            file=sys.stderr,
        )
        return 1
    print(f"home screen shown in headless Chromium on 127.0.0.1:{port} (saw {outcome.found!r})")
    return 0


def main() -> None:
    """Command-line entry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--port", type=int, default=None, help="port to serve on (default: a free one)")
    sys.exit(check(parser.parse_args().port))


if __name__ == "__main__":
    main()
