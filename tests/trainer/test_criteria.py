"""Every criterion against labelled good and bad handling: the verdict it gives and the reason it states.

Each case plays a few scripted steps on the small test drill (tests/data/drill_small.yaml) and reads one
verdict. The tricky cases the issue names are here: scripted empathy is no apology, a phone number can be
the answer, '^AB' is a sign-off.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from sim.scenarios import load_scenario
from trainer.rubric import CRITERIA, Scorecard
from trainer.script import play
from trainer.session import DrillSession

from ..conftest import ROOT
from .helpers import SMALL, run, steps, verdict

SIGN = " - Alex"


def reply(at: str, to: str, text: str, private: bool = False) -> dict[str, Any]:
    return {"at": at, "reply": {"to": to, "text": text, "private": private}}


PRESS = "Our press office contact is Dana Reyes, dana.reyes@acme.example." + SIGN
LOOKUP_PRESS = {"lookup": "press contact"}


@dataclass(frozen=True)
class Case:
    criterion: str
    mention: str | None
    expected: str
    label: str
    steps: tuple[dict[str, Any], ...]
    reason: str = ""
    """Words the verdict's reason must contain."""


CASES = [
    # BP01 first response
    Case("first-response", "q1", "met", "answered within 10m", (reply("3m", "q1", PRESS),)),
    Case("first-response", "q1", "missed", "answered after 19m", (reply("20m", "q1", PRESS),), "late"),
    Case("first-response", "q1", "missed", "never answered", (), "no first response"),
    Case("first-response", "t1", "not_applicable", "a troll needs no answer", ()),
    # BP02 holding reply names a time
    Case("holding-time", "q1", "met", "holding reply with a time, late answer",
         ({"at": "2m", "reply": {"to": "q1", "text": "Checking with the press team now, back to you within 30 minutes." + SIGN}},
          reply("25m", "q1", PRESS))),
    Case("holding-time", "q1", "missed", "'looking into it' with no time",
         (reply("2m", "q1", "Looking into this for you!" + SIGN),), "without a committed time"),
    Case("holding-time", "q1", "missed", "late answer, nothing before it",
         (reply("25m", "q1", PRESS),), "late answer"),
    Case("holding-time", "q1", "not_applicable", "answered in time", (reply("3m", "q1", PRESS),)),
    # BP03 promise kept, follow-ups answered
    Case("promise-kept", "q1", "met", "wrote again before the promised time",
         (reply("2m", "q1", "I'm checking now and will be back to you within 10 minutes." + SIGN),
          reply("8m", "q1", PRESS))),
    Case("promise-kept", "q1", "missed", "promised 10 minutes, came back after 23",
         (reply("2m", "q1", "I'm checking now and will be back to you within 10 minutes." + SIGN),
          reply("25m", "q1", PRESS)), "passed in silence"),
    Case("promise-kept", "q1", "missed", "promised 'by 17:40' (local), never came back",
         (reply("2m", "q1", "On it, you'll hear from me by 17:40." + SIGN),)),
    Case("follow-ups", "q1", "met", "answered the annoyed follow-up",
         (reply("2m", "q1", "How can we help?" + SIGN), reply("7m", "q1", PRESS))),
    Case("follow-ups", "q1", "missed", "left the follow-up unanswered",
         (reply("2m", "q1", "How can we help?" + SIGN),), "follow-up was ignored"),
    # BP17 spreading complaint answered in public
    Case("viral-response", "c1", "met", "public answer within 15m",
         (reply("6m", "c1", "Lou, I'm sorry it's late again. I've added a £10 voucher and chased the courier." + SIGN),)),
    Case("viral-response", "c1", "missed", "private message only",
         (reply("6m", "c1", "Sorry Lou, I've added a £10 voucher." + SIGN, private=True),), "no public answer"),
    Case("viral-response", "c1", "missed", "public deflection does not count",
         (reply("6m", "c1", "Please DM us."),)),
    Case("viral-response", "q1", "not_applicable", "not spreading", (reply("3m", "q1", PRESS),)),
    # BP13 urgent before influential
    Case("urgent-first", "u1", "met", "urgent first",
         (reply("4m", "u1", "Ben, I'm checking your boots with the courier right now." + SIGN),
          reply("6m", "c1", "Lou, I'm sorry, I've added a £10 voucher." + SIGN))),
    Case("urgent-first", "u1", "missed", "the 50k account went first",
         (reply("5m", "c1", "Lou, I'm sorry, I've added a £10 voucher." + SIGN),
          reply("8m", "u1", "Ben, I'm checking your boots with the courier right now." + SIGN)),
         "influence went before urgency"),
    Case("urgent-first", "c1", "not_applicable", "only urgent posts", ()),
    # BP04 facts, BP18 official assets
    Case("facts", "q1", "met", "name and e-mail given", (reply("3m", "q1", PRESS),)),
    Case("facts", "q1", "missed", "pointed at the department only",
         (reply("3m", "q1", "Contact our press office." + SIGN),), "lacks what was asked"),
    Case("facts", "q1", "missed", "name without the e-mail", (reply("3m", "q1", "Ask for Dana Reyes." + SIGN),)),
    Case("official-assets", "h1", "met", "names the handle",
         (reply("3m", "h1", "That's not us, please block it. Our only account is @AcmeHelp." + SIGN),)),
    Case("official-assets", "h1", "missed", "'yes, we have one'",
         (reply("3m", "h1", "Yes, we do have an official Twitter account." + SIGN),), "lacks what was asked"),
    # BP05 deflection
    Case("no-deflection", "q1", "missed", "every way of deflecting is named",
         (reply("3m", "q1", "Please DM us." + SIGN),
          reply("5m", "q1", "Call 0845 600 1234 during business hours." + SIGN)),
         "a redirect with nothing else; sends the customer to office hours; a premium-rate number"),
    Case("no-deflection", "b1", "met", "the phone number is the answer asked for",
         (reply("11m", "b1", "It's 0800 123 4567, free and open 24 hours." + SIGN),)),
    Case("no-deflection", "q1", "missed", "a bare phone number",
         (reply("3m", "q1", "Call 0800 123 4567."),), "a phone number with nothing else"),
    Case("no-deflection", "q1", "missed", "office hours",
         (reply("3m", "q1", "Please call us during business hours." + SIGN),), "office hours"),
    Case("no-deflection", "u1", "missed", "DM us and nothing else", (reply("4m", "u1", "DM us." + SIGN),),
         "a redirect with nothing else"),
    Case("no-deflection", "u1", "met", "DM request with a purpose",
         (reply("4m", "u1", "Please DM us your e-mail and I'll check with the courier straight away." + SIGN),)),
    # BP11 apology and remedy
    Case("apology-remedy", "c2", "met", "sorry and a voucher",
         (reply("7m", "c2", "Kay, I'm sorry it's late. I've added a £10 voucher to your account." + SIGN),)),
    Case("apology-remedy", "c2", "missed", "scripted empathy only",
         (reply("7m", "c2", "I understand how you feel." + SIGN),), "scripted empathy"),
    Case("apology-remedy", "c2", "missed", "sorry, and nothing done",
         (reply("7m", "c2", "Sorry for any inconvenience." + SIGN),), "nothing done"),
    Case("apology-remedy", "q1", "not_applicable", "complaints only", (reply("3m", "q1", PRESS),)),
    # BP12 remedy within policy, whoever asks
    Case("remedy-policy", "c2", "met", "within the limit",
         (reply("7m", "c2", "Sorry Kay, I've added a £10 voucher." + SIGN),)),
    Case("remedy-policy", "c1", "missed", "above the limit",
         (reply("6m", "c1", "Sorry Lou, here's a £50 voucher." + SIGN),), "above policy"),
    Case("remedy-policy", "c1", "missed", "more for the bigger account",
         (reply("6m", "c1", "Sorry Lou, here's a £10 voucher." + SIGN),
          reply("7m", "c2", "Sorry Kay, here's a £5 voucher." + SIGN)), "bigger offer for a bigger audience"),
    # BP06 don't make them repeat
    Case("no-repeat", "u1", "met", "works from the thread",
         (reply("4m", "u1", "Ben, I can see your boots; checking the courier now." + SIGN),)),
    Case("no-repeat", "u1", "missed", "asks for the order number in the thread",
         (reply("4m", "u1", "Can you send us your order number?" + SIGN),), "already says"),
    Case("no-repeat", "q1", "missed", "'what seems to be the problem?'",
         (reply("3m", "q1", "What seems to be the problem?" + SIGN),)),
    # BP09 sign-off, canned replies
    Case("sign-off", "q1", "met", "'^AB' initials",
         (reply("3m", "q1", "Our press contact is Dana Reyes, dana.reyes@acme.example ^AB"),)),
    Case("sign-off", "q1", "met", "first name", (reply("3m", "q1", PRESS),)),
    Case("sign-off", "q1", "missed", "unsigned",
         (reply("3m", "q1", "Our press contact is Dana Reyes, dana.reyes@acme.example."),), "unsigned"),
    Case("not-canned", "c2", "missed", "same words to two customers",
         (reply("7m", "c1", "We are sorry for the delay with your parcel, a voucher is on its way to you now." + SIGN),
          reply("8m", "c2", "We are sorry for the delay with your parcel, a voucher is on its way to you now." + SIGN)),
         "canned"),
    Case("not-canned", "c2", "met", "written for each",
         (reply("7m", "c1", "Lou, two weeks is far too long. I've chased the courier and added a £10 voucher." + SIGN),
          reply("8m", "c2", "Kay, sorry about the wait. Your parcel left the depot this morning." + SIGN))),
    # BP10 in public
    Case("in-public", "c1", "met", "public first, then private",
         (reply("6m", "c1", "Lou, I'm sorry. I've added a £10 voucher; details by DM." + SIGN),
          reply("7m", "c1", "Voucher code sent." + SIGN, private=True))),
    Case("in-public", "c1", "missed", "taken straight offline",
         (reply("6m", "c1", "Sorry Lou, I've added a £10 voucher." + SIGN, private=True),), "offline"),
    Case("in-public", "c1", "missed", "'DM us' is all the public saw",
         (reply("6m", "c1", "Please DM us." + SIGN),
          reply("7m", "c1", "Sorry Lou, I've added a £10 voucher." + SIGN, private=True)), "only a redirect"),
    # BP20 warm thanks
    Case("warm-thanks", "p1", "met", "thanks with what they praised",
         ({"at": "9m", "listen": True},
          reply("9m", "p1", "Thank you! We'll tell Steve, he'll be so pleased." + SIGN))),
    Case("warm-thanks", "p1", "missed", "bare thanks",
         ({"at": "9m", "listen": True}, reply("9m", "p1", "Thanks." + SIGN)), "without their name"),
    # BP07 channel asked, BP08 escalation
    Case("channel-asked", "u1", "met", "asked, then used the chosen channel",
         ({"at": "4m", "ask_channel": "u1"},
          reply("8m", "u1", "Ben, order 55-ZK arrives Thursday." + SIGN, private=True))),
    Case("channel-asked", "u1", "missed", "moved private without asking",
         (reply("4m", "u1", "Ben, it arrives Thursday." + SIGN, private=True),), "didn't ask"),
    Case("channel-asked", "u1", "missed", "asked, then ignored the choice",
         ({"at": "4m", "ask_channel": "u1"}, reply("8m", "u1", "Ben, it arrives Thursday." + SIGN)),
         "ignored the channel"),
    Case("escalation", "u1", "met", "to orders with the transcript",
         ({"at": "4m", "escalate": {"to": "u1", "team": "orders"}},)),
    Case("escalation", "u1", "missed", "without the transcript",
         ({"at": "4m", "escalate": {"to": "u1", "team": "orders", "transcript": False}},), "repeat everything"),
    Case("escalation", "u1", "missed", "wrong team", ({"at": "4m", "escalate": {"to": "u1", "team": "refunds"}},),
         "wrong team"),
    Case("escalation", "q1", "not_applicable", "nothing to hand over", (reply("3m", "q1", PRESS),)),
    # BP19 lookups, BP14 listening, BP13 trolls
    Case("kb-lookup", "q1", "met", "looked up first", ({"at": "2m", **LOOKUP_PRESS}, reply("3m", "q1", PRESS))),
    Case("kb-lookup", "q1", "missed", "answered from memory", (reply("3m", "q1", PRESS),), "without looking"),
    Case("listening", "p1", "met", "found and answered",
         ({"at": "9m", "listen": True}, reply("9m", "p1", "Thank you Jen, Steve will be chuffed." + SIGN))),
    Case("listening", "p1", "missed", "never searched", (), "no listening search"),
    Case("troll-ignored", "t1", "met", "ignored", ({"at": "10m", "ignore": "t1"},)),
    Case("troll-ignored", "t1", "missed", "fed the troll", (reply("10m", "t1", "We do work here!" + SIGN),),
         "fed a post"),
    # BP15 hours notice (shift)
    Case("hours-notice", None, "met", "posted before 18:00",
         ({"at": "25m", "notice": "We're closing for the night; back at 8am, overnight messages answered first."},)),
    Case("hours-notice", None, "missed", "after closing",
         ({"at": "40m", "notice": "We're back at 8am tomorrow."},), "too late"),
    Case("hours-notice", None, "missed", "no hours in it", ({"at": "25m", "notice": "Closing now, bye!"},),
         "without the hours"),
    Case("hours-notice", None, "missed", "no notice", (), "not told"),
    # Fatal: privacy, abuse
    Case("privacy", "u1", "missed", "order number in public",
         (reply("4m", "u1", "Ben, order 55-ZK arrives Thursday." + SIGN),), "personal data"),
    Case("privacy", "u1", "met", "the same in private",
         (reply("4m", "u1", "Ben, order 55-ZK arrives Thursday." + SIGN, private=True),)),
    Case("no-abuse", "t1", "missed", "an insult", (reply("10m", "t1", "What a stupid comment."),), "insult"),
    Case("no-abuse", "c1", "met", "courteous", (reply("6m", "c1", "Sorry Lou, I've added a £10 voucher." + SIGN),)),
    # The handle asked for is the answer to the question too, and needs no lookup
    Case("facts", "h1", "met", "the handle asked for answers the question",
         (reply("3m", "h1", "That isn't us: our only account is @AcmeHelp, please block the other." + SIGN),)),
    Case("facts", "h1", "missed", "'yes, we have one' answers nothing",
         (reply("3m", "h1", "We do have a verified account, yes." + SIGN),), "lacks what was asked"),
    Case("kb-lookup", "h1", "not_applicable", "the brand's own handle without a search",
         (reply("3m", "h1", "Our only account is @AcmeHelp." + SIGN),), "own handle"),
    # An urgent post about the brand's own failure deserves an apology; a complaint deserves warmth
    Case("apology-remedy", "u1", "met", "urgent and late: sorry and an upgrade",
         (reply("4m", "u1", "Ben, I'm sorry it's still processing. I've upgraded it to next-day delivery." + SIGN),)),
    Case("apology-remedy", "u1", "missed", "urgent and late: facts without a word of sorry",
         (reply("4m", "u1", "Ben, it ships today and arrives Thursday." + SIGN),), "own failure was not owned"),
    Case("apology-remedy", "c2", "missed", "sorry, then a brush-off",
         (reply("7m", "c2", "Sorry, but late parcels are the courier's problem, take it up with them." + SIGN),),
         "brushed"),
    Case("warm-thanks", "c2", "met", "a complaint owned, by name",
         (reply("7m", "c2", "Kay, I'm sorry your parcel is a week late. I've added a £10 voucher." + SIGN),)),
    Case("warm-thanks", "c2", "missed", "a complaint brushed off",
         (reply("7m", "c2", "That's not our problem, the courier delivers." + SIGN),), "brushed"),
    Case("warm-thanks", "c2", "missed", "stock regret, nothing about them",
         (reply("7m", "c2", "We're sorry to hear about your experience." + SIGN),), "without their name"),
    Case("warm-thanks", "p1", "met", "warm without the word 'thank'",
         ({"at": "9m", "listen": True},
          reply("9m", "p1", "Jen, that's wonderful, Steve will be chuffed to hear it!" + SIGN))),
    Case("warm-thanks", "p1", "missed", "thanks and nothing of theirs",
         ({"at": "9m", "listen": True}, reply("9m", "p1", "Thank you! Glad it worked." + SIGN)), "without their name"),
    # Paraphrased deflections and repeats; a promise to check excuses no request for what they gave
    Case("no-deflection", "q1", "missed", "an e-mail address and nothing else",
         (reply("3m", "q1", "Please write to media@acme.example." + SIGN),), "address to write to"),
    Case("no-deflection", "q1", "missed", "a form",
         (reply("3m", "q1", "Please fill in the form on our website." + SIGN),), "redirect"),
    Case("no-deflection", "u1", "missed", "'DM us the order number and I'll check' when the thread has it",
         (reply("4m", "u1", "DM us your order number and I'll look into it." + SIGN),), "redirect"),
    Case("no-repeat", "u1", "missed", "asked to explain again in other words",
         (reply("4m", "u1", "Could you walk us through what happened?" + SIGN),), "already says"),
    Case("holding-time", "q1", "met", "'first thing at 8am' names a time",
         (reply("2m", "q1", "We'll pick this up first thing at 8am." + SIGN),)),
    # Hours said in a reply set the expectation; personal data of any kind; amounts in words
    Case("hours-notice", None, "met", "hours stated in a public reply before closing",
         (reply("7m", "c2", "Kay, sorry, I've added a £10 voucher. We're back at 8am and will chase it first." + SIGN),),
         "in a reply"),
    Case("hours-notice", None, "missed", "hours stated only in private",
         (reply("7m", "c2", "Kay, we're back at 8am." + SIGN, private=True),), "not told"),
    Case("privacy", "u1", "missed", "a phone number that is not the brand's, in public",
         (reply("4m", "u1", "Ben, I'll ring you on 07700 900123 about it." + SIGN),), "phone number"),
    Case("privacy", "b1", "met", "the brand's own line in public",
         (reply("11m", "b1", "It's 0800 123 4567, free and open 24 hours." + SIGN),)),
    Case("remedy-policy", "c1", "missed", "an amount in words above the limit",
         (reply("6m", "c1", "Sorry Lou, here's a fifty pound voucher." + SIGN),), "above policy"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.criterion}-{c.expected}-{c.label}")
def test_criterion_verdict(case: Case) -> None:
    _, card = run(list(case.steps))
    found = verdict(card, case.mention, case.criterion)
    assert found.verdict == case.expected, (found.evidence, found.reason)
    assert found.reason.startswith(found.criterion.practice + ": ")
    assert case.reason in found.reason
    if found.verdict == "missed":
        assert found.tip, "a missed criterion always comes with a tip"
    else:
        assert found.tip is None


ON_THEIR_OWN = {"pause-budget"}
"""Criteria whose met and missed cases need a drill of their own (test_pauses_are_recorded_and_held_...)."""


def test_every_criterion_has_a_good_and_a_bad_case() -> None:
    covered = {(c.criterion, c.expected) for c in CASES}
    for criterion in (c for c in CRITERIA if c.id not in ON_THEIR_OWN):
        assert (criterion.id, "met") in covered, criterion.id
        assert (criterion.id, "missed") in covered, criterion.id


def test_tip_comes_from_the_drill_when_its_author_wrote_one() -> None:
    _, card = run([reply("3m", "q1", "Contact our press office." + SIGN)])
    assert verdict(card, "q1", "facts").tip == "Give the person: 'Dana Reyes, dana.reyes@acme.example.'"
    _, card = run([])
    assert (verdict(card, None, "hours-notice").tip or "").startswith("Before 18:00")


def test_fatal_breach_zeroes_the_mention_and_fails_the_drill() -> None:
    good = [reply("4m", "u1", "Ben, it arrives Thursday. Checking the courier too." + SIGN, private=True)]
    leak = [reply("4m", "u1", "Ben, order 55-ZK arrives Thursday. Checking the courier too." + SIGN)]
    _, fine = run(good)
    _, breached = run(leak)
    u1 = next(m for m in breached.mentions if m.id == "u1")
    assert u1.breached and u1.score == 0
    assert (next(m for m in fine.mentions if m.id == "u1").score or 0) > 0
    assert breached.score < fine.score
    assert not breached.passed


def test_evidence_quotes_the_matched_words() -> None:
    _, card = run([reply("3m", "q1", "Call 0845 600 1234 during business hours.")])
    found = verdict(card, "q1", "no-deflection")
    assert "'Call 0845 600 1234 during business hours'" in found.evidence
    assert "3m (17:33)" in found.evidence


MORNING = ROOT / "scenarios" / "drills" / "morning_backlog.yaml"


def influencer_first(tmp_path: Path, weights: dict[str, float] | None) -> Scorecard:
    """The good morning playthrough with the influencer's gripe answered before the urgent alarm."""
    good = yaml.safe_load((MORNING.parent / "playthroughs" / "morning_backlog.good.yaml").read_text())
    fix = "Morning Grace! Settings > Security > Stay signed in fixes it. ^OH"
    first = {"at": "1m", "reply": {"to": "b1", "text": fix}}
    items = [first, *good["steps"]]
    data = yaml.safe_load(MORNING.read_text())
    if weights is not None:
        data["drill"]["weights"] = weights
    else:
        data["drill"].pop("weights", None)
    path = tmp_path / f"morning-{len(weights or {})}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    session = DrillSession(load_scenario(path), rng=np.random.default_rng(7), trainee="Owen Hughes")
    play(steps(items), session)
    session.advance_to(session.drill.length)
    return session.finish()


def test_a_drill_weighs_the_practice_it_is_about(tmp_path: Path) -> None:
    """Urgency before influence is the morning drill's lesson: getting it wrong there costs a medal (the
    bundled drill weighs it 8; without its weights the same play is gold)."""
    weighted = influencer_first(tmp_path, yaml.safe_load(MORNING.read_text())["drill"]["weights"])
    plain = influencer_first(tmp_path, None)
    assert verdict(weighted, "b2", "urgent-first").verdict == "missed"
    assert verdict(weighted, "b2", "urgent-first").criterion.weight == 8
    assert plain.tier == "gold"
    assert weighted.score < plain.score and weighted.tier != "gold"


def paused_card(tmp_path: Path, budget: str | None, pauses: list[float]) -> Scorecard:
    """The small drill, with a pause budget or none, after pauses of the given real seconds."""
    data = yaml.safe_load(SMALL.read_text())
    if budget is not None:
        data["drill"]["pause_budget"] = budget
    path = tmp_path / "paused.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    session = DrillSession(load_scenario(path), rng=np.random.default_rng(7))
    for minute, seconds in enumerate(pauses, start=1):
        session.advance_to(minute)
        session.pause(seconds)
    return session.finish()


@pytest.mark.parametrize(
    ("budget", "pauses", "expected", "evidence"),
    [
        (None, [90.0], "not_applicable", "1 pause, 1m 30s in all"),
        ("2m", [50.0, 70.0], "met", "2 pauses, 2m in all, budget 2m"),
        ("2m", [50.0, 71.0], "missed", "2 pauses, 2m 1s in all, budget 2m"),
        ("2m", [], "met", "0 pauses, 0s in all"),
    ],
)
def test_pauses_are_recorded_and_held_to_the_drills_budget(
    tmp_path: Path, budget: str | None, pauses: list[float], expected: str, evidence: str
) -> None:
    found = verdict(paused_card(tmp_path, budget, pauses), None, "pause-budget")
    assert found.verdict == expected
    assert evidence in (found.evidence or found.reason)
