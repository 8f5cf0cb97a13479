"""The YAML manifest: which files to send, of what type, for which school year.

This module knows nothing of browsers; it turns a manifest into a plan or explains what is wrong.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, ValidationError, field_validator

from bot.errors import ManifestError, one_line
from bot.filetypes import ALL_CODES, FileType
from bot.schoolyear import SchoolYear, SchoolYearError
from bot.yamlmodels import StrictModel, describe_errors, did_you_mean, read_yaml, secret_keys

Source = Literal["submission", "ods"]


def _school_year(value: Any) -> SchoolYear:
    if isinstance(value, SchoolYear):
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError("write the school year as 2023-24 or 2023-2024")
    try:
        return SchoolYear.parse(str(value))
    except SchoolYearError as exc:
        raise ValueError(str(exc)) from None


SchoolYearField = Annotated[SchoolYear, BeforeValidator(_school_year)]


class FileEntry(StrictModel):
    type: FileType
    path: str = Field(min_length=1)
    school_year: SchoolYearField | None = None
    source: Source | None = None
    # A CAASPP file sent although another entry holds the same result set (TOMS' .csv and .dat, By
    # Tested and By Enrolled LEA): only when the site asks for both.
    same_results: bool = False

    @field_validator("path")
    @classmethod
    def _portable_path(cls, value: str) -> str:
        # A manifest written on Windows works everywhere: a backslash is a folder separator. A drive
        # letter or a network share only means something on Windows.
        if os.name != "nt" and (re.match(r"^[A-Za-z]:", value) or value.startswith(("\\\\", "//"))):
            raise ValueError(
                f"{value} is a Windows drive or network path, which means nothing on this machine; give the "
                "path relative to the manifest's folder"
            )
        return value

    @field_validator("type", mode="before")
    @classmethod
    def _known_type(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip().upper() in ALL_CODES:
            return value.strip().upper()
        hint = did_you_mean(str(value), ALL_CODES) if isinstance(value, str) else ""
        raise ValueError(f'"{value}" is not a file type{hint} (one of {" ".join(ALL_CODES)})')

    @field_validator("same_results")
    @classmethod
    def _same_results_on_caaspp_only(cls, value: bool, info: Any) -> bool:
        if value and info.data.get("type") is not FileType.CAASPP:
            raise ValueError("only CAASPP files have a same_results; remove it from this entry")
        return value

    @field_validator("source")
    @classmethod
    def _source_on_calpads_only(cls, value: Source | None, info: Any) -> Source | None:
        file_type = info.data.get("type")
        if value is not None and isinstance(file_type, FileType) and not file_type.is_calpads:
            raise ValueError(f"only CALPADS files have a source; remove it from this {file_type} entry")
        return value


class ManifestModel(StrictModel):
    """The manifest's top level; its entries are checked one by one, so that one bad entry
    does not hide the problems of the others."""

    district: str | None = None
    school_year: SchoolYearField | None = None
    has_high_schools: bool | None = None
    files: list[Any] = Field(min_length=1)


@dataclass(frozen=True)
class PlannedFile:
    """One file to send, with its path resolved against the manifest's folder."""

    number: int
    type: FileType
    path: Path
    shown_path: str
    school_year: SchoolYear
    source: Source | None
    same_results: bool = False

    @property
    def label(self) -> str:
        return f"file {self.number} ({self.shown_path})"


@dataclass(frozen=True)
class Manifest:
    """A manifest whose shape is readable; `problems` lists the entries that are not, and `files`
    holds only the entries that are, so their files can still be checked."""

    path: Path
    district: str | None
    has_high_schools: bool | None
    files: tuple[PlannedFile, ...]
    problems: tuple[str, ...] = ()


def load_manifest(path: Path) -> Manifest:
    """Read and check the manifest's shape. Raises ManifestError only when nothing in it is usable."""
    data = read_yaml(path, ManifestError)
    return parse_manifest(data, path)


def parse_manifest(data: Any, path: Path) -> Manifest:
    """The manifest's entries, or every problem in it at once, each naming its key. (Long: the top
    level, then each entry, gathering problems as it goes so that one run of the checks shows all.)"""
    name = path.name
    if not isinstance(data, dict):
        raise ManifestError(f"{name}: the manifest must be a mapping with a files list, as in examples/manifest.yaml")
    secrets_found = secret_keys(data)
    locate = _locator(data)
    problems = [
        f"{name}: {locate(key)}: a manifest never holds credentials; set CALPASS_USERNAME and CALPASS_PASSWORD instead"
        for key in secrets_found
    ]
    try:
        top = ManifestModel.model_validate(data)
    except ValidationError as exc:
        lines = describe_errors(exc, ManifestModel, locate, _MISSING_HINTS, secrets_found)
        problems += [f"{name}: {line}" for line in lines]
        top = None
    raw_files = data.get("files")
    entries: list[Any] = raw_files if isinstance(raw_files, list) else []
    default_year = top.school_year if top else _year_or_none(data.get("school_year"))

    planned = []
    for index, raw in enumerate(entries):
        try:
            entry = FileEntry.model_validate(raw)
        except ValidationError as exc:
            lines = describe_errors(
                exc,
                FileEntry,
                _within_entry(locate, index),
                _MISSING_HINTS,
                [key[2:] for key in secrets_found if key[:2] == ("files", index)],
            )
            problems += [f"{name}: {line}" for line in lines]
            continue
        number = index + 1
        year = entry.school_year or default_year
        if year is None and "school_year" in data:
            continue  # the top-level school_year is wrong, and said once already
        if year is None:
            problems.append(
                f"{name}: file {number} ({entry.path}): school_year: missing; "
                "set it on the file or once at the top of the manifest"
            )
            continue
        planned.append(
            PlannedFile(
                number=number,
                type=entry.type,
                path=(path.parent / entry.path.replace("\\", "/")).resolve(),
                shown_path=entry.path,
                school_year=year,
                source=entry.source,
                same_results=entry.same_results,
            )
        )
    return Manifest(
        path=path,
        district=top.district if top else None,
        has_high_schools=top.has_high_schools if top else None,
        files=tuple(planned),
        problems=tuple(one_line(p) for p in problems),
    )


Locate = Callable[[tuple[int | str, ...]], str]


def _within_entry(locate: Locate, index: int) -> Locate:
    return lambda loc: locate(("files", index, *loc))


def _year_or_none(value: Any) -> SchoolYear | None:
    try:
        return _school_year(value)
    except ValueError:
        return None


_MISSING_HINTS = {
    "type": f"add type: one of {' '.join(ALL_CODES)}",
    "path": "add path: the file to send, relative to the manifest",
    "files": "add files: a list of entries, each with type and path",
}


def _locator(data: dict[Any, Any]) -> Locate:
    """Name a location as a coordinator reads it: file 2 (extracts/SINF.txt): type."""
    files = data.get("files")

    def locate(loc: tuple[int | str, ...]) -> str:
        if len(loc) >= 2 and loc[0] == "files" and isinstance(loc[1], int):
            index = loc[1]
            shown = ""
            if isinstance(files, list) and index < len(files) and isinstance(files[index], dict):
                entry = files[index]
                named = entry.get("path") or entry.get("type")
                shown = f" ({named})" if named else ""
            rest = ".".join(str(p) for p in loc[2:])
            return f"file {index + 1}{shown}" + (f": {rest}" if rest else "")
        return ".".join(str(p) for p in loc)

    return locate
