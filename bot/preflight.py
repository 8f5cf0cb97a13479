"""Every check made before the browser opens: the manifest's entries, the files, the seed's rules.

Each file is hashed here, once; the run reuses the digest. A manifest with any problem sends
nothing. No browser, no network.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from bot import content, rules
from bot.errors import one_line
from bot.files import FileFacts, file_facts
from bot.filetypes import FileType
from bot.manifest import Manifest, PlannedFile
from bot.platforms import name_key
from bot.schoolyear import SchoolYear


@dataclass(frozen=True)
class CheckedFile:
    planned: PlannedFile
    facts: FileFacts
    recognised: str
    warnings: tuple[str, ...]


@dataclass
class Preflight:
    manifest: Manifest
    files: list[CheckedFile] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        return [one_line(f"{self.manifest.path.name}: {c.planned.label}: {w}") for c in self.files for w in c.warnings]


def preflight(manifest: Manifest) -> Preflight:
    name = manifest.path.name
    result = Preflight(manifest, problems=list(manifest.problems))
    seen_paths: dict[str, PlannedFile] = {}
    seen_digests: dict[str, PlannedFile] = {}
    for planned in manifest.files:

        def problem(key: str, message: str, planned: PlannedFile = planned) -> None:
            result.problems.append(one_line(f"{name}: {planned.label}: {key}: {message}"))

        rule = rules.year_problem(planned.type, planned.school_year)
        if rule:
            problem("type", rule)
        unusable = _unusable(planned)
        if unusable:
            problem("path", unusable)
            continue
        earlier = seen_paths.get(name_key(str(planned.path)))
        if earlier is not None:
            problem("path", f"the same file as {earlier.label}")
            continue
        seen_paths[name_key(str(planned.path))] = planned

        head, whole = content.read_head(planned.path)
        finding = content.recognise(planned, head, whole)
        for key, message in finding.problems:
            problem(key, message)
        facts = file_facts(planned.path)
        twin = seen_digests.get(facts.sha256)
        if twin is not None:
            problem("path", f"the same content as {twin.label}")
        seen_digests.setdefault(facts.sha256, planned)

        warnings = list(finding.warnings)
        year_note = rules.year_warning(planned.type, planned.school_year)
        if year_note:
            warnings.append(year_note)
        result.files.append(CheckedFile(planned, facts, finding.recognised, tuple(warnings)))

    _same_results(manifest, result)
    result.missing = rules.missing_files(((f.type, f.school_year) for f in manifest.files), manifest.has_high_schools)
    # Several files of one type and year are named with the missing ones: --strict refuses both.
    result.missing += rules.several_files((f.type, f.school_year, f.shown_path) for f in manifest.files)
    return result


def _unusable(planned: PlannedFile) -> str | None:
    path = planned.path
    if not path.exists():
        return f"no such file ({path})"
    if not path.is_file():
        return "not a regular file"
    if not os.access(path, os.R_OK):
        return "cannot be read (check its permissions)"
    if path.stat().st_size == 0:
        return "the file is empty"
    return None


def _same_results(manifest: Manifest, result: Preflight) -> None:
    """Two CAASPP entries of one year holding one result set (TOMS' .csv and .dat, By Tested and By
    Enrolled LEA): the same scores would go twice. Refused, naming both and the key that allows it."""
    first: dict[tuple[SchoolYear, str], PlannedFile] = {}
    for planned in manifest.files:
        if planned.type is not FileType.CAASPP:
            continue
        key = (planned.school_year, content.result_set(planned.path.name))
        earlier = first.setdefault(key, planned)
        if earlier is not planned and not planned.same_results:
            result.problems.append(
                one_line(
                    f"{manifest.path.name}: {planned.label}: path: the same CAASPP results as {earlier.label} "
                    "(TOMS delivers one result set as a .csv and a .dat, By Tested LEA and By Enrolled LEA): "
                    "list one of them, or set same_results: true on this entry if the site asks for both"
                )
            )
