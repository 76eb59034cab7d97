"""Authors and post texts for the mentions a person will read: `carelab traffic` output and drills.

Only shown mentions get text (a year-long engine run never needs it), so this is per-mention Python with
Faker, not numpy. Each mention gets its own seed, derived from the run's `authors` stream and the mention's
index without drawing from it: the text of mention 17 is the same whether 1 or 1,000 mentions are described,
in any process. Faker instances are seeded per instance (`seed_instance`), never through the global
`Faker.seed`, so other code using Faker cannot shift these texts.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from sim.mentions import NETWORKS, MentionStream
from sim.randomness import RunRandomness
from sim.scenarios import KINDS, Scenario
from sim.scenarios.world import Brand
from sim.traffic import phrases

if TYPE_CHECKING:
    from faker import Faker

_MENTION_KEY = 0
_RESHARE_KEY = 1
"""Seed-key tags keeping the seeds of root mentions and of reshares apart."""


@dataclass(frozen=True)
class MentionText:
    """Who wrote a mention and what it says."""

    author: str
    """Display name, in the region's locale."""
    handle: str
    """The author's handle, e.g. '@jsmith82'."""
    text: str
    """The post."""
    references: dict[str, str] = field(default_factory=dict)
    """Reference numbers the post quotes, by slot (e.g. {'booking': 'K7Q2PZ'}): what a drill's records
    are keyed by."""


class TextWriter:
    """Writes authors and texts for one scenario and replication: one Faker per locale, reseeded per post.

    Raises:
        ValueError: on creation, if a region's locale is unknown to Faker (before any text is written).
    """

    def __init__(self, scenario: Scenario, randomness: RunRandomness) -> None:
        self.scenario = scenario
        seed_seq = randomness.authors.bit_generator.seed_seq
        assert isinstance(seed_seq, np.random.SeedSequence)
        self._seed_seq = seed_seq
        self._fakers = {
            locale: _faker(locale) for locale in dict.fromkeys(r.locale for r in scenario.regions)
        }

    def mentions(self, stream: MentionStream, indices: Sequence[int]) -> list[MentionText]:
        """Authors and texts of root mentions `indices` of `stream`."""
        return [self._mention(stream, int(i)) for i in indices]

    def reshare_author(self, region: int, key: int) -> tuple[str, str]:
        """Name and handle of the author of reshare `key`, drawn in the locale of the root's region."""
        fake = self._seeded(self.scenario.regions[region].locale, _RESHARE_KEY, key)
        return _author(fake)

    def brand_reference(self, network: int, tagged: bool) -> str:
        """How a post names the brand: its handle on the network when tagged, else its plain name."""
        brand = self.scenario.brand
        if not tagged:
            return brand.name
        handle = brand.handles.get(NETWORKS[network]) or re.sub(r"\W+", "", brand.name)
        return handle if handle.startswith("@") else "@" + handle

    def _mention(self, stream: MentionStream, index: int) -> MentionText:
        region = self.scenario.regions[int(stream.region[index])]
        fake = self._seeded(region.locale, _MENTION_KEY, index)
        author, handle = _author(fake)
        brand = self.brand_reference(int(stream.network[index]), bool(stream.tagged[index]))
        event = int(stream.viral_event[index])
        scripted = self.scenario.viral.events[event].text if event >= 0 else None
        if scripted is not None:
            text = scripted if brand in scripted else f"{brand} {scripted}"
            return MentionText(author=author, handle=handle, text=text)
        slots = _Slots(fake, self.scenario.brand, brand, region.locale)
        text = _compose(KINDS[stream.kind[index]], slots)
        quoted = {slot: slots[slot] for slot in phrases.REFERENCES[slots.industry] if slot in slots}
        return MentionText(author=author, handle=handle, text=text, references=quoted)

    def _seeded(self, locale: str, *key: int) -> Faker:
        fake = self._fakers[locale]
        base = self._seed_seq
        child = np.random.SeedSequence(base.entropy, spawn_key=(*base.spawn_key, *key))
        fake.seed_instance(int(child.generate_state(1, np.uint64)[0]))
        return fake


def describe_mentions(
    scenario: Scenario, stream: MentionStream, indices: Sequence[int], randomness: RunRandomness
) -> list[MentionText]:
    """Authors and texts of the mentions `indices` of `stream`, generated with `randomness`.

    Deterministic per mention: seeds derive from the replication's `authors` stream and the index (nothing
    is drawn from the stream itself), so the same scenario, replication and index give the same author and
    text, whichever other indices are asked for.

    Raises:
        ValueError: if a region's locale is unknown to Faker.
    """
    return TextWriter(scenario, randomness).mentions(stream, indices)


_HANDLE_SHAPES: tuple[Callable[[str, str, int], str], ...] = (
    lambda first, last, n: f"{first}{last}",
    lambda first, last, n: f"{first}_{last}",
    lambda first, last, n: f"{first[0]}{last}",
    lambda first, last, n: f"{first}{last[0]}{n}",
    lambda first, last, n: f"{first}{n}",
    lambda first, last, n: f"{last}_{first[0]}",
)
"""How people turn their name into a handle: whole, joined, initial and surname, with a number."""


def _author(fake: Faker) -> tuple[str, str]:
    """A display name (first and last name, no 'Dr'/'Mrs') and a handle made from it, so that
    '@sarahjones' is Sarah Jones; names without Latin letters (ja_JP) get Faker's own user name."""
    first, last = str(fake.first_name()), str(fake.last_name())
    name = f"{last}{first}" if fake.locales[0] in _FAMILY_NAME_FIRST else f"{first} {last}"
    latin_first, latin_last = _latin(first), _latin(last)
    if not (latin_first and latin_last):
        return name, "@" + str(fake.user_name())
    shape = fake.random.choice(_HANDLE_SHAPES)
    return name, "@" + shape(latin_first, latin_last, fake.random.randint(1, 99))


_FAMILY_NAME_FIRST = frozenset({"ja_JP", "zh_CN", "zh_TW", "ko_KR"})


def _latin(word: str) -> str:
    """The word in lower-case ASCII letters (accents dropped: 'Zoë' -> 'zoe'); empty when none are left."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if c.isascii() and c.isalpha()).lower()


def _faker(locale: str) -> Faker:
    """A Faker for the locale. Faker is imported here, not with the package: it takes a fifth of a second to
    load, and a simulation, which never writes texts, would pay for it on every start."""
    from faker import Faker

    try:
        return Faker(locale)
    except AttributeError:
        raise ValueError(f"unknown Faker locale '{locale}' (e.g. en_US, en_GB, de_DE)") from None


def _compose(kind: str, slots: _Slots) -> str:
    """Opener, body and closer of a post, their slots filled from the industry's words and Faker."""
    choice = slots.fake.random.choice
    bodies = phrases.SPAM if kind == "spam" else phrases.BODIES[slots.industry][kind]
    parts = (choice(phrases.OPENERS[kind]), choice(bodies), choice(phrases.CLOSERS[kind]))
    return " ".join(p.format_map(slots) for p in parts if p)


class _Slots(dict[str, str]):
    """Slot values drawn on first use and then kept, so a slot named twice says the same thing twice."""

    def __init__(self, fake: Faker, brand: Brand, reference: str, locale: str) -> None:
        super().__init__(brand=reference)
        self.fake = fake
        self.brand_name = brand.name
        self.industry = brand.industry
        self.locale = locale

    def __missing__(self, slot: str) -> str:
        value = self._draw(slot)
        self[slot] = value
        return value

    def _draw(self, slot: str) -> str:
        choice = self.fake.random.choice
        if slot in (words := phrases.VOCABULARY[self.industry]):
            return choice(words[slot])
        if slot in (patterns := phrases.REFERENCES[self.industry]):
            pattern = choice(patterns[slot]).replace("{carrier}", self._carrier)
            return str(self.fake.bothify(pattern, letters=string.ascii_uppercase))
        if slot in _SHARED:
            return _SHARED[slot](self)
        raise KeyError(f"no slot '{slot}' for industry '{self.industry}'")

    @property
    def _carrier(self) -> str:
        """The brand's two-letter code on flight numbers, from its name ('SkyWays' -> 'SW')."""
        name = self.brand_name
        capitals = [c for c in name if c.isupper()] or [c.upper() for c in name if c.isalpha()]
        return "".join(capitals[:2]).ljust(2, "X")

    def amount(self) -> str:
        low, high = phrases.AMOUNTS[self.industry]
        symbol = phrases.CURRENCIES.get(self.locale.rpartition("_")[2], "$")
        return f"{symbol}{self.fake.random.randint(low, high):,}"

    def span(self, spans: tuple[tuple[str, int, int], ...]) -> str:
        unit, low, high = self.fake.random.choice(spans)
        return f"{self.fake.random.randint(low, high)} {unit}"

    def hour(self) -> str:
        return f"{self.fake.random.randint(0, 23):02d}:{self.fake.random.choice(range(0, 60, 5)):02d}"


_SHARED: dict[str, Callable[[_Slots], str]] = {
    "name": lambda s: str(s.fake.first_name()),
    "place": lambda s: str(s.fake.city()),
    "street": lambda s: str(s.fake.street_name()),
    "postcode": lambda s: str(s.fake.postcode()),
    "link": lambda s: str(s.fake.url()),
    "when": lambda s: s.fake.random.choice(phrases.WHEN),
    "day": lambda s: s.fake.random.choice(phrases.DAYS),
    "period": lambda s: s.fake.random.choice(phrases.PERIODS),
    "relative": lambda s: s.fake.random.choice(phrases.RELATIVES),
    "count": lambda s: str(s.fake.random.randint(2, 9)),
    "amount": _Slots.amount,
    "wait": lambda s: s.span(phrases.WAITS),
    "delay": lambda s: s.span(phrases.DELAYS),
    "hour": _Slots.hour,
}
"""Slots every industry shares."""
