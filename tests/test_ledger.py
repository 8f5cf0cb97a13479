"""The ledger: what a rerun believes about each file, whatever a crash left behind."""

from __future__ import annotations

import json
from pathlib import Path

from bot.ledger import LEDGER_NAME, Entry, Ledger
from tests.conftest import posix_only


def entry(state: str = "submitted", sha: str = "a" * 64, **extra: object) -> Entry:
    values: dict[str, object] = {
        "site": "https://www.calpassplus.org",
        "account": "jdoe",
        "sha256": sha,
        "type": "SENR",
        "school_year": "2023-24",
        "path": "SENR.txt",
        "submitted_at": "2026-11-28T12:00:00+00:00",
        "confirmation": "Submission ID: CPP-1",
        "state": state,
    }
    return Entry(**{**values, **extra})  # type: ignore[arg-type]


def test_the_last_line_for_a_file_wins(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path)
    ledger.add(entry("sending"))
    ledger.add(entry("in_doubt"))
    (only,) = ledger.read().values()
    assert only.state == "in_doubt" and only.doubtful
    ledger.add(entry("submitted", submission_id="CPP-1"))
    (only,) = ledger.read().values()
    assert only.state == "submitted" and not only.doubtful and only.submission_id == "CPP-1"


def test_a_torn_line_is_skipped_and_the_next_line_starts_fresh(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path)
    ledger.add(entry(sha="a" * 64))
    with (tmp_path / LEDGER_NAME).open("a") as stream:
        stream.write('{"site": "https://www.calpassplus.org", "acc')  # a crash mid-write
    ledger.add(entry(sha="b" * 64))
    assert sorted(e.sha256[0] for e in ledger.read().values()) == ["a", "b"]


def test_lines_written_before_states_existed_are_confirmations(tmp_path: Path) -> None:
    old = {k: v for k, v in entry().__dict__.items() if k not in ("state", "submission_id", "rows_before")}
    (tmp_path / LEDGER_NAME).write_text(json.dumps(old) + "\n")
    (only,) = Ledger(tmp_path).read().values()
    assert only.state == "submitted"


def test_unknown_fields_from_a_newer_version_are_ignored(tmp_path: Path) -> None:
    line = {**entry().__dict__, "from_the_future": 1}
    (tmp_path / LEDGER_NAME).write_text(json.dumps(line) + "\n")
    assert len(Ledger(tmp_path).read()) == 1


@posix_only
def test_the_ledger_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    Ledger(tmp_path).add(entry())
    assert (tmp_path / LEDGER_NAME).stat().st_mode & 0o077 == 0
