"""Checks on the files a manifest names, made before any network contact. No browser here."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from bot.manifest import Manifest, PlannedFile


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def check_file_exists(planned: PlannedFile) -> str | None:
    path = planned.path
    if not path.exists():
        return f"{planned.label}: path: no such file ({path})"
    if not path.is_file():
        return f"{planned.label}: path: not a regular file"
    if not os.access(path, os.R_OK):
        return f"{planned.label}: path: cannot be read (check its permissions)"
    if path.stat().st_size == 0:
        return f"{planned.label}: path: the file is empty"
    return None


def check_manifest(manifest: Manifest) -> CheckReport:
    report = CheckReport()
    for planned in manifest.files:
        problem = check_file_exists(planned)
        if problem:
            report.problems.append(f"{manifest.path.name}: {problem}")
    return report
