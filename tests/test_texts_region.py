"""Generated authors and places are true to their region: handles made from the author's name, names and
postcodes of the region's locale, and the same post for a mention however many others are written."""

from __future__ import annotations

import re

import numpy as np
from faker import Faker

from sim.randomness import run_randomness
from sim.traffic import MentionText, describe_mentions
from sim.traffic.texts import _latin, _Pool, _Slots, _template

from .test_traffic import make_scenario, single_kind_stream

REGIONS = [
    {"name": "Germany", "timezone": "Europe/Berlin", "share": 0.5, "locale": "de_DE"},
    {"name": "Japan", "timezone": "Asia/Tokyo", "share": 0.5, "locale": "ja_JP"},
]


def texts(count: int = 400) -> tuple[np.ndarray, list[MentionText]]:
    scenario = make_scenario(REGIONS, {"volume_per_day": 10}, brand={"name": "Acme", "industry": "retail"})
    stream = single_kind_stream("complaint", count, np.random.default_rng(2))
    return stream.region, describe_mentions(scenario, stream, range(count), run_randomness(4, 0))


def test_latin_handles_are_made_from_the_authors_name() -> None:
    regions, written = texts()
    german = [t for t, region in zip(written, regions, strict=True) if region == 0]
    assert len(german) > 100
    for text in german:
        first, last = text.author.split(" ", 1)
        handle = text.handle[1:]
        assert _latin(first)[0] in handle and (_latin(first) in handle or _latin(last) in handle), text


def test_names_and_postcodes_follow_the_region_s_locale() -> None:
    regions, written = texts()
    japanese = [t for t, region in zip(written, regions, strict=True) if region == 1]
    assert japanese and all(" " not in t.author and not t.author.isascii() for t in japanese)
    assert all(re.fullmatch(r"@[a-z0-9_]+", t.handle) for t in japanese)
    scenario = make_scenario(REGIONS, {"volume_per_day": 10}, brand={"name": "Acme", "industry": "retail"})
    slots = _Slots(_Pool(Faker("de_DE"), 3), scenario.brand)
    template = _template(["{postcode} {amount}"], slots)
    filled = [slots.fill(template, list(range(n, n + 24)), "Acme") for n in range(50)]
    postcodes = {values["postcode"] for values in filled}
    assert len(postcodes) > 10 and all(re.fullmatch(r"\d{5}", code) for code in postcodes), postcodes
    assert all(values["amount"].startswith("€") for values in filled), filled


def test_a_mention_s_text_does_not_depend_on_the_others_written() -> None:
    _, alone = texts(400)
    scenario = make_scenario(REGIONS, {"volume_per_day": 10}, brand={"name": "Acme", "industry": "retail"})
    stream = single_kind_stream("complaint", 400, np.random.default_rng(2))
    picked = describe_mentions(scenario, stream, [399, 3], run_randomness(4, 0))
    assert picked == [alone[399], alone[3]]
