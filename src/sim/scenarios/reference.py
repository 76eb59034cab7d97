"""The scenario field reference (docs/scenario-reference.md), written from the models themselves.

Generated rather than hand-written so it cannot drift: a test regenerates it and compares with the committed
file. Each section lists its fields with their type as an author writes it, the default, and the field's own
docstring.
"""

from __future__ import annotations

import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from sim.scenarios.scenario import Scenario
from sim.scenarios.units import format_clock, format_days, format_duration

_UNIT_NAMES = {
    "parse_duration": "duration",
    "parse_clock": "clock time",
    "parse_days": "days",
    "parse_timezone": "time zone",
    "_check_curve": "curve",
    "_to_utc": "date-time (UTC)",
}
_PLAIN = {str: "text", int: "whole number", float: "number", bool: "true/false", Any: "any value"}


def _unit(annotation: Any) -> str | None:
    """The human unit of an Annotated type (duration, clock time, ...), found from its validator."""
    for meta in get_args(annotation)[1:]:
        name = getattr(getattr(meta, "func", None), "__name__", "")
        if name in _UNIT_NAMES:
            return _UNIT_NAMES[name]
    return None


def _describe(annotation: Any) -> str:
    """The type as a scenario author thinks of it: 'duration', 'list of Team', 'one of: fifo, ...'."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _unit(annotation) or _describe(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        parts = [_describe(a) for a in get_args(annotation) if a is not type(None)]
        return " or ".join(dict.fromkeys(parts))
    if origin is Literal:
        return "one of: " + ", ".join(f"`{a}`" for a in get_args(annotation))
    if origin in (list, tuple):
        return f"list of {_describe(get_args(annotation)[0])}"
    if origin is dict:
        key, value = get_args(annotation)
        return f"mapping of {_describe(key)} to {_describe(value)}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    return _PLAIN.get(annotation, getattr(annotation, "__name__", str(annotation)))


def _default(info: FieldInfo) -> str:
    if info.is_required():
        return "**required**"
    value = info.default_factory() if info.default_factory is not None else info.default  # type: ignore[call-arg]
    if value is PydanticUndefined or value is None:
        return "—"
    unit = _unit(Annotated[Any, *info.metadata]) if info.metadata else None
    if unit == "duration" and isinstance(value, float):
        value = format_duration(value)
    elif unit == "clock time" and isinstance(value, float):
        value = format_clock(value)
    elif unit == "days" and isinstance(value, tuple):
        value = format_days(value)
    elif isinstance(value, BaseModel):
        return "see section"
    if value == "":
        return "empty"
    if isinstance(value, dict):
        value = ", ".join(f"{k}: {_plain_value(v)}" for k, v in value.items()) or "{}"
    return f"`{value}`"


def _plain_value(value: Any) -> str:
    if isinstance(value, BaseModel):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.model_dump(mode="json").items()) + "}"
    return str(value)


def _field_type(info: FieldInfo) -> str:
    """A field's type; units (duration, time zone, ...) hide in the metadata pydantic lifts off the type."""
    unit = _unit(Annotated[Any, *info.metadata]) if info.metadata else None
    return unit or _describe(info.annotation)


def _models(root: type[BaseModel]) -> list[type[BaseModel]]:
    """Every model reachable from `root`, in reading order (depth first, each once)."""
    seen: list[type[BaseModel]] = []

    def visit(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation in seen:
                return
            seen.append(annotation)
            for info in annotation.model_fields.values():
                visit(info.annotation)
            return
        for arg in get_args(annotation):
            visit(arg)

    visit(root)
    return seen


def scenario_reference() -> str:
    """The Markdown reference of every scenario section and field."""
    lines = [
        "# Scenario reference",
        "",
        "Generated from the scenario models by `carelab scenario reference`; do not edit by hand.",
        "Durations are written like `90s`, `45m`, `2h`, `1h30m` or `14d`.",
        "Clock times are `HH:MM` in quotes; days like `mon-fri`, `sat,sun` or `daily`;",
        "time zones are IANA names like `Europe/London`. Unknown keys are errors.",
        "",
    ]
    for model in _models(Scenario):
        doc = (model.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        lines += [
            f"## {model.__name__}",
            "",
            doc,
            "",
            "| field | type | default | meaning |",
            "|---|---|---|---|",
        ]
        for name, info in model.model_fields.items():
            about = (info.description or "").replace("\n", " ").replace("|", "\\|")
            kind = _field_type(info).replace("|", "\\|")
            lines.append(f"| `{name}` | {kind} | {_default(info)} | {about} |")
        lines.append("")
    return "\n".join(lines)
