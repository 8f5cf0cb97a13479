"""The YAML manifest: which files to send, of what type, for which school year.

This module knows nothing of browsers; it turns a manifest into a plan or explains what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, ValidationError, field_validator

from bot.errors import ManifestError
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

    @field_validator("type", mode="before")
    @classmethod
    def _known_type(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip().upper() in ALL_CODES:
            return value.strip().upper()
        hint = did_you_mean(str(value), ALL_CODES) if isinstance(value, str) else ""
        raise ValueError(f'"{value}" is not a file type{hint} (one of {" ".join(ALL_CODES)})')

    @field_validator("source")
    @classmethod
    def _source_on_calpads_only(cls, value: Source | None, info: Any) -> Source | None:
        file_type = info.data.get("type")
        if value is not None and isinstance(file_type, FileType) and not file_type.is_calpads:
            raise ValueError(f"only CALPADS files have a source; remove it from this {file_type} entry")
        return value


class ManifestModel(StrictModel):
    district: str | None = None
    school_year: SchoolYearField | None = None
    has_high_schools: bool | None = None
    files: list[FileEntry] = Field(min_length=1)


@dataclass(frozen=True)
class PlannedFile:
    """One file to send, with its path resolved against the manifest's folder."""

    number: int
    type: FileType
    path: Path
    shown_path: str
    school_year: SchoolYear
    source: Source | None

    @property
    def label(self) -> str:
        return f"file {self.number} ({self.shown_path})"


@dataclass(frozen=True)
class Manifest:
    path: Path
    district: str | None
    has_high_schools: bool | None
    files: tuple[PlannedFile, ...]


def load_manifest(path: Path) -> Manifest:
    """Read and check the manifest's shape; every problem is reported at once."""
    data = read_yaml(path, ManifestError)
    return parse_manifest(data, path)


def parse_manifest(data: Any, path: Path) -> Manifest:
    name = path.name
    if not isinstance(data, dict):
        raise ManifestError(f"{name}: the manifest must be a mapping with a files list, as in examples/manifest.yaml")
    secrets_found = secret_keys(data)
    problems = [
        f"{name}: {key}: a manifest never holds credentials; set CALPASS_USERNAME and CALPASS_PASSWORD instead"
        for key in secrets_found
    ]
    try:
        model = ManifestModel.model_validate(data)
    except ValidationError as exc:
        lines = describe_errors(exc, ManifestModel, _locator(data), _MISSING_HINTS, secrets_found)
        problems += [f"{name}: {line}" for line in lines]
        raise ManifestError(f"{name}: {len(problems)} problem(s) in the manifest", problems) from None
    if problems:
        raise ManifestError(f"{name}: {len(problems)} problem(s) in the manifest", problems)

    planned = []
    for number, entry in enumerate(model.files, start=1):
        year = entry.school_year or model.school_year
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
                path=(path.parent / entry.path).resolve(),
                shown_path=entry.path,
                school_year=year,
                source=entry.source,
            )
        )
    if problems:
        raise ManifestError(f"{name}: {len(problems)} problem(s) in the manifest", problems)
    return Manifest(path=path, district=model.district, has_high_schools=model.has_high_schools, files=tuple(planned))


_MISSING_HINTS = {
    "type": f"add type: one of {' '.join(ALL_CODES)}",
    "path": "add path: the file to send, relative to the manifest",
    "files": "add files: a list of entries, each with type and path",
}


def _locator(data: dict[Any, Any]) -> Any:
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
