"""Variants of authored drills: values drawn per run from the session's seed, followed by the rubric, kept with
the scorecard, and checked with located errors when the drill is validated."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sim.cli.main import app
from sim.scenarios import Scenario, ScenarioError, load_scenario, with_values
from sim.scenarios.units import parse_clock
from sim.scenarios.variables import Variable
from trainer import drills
from trainer.rubric import Scorecard
from trainer.script import load_script, play, reference_problems
from trainer.session import DrillSession
from trainer.store import Store

from ..conftest import SCENARIOS
from .helpers import PLAYTHROUGHS, steps

runner = CliRunner()
VARIED = ("late_booking", "official_account", "seen_to_help")
"""The bundled drills that declare variables."""
SEEDS = (1, 2, 3, 5, 8, 13)
LATE = SCENARIOS / "drills" / "late_booking.yaml"


@cache
def drill(name: str) -> Scenario:
    return load_scenario(SCENARIOS / "drills" / f"{name}.yaml")


def played(name: str, kind: str, seed: int) -> tuple[DrillSession, Scorecard]:
    """The bundled playthrough `kind` of drill `name`, on the run seed `seed` draws."""
    session = DrillSession(drill(name), rng=np.random.default_rng(seed))
    play(load_script(PLAYTHROUGHS / f"{name}.{kind}.yaml"), session)
    session.advance_to(session.drill.length)
    return session, session.finish()


def test_one_seed_gives_one_drill_and_other_seeds_other_values() -> None:
    first = DrillSession(drill("late_booking"), rng=np.random.default_rng(4))
    again = DrillSession(drill("late_booking"), rng=np.random.default_rng(4))
    assert first.variables == again.variables and first.drill == again.drill
    travellers = {
        DrillSession(drill("late_booking"), rng=np.random.default_rng(s)).variables["traveller"]
        for s in SEEDS
    }
    bookings = {
        DrillSession(drill("late_booking"), rng=np.random.default_rng(s)).variables["booking"] for s in SEEDS
    }
    assert len(travellers) == len(SEEDS) and len(bookings) == len(SEEDS)


def test_loading_gives_the_drill_its_own_seed_plays() -> None:
    loaded = drill("late_booking")
    session = DrillSession(loaded, rng=np.random.default_rng(loaded.meta.seed))
    assert session.variables == loaded.drawn and session.drill == loaded.drill


def test_the_drawn_values_reach_every_part_of_the_drill() -> None:
    session = DrillSession(drill("late_booking"), rng=np.random.default_rng(21))
    values, shown = session.variables, session.drill
    urgent = next(m for m in shown.mentions if m.id == "m1")
    assert urgent.author.name == values["traveller"] and urgent.author.handle == values["traveller.handle"]
    assert values["departure"] in urgent.text
    assert values["booking"] in urgent.thread[1].text and values["fare"] in urgent.thread[1].text
    record = shown.entry("booking-traveller")
    assert record.match[0] == values["flight"] and record.private == [
        values["booking"],
        values["traveller.email"],
    ]
    assert shown.entry("delay-policy").max_compensation == float(values["voucher"])
    assert values["flight"] in urgent.expect.tips["no-deflection"]
    assert "${" not in json.dumps(shown.model_dump(mode="json", exclude={"vary"}))


@pytest.mark.parametrize("name", VARIED)
def test_a_good_handling_scores_well_and_a_poor_one_poorly_on_every_run(name: str) -> None:
    for seed in SEEDS:
        _, good = played(name, "good", seed)
        _, poor = played(name, "poor", seed)
        assert good.passed and good.score >= 85, (seed, good.variables)
        assert not poor.passed and poor.score < poor.pass_mark, (seed, poor.variables)
        assert good.score - poor.score >= 40, seed


@pytest.mark.parametrize("seed", SEEDS)
def test_the_remedy_limit_follows_the_drawn_voucher(seed: int) -> None:
    session = DrillSession(drill("late_booking"), rng=np.random.default_rng(seed))
    limit = int(session.variables["voucher"])
    fair = f"I'm so sorry about the four hours on the tarmac. I've added a £{limit} travel voucher. ^SM"
    generous = (
        f"I'm so sorry about the four hours on the tarmac. I've added a £{limit + 5} travel voucher. ^SM"
    )
    verdicts = {}
    for offer in (fair, generous):
        run = DrillSession(drill("late_booking"), rng=np.random.default_rng(seed))
        play(steps([{"at": "5m", "reply": {"to": "m2", "text": offer}}]), run)
        run.advance_to(run.drill.length)
        card = run.finish()
        m2 = next(m for m in card.mentions if m.id == "m2")
        verdicts[offer] = next(v.verdict for v in m2.criteria if v.id == "remedy-policy")
    assert verdicts == {fair: "met", generous: "missed"}


def test_a_drawn_value_is_matched_literally_inside_a_regex(write_yaml) -> None:  # type: ignore[no-untyped-def]
    text = LATE.read_text(encoding="utf-8").replace(
        'flight: {kind: code, pattern: "SW1##"}', 'flight: {kind: choice, choices: ["SW1+2", "SW1+3"]}'
    )
    text = text.replace('match: ["${flight}",', 'match: ["/\\\\b${flight}\\\\b/",')
    varied = load_scenario(write_yaml(text))
    pattern = varied.drill.entry("booking-traveller").match[0]  # type: ignore[union-attr]
    assert pattern == "/\\b" + re.escape(varied.drawn["flight"]) + "\\b/"


def test_the_scorecard_keeps_the_drawn_values_and_a_resumed_run_draws_them_again() -> None:
    loaded = load_script(PLAYTHROUGHS / "late_booking.good.yaml")
    with Store() as store:
        drill_id, session = drills.start(drill("late_booking"), LATE, store, seed=77)
        for step in loaded.script.steps[:4]:
            step.perform(session)
        resumed = drills.resume(drill_id, store)
        assert resumed.variables == session.variables and resumed.record() == session.record()
        play(loaded, resumed)
        resumed.advance_to(resumed.drill.length)
        card = resumed.finish()
        stored = store.drill(drill_id)
        assert stored is not None and stored.seed == 77
    assert card.variables == session.variables
    assert card.to_json()["variables"]["traveller"] == session.variables["traveller"]


def test_drill_run_draws_a_run_per_seed_and_prints_its_values() -> None:
    script = PLAYTHROUGHS / "late_booking.good.yaml"
    cards = []
    for seed in ("3", "3", "4"):
        result = runner.invoke(
            app, ["drill", "run", str(LATE), "--script", str(script), "--seed", seed, "--json"]
        )
        assert result.exit_code == 0, result.output
        cards.append(json.loads(result.stdout))
    assert cards[0]["variables"] == cards[1]["variables"] != cards[2]["variables"]
    assert all(card["score"] >= 85 for card in cards)
    human = runner.invoke(app, ["drill", "run", str(LATE), "--script", str(script), "--seed", "4"])
    assert human.exit_code == 0, human.output
    assert "This run's values" in human.stdout and cards[2]["variables"]["booking"] in human.stdout


BAD_VARIABLES = [
    ('booking: {kind: code, pattern: "?#?#??"}', 'booking: {kind: code, pattern: "K7Q2PZ"}',
     "drill.vary.booking.pattern: 'K7Q2PZ' has no '#' (a digit) or '?' (a letter)"),
    ('fare: {kind: amount, range: "180..340"}', 'fare: {kind: amount, range: "340..180"}',
     "drill.vary.fare.range: '340..180' is empty or one value"),
    ('fare: {kind: amount, range: "180..340"}', 'fare: {kind: amount, range: "lots"}',
     "drill.vary.fare.range: 'lots' is not LOW..HIGH"),
    ('departure: {kind: time, range: "06:00..09:30", every: 5m}', 'departure: {kind: time, range: "6am..9am"}',
     "drill.vary.departure.range: '6am..9am' is not EARLY..LATE"),
    ('voucher: {kind: amount, range: "40..60", step: 5}', 'voucher: {kind: amount, range: "40..60", step: 50}',
     "drill.vary.voucher.step: 50 is wider than the range '40..60'"),
    ('traveller: {kind: person, gender: female}', 'traveller: {kind: person, locale: xx_YY}',
     "drill.vary.traveller.locale: unknown Faker locale 'xx_YY'"),
    ('asker: {kind: person}', 'asker: {kind: person, pattern: "##"}',
     "drill.vary.asker: a `person` variable takes no `pattern`"),
    ('name: "${flyer}"', 'name: "${flier}"',
     "drill.mentions.1.author.name: unknown variable 'flier' (did you mean 'flyer'?"),
    ('lost my bag on ${bag_flight}', 'lost my bag on ${bag_flight.first}',
     "drill.mentions.5.text: 'bag_flight' is a code: no part 'first'"),
    ('title: "Late shift', 'title: "${traveller}: late shift',
     "meta.title: variables (`${...}`) can be used only in the drill section"),
]  # fmt: skip


@pytest.mark.parametrize(("before", "after", "message"), BAD_VARIABLES)
def test_a_bad_variable_or_reference_is_named_at_its_line(
    write_yaml, before: str, after: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    original = LATE.read_text(encoding="utf-8")
    assert before in original
    path = write_yaml(original.replace(before, after, 1))
    line = next(
        i for i, text in enumerate(original.replace(before, after, 1).splitlines(), 1) if after in text
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    found = [str(p) for p in caught.value.problems]
    assert any(p.startswith(f"{path}:{line}:") and message in p for p in found), found
    result = runner.invoke(app, ["scenario", "validate", str(path)])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_a_script_naming_an_unknown_variable_is_refused_at_its_step(write_yaml) -> None:  # type: ignore[no-untyped-def]
    good = (PLAYTHROUGHS / "late_booking.good.yaml").read_text(encoding="utf-8")
    path = write_yaml(
        good.replace("${traveller.first}, I'm sorry", "${traveler.first}, I'm sorry"), "steps.yaml"
    )
    loaded = load_script(path)
    problems = [str(p) for p in reference_problems(loaded, drill("late_booking").drill)]  # type: ignore[arg-type]
    assert problems == [
        f"{path}:11:5: steps.2: unknown variable 'traveler' (did you mean 'traveller'?; declare it under `drill.vary`)"
    ]
    result = runner.invoke(app, ["drill", "run", str(LATE), "--script", str(path)])
    assert result.exit_code == 2 and "unknown variable 'traveler'" in result.output


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_every_draw_keeps_to_its_pattern_range_and_choices(seed: int) -> None:
    rng = np.random.default_rng(seed)
    code = Variable(kind="code", pattern="PP-##?", letters="XYZ").draw(rng, "en_GB").text
    assert re.fullmatch(r"PP-\d\d[XYZ]", code)
    amount = Variable(kind="amount", range="9.5..19.5", step=0.5).draw(rng, "en_GB")
    assert amount.number is not None and 9.5 <= amount.number <= 19.5 and (amount.number * 2).is_integer()
    assert amount.text == f"{amount.number:.2f}"
    time = parse_clock(Variable(kind="time", range="06:00..09:30", every="15m").draw(rng, "en_GB").text)
    assert 360 <= time <= 570 and time % 15 == 0
    assert Variable(kind="choice", choices=["a", "b"]).draw(rng, "en_GB").text in {"a", "b"}


@pytest.mark.parametrize("locale", ["en_GB", "fr_FR", "de_DE", "ja_JP"])
def test_a_drawn_person_has_a_handle_made_from_their_name(locale: str) -> None:
    for seed in range(5):
        person = Variable(kind="person").draw(np.random.default_rng(seed), locale)
        first, last, handle = person.parts["first"], person.parts["last"], person.parts["handle"]
        assert re.fullmatch(r"@\w{1,15}", handle), handle
        assert person.text == (last + first if locale == "ja_JP" else f"{first} {last}")
        assert handle.isascii() and person.parts["email"].isascii()  # kanji names: their romanized reading
        if locale != "ja_JP":
            body = handle[1:]
            assert body.startswith(ascii_letters(first)[:5]) or ascii_letters(last)[:5] in body, (
                person,
                handle,
            )
            assert person.parts["email"] == f"{ascii_letters(first)}.{ascii_letters(last)}@mail.example"


def ascii_letters(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if c.isascii() and c.isalpha()).lower()


def test_an_unfinished_run_shows_its_values_where_it_stands() -> None:
    with Store() as store:
        drill_id, session = drills.start(drill("late_booking"), LATE, store, seed=12)
        session.advance_to(3)
    result = runner.invoke(app, ["drill", "resume", str(drill_id), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["variables"] == session.variables
    human = runner.invoke(app, ["drill", "resume", str(drill_id)])
    assert "This run's values" in human.stdout and session.variables["traveller"] in human.stdout


def test_an_amount_with_decimals_in_a_whole_number_field_is_caught_whatever_the_seed_draws(
    write_yaml,
) -> None:  # type: ignore[no-untyped-def]
    text = LATE.read_text(encoding="utf-8").replace(
        "    asker: {kind: person}\n",
        '    asker: {kind: person}\n    fans: {kind: amount, range: "10..20", step: 0.5}\n',
    )
    text = text.replace("followers: 95}", 'followers: "${fans}"}')
    with pytest.raises(ScenarioError) as caught:
        load_scenario(write_yaml(text))
    assert [p.path for p in caught.value.problems] == ["drill.mentions.2.author.followers"]
    assert "got 10.5 (expected a whole number)" in str(caught.value)


def test_an_unquoted_variable_in_a_flow_mapping_gets_a_hint(write_yaml) -> None:  # type: ignore[no-untyped-def]
    text = LATE.read_text(encoding="utf-8").replace('name: "${flyer}"', "name: ${flyer}")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(write_yaml(text))
    assert 'must be quoted: "${name}"' in str(caught.value)


def test_drawing_the_variables_leaves_the_reshare_cascades_as_they_were() -> None:
    varied = drill("late_booking")
    fixed = with_values(varied, {}, "the same drill, its values written in")  # nothing left to draw
    runs = [DrillSession(s, rng=np.random.default_rng(varied.meta.seed)) for s in (varied, fixed)]
    assert runs[0].variables and not runs[1].variables and runs[0].drill == runs[1].drill
    for run in runs:
        run.advance_to(run.drill.length)
    assert runs[0].reach("m2") == runs[1].reach("m2") > 48_200  # the viral complaint spread alike
