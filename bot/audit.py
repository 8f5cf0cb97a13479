"""The run folder: numbered screenshots, summary.json and a self-contained report.html.

It records file names, sizes and hashes, never file contents.
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, PackageLoader, select_autoescape

EVENTS_NAME = "events.jsonl"

Status = Literal["not_sent", "submitted", "already_submitted", "possibly_duplicated", "failed"]


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
    error: str | None = None
    screenshots: list[str] = field(default_factory=list)


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
    checks: list[dict[str, str]] = field(default_factory=list)


class RunFolder:
    """One run's folder, readable by its owner only: it names student files and the account."""

    def __init__(self, root: Path, summary: RunSummary) -> None:
        self.path = root / summary.run_id
        root.mkdir(parents=True, exist_ok=True)
        self.path.mkdir(mode=0o700)
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

    def event(
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
        fd = os.open(self.path / EVENTS_NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as stream:
            stream.write(json.dumps(line, ensure_ascii=False) + "\n")

    def write(self) -> None:
        self.summary.finished_at = self.summary.finished_at or now_iso()
        _write_private(self.path / "summary.json", json.dumps(summary_json(self.summary), indent=2) + "\n")
        _write_private(self.path / "report.html", render_report(self.summary, self.path))


def summary_json(summary: RunSummary) -> dict[str, Any]:
    return asdict(summary)


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as stream:
        stream.write(text)


_env = Environment(loader=PackageLoader("bot", "templates"), autoescape=select_autoescape(["html"]))


def render_report(summary: RunSummary, folder: Path) -> str:
    def image(name: str) -> str:
        path = folder / name
        if not path.is_file():
            return ""
        # Inline so the report still works when mailed or archived on its own.
        return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")

    failed = [f for f in summary.files if f.status == "failed"]
    counts = {
        s: sum(1 for f in summary.files if f.status == s)
        for s in ("submitted", "already_submitted", "possibly_duplicated", "failed", "not_sent")
    }
    return _env.get_template("report.html").render(s=summary, failed=failed, counts=counts, image=image)
