"""The phrase detectors on their own: labelled sentences, including the tricky ones."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.scenarios.drill import match_pattern
from trainer import language
from trainer.session.knowledge import search

from .helpers import scenario


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("Looking into it, back to you within 20 minutes", 20.0),
        ("I'll update you in the next hour", 60.0),
        ("give me half an hour", None),
        ("I'll have news in half an hour", 30.0),
        ("You'll hear from me by 9:30pm", 30.0),
        ("back to you by 21:45", 45.0),
        ("I'll get back to you at 10pm", 60.0),
        ("I'll update you by the end of the day", 60.0),
        ("You'll have an answer within the hour", 60.0),
        ("Your parcel will be delivered by 5pm", None),
        ("I've checked: your flight at 07:15 is confirmed", None),
        ("we had 2 people on by 2 today", None),
        ("your flight leaves at 07:15", None),
    ],
)
def test_promised_times(text: str, minutes: float | None) -> None:
    found = language.promised_time(text, local_minute=21 * 60, end_of_day=22 * 60)
    assert (found.delay if found else None) == minutes


@pytest.mark.parametrize(
    ("text", "deflects"),
    [
        ("DM us.", True),
        ("Please e-mail us.", True),
        ("Call 0845 600 1234", True),
        ("You can call us during business hours.", True),
        ("Phone lines are open from 8am tomorrow.", True),
        ("Sorry for any inconvenience. Please check our status page for updates.", True),
        ("Service is back by 11:00, I've added a credit; our status page has the detail.", False),
        ("Please DM us your e-mail and I'll check the courier now.", False),
        ("Sorry! I've rebooked you on the 07:15. Call 020 7946 0321 if anything changes.", False),
        ("Your seat is confirmed.", False),
    ],
)
def test_deflection_needs_no_substance_beside_it(text: str, deflects: bool) -> None:
    assert (language.deflection(text) is not None) is deflects


def test_a_phone_number_asked_for_is_an_answer_but_a_premium_one_never_is() -> None:
    line = [match_pattern("/0800\\s?123\\s?4567/")]
    assert language.deflection("It's 0800 123 4567.", line) is None
    assert language.deflection("It's 0800 123 4567.") is not None
    premium = language.deflection("Try 0845 600 1234, or I'm checking now.")
    assert premium is not None and premium.hard and "premium" in premium.what
    assert [s.text for s in language.phone_numbers("+44 20 7946 0000 or (0800) 123-4567, not 12345")] == [
        "+44 20 7946 0000",
        "(0800) 123-4567",
    ]


@pytest.mark.parametrize(
    ("text", "signed"),
    [
        ("Thanks for waiting ^AB", "^AB"),
        ("All sorted. - Alex", "- Alex"),
        ("All sorted — Alex B", "— Alex B"),
        ("Cheers, Alex from Acme :)", "Alex"),
        ("All sorted.", None),
        (
            "^AB said this earlier, but the rest of this message is long enough to push it out of the end",
            None,
        ),
    ],
)
def test_sign_offs(text: str, signed: str | None) -> None:
    found = language.sign_off(text, "Alex Brown")
    assert (found.text if found else None) == signed


def test_scripted_empathy_is_not_an_apology() -> None:
    text = "I understand how you feel and we value your feedback."
    assert language.apology(text) is None
    assert language.scripted_empathy(text) is not None
    assert language.remedy(text) is None
    assert language.apology("So sorry about this") is not None
    assert language.remedy("I've rebooked you on the 7am") is not None
    assert language.remedy("Pay by credit card") is None


def test_repeat_requests_generic_and_of_given_details() -> None:
    assert language.repeat_request("Could you tell us more about what happened?") is not None
    assert language.repeat_request("Can you DM us your booking reference?", ["booking reference"]) is not None
    assert language.repeat_request("Your booking reference is confirmed.", ["booking reference"]) is None


def test_channel_question_needs_a_question_a_cue_and_a_channel() -> None:
    assert language.channel_question("Shall I carry on here, by DM or by phone?") is not None
    assert language.channel_question("Which suits you: e-mail or a call?") is not None
    assert language.channel_question("Please DM us.") is None
    assert language.channel_question("Would you like a refund?") is None


def test_money_and_similarity() -> None:
    assert [v for _, v in language.amounts("a £50 voucher or 30 GBP, not 50 people")] == [50.0, 30.0]
    assert [v for _, v in language.amounts("£3,000 now, €12,50 or 1,250.50 dollars")] == [
        3000.0,
        12.5,
        1250.5,
    ]
    same = language.similarity(
        "@a Thanks so much for the kind words, we'll pass them on ^SM",
        "@b Thanks so much for the kind words, we will pass them on! ^AB",
    )
    assert same > 0.85
    assert language.similarity("Thanks!", "Thanks!") == 0.0  # too short to call canned
    assert (
        language.similarity("Your parcel left the depot today", "Sorry, the flight is cancelled tonight")
        < 0.5
    )


def test_abuse() -> None:
    assert language.abuse("What a stupid question") is not None
    assert language.abuse("Sorry for the stupidly long wait") is None


def test_fact_spans_need_every_pattern() -> None:
    patterns = [re.compile("Dana Reyes", re.I), re.compile(r"dana\.reyes@acme\.example", re.I)]
    assert language.fact_spans(patterns, "Dana Reyes") is None
    found = language.fact_spans(patterns, "dana reyes, dana.reyes@acme.example")
    assert found is not None and len(found) == 2


def test_knowledge_search_ranks_by_words_and_prefixes() -> None:
    entries = scenario().drill.knowledge  # type: ignore[union-attr]
    assert [e.id for e in search(entries, "press contact")][:1] == ["press-contact"]
    assert [e.id for e in search(entries, "offic twit")][:1] == ["official"]
    assert search(entries, "zebra") == []


@given(
    st.lists(
        st.text(alphabet=st.characters(categories=("Lu", "Ll")), min_size=1, max_size=12),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from(["All sorted.", "Your refund is on its way!", "Back to you by 9pm"]),
)
def test_the_composers_sign_off_is_always_one_the_rubric_accepts(parts: list[str], message: str) -> None:
    name = " ".join(parts)
    signed = f"{message} {language.signature(name)}"
    assert language.sign_off(signed, name) is not None


def test_one_word_names_sign_with_the_name_and_longer_ones_with_initials() -> None:
    assert language.signature("Priya") == "- Priya"
    assert language.signature("Sam Morgan") == "^SM"
    assert language.signature("Ana de la Cruz") == "^ADL"
