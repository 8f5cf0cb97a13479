"""The audit trail, and no secret anywhere in it."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from bot.sandbox import DEMO_USERNAME, Sandbox
from bot.sandbox.faults import Fault
from tests.conftest import BotResult

pytestmark = pytest.mark.e2e

SECRET = "Unusual-Secret-7f3a!Q"
FAST = "timeouts:\n  page_s: 5\nretries:\n  initial_wait_s: 0.1\n  max_wait_s: 0.3\n"


def every_byte(folder: Path, unpack: Path) -> list[Path]:
    """Every file of a run folder, traces unzipped."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    for trace in folder.glob("trace-*.zip"):
        with zipfile.ZipFile(trace) as archive:
            archive.extractall(unpack / trace.stem)
    return files + [p for p in unpack.rglob("*") if p.is_file()]


@pytest.mark.parametrize("variant", ["classic", "loader"])
def test_with_trace_the_password_is_nowhere_even_after_a_second_log_on(
    variant: str, tmp_path: Path, examples: Path, run_bot: Any
) -> None:
    accounts = {DEMO_USERNAME: SECRET}
    with Sandbox(variant, storage=tmp_path / "site", accounts=accounts, faults=[Fault.parse("expire@3")]) as site:
        result: BotResult = run_bot(str(examples), "--trace", site=site, config=FAST, password=SECRET)
        assert result.code == 0, result.stderr
        assert len(site.submissions) == 10
    run_dir = result.run_dir
    traces = sorted(p.name for p in run_dir.glob("trace-*.zip"))
    assert traces == ["trace-1.zip", "trace-2.zip"], "the trace stops for the second log-on"
    checked = every_byte(run_dir, tmp_path / "unzipped")
    assert len(checked) > 30
    for path in checked:
        assert SECRET.encode() not in path.read_bytes(), f"the password is in {path}"
    assert SECRET not in result.stdout + result.stderr
    for path in run_dir.iterdir():
        assert path.stat().st_mode & 0o077 == 0, f"{path.name} is readable by others"
    assert run_dir.stat().st_mode & 0o077 == 0


def test_events_jsonl_tells_each_step(classic_sandbox: Sandbox, examples: Path, run_bot: Any) -> None:
    result: BotResult = run_bot(str(examples), site=classic_sandbox, config=FAST)
    assert result.code == 0
    events = [json.loads(line) for line in (result.run_dir / "events.jsonl").read_text().splitlines()]
    assert {"time", "step", "file", "outcome", "screenshot", "retry", "detail"} <= set(events[0])
    steps = [e["step"] for e in events]
    assert steps[:4] == ["log-on", "login", "logged-in", "file-submission"]
    outcomes = [e for e in events if e["step"] == "outcome"]
    assert [e["outcome"] for e in outcomes] == ["submitted"] * 10
    assert outcomes[0]["file"] == "SENR 2018-19 extracts/SENR.txt"
    assert "CPP-" in outcomes[0]["detail"]
    shots = {e["screenshot"] for e in events if e["screenshot"]}
    assert shots == {p.name for p in result.run_dir.glob("*.png")}


def test_retries_are_events_too(tmp_path: Path, examples: Path, run_bot: Any) -> None:
    with Sandbox("loader", storage=tmp_path / "s", faults=[Fault.parse("server-error@1")]) as site:
        result: BotResult = run_bot(str(examples), site=site, config=FAST)
    assert result.code == 0
    events = [json.loads(line) for line in (result.run_dir / "events.jsonl").read_text().splitlines()]
    (retry,) = [e for e in events if e["step"] == "retry"]
    assert retry["retry"] == 1 and retry["file"].startswith("SENR") and "try again" in retry["detail"]


def test_progress_names_the_file_of_how_many(classic_sandbox: Sandbox, examples: Path, run_bot: Any) -> None:
    result: BotResult = run_bot(str(examples), site=classic_sandbox, config=FAST)
    assert "[1/10] SENR 2018-19: sending extracts/SENR.txt (" in result.stderr
    assert "[10/10] CAASPP 2018-19: submitted (" in result.stderr
    quiet: BotResult = run_bot(str(examples), "--quiet", "--force", site=classic_sandbox, config=FAST)
    assert quiet.code == 0 and "[1/10]" not in quiet.stderr


@pytest.mark.skipif(
    shutil.which("ffmpeg") is None and not list(Path.home().glob(".cache/ms-playwright/ffmpeg-*")),
    reason="--video needs ffmpeg (Playwright's or the system's)",
)
def test_video_keeps_a_film_of_the_run(classic_sandbox: Sandbox, examples: Path, run_bot: Any) -> None:
    result: BotResult = run_bot(str(examples), "--video", site=classic_sandbox, config=FAST)
    assert result.code == 0, result.stderr
    video = result.run_dir / "video.webm"
    assert video.stat().st_size > 10_000
    assert video.read_bytes()[:4] == b"\x1a\x45\xdf\xa3", "a WebM (Matroska) file"
    assert video.stat().st_mode & 0o077 == 0
