"""report.html, opened in a browser as a coordinator or auditor would (the browser tier where a page
opens it; its text alone is read without one)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from bot.audit import FileRecord, RunSummary, Status, render_report


def summary_with(files: list[FileRecord]) -> RunSummary:
    summary = RunSummary(
        run_id="20261128-120000-abcd",
        site="https://www.calpassplus.org",
        started_at="2026-11-28T12:00:00+00:00",
        district="Lodi Unified",
        account="jdoe",
    )
    summary.files = files
    return summary


def record(file_type: str, status: Status, **extra: Any) -> FileRecord:
    return FileRecord(
        type=file_type,
        path=f"extracts/{file_type}.txt",
        school_year="2023-24",
        bytes=1234,
        sha256="ab" * 32,
        status=status,
        attempts=1,
        **extra,
    )


@pytest.mark.e2e
def test_failed_files_stand_out_at_the_top(page: Page, tmp_path: Path) -> None:
    summary = summary_with(
        [
            record("SENR", "submitted", confirmation="Submission ID: CPP-1"),
            record("SINF", "failed", error="the site refused the file: Error: invalid record type"),
        ]
    )
    report = tmp_path / "report.html"
    report.write_text("".join(render_report(summary, tmp_path)))
    page.goto(report.as_uri())
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("1 of 2 file(s) failed")
    expect(alert).to_contain_text("SINF 2023-24 (extracts/SINF.txt): the site refused the file")
    expect(page.get_by_role("row")).to_have_count(3)
    expect(page.get_by_role("cell", name="Submission ID: CPP-1")).to_be_visible()


@pytest.mark.e2e
def test_text_from_the_site_cannot_inject_markup(page: Page, tmp_path: Path) -> None:
    summary = summary_with([record("SENR", "failed", error="<img src=x onerror=alert(1)>bad")])
    report = tmp_path / "report.html"
    report.write_text("".join(render_report(summary, tmp_path)))
    page.goto(report.as_uri())
    expect(page.get_by_role("alert")).to_contain_text("<img src=x onerror=alert(1)>bad")


def test_times_are_shown_in_the_local_zone_with_their_offset(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from bot.audit import local_time

    if sys.platform == "win32":
        pytest.skip("time.tzset is POSIX-only: Windows takes its zone from the system, not TZ")
    else:
        monkeypatch.setenv("TZ", "America/Los_Angeles")
        time.tzset()
        try:
            # 02:30 UTC on 29 November is the evening of the 28th in California.
            assert local_time("2026-11-29T02:30:00+00:00") == "2026-11-28 18:30:00 PST (UTC-0800)"
        finally:
            monkeypatch.delenv("TZ")
            time.tzset()
