"""Read a YAML document into a strict pydantic model, with errors that name the key at fault."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

M = TypeVar("M", bound=BaseModel)


class StrictModel(BaseModel):
    """Unknown keys are errors: a typo must never be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def read_yaml(path: Path, fail: Callable[[str], Exception]) -> Any:
    """Parse one YAML document; a syntax error names its line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise fail(f"{path}: no such file") from None
    except IsADirectoryError:
        raise fail(f"{path}: is a folder, not a YAML file") from None
    except UnicodeDecodeError:
        raise fail(f"{path}: is not UTF-8 text") from None
    except OSError as exc:
        raise fail(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        raise fail(f"{path}: YAML syntax error at {where}: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise fail(f"{path}: not valid YAML ({exc})") from None


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not close:
        close = difflib.get_close_matches(word.upper(), [c.upper() for c in choices], n=1, cutoff=0.6)
        close = [c for c in choices if c.upper() in close]
    return f"; did you mean {close[0]}?" if close else ""


def describe_errors(
    error: ValidationError,
    model: type[BaseModel],
    locate: Callable[[tuple[int | str, ...]], str] | None = None,
    missing_hints: dict[str, str] | None = None,
    reported: Sequence[tuple[int | str, ...]] = (),
) -> list[str]:
    """One line per problem, naming the key; unknown keys get a did-you-mean.

    `reported` holds locations already explained elsewhere (a password key), not repeated here.
    """
    lines = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        where = locate(loc) if locate else dotted(loc)
        if loc in reported:
            continue
        if item["type"] == "extra_forbidden":
            known = _fields_at(model, loc[:-1])
            hint = did_you_mean(str(loc[-1]), known) if known else ""
            allowed = f" (allowed: {', '.join(known)})" if known and not hint else ""
            lines.append(f"{where}: unknown key{hint}{allowed}")
        elif item["type"] == "missing":
            hint = (missing_hints or {}).get(str(loc[-1]), "")
            lines.append(f"{where}: missing" + (f"; {hint}" if hint else ""))
        elif item["type"] in ("model_type", "dict_type"):
            lines.append(f"{where}: must be a mapping of keys, such as type: and path:")
        elif item["type"] == "too_short" and isinstance(item.get("input"), list):
            lines.append(f"{where}: the list is empty")
        else:
            message = str(item["msg"]).removeprefix("Value error, ")
            lines.append(f"{where}: {message}")
    return lines


def dotted(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _fields_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The keys a model accepts at a location, walking through nested models and lists."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(str(part))
        if field is None:
            return []
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


_SECRET_WORDS = ("password", "passwd", "secret", "token", "api_key", "apikey", "credential")


def secret_keys(data: Any, path: tuple[int | str, ...] = ()) -> list[tuple[int | str, ...]]:
    """Where a YAML document holds a key that looks like a credential, as locations (files, 2, password)."""
    found: list[tuple[int | str, ...]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            where = (*path, str(key))
            # A *_label key names the words on a page (words.password_label), not a value.
            lowered = str(key).lower()
            if any(word in lowered for word in _SECRET_WORDS) and not lowered.endswith("_label"):
                found.append(where)
            found.extend(secret_keys(value, where))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found.extend(secret_keys(value, (*path, i)))
    return found
