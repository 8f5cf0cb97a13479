"""report.html, opened in a browser as a coordinator or auditor would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from bot.audit import FileRecord, RunSummary, Status, render_report
from bot.sandbox import Sandbox
from tests.conftest import BotResult


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


def test_failed_files_stand_out_at_the_top(page: Page, tmp_path: Path) -> None:
    summary = summary_with(
        [
            record("SENR", "submitted", confirmation="Submission ID: CPP-1"),
            record("SINF", "failed", error="the site refused the file: Error: invalid record type"),
        ]
    )
    report = tmp_path / "report.html"
    report.write_text(render_report(summary, tmp_path))
    page.goto(report.as_uri())
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("1 of 2 file(s) failed")
    expect(alert).to_contain_text("SINF 2023-24 (extracts/SINF.txt): the site refused the file")
    expect(page.get_by_role("row")).to_have_count(3)
    expect(page.get_by_role("cell", name="Submission ID: CPP-1")).to_be_visible()


def test_text_from_the_site_cannot_inject_markup(page: Page, tmp_path: Path) -> None:
    summary = summary_with([record("SENR", "failed", error="<img src=x onerror=alert(1)>bad")])
    report = tmp_path / "report.html"
    report.write_text(render_report(summary, tmp_path))
    page.goto(report.as_uri())
    expect(page.get_by_role("alert")).to_contain_text("<img src=x onerror=alert(1)>bad")


@pytest.mark.e2e
def test_a_real_run_report_shows_each_file_and_its_screenshots(
    classic_sandbox: Sandbox, examples: Path, run_bot: Any, page: Page
) -> None:
    result: BotResult = run_bot(str(examples), site=classic_sandbox)
    assert result.code == 0
    page.goto((result.run_dir / "report.html").as_uri())
    expect(page.get_by_role("status")).to_contain_text("All 10 file(s) were submitted")
    expect(page.get_by_role("row")).to_have_count(11)
    expect(page.get_by_text("Sandbox Unified (example)")).to_be_visible()
    thumbnails = page.locator("figure img")
    expect(thumbnails).to_have_count(23)
    source = thumbnails.first.get_attribute("src")
    assert source is not None and source.startswith("data:image/png;base64,")
    # A thumbnail opens large, with no network and no other file.
    page.locator("figure a").first.click()
    expect(page.get_by_alt_text("01-login.png (large)")).to_be_visible()
