"""Turning pydantic's validation errors into problems a scenario author can act on.

Each pydantic error becomes `FILE:LINE:COL: field.path: what is wrong (what was expected)`: the line
comes from the location tree, the field path from the error, and the wording from the error type, with
"did you mean" for misspelt keys and the field's own documentation as the expectation for missing ones.
"""

from __future__ import annotations

import types
from difflib import get_close_matches
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from sim.scenarios.problems import Mark, Problem, quoted
from sim.scenarios.yaml_source import Loc

_LOC_PREFIX = "@"
_NUMBER_BOUNDS = {
    "greater_than": ("gt", "greater than"),
    "greater_than_equal": ("ge", "at least"),
    "less_than": ("lt", "less than"),
    "less_than_equal": ("le", "at most"),
}
_EXPECTED = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "finite_number": "a finite number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_type": "text",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "list_type": "a list",
    "tuple_type": "a list",
    "datetime_type": "a date and time like 2026-03-02T00:00:00Z",
    "datetime_parsing": "a date and time like 2026-03-02T00:00:00Z",
    "datetime_from_date_parsing": "a date and time like 2026-03-02T00:00:00Z",
}


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return quoted(value) if isinstance(value, str) else quoted(value).strip("'")


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types behind Annotated/Optional/Union wrappers."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return [t for arg in get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that holds the field at `loc`, used to suggest the keys it allows."""
    current: list[Any] = [root]
    for part in loc:
        following: list[Any] = []
        for annotation in current:
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                info = annotation.model_fields.get(str(part))
                if info is not None:
                    following += _unwrap(info.annotation)
            elif get_origin(annotation) in (list, tuple) and isinstance(part, int):
                following += _unwrap(get_args(annotation)[0])
            elif get_origin(annotation) is dict:
                following += _unwrap(get_args(annotation)[1])
        current = [t for a in following for t in _unwrap(a)]
    models = [t for t in current if isinstance(t, type) and issubclass(t, BaseModel)]
    return models[0] if models else None


def _allowed_keys(root: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    model = _model_at(root, loc)
    if model is not None:
        return list(model.model_fields)
    return []


def _literal_choices(root: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The allowed values of a Literal-typed dict key at `loc` (e.g. the kinds of a mix)."""
    parent = loc[:-1]
    model = _model_at(root, parent[:-1]) if parent else None
    if model is None or not parent:
        return []
    info = model.model_fields.get(str(parent[-1]))
    if info is None:
        return []
    for annotation in _unwrap(info.annotation):
        if get_origin(annotation) is dict:
            for key_type in _unwrap(get_args(annotation)[0]):
                if get_origin(key_type) is Literal:
                    return [str(a) for a in get_args(key_type)]
    return []


def _find(root: Loc, loc: tuple[Any, ...], key: bool) -> Mark:
    """The mark of the value at `loc` (of its key, for `key`); for a part never written, its parent's key."""
    node = root
    for part in loc:
        child = node.child(part)
        if child is None:
            return node.key_mark or node.mark
        node = child
    if key or node.children:  # a whole section or list is best shown by its key's line
        return node.key_mark or node.mark
    return node.mark


def _message(error: ErrorDetails, root_model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    if kind == "extra_forbidden":
        allowed = _allowed_keys(root_model, loc[:-1])
        guess = get_close_matches(str(loc[-1]), allowed, n=1)
        if guess:
            return f"unknown key {quoted(loc[-1])} (did you mean '{guess[0]}'?)"
        return f"unknown key {quoted(loc[-1])} (expected one of: {', '.join(allowed)})"
    if kind == "missing":
        model = _model_at(root_model, loc[:-1])
        info = model.model_fields.get(str(loc[-1])) if model else None
        about = f": {info.description.rstrip('.')}" if info and info.description else ""
        return f"missing required field (expected '{loc[-1]}'{about})"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "")
        return f"{_show(value)} is not allowed (expected one of: {expected.replace(' or ', ', ')})"
    if kind in _NUMBER_BOUNDS:
        name, words = _NUMBER_BOUNDS[kind]
        return f"got {_show(value)} (expected a number {words} {ctx.get(name):g})"
    if kind in ("too_short", "too_long"):
        bound = "min_length" if kind == "too_short" else "max_length"
        words = "at least" if kind == "too_short" else "at most"
        noun = "characters" if isinstance(value, str) else "items"
        return f"has {ctx.get('actual_length', '?')} {noun} (expected {words} {ctx.get(bound)})"
    if kind == "string_pattern_mismatch":
        if loc and loc[-1] == "id":
            return f"got {_show(value)} (expected lowercase letters, digits, '-' and '_', like 'my-brand')"
        return f"got {_show(value)} (expected a name without dots, which `--set` paths use as separators)"
    if kind in _EXPECTED:
        return f"got {_show(value)} (expected {_EXPECTED[kind]})"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return f"{error['msg']} (got {_show(value)})"


def problems_from(
    exc: ValidationError, root_model: type[BaseModel], root_loc: Loc, note: str = ""
) -> list[Problem]:
    """Every pydantic error as a located problem; `note` is appended (e.g. which variant was applied)."""
    problems: list[Problem] = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        # pydantic ends the location of a bad dict key with "[key]"; a document key spelled "[key]" is
        # just an unknown key (extra_forbidden), reported below like any other.
        if len(loc) > 1 and loc[-1] == "[key]" and error["type"] != "extra_forbidden":
            loc = loc[:-1]
            choices = _literal_choices(root_model, loc)
            guess = get_close_matches(str(loc[-1]), choices, n=1)
            hint = f"did you mean '{guess[0]}'?" if guess else f"expected one of: {', '.join(choices)}"
            message = f"unknown key {quoted(loc[-1])} ({hint})"
            problems.append(Problem(_find(root_loc, loc, key=True), _dotted(loc), message + note))
            continue
        message = _message(error, root_model, loc)
        for line in message.split("\n"):
            line_loc = loc
            if line.startswith(_LOC_PREFIX):
                path, _, line = line[1:].partition(": ")
                line_loc = loc + tuple(int(p) if p.isascii() and p.isdigit() else p for p in path.split("."))
            is_key = error["type"] == "extra_forbidden"
            mark = _find(root_loc, line_loc, key=is_key)
            problems.append(Problem(mark, _dotted(line_loc), line + note))
    return sorted(problems, key=lambda p: (p.mark.source, p.mark.line, p.mark.column))


def _dotted(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)
