"""Authors and post texts for the mentions a person will read: `carelab traffic` output and drills.

Only shown mentions get text (a year-long engine run never needs it), and Faker is asked only once per
run: each locale's pool of first names, last names, cities, streets, postcodes and links is drawn from a
Faker seeded from the run's `authors` stream (Faker's names come weighted by how common they are, so the
pools keep that). Every post then picks from the pools with its own random words: a counter-based hash
(splitmix64) of the run's seed and the mention's index, so the text of mention 17 is the same whether 1 or
1,000 mentions are described, in any process, and nothing is drawn from the stream itself. Faker instances
are seeded per instance (`seed_instance`), never through the global `Faker.seed`, so other code using Faker
cannot shift these texts.

A batch of posts is written mostly in numpy: the words, the authors and their handles, how each post names
the brand, and its opener, body and closer. Only the slots are filled post by post, from a template parsed
once per run that lists them in the order they first appear, so each slot reads the same words as filling
the phrases one after another would.

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
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

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
AUTHOR_WORDS = 4
"""Words an author takes, in this order: first name, last name, handle shape, handle number."""
FIXED_WORDS = AUTHOR_WORDS + 3
"""Words before a post's slots: the author's, then the opener, the body and the closer."""
_GOLDEN = 0x9E3779B97F4A7C15
_MASK = (1 << 64) - 1


class _Pool:
    """One locale's names and places for a run, drawn from Faker once."""

    def __init__(self, fake: Faker, seed: int) -> None:
        fake.seed_instance(seed)
        self.locale = str(fake.locales[0])
        self.family_first = self.locale in _FAMILY_NAME_FIRST
        self.first, self.latin_first = _names(fake, "first")
        self.last, self.latin_last = _names(fake, "last")
        self.city = tuple(str(fake.city()) for _ in range(PLACE_POOL))
        self.street = tuple(str(fake.street_name()) for _ in range(PLACE_POOL))
        self.postcode = tuple(str(fake.postcode()) for _ in range(PLACE_POOL))
        self.link = tuple(str(fake.url()) for _ in range(LINK_POOL))
        self._fake = fake
        self._first, self._last = _objects(self.first), _objects(self.last)
        self._latin_first, self._latin_last = _objects(self.latin_first), _objects(self.latin_last)
        self._first_initial = _objects([name[:1] for name in self.latin_first])
        self._last_initial = _objects([name[:1] for name in self.latin_last])

    @cached_property
    def user(self) -> NDArray[np.object_]:
        """Faker's own user names, for names with no Latin spelling (zh_CN): drawn only where needed."""
        return _objects([str(self._fake.user_name()) for _ in range(NAME_POOL)])

    def authors(self, words: NDArray[np.uint64]) -> tuple[NDArray[np.object_], NDArray[np.object_]]:
        """Display names (first and last name, no 'Dr'/'Mrs') and handles made from them, one per row of
        author words, so that '@sarahjones' is Sarah Jones (and '@mikisato' is 佐藤美紀); names with no Latin
        spelling (zh_CN) get one of Faker's user names."""
        first_at = (words[:, 0] % np.uint64(NAME_POOL)).astype(np.intp)
        last_at = (words[:, 1] % np.uint64(NAME_POOL)).astype(np.intp)
        first, last = self._first[first_at], self._last[last_at]
        names = last + first if self.family_first else first + " " + last
        spelling = _Spelling(
            first=self._latin_first[first_at],
            last=self._latin_last[last_at],
            first_initial=self._first_initial[first_at],
            last_initial=self._last_initial[last_at],
            number=_NUMBERS[(1 + words[:, 3] % np.uint64(99)).astype(np.intp)],
        )
        shapes = words[:, 2] % np.uint64(len(_HANDLE_SHAPES))
        handles = np.empty(len(words), dtype=object)
        for at, shape in enumerate(_HANDLE_SHAPES):
            chosen = shapes == at
            handles[chosen] = shape(_Spelling(*(column[chosen] for column in spelling)))
        unspelt = (spelling.first == "") | (spelling.last == "")
        if unspelt.any():
            handles[unspelt] = self.user[first_at[unspelt]]
        with_at: NDArray[np.object_] = _objects(["@"]) + handles
        return names, with_at


def _objects(values: Sequence[str]) -> NDArray[np.object_]:
    """Strings as a numpy object array: indexed by arrays of positions, joined with `+` element by element."""
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


class _Spelling(NamedTuple):
    """Latin spellings of authors' names, one element per author, as handles are built from them."""

    first: Any
    last: Any
    first_initial: Any
    last_initial: Any
    number: Any
    """A number from 1 to 99, as text."""


_NUMBERS = _objects([str(n) for n in range(100)])


def _names(fake: Faker, part: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """`NAME_POOL` first or last names and their Latin spellings. Where Faker pairs a name with its
    romanisation (ja_JP: '佐藤' with 'Sato'), the pair is drawn (the same draw as the bare name, so the names
    are the ones `first_name` would give); elsewhere the name's own letters, accents dropped."""
    pair = getattr(fake, f"{part}_name_pair", None)
    if pair is not None:
        drawn = [pair() for _ in range(NAME_POOL)]
        return tuple(str(n[0]) for n in drawn), tuple(_latin(str(n[2])) for n in drawn)
    names = tuple(str(getattr(fake, f"{part}_name")()) for _ in range(NAME_POOL))
    return names, tuple(_latin(n) for n in names)


def _mix(value: int) -> int:
    """splitmix64's finaliser on a Python int: one random word from a counter."""
    z = value & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def _mix_all(values: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """`_mix` of every value, in numpy (uint64 arithmetic wraps like `_mix`'s masks)."""
    with np.errstate(over="ignore"):
        z = (values ^ (values >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def _counter_words(base: int, indices: NDArray[np.intp], steps: int = WORDS) -> NDArray[np.uint64]:
    """The first `steps` of each index's `WORDS` counter-based words: `_mix(base + (index * WORDS + step) *
    golden)`, one row per index."""
    steps_of: NDArray[np.uint64] = np.arange(steps, dtype=np.uint64)
    counters: NDArray[np.uint64] = indices.astype(np.uint64)[:, None] * np.uint64(WORDS) + steps_of
    with np.errstate(over="ignore"):
        hashed: NDArray[np.uint64] = counters * np.uint64(_GOLDEN) + np.uint64(base)
    return _mix_all(hashed)


def _extend(words: list[int], count: int) -> None:
    """Hash on from the last word until there are `count`: what a post that uses many words reads."""
    while len(words) < count:
        words.append(_mix(words[-1] + _GOLDEN))


class Texts(NamedTuple):
    """Authors and texts of several mentions, column by column (what an export writes)."""

    authors: list[str]
    handles: list[str]
    texts: list[str]
    references: list[dict[str, str]]


class _Template(NamedTuple):
    """A body, with the opener or closer when they have slots, joined into one format string; its slots in
    the order a fill draws them (their first use, left to right): the same draws as filling the parts one
    after another."""

    text: str
    slots: tuple[str, ...]
    """Slots drawn, in order; `brand` is given, not drawn."""
    references: tuple[str, ...]
    """The reference slots among them, in the industry's order."""
    words: int
    """Most words its slots read."""


def _template(parts: Sequence[str], slots: _Slots) -> _Template:
    """The joined template of `parts` (empty ones left out), checked against the slots `slots` can fill.

    Raises:
        KeyError: if a part names a slot the industry has no words for.
    """
    named = [field for part in parts for field in _fields(part)]
    drawn = tuple(field for field in dict.fromkeys(named) if field != "brand")
    unknown = [slot for slot in drawn if slot not in slots.most_words]
    if unknown:
        raise KeyError(f"no slot '{unknown[0]}' for industry '{slots.industry}'")
    references = tuple(slot for slot in phrases.REFERENCES[slots.industry] if slot in drawn)
    words = sum(slots.most_words[slot] for slot in drawn)
    return _Template(" ".join(part for part in parts if part), drawn, references, words)


@cache
def _fields(part: str) -> tuple[str, ...]:
    """The slots a phrase names, left to right (a phrase is parsed once per process)."""
    return tuple(field for _, field, _, _ in string.Formatter().parse(part) if field)


class _Frames(NamedTuple):
    """Openers (or closers) of each kind, padded to one width: the fixed text of those without slots, with
    the space that joins it to the body ('' when empty or when the part has slots), and which have slots
    (those the post's template holds)."""

    texts: NDArray[np.object_]
    slotted: NDArray[np.bool_]

    @classmethod
    def of(cls, choices: Sequence[Sequence[str]], width: int, before: bool) -> _Frames:
        """The frames of each kind's openers (`before`: joined before the body) or closers."""
        texts = np.full((len(choices), width), "", dtype=object)
        slotted = np.zeros((len(choices), width), dtype=bool)
        for kind, parts in enumerate(choices):
            for at, text in enumerate(parts):
                if _fields(text):
                    slotted[kind, at] = True
                elif text:
                    texts[kind, at] = f"{text} " if before else f" {text}"
        return cls(texts, slotted)


Draw = Callable[[list[int], int], tuple[str, int]]
"""A slot read from several words: (a post's words, the slot's first word) -> (value, the next slot's)."""


class _Slots:
    """How every slot of one brand's industry is filled in one locale, from a post's random words.

    Most slots pick one of a list with one word; amounts, waits, delays, hours and reference numbers are
    drawn by a function reading as many words as it needs. Industry words win over reference numbers, and
    both over the shared slots, when names clash.
    """

    def __init__(self, pool: _Pool, brand: Brand) -> None:
        self.industry = brand.industry
        vocabulary = phrases.VOCABULARY[self.industry]
        patterns = {
            slot: tuple(p.replace("{carrier}", _carrier(brand.name)) for p in options)
            for slot, options in phrases.REFERENCES[self.industry].items()
            if slot not in vocabulary
        }
        shared, shared_draws = _shared_slots(pool, self.industry)
        self.picks: dict[str, Sequence[str]] = {
            **{slot: options for slot, options in shared.items() if slot not in patterns},
            **vocabulary,
        }
        self.draws: dict[str, Draw] = {
            **{slot: draw for slot, draw in shared_draws.items() if slot not in vocabulary},
            **{slot: _reference_draw(options) for slot, options in patterns.items()},
        }
        self.most_words = {
            **dict.fromkeys(self.picks, 1),
            **{slot: _MOST_WORDS.get(slot, 1) for slot in self.draws},
            **{slot: 1 + max(_bothify_plan(p)[1] for p in options) for slot, options in patterns.items()},
        }

    def fill(self, template: _Template, words: list[int], brand: str) -> dict[str, str]:
        """The value of each of the template's slots, `brand` for `{brand}`, read from `words` (the post's
        words after the fixed ones)."""
        if template.words > len(words):
            _extend(words, template.words)
        values = {"brand": brand}
        at = 0
        picks, draws = self.picks, self.draws
        for slot in template.slots:
            options = picks.get(slot)
            if options is None:
                values[slot], at = draws[slot](words, at)
            else:
                values[slot] = options[words[at] % len(options)]
                at += 1
        return values


_MOST_WORDS = {"wait": 2, "delay": 2, "hour": 2}
"""Words the shared drawn slots read (the others read one)."""


def _shared_slots(pool: _Pool, industry: str) -> tuple[dict[str, Sequence[str]], dict[str, Draw]]:
    """Slots every industry shares: picks from the locale's pool and the phrase lists, and drawn values."""
    picks: dict[str, Sequence[str]] = {
        "name": pool.first,
        "place": pool.city,
        "street": pool.street,
        "postcode": pool.postcode,
        "link": pool.link,
        "when": phrases.WHEN,
        "day": phrases.DAYS,
        "period": phrases.PERIODS,
        "relative": phrases.RELATIVES,
        "count": _COUNTS,
    }
    low, high = phrases.AMOUNTS[industry]
    symbol = phrases.CURRENCIES.get(pool.locale.rpartition("_")[2], "$")

    def amount(words: list[int], at: int) -> tuple[str, int]:
        return f"{symbol}{low + words[at] % (high - low + 1):,}", at + 1

    draws: dict[str, Draw] = {
        "amount": amount,
        "wait": _span_draw(phrases.WAITS),
        "delay": _span_draw(phrases.DELAYS),
        "hour": _hour,
    }
    return picks, draws


_COUNTS = tuple(str(n) for n in range(2, 10))
"""A small count of things, 2 to 9."""


def _span_draw(spans: tuple[tuple[str, int, int], ...]) -> Draw:
    """A length of time: a unit with its range, then a number in that range ('3 days')."""

    def span(words: list[int], at: int) -> tuple[str, int]:
        unit, low, high = spans[words[at] % len(spans)]
        return f"{low + words[at + 1] % (high - low + 1)} {unit}", at + 2

    return span


def _hour(words: list[int], at: int) -> tuple[str, int]:
    """A clock time on the five minutes ('07:35')."""
    return f"{words[at] % 24:02d}:{words[at + 1] % 12 * 5:02d}", at + 2


def _reference_draw(patterns: tuple[str, ...]) -> Draw:
    """A reference number: one of the patterns, then Faker's `bothify` on it with the post's words (every
    '#' a digit, every '?' a capital letter)."""
    compiled = [_bothify_plan(pattern) for pattern in patterns]

    def reference(words: list[int], at: int) -> tuple[str, int]:
        plan, used = compiled[words[at] % len(compiled)]
        at += 1
        text = "".join([c if table is None else table[words[at + k] % len(table)] for c, table, k in plan])
        return text, at + used

    return reference


def _bothify_plan(pattern: str) -> tuple[list[tuple[str, str | None, int]], int]:
    """Each character of a `bothify` pattern with the characters it is drawn from (None: kept as it is)
    and which of the pattern's words draws it; and how many words that is."""
    plan: list[tuple[str, str | None, int]] = []
    used = 0
    for character in pattern:
        table = _BOTHIFY.get(character)
        plan.append((character, table, used))
        used += table is not None
    return plan, used


_BOTHIFY = {"#": string.digits, "?": string.ascii_uppercase}


def _carrier(name: str) -> str:
    """The brand's two-letter code on flight numbers, from its name ('SkyWays' -> 'SW')."""
    capitals = [c for c in name if c.isupper()] or [c.upper() for c in name if c.isalpha()]
    return "".join(capitals[:2]).ljust(2, "X")


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
        self._locales = [region.locale for region in scenario.regions]
        self._fakers = {locale: _faker(locale) for locale in dict.fromkeys(self._locales)}
        self._pools: dict[str, tuple[_Pool, _Slots]] = {}
        self._bases = [self._seed(key) for key in (_MENTION_KEY, _RESHARE_KEY)]
        self._brand_references = _objects(
            [
                self.brand_reference(network, tagged)
                for network in range(len(NETWORKS))
                for tagged in (False, True)
            ]
        )
        """How posts name the brand, at 2 * network + tagged."""
        self._scripted = [event.text for event in scenario.viral.events]
        industry = scenario.brand.industry
        self._parts = [
            (phrases.OPENERS[kind], phrases.SPAM if kind == "spam" else phrases.BODIES[industry][kind],
             phrases.CLOSERS[kind])
            for kind in KINDS
        ]  # fmt: skip
        self._part_counts = np.asarray([[len(p) for p in parts] for parts in self._parts], dtype=np.uint64)
        self._key_base = int(self._part_counts.max()) + 1
        """Template keys count parts in this base; its last digit stands for an opener or closer left out."""
        self._openers = _Frames.of([parts[0] for parts in self._parts], self._key_base, before=True)
        self._closers = _Frames.of([parts[2] for parts in self._parts], self._key_base, before=False)
        self._templates: dict[int, _Template] = {}

    def mentions(self, stream: MentionStream, indices: Sequence[int]) -> list[MentionText]:
        """Authors and texts of root mentions `indices` of `stream`."""
        return [MentionText(*fields) for fields in zip(*self.write(stream, indices), strict=True)]

    def write(self, stream: MentionStream, indices: Sequence[int] | NDArray[np.intp]) -> Texts:
        """Authors and texts of root mentions `indices` of `stream`, as columns.

        Authors, brand references and each post's choice of opener, body and closer are worked out for the
        whole batch in numpy; only the slots are filled post by post, each from its own words."""
        chosen = np.asarray(indices, dtype=np.intp)
        words = _counter_words(self._bases[_MENTION_KEY], chosen)
        regions = stream.region[chosen]
        authors, handles = self._authors(regions, words[:, :AUTHOR_WORDS])
        brands = self._brand_references[stream.network[chosen].astype(np.intp) * 2 + stream.tagged[chosen]]
        slots_of = {region: self._pool(self._locales[region])[1] for region in np.unique(regions).tolist()}
        kinds = stream.kind[chosen].astype(np.intp)
        picks = (words[:, AUTHOR_WORDS:FIXED_WORDS] % self._part_counts[kinds]).astype(np.intp)
        texts: list[str] = []
        references: list[dict[str, str]] = []
        for key, head, tail, region, brand, event, slot_words in zip(
            self._template_keys(kinds, picks).tolist(),
            self._openers.texts[kinds, picks[:, 0]].tolist(),
            self._closers.texts[kinds, picks[:, 2]].tolist(),
            regions.tolist(),
            brands.tolist(),
            stream.viral_event[chosen].tolist(),
            words[:, FIXED_WORDS:].tolist(),
            strict=True,
        ):
            scripted = self._scripted[event] if event >= 0 else None
            if scripted is not None:
                texts.append(scripted if brand in scripted else f"{brand} {scripted}")
                references.append({})
                continue
            slots = slots_of[region]
            template = self._templates.get(key) or self._template(key, slots)
            values = slots.fill(template, slot_words, brand)
            texts.append(head + template.text.format_map(values) + tail)
            references.append({slot: values[slot] for slot in template.references})
        return Texts(authors, handles, texts, references)

    def reshare_authors(
        self, regions: NDArray[np.integer], keys: NDArray[np.intp]
    ) -> tuple[list[str], list[str]]:
        """Names and handles of the authors of reshares `keys`, each drawn in the locale of its root's
        region `regions[i]` (their words hash on from one counter-based word)."""
        words = np.empty((len(keys), AUTHOR_WORDS), dtype=np.uint64)
        words[:, 0] = _counter_words(self._bases[_RESHARE_KEY], keys, steps=1)[:, 0]
        with np.errstate(over="ignore"):
            for step in range(1, AUTHOR_WORDS):
                words[:, step] = _mix_all(words[:, step - 1] + np.uint64(_GOLDEN))
        return self._authors(regions, words)

    def brand_reference(self, network: int, tagged: bool) -> str:
        """How a post names the brand: its handle on the network when tagged, else its plain name."""
        brand = self.scenario.brand
        if not tagged:
            return brand.name
        handle = brand.handles.get(NETWORKS[network]) or re.sub(r"\W+", "", brand.name)
        return handle if handle.startswith("@") else "@" + handle

    def _authors(
        self, regions: NDArray[np.integer], words: NDArray[np.uint64]
    ) -> tuple[list[str], list[str]]:
        """Names and handles from each row's author words, in the locale of its region."""
        names, handles = np.empty(len(words), dtype=object), np.empty(len(words), dtype=object)
        for region in np.unique(regions).tolist():
            chosen = regions == region
            names[chosen], handles[chosen] = self._pool(self._locales[region])[0].authors(words[chosen])
        return names.tolist(), handles.tolist()

    def _template_keys(self, kinds: NDArray[np.intp], picks: NDArray[np.intp]) -> NDArray[np.int64]:
        """Each post's kind, body, and opener and closer when they have slots, as one number: a post's
        template holds only the parts with slots (openers and closers without are its fixed head and tail),
        so a run parses a few hundred templates, not one per combination."""
        base = self._key_base
        left_out = base - 1
        opener = np.where(self._openers.slotted[kinds, picks[:, 0]], picks[:, 0], left_out)
        closer = np.where(self._closers.slotted[kinds, picks[:, 2]], picks[:, 2], left_out)
        keys: NDArray[np.int64] = ((kinds.astype(np.int64) * base + opener) * base + picks[:, 1]) * base
        return keys + closer

    def _template(self, key: int, slots: _Slots) -> _Template:
        """The template of a post's body with the opener and closer it holds, parsed once per run."""
        rest, closer = divmod(key, self._key_base)
        rest, body = divmod(rest, self._key_base)
        kind, opener = divmod(rest, self._key_base)
        openers, bodies, closers = self._parts[kind]
        left_out = self._key_base - 1
        texts = (
            openers[opener] if opener != left_out else "",
            bodies[body],
            closers[closer] if closer != left_out else "",
        )
        template = self._templates[key] = _template(texts, slots)
        return template

    def _pool(self, locale: str) -> tuple[_Pool, _Slots]:
        """The locale's pool and slots, drawn on first use (a drill that shows three posts draws one pool)."""
        found = self._pools.get(locale)
        if found is None:
            key = list(self._fakers).index(locale)
            pool = _Pool(self._fakers[locale], self._seed(2, key))
            found = self._pools[locale] = (pool, _Slots(pool, self.scenario.brand))
        return found

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


_HANDLE_SHAPES: tuple[Callable[[_Spelling], Any], ...] = (
    lambda n: n.first + n.last,
    lambda n: n.first + "_" + n.last,
    lambda n: n.first_initial + n.last,
    lambda n: n.first + n.last_initial + n.number,
    lambda n: n.first + n.number,
    lambda n: n.last + "_" + n.first_initial,
)
"""How people turn their name into a handle: whole, joined, initial and surname, with a number."""


_FAMILY_NAME_FIRST = frozenset({"ja_JP", "zh_CN", "zh_TW", "ko_KR"})


def _latin(word: str) -> str:
    """The word in lower-case ASCII letters (accents dropped: 'Zoë' -> 'zoe'); empty when none are left."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if c.isascii() and c.isalpha()).lower()


FAKER_PROVIDERS = (
    "faker.providers.person",
    "faker.providers.address",
    "faker.providers.internet",
    "faker.providers.company",
)
"""What the pools draw from (links are made from company names). A Faker with only these draws the same
pools as one with all of Faker's providers, and is made in a millisecond rather than 25."""


def _faker(locale: str) -> Faker:
    """A Faker for the locale. Faker is imported here, not with the package: it takes a fifth of a second to
    load, and a simulation, which never writes texts, would pay for it on every start."""
    from faker import Faker

    try:
        return Faker(locale, providers=list(FAKER_PROVIDERS))
    except AttributeError:
        raise ValueError(f"unknown Faker locale '{locale}' (e.g. en_US, en_GB, de_DE)") from None
