"""Variants of an authored drill: values that change from run to run, so a drill is not memorised.

A drill declares its variables under `drill.vary` (a customer drawn from a locale with a matching handle, a
booking code from a pattern, an amount or a clock time in a range, one of a few choices) and writes
`${name}` or `${name.part}` wherever the value belongs: post texts, the thread, knowledge records, customer
reactions, what a reply must contain, a policy's limit. Every run draws the values from the drill's one
random generator, so one seed always gives the same drill and another seed a new one.

The file is read as data, the references are checked and replaced, and only then does pydantic validate
the scenario: a drawn handle must still look like a handle and a drawn limit must still be a number, so
the models never see a `${...}`. Loading checks the file twice: once with plain specimen values (so every
error points at its line whatever gets drawn), then with the values the drill's own seed draws, which is
the drill `load_scenario` returns and a session with that seed plays.

Written by hand because no library substitutes into YAML data while keeping every value's line for error
messages; names come from Faker (its locales, imported only when a person is drawn), everything else from the
run's numpy generator.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from difflib import get_close_matches
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import Field, ValidationError, model_validator

from sim.scenarios.base import Model, located
from sim.scenarios.problems import Mark, Problem, quoted
from sim.scenarios.units import Duration, format_clock, format_duration, parse_clock

if TYPE_CHECKING:
    import numpy as np
    from faker import Faker

    from sim.scenarios.yaml_source import Loc

VariableKind = Literal["person", "code", "amount", "time", "choice"]
"""person: a customer's name from a locale with a handle made from it; code: a booking or order number
from a `pattern`; amount: a number in a `range`; time: a clock time in a `range`; choice: one of `choices`."""

PARTS: dict[str, tuple[str, ...]] = {
    "person": ("first", "last", "handle", "email"),
    "code": (),
    "amount": (),
    "time": (),
    "choice": (),
}
"""What `${name.part}` may name, per kind; `${name}` alone is the whole value (a person's full name)."""

REFERENCE = re.compile(r"\$\{([^{}]*)\}")
"""`${name}` or `${name.part}` in any text of the drill."""
_REFERENCE_BODY = re.compile(r"^\s*([A-Za-z_][\w-]*)(?:\.(\w+))?\s*$")
_RANGE = re.compile(r"^\s*(\S+?)\s*\.\.\s*(\S+)\s*$")
_CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
"""Capital letters without I and O, which read as 1 and 0 in a booking code (assumed: a code read aloud or
typed from a screenshot should not be ambiguous)."""
MAX_CODE_LENGTH = 40
"""The longest code pattern (booking and order numbers are short; assumed generous)."""
_REGEX_KEYS = frozenset({"match", "private"})
"""Keys whose texts are `/regex/` patterns: a drawn value inside one is matched literally."""
_HANDLE_LENGTH = 15
"""The longest handle Twitter/X allows, without the '@'."""
_NUMBERED = 0.3
"""Share of handles with a number after the name (assumed: taken names push people to add one)."""
_MAIL = "@mail.example"
"""The domain of a drawn customer's e-mail: a reserved one (RFC 2606), so no real address is ever made up."""
_FAMILY_NAME_FIRST = frozenset({"ja_JP", "zh_CN", "zh_TW", "ko_KR"})
"""Locales whose names are written family name first, without a space."""


class Variable(Model):
    """A value drawn afresh for every run of the drill, used as `${name}` (or `${name.part}`) in its texts."""

    kind: VariableKind
    """What is drawn: person, code, amount, time or choice."""
    locale: str | None = Field(default=None, pattern=r"^[a-z]{2,3}(_[A-Z]{2})?$")
    """For `person`: the Faker locale of the name, e.g. 'es_ES'; the first region's when left out."""
    gender: Literal["female", "male"] | None = None
    """For `person`: whose first names to draw from, when the drill's texts say 'she' or 'he'; anyone's when
    left out."""
    pattern: str | None = Field(default=None, min_length=1, max_length=MAX_CODE_LENGTH)
    """For `code`: '#' is a digit, '?' a capital letter, anything else stays, e.g. 'PP-#####' or '??????'
    (the convention of Faker's `bothify`)."""
    letters: str | None = Field(default=None, min_length=1, pattern=r"^[A-Za-z0-9]+$")
    """For `code`: the letters '?' draws from, e.g. 'ABCDEF' for a seat; capitals without I and O when left
    out."""
    range: str | None = None
    """For `amount`: 'LOW..HIGH', e.g. '180..320'; for `time`: local clock times, e.g. '06:00..09:30'."""
    step: float | None = Field(default=None, gt=0)
    """For `amount`: the amounts drawn are LOW, LOW + step, ... up to HIGH (1 when left out: whole pounds,
    euros or dollars, as policies state them; assumed)."""
    every: Duration | None = Field(default=None, gt=0)
    """For `time`: the times drawn are LOW, LOW + every, ... up to HIGH (5m when left out, as timetables
    and courier slots are written; assumed)."""
    choices: list[str] | None = None
    """For `choice`: the options, e.g. ['SW220', 'SW118', 'SW301']."""

    @model_validator(mode="after")
    def _fits_its_kind(self) -> Variable:
        allowed = _FIELDS[self.kind]
        for name in ("locale", "gender", "pattern", "letters", "range", "step", "every", "choices"):
            if name not in allowed and getattr(self, name) is not None:
                raise ValueError(f"a `{self.kind}` variable takes no `{name}` (it takes: {_listed(allowed)})")
        if self.kind in _KIND_CHECKS:  # a person needs nothing; its locale is checked when a name is drawn
            _KIND_CHECKS[self.kind](self)
        return self

    def draw(self, rng: np.random.Generator, default_locale: str) -> Drawn:
        """This run's value, from the drill's generator."""
        return _DRAWS[self.kind](self, rng, default_locale)

    def specimen(self) -> Drawn:
        """A plain value of this kind that depends on no draw, to check the file before anything is drawn."""
        if self.kind == "amount":  # the second step, so a step with decimals shows them to every field
            low, _ = _numbers(self.range or "")
            value = round(low + (self.step or 1.0), 2)
            return Drawn(_amount_text(value, self.step or 1.0), number=value)
        if self.kind == "time":
            return Drawn(format_clock(_clocks(self.range or "")[0]))
        if self.kind == "choice":
            return Drawn((self.choices or ["x"])[0])
        if self.kind == "code":
            return Drawn(_bothify(self.pattern or "#", lambda n: 0, self.letters or _CODE_LETTERS))
        parts = {"first": "Alex", "last": "Example", "handle": "@alex_example"}
        return Drawn("Alex Example", parts | {"email": "alex.example" + _MAIL})


_FIELDS: dict[VariableKind, tuple[str, ...]] = {
    "person": ("locale", "gender"),
    "code": ("pattern", "letters"),
    "amount": ("range", "step"),
    "time": ("range", "every"),
    "choice": ("choices",),
}


def _listed(names: tuple[str, ...]) -> str:
    return ", ".join(f"`{n}`" for n in names) or "nothing else"


def _check_code(variable: Variable) -> None:
    if variable.pattern is None:
        raise ValueError("a `code` variable needs a `pattern`, e.g. 'PP-#####' ('#' a digit, '?' a letter)")
    if "#" not in variable.pattern and "?" not in variable.pattern:
        message = f"{quoted(variable.pattern)} has no '#' (a digit) or '?' (a letter): every run would draw "
        raise ValueError(located("pattern", message + "the same code"))


def _check_range(variable: Variable) -> None:
    if variable.range is None:
        example = "'180..320'" if variable.kind == "amount" else "of clock times, e.g. '06:00..09:30'"
        raise ValueError(f"a `{variable.kind}` variable needs a `range`, e.g. {example}")
    low, high, step, step_field = _span(variable)
    if high <= low:
        message = f"{quoted(variable.range)} is empty or one value (expected LOW..HIGH, LOW below HIGH)"
        raise ValueError(located("range", message))
    if step > high - low:
        shown = f"{step:g}" if variable.kind == "amount" else format_duration(step)
        raise ValueError(located(step_field, f"{shown} is wider than the range {quoted(variable.range)}"))


def _span(variable: Variable) -> tuple[float, float, float, str]:
    """An amount's or a time's LOW and HIGH, the step between the values drawn, and the step's field."""
    if variable.kind == "amount":
        low, high = _in_field("range", _numbers, variable.range or "")
        return low, high, variable.step or 1.0, "step"
    low, high = _in_field("range", _clocks, variable.range or "")
    return low, high, variable.every or 5.0, "every"


def _one_step(variable: Variable, rng: np.random.Generator) -> float:
    """LOW, LOW + step, ... up to HIGH: one of them, each as likely."""
    low, high, step, _ = _span(variable)
    count = math.floor((high - low) / step + 1e-9) + 1
    return low + step * int(rng.integers(count))


def _check_choice(variable: Variable) -> None:
    if variable.choices is None:
        raise ValueError("a `choice` variable needs `choices`, at least two different ones")
    if len(set(variable.choices)) < 2:
        raise ValueError(located("choices", "needs at least two different options (one never varies)"))
    if any(not c for c in variable.choices):
        raise ValueError(located("choices", "an option cannot be empty text"))


_KIND_CHECKS: dict[VariableKind, Callable[[Variable], None]] = {
    "code": _check_code,
    "amount": _check_range,
    "time": _check_range,
    "choice": _check_choice,
}


_T = TypeVar("_T")


def _in_field(name: str, parse: Callable[[str], _T], text: str) -> _T:
    """`parse(text)`, its error located at the variable's field `name`."""
    try:
        return parse(text)
    except ValueError as exc:
        raise ValueError(located(name, str(exc))) from None


def _numbers(text: str) -> tuple[float, float]:
    """LOW..HIGH as two finite numbers."""
    found = _RANGE.match(text)
    try:
        if found is None:
            raise ValueError
        low, high = float(found[1]), float(found[2])
    except ValueError:
        message = f"{quoted(text)} is not LOW..HIGH (expected numbers, e.g. '180..320')"
        raise ValueError(message) from None
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError(f"{quoted(text)} must be finite numbers")
    return low, high


def _clocks(text: str) -> tuple[float, float]:
    """EARLY..LATE as minutes of the day."""
    found = _RANGE.match(text)
    try:
        if found is None:
            raise ValueError
        return parse_clock(found[1]), parse_clock(found[2])
    except ValueError:
        message = f"{quoted(text)} is not EARLY..LATE (expected clock times, e.g. '06:00..09:30')"
        raise ValueError(message) from None


@dataclass(frozen=True)
class Drawn:
    """One variable's value in this run: how it reads in a text, its parts, and its figure for amounts."""

    text: str
    """What `${name}` reads as, e.g. 'Nadia Okafor', 'K7Q2PZ', '286', '07:15'."""
    parts: dict[str, str] = field(default_factory=dict)
    """What `${name.part}` reads as, e.g. {'first': 'Nadia', 'handle': '@nadia_okafor'}."""
    number: float | None = None
    """For amounts: the figure, which a field holding only `${name}` (like `max_compensation`) receives."""


Drawing = dict[str, Drawn]
"""Every variable of a drill, by name, as one run drew them."""


def flat(drawing: Mapping[str, Drawn]) -> dict[str, str]:
    """Every reference a text can make and what it reads as: {'traveller': ..., 'traveller.first': ...}."""
    values: dict[str, str] = {}
    for name, drawn in drawing.items():
        values[name] = drawn.text
        values |= {f"{name}.{part}": text for part, text in drawn.parts.items()}
    return values


def _draw_person(variable: Variable, rng: np.random.Generator, default_locale: str) -> Drawn:
    locale = variable.locale or default_locale
    fake = faker_for(locale)
    fake.seed_instance(int(rng.integers(2**32)))
    first, latin_first = _first_name(fake, variable.gender)
    last, latin_last = _pair(fake, "last_name_pair") or (fake.last_name(),) * 2
    name = f"{last}{first}" if locale in _FAMILY_NAME_FIRST else f"{first} {last}"
    latin_first, latin_last = _latin(latin_first), _latin(latin_last)
    handle = _handle(latin_first, latin_last, rng) or re.sub(r"\W", "", fake.user_name())
    email = f"{latin_first}.{latin_last}" if latin_first and latin_last else handle
    return Drawn(name, {"first": first, "last": last, "handle": "@" + handle, "email": email + _MAIL})


def _first_name(fake: Faker, gender: str | None) -> tuple[str, str]:
    """A first name of the gender asked for, and how it is written in Latin letters."""
    suffix = f"_{gender}" if gender else ""
    pair = _pair(fake, f"first_name{suffix}_pair")
    if pair is not None:
        return pair
    name = str(getattr(fake, f"first_name{suffix}")())
    return name, name


def _pair(fake: Faker, provider: str) -> tuple[str, str] | None:
    """A name with its romanized reading, where the locale's Faker has both (ja_JP: kanji, kana, romaji)."""
    if not hasattr(fake, provider):
        return None
    written, *_, romanized = getattr(fake, provider)()
    return str(written), str(romanized)


def _handle(first: str, last: str, rng: np.random.Generator) -> str:
    """A handle people make from their name ('nadia_okafor', 'nokafor', 'nadiaokafor22'); empty when the
    name has no Latin letters."""
    if not (first and last):
        return ""
    shapes = (f"{first}_{last}", f"{first}{last}", f"{first[0]}{last}", f"{first}_{last[0]}")
    shape = shapes[int(rng.integers(len(shapes)))]
    number = str(rng.integers(2, 99)) if rng.random() < _NUMBERED else ""
    return shape[: _HANDLE_LENGTH - len(number)] + number


def _latin(word: str) -> str:
    """The word in lower-case ASCII letters ('Zoë' -> 'zoe'); empty when none are left."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if c.isascii() and c.isalpha()).lower()


@lru_cache(maxsize=16)
def faker_for(locale: str) -> Faker:
    """A Faker for the locale, made once per process (each draw seeds it afresh). Faker is imported only
    here: it takes a fifth of a second, which only drills with people to draw should pay.

    Raises:
        ValueError: for a locale Faker does not know.
    """
    from faker import Faker

    try:
        return Faker(locale)
    except AttributeError:
        raise ValueError(f"unknown Faker locale {quoted(locale)} (e.g. en_GB, es_ES, fr_FR)") from None


def _draw_code(variable: Variable, rng: np.random.Generator, default_locale: str) -> Drawn:
    letters = variable.letters or _CODE_LETTERS
    return Drawn(_bothify(variable.pattern or "", lambda n: int(rng.integers(n)), letters))


def _bothify(pattern: str, below: Callable[[int], int], letters: str) -> str:
    """Faker's `bothify` convention ('#' a digit, '?' a letter), drawn with `below(n)` in [0, n)."""
    return "".join(
        str(below(10)) if c == "#" else letters[below(len(letters))] if c == "?" else c for c in pattern
    )


def _draw_amount(variable: Variable, rng: np.random.Generator, default_locale: str) -> Drawn:
    value = round(_one_step(variable, rng), 2)
    return Drawn(_amount_text(value, variable.step or 1.0), number=value)


def _amount_text(value: float, step: float) -> str:
    """'286' for whole amounts, '12.50' when the steps have pence or cents."""
    return f"{value:.0f}" if float(step).is_integer() and float(value).is_integer() else f"{value:.2f}"


def _draw_time(variable: Variable, rng: np.random.Generator, default_locale: str) -> Drawn:
    return Drawn(format_clock(_one_step(variable, rng)))


def _draw_choice(variable: Variable, rng: np.random.Generator, default_locale: str) -> Drawn:
    options = variable.choices or []
    return Drawn(options[int(rng.integers(len(options)))])


_DRAWS: dict[VariableKind, Callable[[Variable, np.random.Generator, str], Drawn]] = {
    "person": _draw_person,
    "code": _draw_code,
    "amount": _draw_amount,
    "time": _draw_time,
    "choice": _draw_choice,
}


# References ------------------------------------------------------------------------------------------


def reference_problem(reference: str, kinds: Mapping[str, str]) -> str | None:
    """What is wrong with the text inside one `${...}`, given the declared variables' kinds; None if fine."""
    parsed = _REFERENCE_BODY.match(reference)
    if parsed is None:
        return f"{quoted('${' + reference + '}')} is not a variable (expected ${{name}} or ${{name.part}})"
    name, part = parsed[1], parsed[2]
    if name not in kinds:
        guess = get_close_matches(name, list(kinds), n=1)
        hint = f"did you mean '{guess[0]}'?" if guess else f"variables: {', '.join(kinds) or 'none'}"
        return f"unknown variable {quoted(name)} ({hint}; declare it under `drill.vary`)"
    if kinds[name] not in PARTS:
        return None  # a variable of no known kind: its own problem is reported where it is declared
    parts = PARTS[kinds[name]]
    if part is not None and part not in parts:
        offered = f"parts: {', '.join(parts)}" if parts else "it has no parts"
        return f"{quoted(name)} is a {kinds[name]}: no part {quoted(part)} ({offered})"
    return None


def text_problems(text: str, kinds: Mapping[str, str]) -> list[str]:
    """Every bad reference in one text."""
    return [p for ref in REFERENCE.findall(text) if (p := reference_problem(ref, kinds)) is not None]


def fill(text: str, values: Mapping[str, str], literal: bool = False) -> str:
    """The text with every `${...}` replaced by its value (escaped for a regex when `literal`); a reference
    to nothing drawn stays as written (the checks before drawing report it)."""

    def value(found: re.Match[str]) -> str:
        parsed = _REFERENCE_BODY.match(found[1])
        key = found[1] if parsed is None else ".".join(p for p in parsed.groups() if p)
        if key not in values:
            return found[0]
        return re.escape(values[key]) if literal else values[key]

    return REFERENCE.sub(value, text)


def specimens(data: Mapping[str, Any]) -> Drawing:
    """Plain values for the variables a file declares, before they are validated: a variable that does not
    validate gets 'x' (its own problem is reported where it is written)."""
    found: Drawing = {}
    for name, raw in _declared(data).items():
        try:
            found[str(name)] = Variable.model_validate(raw).specimen()
        except ValidationError:
            found[str(name)] = Drawn("x", dict.fromkeys(PARTS["person"], "x"))
    return found


def declared_kinds(data: Mapping[str, Any]) -> dict[str, str]:
    """The kinds of the variables a file declares, read before validation (unknown kinds included)."""
    return {str(k): str(v.get("kind")) if isinstance(v, dict) else "" for k, v in _declared(data).items()}


def _declared(data: Mapping[str, Any]) -> dict[Any, Any]:
    """The file's `drill.vary` mapping as written (empty when there is none)."""
    drill = data.get("drill")
    vary = drill.get("vary") if isinstance(drill, dict) else None
    return vary if isinstance(vary, dict) else {}


def file_problems(data: Mapping[str, Any], loc: Loc) -> list[Problem]:
    """References in a scenario file that name no declared variable, or sit outside the drill section."""
    kinds = declared_kinds(data)
    problems = []
    for path, text, mark in _texts(data, loc, ()):
        in_drill = len(path) > 1 and path[0] == "drill" and path[1] != "vary"
        dotted = ".".join(str(p) for p in path)
        if not in_drill and REFERENCE.search(text):
            message = "variables (`${...}`) can be used only in the drill section, below `drill:`"
            problems.append(Problem(mark, dotted, message))
            continue
        problems += [Problem(mark, dotted, message) for message in text_problems(text, kinds)]
    return problems


def _texts(value: Any, loc: Loc | None, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str, Mark]]:
    """Every text in the data with its path and where it was written."""
    if isinstance(value, str):
        if loc is not None:
            yield path, value, loc.mark
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _texts(child, loc.child(key) if loc else None, (*path, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _texts(child, loc.child(i) if loc else None, (*path, i))


def filled_data(data: dict[str, Any], drawing: Mapping[str, Drawn]) -> dict[str, Any]:
    """A copy of the scenario data with the drill's references replaced by the drawn values.

    A value that is nothing but `${amount}` becomes the number, so limits and counts stay numbers; inside
    `match` and `private` patterns a value is matched literally, whatever characters it holds.
    """
    values = flat(drawing)
    numbers = {name: d.number for name, d in drawing.items() if d.number is not None}

    def walk(value: Any, regex: bool) -> Any:
        if isinstance(value, str):
            whole = REFERENCE.fullmatch(value.strip())
            if whole is not None and whole[1].strip() in numbers:
                number = numbers[whole[1].strip()]
                return int(number) if number.is_integer() else number
            return fill(value, values, literal=regex and value.startswith("/") and value.endswith("/"))
        if isinstance(value, dict):
            return {k: walk(v, regex or k in _REGEX_KEYS) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, regex) for v in value]
        return value

    drill = {k: v if k == "vary" else walk(v, k in _REGEX_KEYS) for k, v in data["drill"].items()}
    return {**data, "drill": drill}
