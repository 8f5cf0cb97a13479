"""The run folder: numbered screenshots, summary.json, events.jsonl and report.html, which shows
the screenshots from their own files beside it.

It records file names, sizes and hashes, never file contents.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from bot.errors import OutputError
from bot.platforms import owner_only_dir, replace_file

EVENTS_NAME = "events.jsonl"

# unknown: the file may or may not be on the site; the next run looks in the site's list first.
# stored_wrongly: the site holds this file, but under another type or year than the manifest's.
Status = Literal[
    "not_sent", "submitted", "already_submitted", "possibly_duplicated", "unknown", "failed", "stored_wrongly"
]
STATUSES: tuple[Status, ...] = (
    "submitted",
    "already_submitted",
    "possibly_duplicated",
    "unknown",
    "stored_wrongly",
    "failed",
    "not_sent",
)


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def new_run_id() -> str:
    # Sortable by time, unique even for two runs started in the same second.
    return datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(2)


@dataclass
class FileRecord:
    type: str
    path: str
    school_year: str
    bytes: int
    sha256: str
    status: Status = "not_sent"
    attempts: int = 0
    confirmation: str | None = None
    # Every word the site showed in answer to the last attempt, classified or not.
    site_said: str | None = None
    # The site's submission or confirmation number, from its answer, receipt or list row.
    submission_id: str | None = None
    # What "submitted" rests on: the site's words, its list of submissions, or both.
    evidence: str | None = None
    # The row of the site's list that proved it, as the site shows it, and the rule that picked it.
    matched_row: str | None = None
    matched_by: str | None = None
    error: str | None = None
    # What the site made of the file after taking it (bot.verdicts), where its list or answer says,
    # and the site's words for it; verdict_file: a details page or error report it links to, saved.
    verdict: str | None = None
    verdict_reason: str | None = None
    verdict_file: str | None = None
    # Why each attempt after the first was made, in order.
    notes: list[str] = field(default_factory=list)
    screenshots: list[str] = field(default_factory=list)


@dataclass
class Duplicate:
    """A file the site's list shows more often than the bot sent it."""

    type: str
    school_year: str
    path: str
    copies: int
    # The ids the site's list shows for the copies; empty when it shows none.
    submission_ids: list[str] = field(default_factory=list)
    # Every row of the list that is a copy, as the site shows it.
    rows: list[str] = field(default_factory=list)


@dataclass
class RunSummary:
    run_id: str
    site: str
    started_at: str
    district: str | None = None
    account: str | None = None
    finished_at: str | None = None
    versions: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    steps: list[str] = field(default_factory=list)
    files: list[FileRecord] = field(default_factory=list)
    duplicated_on_site: list[Duplicate] = field(default_factory=list)
    checks: list[dict[str, str]] = field(default_factory=list)
    # What the run did: sent files ("send"), or only read what the site made of them ("status").
    kind: str = "send"


def private_dir(path: Path) -> None:
    owner_only_dir(path)


class RunFolder:
    """One run's folder, readable by its owner only: it names student files and the account."""

    def __init__(self, root: Path, summary: RunSummary) -> None:
        self.path = root / summary.run_id
        try:
            private_dir(root)
            self.path.mkdir(mode=0o700)
            self.path.chmod(0o700)
        except OSError as exc:
            raise OutputError(f"cannot create the run folder in {root}: {exc.strerror or exc}") from None
        self.summary = summary
        self._count = 0

    def screenshot_name(self, step: str, file: FileRecord | None = None) -> str:
        self._count += 1
        parts = [f"{self._count:02d}"]
        if file is not None:
            parts.append(file.type)
        parts.append(re.sub(r"[^A-Za-z0-9]+", "-", step).strip("-").lower())
        name = "-".join(parts) + ".png"
        if file is None:
            self.summary.steps.append(name)
        else:
            file.screenshots.append(name)
        return name

    def file(self, name: str) -> Path:
        return self.path / name

    def save(self, name: str, data: bytes) -> str:
        """A file the site gave (an error report), kept beside the screenshots, numbered with them and
        readable by its owner only; returns its name in the folder."""
        self._count += 1
        kept = f"{self._count:02d}-" + re.sub(r"[^A-Za-z0-9.]+", "-", name).strip("-")
        _write_private_bytes(self.path / kept, data)
        return kept

    def event(  # noqa: PLR0913  # every field of an events.jsonl line, each optional, by keyword
        self,
        step: str,
        *,
        file: FileRecord | None = None,
        outcome: str | None = None,
        screenshot: str | None = None,
        retry: int | None = None,
        detail: str | None = None,
    ) -> None:
        """One line of events.jsonl, so a program can audit the run step by step."""
        line = {
            "time": now_iso(),
            "step": step,
            "file": f"{file.type} {file.school_year} {file.path}" if file else None,
            "outcome": outcome,
            "screenshot": screenshot,
            "retry": retry,
            "detail": detail,
        }
        try:
            fd = os.open(self.path / EVENTS_NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as stream:
                stream.write(json.dumps(line, ensure_ascii=False) + "\n")
        except OSError as exc:
            raise OutputError(f"could not write {self.path / EVENTS_NAME}: {exc.strerror or exc}") from None

    def write(self) -> None:
        """summary.json, then report.html, each replaced whole: a full disk leaves the last good copy,
        never a 0-byte file."""
        self.summary.finished_at = self.summary.finished_at or now_iso()
        _write_private(self.path / "summary.json", [json.dumps(summary_json(self.summary), indent=2) + "\n"])
        _write_private(self.path / "report.html", render_report(self.summary, self.path))


def summary_json(summary: RunSummary) -> dict[str, Any]:
    return asdict(summary)


def _write_private(path: Path, chunks: Iterable[str]) -> None:
    """Write beside, then replace: readers see the old file or the new one, whole. Written as it
    is made: a report of a long run is never held whole in memory."""
    part = path.with_name(f".{path.name}.part")
    try:
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.writelines(chunks)
            stream.flush()
            os.fsync(stream.fileno())
        replace_file(part, path)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise OutputError(f"could not write {path}: {exc.strerror or exc}") from None


def _write_private_bytes(path: Path, data: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
    except OSError as exc:
        raise OutputError(f"could not write {path}: {exc.strerror or exc}", contacted=True) from None


def render_report(summary: RunSummary, folder: Path) -> Iterator[str]:
    """report.html, piece by piece. Each screenshot is shown from its own file beside the page, never
    copied into it: the page stays small however long the run, and the folder (mailed or archived
    whole) holds each picture once."""
    # Loaded here, not at import: a --dry-run or a manifest error never needs a template engine.
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("bot", "templates"), autoescape=select_autoescape(["html"]))

    def image(name: str) -> str:
        return quote(name) if (folder / name).is_file() else ""

    env.filters["local"] = local_time
    failed = [f for f in summary.files if f.status == "failed"]
    counts = {s: sum(1 for f in summary.files if f.status == s) for s in STATUSES}
    recordings = sorted(p.name for p in folder.glob("trace-*.zip")) + [
        p.name for p in folder.glob("video.webm") if p.is_file()
    ]
    return env.get_template("report.html").generate(
        s=summary, failed=failed, counts=counts, image=image, recordings=recordings
    )


def local_time(stamp: str | None) -> str:
    """A UTC time from summary.json as the reader's clock shows it, with its offset: an evening run
    in California is filed under its own day."""
    if not stamp:
        return ""
    moment = datetime.fromisoformat(stamp).astimezone()
    return f"{moment:%Y-%m-%d %H:%M:%S} {moment:%Z} (UTC{moment:%z})"
