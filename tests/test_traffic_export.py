"""`carelab traffic --out`: what each exported column means, whatever the batching, and posts true to their
region (handles made from the author's name, places and postcodes of the region's locale).

The oracles are independent of the export's code: local times come from `zoneinfo`, root texts from
`describe_mentions` (what drills show), Japanese romanisations and German cities from Faker's own tables.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from faker.providers.address.de_DE import Provider as GermanAddresses
from faker.providers.person.ja_JP import Provider as JapaneseNames
from typer.testing import CliRunner

from sim.mentions import NETWORKS, MentionStream
from sim.randomness import run_randomness
from sim.scenarios import CHANNELS, KINDS, Scenario
from sim.traffic import describe_mentions, generate_mentions
from sim.traffic import export as export_module
from sim.traffic.export import COLUMNS, StreamRows
from sim.traffic.texts import _latin

from .test_traffic import START, cli_app, make_scenario

REGIONS = [
    {"name": "UK", "timezone": "Europe/London", "share": 0.3, "locale": "en_GB"},
    {"name": "Germany", "timezone": "Europe/Berlin", "share": 0.25, "locale": "de_DE"},
    {"name": "Japan", "timezone": "Asia/Tokyo", "share": 0.25, "locale": "ja_JP"},
    {"name": "=India", "timezone": "Asia/Kolkata", "share": 0.2, "locale": "en_IN"},
]
"""Four locales, a spring-forward in London and Berlin inside the run, a half-hour zone, and a region name a
spreadsheet would run as a formula."""
MIX = {"complaint": 0.25, "question": 0.5, "urgent": 0.05, "praise": 0.15, "spam": 0.05}
"""Question-heavy, so that many posts ask about a place or a postcode."""

runner = CliRunner()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Scenario, MentionStream, Path]:
    """A retail brand's 14 days in four locales, with reshares, written to CSV and JSONL by the command."""
    scenario = make_scenario(
        REGIONS,
        {"volume_per_day": 500, "mix": MIX},
        viral={"enabled": True},
        brand={"name": "Acme", "industry": "retail", "handles": {"twitter": "@AcmeHelp"}},
    )
    folder = tmp_path_factory.mktemp("export")
    path = folder / "scenario.yaml"
    path.write_text(json.dumps(scenario.model_dump(mode="json")), encoding="utf-8")
    for suffix in (".csv", ".jsonl"):
        result = runner.invoke(cli_app(), ["traffic", str(path), "--out", str(folder / f"rows{suffix}")])
        assert result.exit_code == 0, result.output
    return scenario, generate_mentions(scenario, run_randomness(scenario.meta.seed, 0)), folder


def csv_rows(folder: Path) -> list[dict[str, str]]:
    with (folder / "rows.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        return list(reader)


def test_every_column_means_what_it_says(world: tuple[Scenario, MentionStream, Path]) -> None:
    scenario, stream, folder = world
    rows = csv_rows(folder)
    assert stream.cascades is not None and len(rows) == len(stream.cascades) > len(stream) > 5_000
    roots = [int(row["id"]) for row in rows if row["kind"] != "reshare"]
    texts = dict(
        zip(
            roots,
            describe_mentions(scenario, stream, roots, run_randomness(scenario.meta.seed, 0)),
            strict=True,
        )
    )
    seen: dict[int, dict[str, str]] = {}
    for row in rows:
        row_id = int(row["id"])
        moment = datetime.fromisoformat(row["time_utc"])
        if row["kind"] == "reshare":
            root = seen[int(row["cascade_id"])]
            assert int(row["parent_id"]) in seen and row["region"] == row["local_time"] == ""
            assert (row["network"], row["tagged"]) == (root["network"], root["tagged"])
            assert row["text"] == f"RT {root['handle'][1:]}: {root['text'].removeprefix(chr(39))}"
            assert moment >= datetime.fromisoformat(root["time_utc"])
        else:
            region = scenario.regions[int(stream.region[row_id])]
            minutes = timedelta(seconds=round(float(stream.time[row_id]) * 60))
            assert moment == START + minutes and row["time_utc"].endswith("+00:00")
            assert row["local_time"] == moment.astimezone(ZoneInfo(region.timezone)).isoformat()
            assert row["region"] == ("'" + region.name if region.name.startswith("=") else region.name)
            assert row["kind"] == KINDS[stream.kind[row_id]]
            assert row["channel"] == CHANNELS[stream.channel[row_id]]
            assert row["network"] == NETWORKS[stream.network[row_id]]
            assert row["tagged"] == ("true" if stream.tagged[row_id] else "false")
            assert int(row["followers"]) == stream.followers[row_id]
            assert row["cascade_id"] == row["id"] and row["parent_id"] == ""
            written = texts[row_id]
            assert (row["author"], row["handle"]) == (written.author, "'" + written.handle)
            assert row["text"] in (written.text, "'" + written.text)
        seen[row_id] = row
    assert [row["time_utc"] for row in rows] == sorted(row["time_utc"] for row in rows)


def test_jsonl_holds_the_same_rows_with_their_types(world: tuple[Scenario, MentionStream, Path]) -> None:
    _, _, folder = world
    lines = (folder / "rows.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    for record, row in zip(records, csv_rows(folder), strict=True):
        assert list(record) == list(COLUMNS)
        assert isinstance(record["tagged"], bool) and isinstance(record["followers"], int)
        assert {k: as_csv(v) for k, v in record.items()} == row


def as_csv(value: Any) -> str:
    """A JSON value as the CSV writes it: empty for null, true/false, text a spreadsheet would run quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return "'" + text if isinstance(value, str) and text[:1] in "=+-@" else text


def test_rows_do_not_depend_on_the_batch_size_or_the_limit(
    world: tuple[Scenario, MentionStream, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Reshares whose root was written batches earlier get its text all the same."""
    _, _, folder = world
    whole = (folder / "rows.csv").read_bytes()
    monkeypatch.setattr(export_module, "BATCH", 97)
    for limit in (None, 1, 1_234):  # one row: a batch with posts from one region only
        target = tmp_path / f"rows-{limit}.csv"
        options = ["--limit", str(limit)] if limit else []
        result = runner.invoke(
            cli_app(), ["traffic", str(folder / "scenario.yaml"), "--out", str(target), *options]
        )
        assert result.exit_code == 0, result.output
        written = target.read_bytes()
        assert (
            written == whole
            if limit is None
            else whole.startswith(written) and written.count(b"\n") == limit + 1
        )


def test_handles_are_made_from_the_authors_name_in_every_locale(
    world: tuple[Scenario, MentionStream, Path],
) -> None:
    """Roots and reshares alike: a Latin handle holds the first name's initial and the first or last name;
    a Japanese one is made the same way from the name's romanisation in Faker's own name tables."""
    _, _, folder = world
    romanised = {
        "first": romanisations(JapaneseNames.first_name_pairs),
        "last": romanisations(JapaneseNames.last_name_pairs),
    }
    checked = {"Latin": 0, "Japanese": 0}
    for row in csv_rows(folder):
        handle = row["handle"].removeprefix("'@")
        assert re.fullmatch(r"[a-z0-9_]+", handle), row
        if " " in row["author"]:  # either part may hold a space ('Hans Dieter Kramer')
            words = row["author"].split(" ")
            spellings = [
                ({_latin(" ".join(words[:cut]))}, {_latin(" ".join(words[cut:]))})
                for cut in range(1, len(words))
            ]
            checked["Latin"] += 1
        else:  # family name first, no space
            name = row["author"]
            spellings = [
                (romanised["first"][name[cut:]], romanised["last"][name[:cut]])
                for cut in range(1, len(name))
                if name[:cut] in romanised["last"] and name[cut:] in romanised["first"]
            ]
            checked["Japanese"] += 1
        assert any(
            any(f[0] in handle and (f in handle or last in handle) for f in firsts for last in lasts)
            for firsts, lasts in spellings
        ), row
    assert min(checked.values()) > 1_000, checked


def romanisations(pairs: Any) -> dict[str, set[str]]:
    """Each Japanese name's romanisations (one name can be read several ways), lower-case."""
    found: dict[str, set[str]] = {}
    for kanji, _, latin in pairs:
        found.setdefault(kanji, set()).add(_latin(latin))
    return found


POSTCODES = {
    "UK": r"[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}",
    "Germany": r"\d{5}",
    "Japan": r"\d{3}-\d{4}",
    "=India": r"\d{6}",
}
"""Each region's postcode, in its locale's shape."""


def test_places_and_postcodes_follow_the_region_s_locale(world: tuple[Scenario, MentionStream, Path]) -> None:
    _, _, folder = world
    postcodes: dict[str, list[str]] = {region: [] for region in POSTCODES}
    places: dict[str, list[str]] = {region: [] for region in POSTCODES}
    for row in csv_rows(folder):
        if row["kind"] == "reshare":  # a copy of its root's text
            continue
        region = row["region"].removeprefix("'")
        if found := re.search(r"do you deliver to (.+)\? Checkout", row["text"]):
            postcodes[region].append(found.group(1))
        if found := re.search(r"What time does \S+ in (.+) open on \w+\?", row["text"]):
            places[region].append(found.group(1))
    for region, shape in POSTCODES.items():
        assert len(postcodes[region]) >= 10 and len(places[region]) >= 10, (region, postcodes, places)
        assert all(re.fullmatch(shape, code) for code in postcodes[region]), (region, postcodes[region])
    assert set(places["Germany"]) <= set(GermanAddresses.cities)
    assert not set(places["UK"]) & set(GermanAddresses.cities)
    assert all(not place.isascii() for place in places["Japan"])
    assert all(place.isascii() for place in places["UK"] + places["=India"])


def test_rows_can_be_read_twice(world: tuple[Scenario, MentionStream, Path]) -> None:
    """Each reading keeps its own account of the reshares still to come."""
    scenario, stream, _ = world
    rows = StreamRows(scenario, stream, run_randomness(scenario.meta.seed, 0), limit=3_000)
    first, second = list(rows.batches()), list(rows.batches())
    assert first == second and sum(len(batch["id"]) for batch in first) == 3_000
    assert any("reshare" in batch["kind"] for batch in first)
