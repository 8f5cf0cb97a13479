"""Read a YAML document into a strict pydantic model, with errors that name the key at fault."""

from __future__ import annotations

import difflib
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError


class StrictModel(BaseModel):
    """Unknown keys are errors: a typo must never be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# A manifest of a few hundred files is a few tens of kilobytes; nothing honest needs more.
MAX_YAML_BYTES = 1024 * 1024
MAX_DEPTH = 20


class _Refused(yaml.YAMLError):
    """A document the bot will not read, whatever its syntax: said in one line, with its place."""

    def __init__(self, problem: str, mark: yaml.Mark | None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML with three more refusals: aliases (a 500-byte alias bomb expands for minutes),
    nesting deeper than any manifest needs (it would exhaust the stack), and duplicate keys (the
    last one would silently win)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise _Refused("aliases (*name) are not accepted; write the value out", event.start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise _Refused(f"nested deeper than {MAX_DEPTH} levels", mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[object, object]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, (str, int, float, bool)) and key in seen:
                raise _Refused(f"the key {key} is given twice; keep one", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_yaml(path: Path, fail: Callable[[str], Exception]) -> Any:
    """Parse one YAML document; a syntax error names its line and column. Only a regular file of
    at most 1 MiB is read, so a FIFO, a device or a huge file ends in one line, not a hang."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise fail(f"{path}: is a folder, not a YAML file")
        if not stat.S_ISREG(info.st_mode):
            raise fail(f"{path}: is not a regular file (a pipe or a device?); give a YAML file")
        if info.st_size > MAX_YAML_BYTES:
            raise fail(f"{path}: is {info.st_size:,} bytes; a manifest or config is at most 1 MiB")
        with path.open("rb") as stream:
            text = stream.read(MAX_YAML_BYTES + 1).decode("utf-8")
    except FileNotFoundError:
        raise fail(f"{path}: no such file") from None
    except IsADirectoryError:
        raise fail(f"{path}: is a folder, not a YAML file") from None
    except UnicodeDecodeError:
        raise fail(f"{path}: is not UTF-8 text") from None
    except OSError as exc:
        raise fail(f"{path}: cannot be read ({exc.strerror})") from None
    if len(text) > MAX_YAML_BYTES:
        raise fail(f"{path}: grew past 1 MiB while being read")
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        raise fail(f"{path}: YAML syntax error at {where}: {exc.problem or exc.context}") from None
    except _Refused as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise fail(f"{path}: refused{where}: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise fail(f"{path}: not valid YAML ({exc})") from None
    except RecursionError:
        raise fail(f"{path}: nested too deeply to read") from None


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
        elif item["type"] == "list_type" and loc == ("files",):
            lines.append(
                f"{where}: must be a list, one entry per file, each starting with a dash, as in:"
                " files: [{type: SENR, path: extracts/SENR.txt}]"
            )
        elif item["type"] == "list_type":
            lines.append(f"{where}: must be a list, as in [first, second]")
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
