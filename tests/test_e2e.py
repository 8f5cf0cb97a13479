"""The CLI end to end, as a coordinator runs it: `python -m bot` in a subprocess, its own Chromium,
the sandbox as the site. One test per behaviour a user sees; each asserts on what the sandbox holds."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Page, expect

from bot.sandbox import DEMO_PASSWORD, DEMO_USERNAME, Sandbox
from bot.sandbox.faults import Fault
from tests.conftest import BotResult, assert_held_once, bot_command, posix_only

pytestmark = pytest.mark.e2e

FAST = "timeouts:\n  page_s: 5\n  settle_s: 1\nretries:\n  initial_wait_s: 0.1\n  max_wait_s: 0.3\n"


def files_of(manifest: Path) -> list[Path]:
    return [manifest.parent / e["path"] for e in yaml.safe_load(manifest.read_text())["files"]]


def site_with(tmp_path: Path, variant: str, *faults: str, **kwargs: Any) -> Sandbox:
    return Sandbox(variant, storage=tmp_path / "site", faults=[Fault.parse(f) for f in faults], **kwargs)


def test_the_example_manifest_reaches_the_site_once_with_an_audit_trail(
    classic_sandbox: Sandbox, examples: Path, run_bot: Any, page: Page
) -> None:
    result: BotResult = run_bot(str(examples), site=classic_sandbox)
    assert result.code == 0, result.stderr
    assert "10 of 10 file(s) submitted; report: " in result.stdout
    assert_held_once(classic_sandbox, examples)

    summary = result.summary
    assert summary["site"] == classic_sandbox.url
    ids = {s.filename: s.id for s in classic_sandbox.submissions}
    for record in summary["files"]:
        assert (record["status"], record["attempts"], record["error"]) == ("submitted", 1, None)
        assert record["submission_id"] == ids[Path(record["path"]).name]
    assert summary["files"][0]["screenshots"] == ["04-SENR-filled.png", "05-SENR-result.png"]
    assert "[1/10] SENR 2018-19: sending extracts/SENR.txt (" in result.stderr

    run_dir = result.run_dir
    shots = sorted(p.name for p in run_dir.glob("*.png"))
    assert shots[:3] == ["01-login.png", "02-logged-in.png", "03-file-submission.png"]
    events = [json.loads(line) for line in (run_dir / "events.jsonl").read_text().splitlines()]
    assert [e["step"] for e in events][:4] == ["log-on", "login", "logged-in", "file-submission"]
    assert {e["screenshot"] for e in events if e["screenshot"]} == set(shots)

    for path in run_dir.iterdir():
        assert DEMO_PASSWORD.encode() not in path.read_bytes(), path.name
        assert path.stat().st_mode & 0o077 == 0, f"{path.name} is readable by others"
    assert DEMO_PASSWORD not in result.stdout + result.stderr

    page.goto((run_dir / "report.html").as_uri())
    expect(page.get_by_role("status")).to_contain_text("All 10 file(s) were submitted")
    expect(page.get_by_role("row")).to_have_count(11)
    expect(page.get_by_text(ids["SENR.txt"]).first).to_be_visible()
    # Each picture shown from its own file in the folder, never copied into the page, and opened
    # large by a click.
    html = (run_dir / "report.html").read_text()
    assert "data:image" not in html and len(html) < 100_000
    assert set(re.findall(r'<img src="([^"]+)"', html)) == set(shots)
    first = page.get_by_alt_text("01-login.png")
    expect(first).to_have_count(1)
    first.click()
    expect(first).to_have_js_property("naturalWidth", 1280)
    assert (first.bounding_box() or {"width": 0})["width"] > 600, "the picture did not open large"


def test_a_rehearsal_needs_no_account_and_a_second_one_sends_nothing(two_files: Path, run_bot: Any) -> None:
    out = two_files.parent / "recordings"
    args = (str(two_files), "--sandbox", "--sandbox-variant", "loader")
    result: BotResult = run_bot(*args, username=None, password=None, out=out)
    assert result.code == 0, result.stderr
    assert {f["status"] for f in json.loads(_latest(out / "sandbox").read_text())["files"]} == {"submitted"}
    again: BotResult = run_bot(*args, username=None, password=None, out=out)
    assert again.code == 0 and "0 of 2 file(s) submitted, 2 already on the site" in again.stdout
    assert not (out / "ledger.jsonl").exists(), "a rehearsal never touches the real ledger"
    fresh: BotResult = run_bot(*args, "--sandbox-reset", username=None, password=None, out=out)
    assert "2 of 2 file(s) submitted" in fresh.stdout


def _latest(folder: Path) -> Path:
    return sorted(p for p in folder.iterdir() if p.is_dir() and p.name[0].isdigit())[-1] / "summary.json"


def test_a_wrong_password_is_tried_once_and_exits_3(classic_sandbox: Sandbox, examples: Path, run_bot: Any) -> None:
    result: BotResult = run_bot(str(examples), site=classic_sandbox, password="Not-The-Password-42")
    assert result.code == 3
    assert "calpass-bot: error: the site refused the login: Invalid user name or password." in result.stderr
    assert classic_sandbox.state.login_attempts == 1 and classic_sandbox.submissions == []
    assert "Not-The-Password-42" not in result.stdout + result.stderr


def test_faults_and_a_refusal_leave_every_other_file_on_the_site_once(
    tmp_path: Path, examples: Path, run_bot: Any
) -> None:
    faults = ("server-error@2", "drop@4", "expire@6", "refuse@8", "slow@9:1")
    with site_with(tmp_path, "loader", *faults) as site:
        result: BotResult = run_bot(str(examples), site=site, config=FAST)
        assert result.code == 1, result.stderr
        held = Counter(s.filename for s in site.submissions)
    # Uploads: 1 SENR, 2-3 SINF (a server error, then again), 4 SPRG (kept, answer cut off: found in
    # the list), 5 SELA, 6-7 CRSC (the session ended, then again), 8 SCSC: refused.
    refused = files_of(examples)[5]
    for path in files_of(examples):
        assert held[path.name] == (0 if path == refused else 1), path.name
    assert "9 of 10 file(s) submitted, 1 failed" in result.stdout
    (failed,) = [f for f in result.summary["files"] if f["status"] == "failed"]
    assert failed["error"] == (
        "the site refused the file: Error: the file was rejected: its records do not match the chosen file type."
    )


def test_a_copy_the_browser_sent_twice_is_named_and_exits_1(tmp_path: Path, two_files: Path, run_bot: Any) -> None:
    with site_with(tmp_path, "classic", "resend@2") as site:
        result: BotResult = run_bot(str(two_files), site=site, config=FAST)
        twice = [s.id for s in site.submissions if s.filename == files_of(two_files)[1].name]
    assert result.code == 1 and len(twice) == 2
    assert "1 on the site more than once" in result.stdout
    (duplicate,) = result.summary["duplicated_on_site"]
    assert sorted(duplicate["submission_ids"]) == sorted(twice)


def test_sigterm_stops_after_the_current_step_and_a_rerun_sends_only_the_rest(
    tmp_path: Path, three_files: Path, run_bot: Any
) -> None:
    out = tmp_path / "recordings"
    with site_with(tmp_path, "classic", "slow@2:3") as site:
        command, env = bot_command(tmp_path, (str(three_files),), out, site=site, config=FAST)
        bot = subprocess.Popen(
            command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 60
        while site.state.uploads < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        bot.send_signal(signal.SIGTERM)
        _, stderr = bot.communicate(timeout=60)
        assert bot.returncode == 130, stderr
        assert "stopping after the current step" in stderr
        (run_dir,) = [p for p in out.iterdir() if p.is_dir()]
        summary = json.loads((run_dir / "summary.json").read_text())
        assert (run_dir / "report.html").is_file()
        assert [f["status"] for f in summary["files"]][2:] == ["not_sent"]

        again: BotResult = run_bot(str(three_files), site=site, config=FAST, out=out)
        assert again.code == 0, again.stderr
        assert_held_once(site, three_files)


def test_a_verification_code_page_exits_3_and_names_interactive_login(
    tmp_path: Path, examples: Path, run_bot: Any
) -> None:
    with site_with(tmp_path, "classic", "mfa") as site:
        result: BotResult = run_bot(str(examples), site=site, config=FAST)
        assert result.code == 3
        assert "run with --interactive-login" in result.stderr
        assert site.submissions == [] and site.state.login_attempts == 1


def test_check_site_on_the_sandbox_finds_everything(run_bot: Any) -> None:
    result: BotResult = run_bot(
        "--check-site", "--sandbox", "--sandbox-variant", "loader", username=None, password=None
    )
    assert result.code == 0, result.stderr
    assert "every element was found. Nothing was uploaded." in result.stdout
    names = sorted(p.name for p in result.run_dir.glob("*.png"))
    assert names == ["01-login.png", "02-logged-in.png", "03-file-submission.png"]


def test_a_redesign_is_named_and_the_words_in_the_config_bring_the_run_back(
    tmp_path: Path, two_files: Path, run_bot: Any
) -> None:
    quick = "timeouts:\n  page_s: 1.5\n"
    with site_with(tmp_path, "loader", drift={"upload-data"}) as site:
        check: BotResult = run_bot("--check-site", site=site, config=quick)
        assert check.code == 1
        (row,) = [line for line in check.stdout.splitlines() if line.startswith("home ")]
        assert " missing " in row and row.rstrip().endswith("words.upload_data")
        run: BotResult = run_bot(str(two_files), site=site, config=quick)
        assert run.code == 3
        assert "set words.upload_data in the config; see 03-missing-element.png" in run.stderr
        assert site.submissions == []
        fixed: BotResult = run_bot(str(two_files), site=site, config=quick + "words:\n  upload_data: [Submit Data]\n")
        assert fixed.code == 0, fixed.stderr
        assert_held_once(site, two_files)


def every_byte(folder: Path, unpack: Path) -> list[Path]:
    """Every file of a run folder, traces unzipped."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    for trace in folder.glob("trace-*.zip"):
        with zipfile.ZipFile(trace) as archive:
            archive.extractall(unpack / trace.stem)
    return files + [p for p in unpack.rglob("*") if p.is_file()]


def test_with_trace_the_password_is_nowhere_even_after_a_second_log_on(
    tmp_path: Path, two_files: Path, run_bot: Any
) -> None:
    secret = "Unusual-Secret-7f3a!Q"
    with site_with(tmp_path, "loader", "expire@2", accounts={DEMO_USERNAME: secret}) as site:
        result: BotResult = run_bot(str(two_files), "--trace", site=site, config=FAST, password=secret)
        assert result.code == 0, result.stderr
        assert_held_once(site, two_files)
    traces = sorted(p.name for p in result.run_dir.glob("trace-*.zip"))
    assert traces == ["trace-1.zip", "trace-2.zip"], "the trace stops for the second log-on"
    checked = every_byte(result.run_dir, tmp_path / "unzipped")
    assert len(checked) > 20
    for path in checked:
        assert secret.encode() not in path.read_bytes(), f"the password is in {path}"
    assert secret not in result.stdout + result.stderr


@pytest.mark.skipif(
    shutil.which("ffmpeg") is None and not list(Path.home().glob(".cache/ms-playwright/ffmpeg-*")),
    reason="--video needs ffmpeg (Playwright's or the system's)",
)
def test_video_keeps_a_film_of_the_run(classic_sandbox: Sandbox, two_files: Path, run_bot: Any) -> None:
    cache = Path.home() / ".cache" / "ms-playwright"
    before = sorted(cache.rglob("*")) if cache.is_dir() else []
    result: BotResult = run_bot(str(two_files), "--video", site=classic_sandbox, config=FAST)
    assert result.code == 0, result.stderr
    assert (sorted(cache.rglob("*")) if cache.is_dir() else []) == before, "nothing written in Playwright's cache"
    assert [p.name for p in result.run_dir.iterdir() if p.name.startswith(".")] == [], "no links left behind"
    video = result.run_dir / "video.webm"
    assert video.stat().st_size > 10_000
    assert video.read_bytes()[:4] == b"\x1a\x45\xdf\xa3", "a WebM (Matroska) file"
    assert video.stat().st_mode & 0o077 == 0


def _wait_for(condition: Any, what: str, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def test_two_runs_at_once_send_each_file_once(tmp_path: Path, two_files: Path, run_bot: Any) -> None:
    out = tmp_path / "recordings"
    with site_with(tmp_path, "classic", "slow@1:3") as site:
        command, env = bot_command(tmp_path, (str(two_files),), out, site=site, config=FAST)
        first = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        _wait_for((out / "ledger.holder.json").exists, "the first run to start")
        second: BotResult = run_bot(str(two_files), site=site, config=FAST, out=out)
        _, first_err = first.communicate(timeout=120)
        assert first.returncode == 0, first_err
        assert second.code == 2 and "another run is using" in second.stderr
        assert_held_once(site, two_files)


def _in_a_terminal(tmp_path: Path, manifest: Path, out: Path, site: Any) -> subprocess.Popen[str]:
    """The bot in a session of its own, as a terminal's foreground job: Ctrl-C reaches every process in it."""
    command, env = bot_command(tmp_path, (str(manifest),), out, site=site, config=FAST)
    return subprocess.Popen(
        command,
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _ctrl_c(bot: subprocess.Popen[str]) -> str:
    """A terminal's Ctrl-C: SIGINT to the whole process group. Returns what the bot wrote to stderr."""
    if sys.platform == "win32":
        raise NotImplementedError("process groups are POSIX-only; the tests using this skip on Windows")
    else:
        os.killpg(bot.pid, signal.SIGINT)
    return bot.communicate(timeout=60)[1]


@posix_only
@pytest.mark.parametrize("moment", ["before the browser", "during log-on", "between files", "mid-upload"])
def test_a_terminal_ctrl_c_at_any_moment_stops_cleanly_and_a_rerun_finishes(
    moment: str, tmp_path: Path, three_files: Path, run_bot: Any
) -> None:
    out = tmp_path / "recordings"
    faults = {"mid-upload": ("stall@2:3",), "between files": ("slow@1:1",)}.get(moment, ())
    with site_with(tmp_path, "loader", *faults) as site:
        bot = _in_a_terminal(tmp_path, three_files, out, site)
        ready = {
            "before the browser": lambda: out.exists() and any(p.is_dir() for p in out.iterdir()),
            "during log-on": lambda: site.state.paths["/User/Login"] >= 1,
            "between files": lambda: len(site.submissions) >= 1,
            "mid-upload": lambda: site.state.uploads >= 2,
        }[moment]
        _wait_for(ready, moment)
        stderr = _ctrl_c(bot)
        assert bot.returncode == 130, stderr
        assert "Traceback" not in stderr
        (run_dir,) = [p for p in out.iterdir() if p.is_dir()]
        summary = json.loads((run_dir / "summary.json").read_text())
        assert summary["error"].startswith("interrupted")
        if moment == "before the browser":
            assert site.state.paths["/User/Login"] == 0 and site.state.login_attempts == 0
        again: BotResult = run_bot(str(three_files), site=site, config=FAST, out=out)
        assert again.code == 0, again.stderr
        assert_held_once(site, three_files)


@posix_only
@pytest.mark.parametrize("tenths", range(20))
def test_twenty_ctrl_cs_during_log_on_each_exit_130_without_a_traceback(
    tenths: int, tmp_path: Path, one_file: Path
) -> None:
    # Each at another instant of the log-on: from the first request for the Log On page to 0.19 s after.
    out = tmp_path / "recordings"
    with site_with(tmp_path, "classic") as site:
        bot = _in_a_terminal(tmp_path, one_file, out, site)
        _wait_for(lambda: site.state.paths["/User/Login"] >= 1, "the Log On page")
        time.sleep(tenths / 100)
        stderr = _ctrl_c(bot)
    assert "Traceback" not in stderr
    assert bot.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1].startswith("calpass-bot: error: interrupted"), stderr


def test_check_site_with_a_manifest_shows_the_option_each_file_would_get(star_year: Path, run_bot: Any) -> None:
    manifest = star_year
    result: BotResult = run_bot(
        "--check-site", str(manifest), "--sandbox", "--sandbox-variant", "table", username=None, password=None
    )
    assert result.code == 1, result.stderr
    lines = result.stdout.splitlines()
    (senr,) = [line for line in lines if line.startswith("1: SENR 2012-13")]
    assert '"Student Enrollment"' in senr and '"2012-2013"' in senr
    (star,) = [line for line in lines if line.startswith("2: STAR 2012-13")]
    assert "no option for STAR" in star
    assert "Nothing was uploaded" in result.stdout
