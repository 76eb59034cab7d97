"""Background traffic for a drill: generated posts around the scripted ones, from the simulator's generator.

The posts are drawn once, from the scenario's seed, before the drill starts, so a replay or a resumed drill
sees the same inbox whatever the trainee does. They become ordinary scripted mentions (ids `bg1`, `bg2`, ...)
with the default expectations, so the session, the rubric and the app need nothing special for them.
"""

from __future__ import annotations

from sim.randomness import run_randomness
from sim.scenarios import CHANNELS, KINDS, Scenario, with_values
from sim.scenarios.drill import Author, Drill, DrillMention
from sim.traffic import describe_mentions, generate_mentions

PREFIX = "bg"
"""Id prefix of generated mentions."""


def with_background(scenario: Scenario) -> Drill:
    """The scenario's drill with its background posts added (the drill itself when it asks for none)."""
    drill = scenario.drill
    assert drill is not None
    if drill.background is None:
        return drill
    count = len(scenario.regions)
    flat: dict[str, object] = {}
    for i in range(count):  # a flat rate, split evenly: the drill's hour is too short for daily rhythms
        flat |= {f"regions.{i}.curve": "flat", f"regions.{i}.weekend_curve": "flat"}
        flat |= {f"regions.{i}.day_curves": {}, f"regions.{i}.trend_per_week": 0.0}
        flat |= {f"regions.{i}.share": 1 / count, f"regions.{i}.volume_per_day": None}
    world = with_values(
        scenario,
        flat
        | {
            "meta.duration": f"{drill.length:g}m",
            "meta.warmup": "0m",
            "traffic.volume_per_day": drill.background.per_hour * 24,
            "traffic.weekly": [1.0] * 7,
            "traffic.surges": [],
            "viral.enabled": False,
            "viral.events": [],
        },
        "drill background",
    )
    randomness = run_randomness(scenario.meta.seed, 0)
    stream = generate_mentions(world, randomness)
    texts = describe_mentions(world, stream, range(len(stream)), randomness)
    zones = [r.timezone for r in scenario.regions]
    generated = [
        DrillMention(
            id=f"{PREFIX}{i + 1}",
            at=f"{stream.time[i]:.6f}m",
            author=Author(
                handle=text.handle,
                name=text.author,
                followers=int(stream.followers[i]),
                timezone=zones[stream.region[i]],
            ),
            kind=KINDS[stream.kind[i]],
            channel=CHANNELS[stream.channel[i]],
            tagged=bool(stream.tagged[i]),
            text=text.text,
        )
        for i, text in enumerate(texts)
    ]
    mentions = sorted([*drill.mentions, *generated], key=lambda m: m.at)
    return drill.model_copy(update={"mentions": mentions})
