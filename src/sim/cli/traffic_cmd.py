"""`carelab traffic`: generate a scenario's mentions and look at them: a summary, the rows, the daily shape.

Managers check that the traffic they wrote is the traffic they meant before simulating a desk against it;
trainers borrow realistic posts. The summary is cheap on any stream; writing rows costs text generation per
row, so `--limit` keeps a year-long export short. `--json` prints the summary for programs:
`{scenario, seed, replication, mentions, regions: {name: {kinds: {kind: count}, total, tagged_share}}, all,
channels: {channel: share}, scripted_viral_posts, reshares: {total, per_mention, reshared_mentions} | null,
biggest_cascade: {mention, reshares, kind, region, time} | null}`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Annotated, TextIO

import numpy as np
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from sim.cli import common
from sim.cli.common import JsonOption, ScenarioArg, SetOption, err, fail, load_or_exit, out, print_json, show
from sim.mentions import MentionStream
from sim.randomness import run_randomness
from sim.report.layout import Cell, Grid
from sim.scenarios import CHANNELS, KINDS, Scenario
from sim.spreadsheet import InertWriter
from sim.traffic import generate_mentions
from sim.traffic.chart import save_hourly_volume
from sim.traffic.clock import iso_utc
from sim.traffic.export import COLUMNS, FLAG_COLUMNS, PLAIN_COLUMNS, Batch, StreamRows, Value, rows_of

PROGRESS_FROM = 5_000
"""Rows from which writing shows a progress bar (on a terminal)."""


def _write_csv(batches: Iterable[Batch], handle: TextIO) -> None:
    writer = InertWriter(handle, lineterminator="\n")
    writer.writerow(COLUMNS)
    plain = [at for at, name in enumerate(COLUMNS) if name in PLAIN_COLUMNS]
    for batch in batches:
        writer.writecolumns([_csv_column(name, batch[name]) for name in COLUMNS], plain)


def _csv_column(name: str, values: list[Value]) -> list[Value]:
    """Flags as the words true and false; the rest as they are (the csv module writes None as '')."""
    if name in FLAG_COLUMNS:
        return ["true" if value else "false" for value in values]
    return values


def _write_jsonl(batches: Iterable[Batch], handle: TextIO) -> None:
    for batch in batches:
        handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows_of(batch))


WRITERS: dict[str, Callable[[Iterable[Batch], TextIO], None]] = {".csv": _write_csv, ".jsonl": _write_jsonl}


def traffic(
    file: ScenarioArg,
    sets: SetOption = None,
    replication: Annotated[
        int, typer.Option("--replication", "-r", min=0, help="Which replication's random draws to use.")
    ] = 0,
    output: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write the mentions and reshares as rows: a .csv or .jsonl file."),
    ] = None,
    plot: Annotated[
        Path | None,
        typer.Option("--plot", help="Draw mean hourly volume by region (local time and UTC): .png"),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=1, help="Write only the first N rows (in time order).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Generate a scenario's mentions and summarise them: per region and kind, tagging, reshares.

    The same file, seed and replication always give the same stream, on any machine.

    [b]Example:[/b] carelab traffic scenarios/whatif/global_airline.yaml --out mentions.csv --limit 500
    """
    if output is not None and output.suffix.lower() not in WRITERS:
        fail(f"cannot write '{output}': use a .csv or .jsonl file name")
    if plot is not None and plot.suffix.lower() != ".png":
        fail(f"cannot draw '{plot}': use a .png file name")
    common.check_output(output, "--out")
    scenario = load_or_exit(file, sets)
    randomness = run_randomness(scenario.meta.seed, replication)
    stream = generate_mentions(scenario, randomness)
    if as_json:
        print_json(_summary_json(scenario, stream, replication))
    else:
        show(_mix_grid(scenario, stream))
        out.print(_stream_table(scenario, stream))
    try:
        if output is not None:
            rows = StreamRows(scenario, stream, randomness, limit)
            _write_rows(rows, output)
            err.print(f"wrote {len(rows):,} rows to {output}", highlight=False)
        if plot is not None:
            save_hourly_volume(scenario, stream, str(plot))
            err.print(f"wrote {plot}", highlight=False)
    except OSError as error:
        fail(f"cannot write '{error.filename or output}': {error.strerror}")
    except ValueError as error:
        fail(str(error))


def _write_rows(rows: StreamRows, path: Path) -> None:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    show = len(rows) >= PROGRESS_FROM and err.is_terminal
    with (
        common.atomic_output(path) as handle,
        Progress(*columns, console=err, disable=not show, transient=True) as bar,
    ):
        task = bar.add_task("writing", total=len(rows))

        def counted() -> Iterator[Batch]:
            for batch in rows.batches():
                yield batch
                bar.advance(task, len(batch["id"]))

        WRITERS[path.suffix.lower()](counted(), handle)


def _mix_grid(scenario: Scenario, stream: MentionStream) -> Grid:
    """Mentions per region and kind (only the kinds the stream has), with each region's tagged share."""
    present = np.flatnonzero(np.bincount(stream.kind, minlength=len(KINDS)))
    names = [r.name for r in scenario.regions]
    rows = []
    for index, name in enumerate([*names, "all"]):
        chosen = stream.region == index if name != "all" else np.ones(len(stream), dtype=bool)
        counts = np.bincount(stream.kind[chosen], minlength=len(KINDS))
        tagged = stream.tagged[chosen]
        share = f"{tagged.mean():.1%}" if len(tagged) else "—"
        cells = [*(f"{counts[k]:,}" for k in present), f"{int(chosen.sum()):,}", share]
        rows.append((name, [Cell(text) for text in cells]))
    headers = [*(KINDS[k] for k in present), "total", "tagged"]
    title = f"{scenario.meta.title}: {len(stream):,} mentions"
    return Grid(title, "region", headers, "figure", rows, names=[*names, *KINDS])


def _mix_json(kind: np.ndarray, tagged: np.ndarray) -> dict[str, object]:
    counts = np.bincount(kind, minlength=len(KINDS))
    return {
        "kinds": dict(zip(KINDS, counts.tolist(), strict=True)),
        "total": len(kind),
        "tagged_share": float(tagged.mean()) if len(tagged) else None,
    }


def _summary_json(scenario: Scenario, stream: MentionStream, replication: int) -> dict[str, object]:
    """The summary tables' figures for programs (shape in the module docstring)."""
    regions = {
        region.name: _mix_json(stream.kind[stream.region == index], stream.tagged[stream.region == index])
        for index, region in enumerate(scenario.regions)
    }
    channels = np.bincount(stream.channel, minlength=len(CHANNELS)) / max(len(stream), 1)
    data: dict[str, object] = {
        "scenario": scenario.meta.id,
        "seed": scenario.meta.seed,
        "replication": replication,
        "mentions": len(stream),
        "regions": regions,
        "all": _mix_json(stream.kind, stream.tagged),
        "channels": dict(zip(CHANNELS, channels.tolist(), strict=True)),
        "scripted_viral_posts": int((stream.viral_event >= 0).sum()),
        "reshares": None,
        "biggest_cascade": None,
    }
    if stream.cascades is not None:
        reshares = stream.cascades.size_by_root() - 1
        total = int(reshares.sum())
        data["reshares"] = {
            "total": total,
            "per_mention": total / max(len(stream), 1),
            "reshared_mentions": int((reshares > 0).sum()),
        }
        if len(stream):
            root = int(reshares.argmax())
            data["biggest_cascade"] = {
                "mention": root,
                "reshares": int(reshares[root]),
                "kind": KINDS[stream.kind[root]],
                "region": scenario.regions[int(stream.region[root])].name,
                "time": iso_utc(scenario.meta.start, float(stream.time[root])),
            }
    return data


def _stream_table(scenario: Scenario, stream: MentionStream) -> Table:
    """Channels, scripted events, reshares and the biggest cascade."""
    table = Table(show_header=False, box=None, padding=(0, 2))
    table.add_column(style="dim")
    table.add_column()
    channels = np.bincount(stream.channel, minlength=len(CHANNELS)) / max(len(stream), 1)
    table.add_row("channels", ", ".join(f"{c} {s:.1%}" for c, s in zip(CHANNELS, channels, strict=True)))
    table.add_row("scripted viral posts", str(int((stream.viral_event >= 0).sum())))
    if stream.cascades is None:
        table.add_row("reshares", "off (viral.enabled is false)")
        return table
    reshares = stream.cascades.size_by_root() - 1
    spread = int((reshares > 0).sum())
    table.add_row(
        "reshares",
        f"{int(reshares.sum()):,} ({reshares.sum() / max(len(stream), 1):.2f} per mention; "
        f"{spread:,} mentions reshared at least once)",
    )
    if len(stream):
        root = int(reshares.argmax())
        where = scenario.regions[int(stream.region[root])].name
        when = iso_utc(scenario.meta.start, float(stream.time[root]))
        about = f"{KINDS[stream.kind[root]]}, {where}, {when}"
        table.add_row("biggest cascade", f"{int(reshares[root]):,} reshares of mention {root} ({about})")
    return table


def register(app: typer.Typer) -> None:
    """Add `carelab traffic` to the main command."""
    app.command("traffic")(traffic)
