"""Authors and post texts for the mentions a person will read: `carelab traffic` output and drills.

Only shown mentions get text (a year-long engine run never needs it), so this is per-mention Python, kept
fast by drawing from Faker only once per run: each locale's pool of first names, last names, cities,
streets, postcodes and links is drawn from a Faker seeded from the run's `authors` stream (Faker's names
come weighted by how common they are, so the pools keep that). Every post then picks from the pools with
its own random words: a counter-based hash (splitmix64) of the run's seed and the mention's index, computed
for a whole batch in numpy, so the text of mention 17 is the same whether 1 or 1,000 mentions are described,
in any process, and nothing is drawn from the stream itself. Faker instances are seeded per instance
(`seed_instance`), never through the global `Faker.seed`, so other code using Faker cannot shift these texts.

The hash is written here because no library offers a counter-based generator that is cheap per call:
numpy's Philox costs more to set up for one mention than the whole post takes to write.

Texts are English (with the brand's industry vocabulary) in every region; names, handles, places, postcodes
and currency follow the region's locale.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

import numpy as np
from numpy.typing import NDArray

from sim.mentions import NETWORKS, MentionStream
from sim.randomness import RunRandomness
from sim.scenarios import KINDS, Scenario
from sim.scenarios.world import Brand
from sim.traffic import phrases

if TYPE_CHECKING:
    from faker import Faker


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


_MENTION_KEY = 0
_RESHARE_KEY = 1
"""Seed-key tags keeping the seeds of root mentions and of reshares apart."""

NAME_POOL = 400
"""First and last names drawn per locale and run: 160,000 full names."""
PLACE_POOL = 150
"""Cities, streets and postcodes drawn per locale and run."""
LINK_POOL = 300
"""Links drawn per locale and run (spam posts differ mostly by their link)."""
WORDS = 24
"""Random words per post drawn in the vectorised batch; a post that needs more hashes on from its last one."""
_MASK = (1 << 64) - 1


class _Pool:
    """One locale's names and places for a run, drawn from Faker once."""

    def __init__(self, fake: Faker, seed: int) -> None:
        fake.seed_instance(seed)
        self.locale = str(fake.locales[0])
        self.first = tuple(str(fake.first_name()) for _ in range(NAME_POOL))
        self.last = tuple(str(fake.last_name()) for _ in range(NAME_POOL))
        self.city = tuple(str(fake.city()) for _ in range(PLACE_POOL))
        self.street = tuple(str(fake.street_name()) for _ in range(PLACE_POOL))
        self.postcode = tuple(str(fake.postcode()) for _ in range(PLACE_POOL))
        self.link = tuple(str(fake.url()) for _ in range(LINK_POOL))
        self._fake = fake
        self.latin_first = tuple(_latin(n) for n in self.first)
        self.latin_last = tuple(_latin(n) for n in self.last)

    @cached_property
    def user(self) -> tuple[str, ...]:
        """Faker's own user names, for names without Latin letters (ja_JP): drawn only where needed."""
        return tuple(str(self._fake.user_name()) for _ in range(NAME_POOL))


class _Draws:
    """A post's random words, used up one by one; past the batch's words it hashes on from the last one."""

    __slots__ = ("_next", "_words")

    def __init__(self, words: list[int]) -> None:
        self._words = words
        self._next = 0

    def word(self) -> int:
        """The next random 64-bit word."""
        if self._next >= len(self._words):
            self._words.append(_mix(self._words[-1] + 0x9E3779B97F4A7C15))
        value = self._words[self._next]
        self._next += 1
        return value

    def below(self, count: int) -> int:
        """A number in 0..count-1."""
        return self.word() % count

    def choice(self, options: Sequence[_T]) -> _T:
        """One of the options."""
        return options[self.word() % len(options)]

    def randint(self, low: int, high: int) -> int:
        """A number in low..high, both included."""
        return low + self.word() % (high - low + 1)


_T = TypeVar("_T")


def _mix(value: int) -> int:
    """splitmix64's finaliser on a Python int: one random word from a counter."""
    z = value & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def _batch_words(base: int, indices: Sequence[int]) -> list[list[int]]:
    """`WORDS` random words for each index, the same as `_mix` gives word by word, computed in numpy."""
    steps = np.arange(WORDS, dtype=np.uint64)
    counters: NDArray[np.uint64] = np.asarray(indices, dtype=np.uint64)[:, None] * np.uint64(WORDS) + steps
    with np.errstate(over="ignore"):
        z: NDArray[np.uint64] = counters * np.uint64(0x9E3779B97F4A7C15) + np.uint64(base)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    rows: list[list[int]] = z.tolist()
    return rows


class TextWriter:
    """Writes authors and texts for one scenario and replication from per-locale pools.

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
        self._pools: dict[str, _Pool] = {}
        self._bases = [self._seed(key) for key in (_MENTION_KEY, _RESHARE_KEY)]

    def mentions(self, stream: MentionStream, indices: Sequence[int]) -> list[MentionText]:
        """Authors and texts of root mentions `indices` of `stream`."""
        chosen = [int(i) for i in indices]
        if not chosen:
            return []
        words = _batch_words(self._bases[_MENTION_KEY], chosen)
        columns = zip(  # plain Python values: indexing numpy arrays one item at a time is slow
            *(
                getattr(stream, name)[chosen].tolist()
                for name in ("region", "network", "tagged", "viral_event", "kind")
            ),
            words,
            strict=True,
        )
        return [self._mention(*values) for values in columns]

    def reshare_author(self, region: int, key: int) -> tuple[str, str]:
        """Name and handle of the author of reshare `key`, drawn in the locale of the root's region."""
        base = self._bases[_RESHARE_KEY]
        draws = _Draws([_mix(base + key * WORDS * 0x9E3779B97F4A7C15)])
        return _author(self._pool(self.scenario.regions[region].locale), draws)

    def brand_reference(self, network: int, tagged: bool) -> str:
        """How a post names the brand: its handle on the network when tagged, else its plain name."""
        brand = self.scenario.brand
        if not tagged:
            return brand.name
        handle = brand.handles.get(NETWORKS[network]) or re.sub(r"\W+", "", brand.name)
        return handle if handle.startswith("@") else "@" + handle

    def _mention(
        self, region: int, network: int, tagged: bool, event: int, kind: int, words: list[int]
    ) -> MentionText:
        draws = _Draws(words)
        pool = self._pool(self.scenario.regions[region].locale)
        author, handle = _author(pool, draws)
        brand = self.brand_reference(network, tagged)
        scripted = self.scenario.viral.events[event].text if event >= 0 else None
        if scripted is not None:
            text = scripted if brand in scripted else f"{brand} {scripted}"
            return MentionText(author=author, handle=handle, text=text)
        slots = _Slots(draws, pool, self.scenario.brand, brand)
        text = _compose(KINDS[kind], slots)
        quoted = {slot: slots[slot] for slot in phrases.REFERENCES[slots.industry] if slot in slots}
        return MentionText(author=author, handle=handle, text=text, references=quoted)

    def _pool(self, locale: str) -> _Pool:
        """The locale's pool, drawn on first use (a drill that shows three posts draws one pool)."""
        pool = self._pools.get(locale)
        if pool is None:
            key = list(self._fakers).index(locale)
            pool = self._pools[locale] = _Pool(self._fakers[locale], self._seed(2, key))
        return pool

    def _seed(self, *key: int) -> int:
        """A seed derived from the run's `authors` stream and `key`, without drawing from the stream."""
        base = self._seed_seq
        child = np.random.SeedSequence(base.entropy, spawn_key=(*base.spawn_key, *key))
        return int(child.generate_state(1, np.uint64)[0])


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


def _author(pool: _Pool, draws: _Draws) -> tuple[str, str]:
    """A display name (first and last name, no 'Dr'/'Mrs') and a handle made from it, so that
    '@sarahjones' is Sarah Jones; names without Latin letters (ja_JP) get one of Faker's user names."""
    first_at, last_at = draws.below(NAME_POOL), draws.below(NAME_POOL)
    first, last = pool.first[first_at], pool.last[last_at]
    name = f"{last}{first}" if pool.locale in _FAMILY_NAME_FIRST else f"{first} {last}"
    latin_first, latin_last = pool.latin_first[first_at], pool.latin_last[last_at]
    shape = draws.choice(_HANDLE_SHAPES)
    number = draws.randint(1, 99)
    if not (latin_first and latin_last):
        return name, "@" + pool.user[first_at]
    return name, "@" + shape(latin_first, latin_last, number)


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
    """Opener, body and closer of a post, their slots filled from the industry's words and the pools."""
    choice = slots.draws.choice
    bodies = phrases.SPAM if kind == "spam" else phrases.BODIES[slots.industry][kind]
    parts = (choice(phrases.OPENERS[kind]), choice(bodies), choice(phrases.CLOSERS[kind]))
    return " ".join(p.format_map(slots) for p in parts if p)


class _Slots(dict[str, str]):
    """Slot values drawn on first use and then kept, so a slot named twice says the same thing twice."""

    def __init__(self, draws: _Draws, pool: _Pool, brand: Brand, reference: str) -> None:
        super().__init__(brand=reference)
        self.draws = draws
        self.pool = pool
        self.brand_name = brand.name
        self.industry = brand.industry

    def __missing__(self, slot: str) -> str:
        value = self._draw(slot)
        self[slot] = value
        return value

    def _draw(self, slot: str) -> str:
        choice = self.draws.choice
        if slot in (words := phrases.VOCABULARY[self.industry]):
            return choice(words[slot])
        if slot in (patterns := phrases.REFERENCES[self.industry]):
            return self.bothify(choice(patterns[slot]).replace("{carrier}", self._carrier))
        if slot in _SHARED:
            return _SHARED[slot](self)
        raise KeyError(f"no slot '{slot}' for industry '{self.industry}'")

    def bothify(self, pattern: str) -> str:
        """Faker's `bothify`: every '#' a digit, every '?' a capital letter."""
        draws = self.draws
        return "".join(
            str(draws.below(10)) if c == "#" else draws.choice(string.ascii_uppercase) if c == "?" else c
            for c in pattern
        )

    @property
    def _carrier(self) -> str:
        """The brand's two-letter code on flight numbers, from its name ('SkyWays' -> 'SW')."""
        name = self.brand_name
        capitals = [c for c in name if c.isupper()] or [c.upper() for c in name if c.isalpha()]
        return "".join(capitals[:2]).ljust(2, "X")

    def amount(self) -> str:
        low, high = phrases.AMOUNTS[self.industry]
        symbol = phrases.CURRENCIES.get(self.pool.locale.rpartition("_")[2], "$")
        return f"{symbol}{self.draws.randint(low, high):,}"

    def span(self, spans: tuple[tuple[str, int, int], ...]) -> str:
        unit, low, high = self.draws.choice(spans)
        return f"{self.draws.randint(low, high)} {unit}"

    def hour(self) -> str:
        return f"{self.draws.randint(0, 23):02d}:{self.draws.below(12) * 5:02d}"


_SHARED: dict[str, Callable[[_Slots], str]] = {
    "name": lambda s: s.draws.choice(s.pool.first),
    "place": lambda s: s.draws.choice(s.pool.city),
    "street": lambda s: s.draws.choice(s.pool.street),
    "postcode": lambda s: s.draws.choice(s.pool.postcode),
    "link": lambda s: s.draws.choice(s.pool.link),
    "when": lambda s: s.draws.choice(phrases.WHEN),
    "day": lambda s: s.draws.choice(phrases.DAYS),
    "period": lambda s: s.draws.choice(phrases.PERIODS),
    "relative": lambda s: s.draws.choice(phrases.RELATIVES),
    "count": lambda s: str(s.draws.randint(2, 9)),
    "amount": _Slots.amount,
    "wait": lambda s: s.span(phrases.WAITS),
    "delay": lambda s: s.span(phrases.DELAYS),
    "hour": _Slots.hour,
}
"""Slots every industry shares."""
