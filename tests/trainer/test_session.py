"""The headless session: clock, inbox, actions, customer reactions, reach, and determinism."""

from __future__ import annotations

import pytest

from trainer.session import DrillSession, SessionError

from .helpers import new_session, run, verdict


def follow_ups(session: DrillSession, mention: str) -> list[tuple[float, str | None]]:
    return [(m.at, m.trigger) for m in session.conversation(mention) if m.via == "follow_up"]


def test_mentions_arrive_on_the_clock_and_fill_the_inbox() -> None:
    session = new_session()
    assert session.inbox() == []
    happened = session.advance(3)
    assert [(h.at, h.mention, h.what) for h in happened] == [(1.0, "q1", "arrived"), (2.0, "h1", "arrived"),
                                                            (3.0, "u1", "arrived")]  # fmt: skip
    item = session.inbox()[0]
    assert (item.id, item.kind, item.channel, item.tagged, item.followers) == (
        "q1",
        "question",
        "public_post",
        True,
        900,
    )
    assert item.waiting == 2.0 and item.status == "new" and item.reach == 900
    assert session.clock.label(session.now) == "17:33"


def test_untagged_posts_appear_only_after_a_listening_search() -> None:
    session = new_session()
    session.advance_to(9)
    assert "p1" not in [i.id for i in session.inbox()]
    with pytest.raises(SessionError, match="listening search"):
        session.reply("p1", "Thanks Jen!")
    assert session.listen() == ["p1"]
    assert [i.id for i in session.inbox()][-2:] == ["p1", "t1"]
    session.reply("p1", "Thank you Jen, we'll tell Steve. - Alex")


def test_refuses_what_the_drill_cannot_do() -> None:
    session = new_session()
    session.advance_to(4)
    with pytest.raises(SessionError, match="no mention 'zz'"):
        session.open("zz")
    with pytest.raises(SessionError, match="has not been posted yet"):
        session.open("b1")
    with pytest.raises(SessionError, match="no team 'legal'"):
        session.escalate("u1", "legal")
    with pytest.raises(SessionError, match="cannot go back"):
        session.advance_to(2)
    with pytest.raises(SessionError, match="only moves forward"):
        session.advance(-1)
    session.finish()
    with pytest.raises(SessionError, match="finished"):
        session.reply("q1", "too late")


def test_a_refused_action_is_not_recorded() -> None:
    session = new_session()
    session.advance_to(4)
    with pytest.raises(SessionError):
        session.reply("b1", "early")
    assert session.actions == ()


def test_actions_are_stamped_with_the_clock() -> None:
    session = new_session()
    session.advance_to(2.5)
    session.open("q1")
    found = session.lookup("press office contact")
    assert found[0].id == "press-contact"
    session.advance(1)
    session.reply("q1", "Dana Reyes, dana.reyes@acme.example - Alex")
    assert [(a.type, a.at) for a in session.actions] == [("open", 2.5), ("lookup", 2.5), ("reply", 3.5)]
    assert session.inbox()[0].status == "answered"
    assert session.inbox()[0].first_response == 2.5


def test_reply_goes_where_the_customer_wrote_unless_told() -> None:
    session = new_session()
    session.advance_to(4)
    session.reply("u1", "Checking now - Alex")
    session.reply("u1", "Details here - Alex", private=True)
    assert [m.private for m in session.conversation("u1") if m.by == "brand" and m.via == "reply"] == [
        False,
        True,
    ]


def test_customers_react_to_being_asked_to_repeat_and_to_deflection() -> None:
    session = new_session()
    session.advance_to(4)
    session.reply("u1", "Can you send us your order number?")
    session.reply("q1", "Call 0845 600 1234.")
    session.advance_to(8)
    assert "repeat_request" in {t for _, t in follow_ups(session, "u1")}
    assert follow_ups(session, "q1") == [(7.0, "deflection")]
    assert "could have looked that up myself" in session.conversation("q1")[-1].text


def test_a_full_answer_is_thanked_and_a_muted_reaction_stays_silent() -> None:
    session = new_session()
    session.advance_to(3)
    session.reply("q1", "Dana Reyes, dana.reyes@acme.example - Alex")
    session.reply("h1", "Only @AcmeHelp is us - Alex")
    session.advance_to(10)
    assert follow_ups(session, "q1") == [(6.0, "answered")]
    assert follow_ups(session, "h1") == []


def test_asking_the_channel_gets_the_customers_choice() -> None:
    session = new_session()
    session.advance_to(4)
    session.ask_channel("u1")
    assert "private message, by e-mail or by phone? - Alex" in session.conversation("u1")[-1].text
    session.advance_to(7)
    assert follow_ups(session, "u1") == [(7.0, "channel_question")]
    assert session.record().mentions[2].preferred == "private"


def test_silence_turns_into_a_public_complaint_and_an_hours_notice_buys_patience() -> None:
    quiet = new_session()
    quiet.advance_to(60)
    assert follow_ups(quiet, "u1") == [(23.0, "silence")]
    told = new_session()
    told.post_notice("Back at 8am tomorrow, overnight messages answered first.")
    told.advance_to(60)
    assert follow_ups(told, "u1") == []  # patience 20m x 3 runs past the drill's end


def test_broken_promises_and_missing_transcripts_are_noticed() -> None:
    session = new_session()
    session.advance_to(4)
    session.reply("q1", "Checking now, back to you within 10 minutes - Alex")
    session.escalate("u1", "orders", transcript=False)
    session.advance_to(30)
    assert follow_ups(session, "q1") == [(17.0, "broken_promise")]
    assert follow_ups(session, "u1") == [
        (7.0, "no_transcript"),
        (23.0, "silence"),
    ]  # a hand-over is no answer


def test_feeding_the_troll_and_custom_triggers() -> None:
    session = new_session()
    session.advance_to(10)
    session.reply("t1", "We do work here!")
    session.reply("c2", "Sorry Kay, here's a £10 voucher - Alex")
    session.advance_to(15)
    assert follow_ups(session, "t1") == [(13.0, "engaged")]
    assert follow_ups(session, "c2") == [(13.0, "reply_matches")]
    assert session.conversation("c2")[-1].text == "A voucher is nice but where is my parcel?"


def test_waiting_counts_what_is_still_owed() -> None:
    session = new_session()
    session.advance_to(4)
    session.reply("q1", "How can we help? - Alex")
    session.advance_to(9)
    q1 = next(i for i in session.inbox() if i.id == "q1")
    assert q1.waiting == 2.0  # the annoyed follow-up came at 7m
    session.ignore("t1")
    assert next(i for i in session.inbox() if i.id == "t1").waiting is None


def test_a_spreading_complaint_reaches_more_while_ignored_than_when_answered_well() -> None:
    silent, _ = run([{"at": "60m"}])
    answered, _ = run(
        [{"at": "6m", "reply": {"to": "c1", "text": "Lou, I'm sorry. I've added a £10 voucher. - Alex"}}]
    )
    assert silent.reach("c1") > answered.reach("c1") >= 50_000
    early = new_session()
    early.advance_to(6)
    assert 50_000 <= early.reach("c1") < silent.reach("c1")


def test_same_scenario_and_actions_give_the_same_state_and_score() -> None:
    plays = [{"at": "6m", "reply": {"to": "c1", "text": "Please DM us."}},
             {"at": "20m", "reply": {"to": "u1", "text": "Order 55-ZK arrives Thursday - Alex"}}]  # fmt: skip
    first_session, first = run(plays)
    second_session, second = run(plays)
    assert first.to_json() == second.to_json()
    assert first_session.record() == second_session.record()


def test_the_seed_changes_reach_only() -> None:
    plays = [{"at": "60m"}]
    _, one = run(plays, seed=1)
    _, other = run(plays, seed=2)
    assert one.score == other.score
    assert one.reach != other.reach


def test_trainee_name_decides_what_counts_as_signed() -> None:
    session = new_session(trainee="Jo Park")
    session.advance_to(3)
    session.reply("q1", "Dana Reyes, dana.reyes@acme.example. Thanks, Jo")
    card = session.finish()
    assert verdict(card, "q1", "sign-off").verdict == "met"
    assert card.trainee == "Jo Park"
