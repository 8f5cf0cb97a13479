"""Never lose a file, never send one twice: the bot against the sandbox's faults, asserting on what
the sandbox holds."""

from __future__ import annotations

import signal
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.sandbox import Sandbox
from bot.sandbox.faults import Fault
from tests.conftest import BotResult, bot_command

pytestmark = pytest.mark.e2e

FAST = "timeouts:\n  page_s: 5\nretries:\n  initial_wait_s: 0.1\n  max_wait_s: 0.3\n"


def sent_files(manifest: Path) -> list[Path]:
    return [manifest.parent / e["path"] for e in yaml.safe_load(manifest.read_text())["files"]]


def assert_each_exactly_once(site: Sandbox, manifest: Path, *, except_names: tuple[str, ...] = ()) -> None:
    held = Counter(s.filename for s in site.submissions)
    for path in sent_files(manifest):
        if path.name in except_names:
            continue
        assert held[path.name] == 1, f"{path.name} is on the site {held[path.name]} times"
        (copy,) = [s for s in site.submissions if s.filename == path.name]
        assert Path(copy.stored_as).read_bytes() == path.read_bytes()


def faulty(variant: str, tmp_path: Path, *specs: str, drift: set[str] | None = None) -> Sandbox:
    return Sandbox(variant, storage=tmp_path / "site", faults=[Fault.parse(s) for s in specs], drift=drift or set())


@pytest.mark.parametrize(
    ("variant", "fault", "file_number", "attempts"),
    [
        ("classic", "server-error@2", 2, 2),
        ("loader", "server-error@3", 3, 2),
        ("classic", "drop@3", 3, 1),
        ("loader", "drop@2", 2, 1),
        ("classic", "expire@2", 2, 2),
        ("loader", "expire@4", 4, 2),
        ("loader", "slow@1:7", 1, 1),
    ],
)
def test_each_fault_leaves_every_file_on_the_site_exactly_once(
    variant: str, fault: str, file_number: int, attempts: int, tmp_path: Path, examples: Path, run_bot: Any
) -> None:
    with faulty(variant, tmp_path, fault) as site:
        result: BotResult = run_bot(str(examples), site=site, config=FAST)
        assert result.code == 0, result.stderr
        assert_each_exactly_once(site, examples)
    files = result.summary["files"]
    assert [f["status"] for f in files] == ["submitted"] * 10
    assert files[file_number - 1]["attempts"] == attempts
    if fault.startswith("drop"):
        assert "found in the site's list of submissions" in files[file_number - 1]["confirmation"]


def test_a_refused_file_fails_alone_with_the_sites_words(tmp_path: Path, examples: Path, run_bot: Any) -> None:
    with faulty("loader", tmp_path, "refuse@3") as site:
        result: BotResult = run_bot(str(examples), site=site, config=FAST)
        assert result.code == 1
        refused = sent_files(examples)[2].name
        assert_each_exactly_once(site, examples, except_names=(refused,))
        assert refused not in {s.filename for s in site.submissions}
    third = result.summary["files"][2]
    assert third["status"] == "failed" and third["attempts"] == 1
    assert third["error"] == (
        "the site refused the file: Error: the file was rejected: its records do not match the chosen file type."
    )
    assert "9 of 10 file(s) submitted" in result.stdout


@pytest.mark.parametrize("variant", ["classic", "loader"])
def test_a_mix_of_faults(variant: str, tmp_path: Path, examples: Path, run_bot: Any) -> None:
    with faulty(variant, tmp_path, "server-error@2", "drop@4", "expire@6", "slow@8:1", "server-error@9") as site:
        result: BotResult = run_bot(str(examples), site=site, config=FAST)
        assert result.code == 0, result.stderr
        assert_each_exactly_once(site, examples)


def test_a_rerun_sends_nothing_and_force_sends_again(tmp_path: Path, examples: Path, run_bot: Any) -> None:
    out = tmp_path / "recordings"
    with faulty("classic", tmp_path) as site:
        first: BotResult = run_bot(str(examples), site=site, config=FAST, out=out)
        assert first.code == 0
        second: BotResult = run_bot(str(examples), site=site, config=FAST, out=out)
        assert second.code == 0
        assert len(site.submissions) == 10
        assert "0 of 10 file(s) submitted, 10 already on the site" in second.stdout
        latest = sorted(p for p in out.iterdir() if p.is_dir())[-1]
        summary = yaml.safe_load((latest / "summary.json").read_text())
        assert {f["status"] for f in summary["files"]} == {"already_submitted"}
        assert not list(latest.glob("*.png")), "a run with nothing to send opens no browser"
        forced: BotResult = run_bot(str(examples), "--force", site=site, config=FAST, out=out)
        assert forced.code == 0
        assert len(site.submissions) == 20
    assert (out / "ledger.jsonl").stat().st_mode & 0o077 == 0


def test_a_torn_ledger_line_is_ignored(tmp_path: Path, examples: Path, run_bot: Any) -> None:
    out = tmp_path / "recordings"
    with faulty("loader", tmp_path) as site:
        assert run_bot(str(examples), site=site, config=FAST, out=out).code == 0
        with (out / "ledger.jsonl").open("a") as ledger:
            ledger.write('{"site": "http://127.0.0.1", "acc')  # a crash mid-write
        again: BotResult = run_bot(str(examples), site=site, config=FAST, out=out)
        assert again.code == 0, again.stderr
        assert "is unreadable and was skipped" in again.stderr
        assert len(site.submissions) == 10


def test_without_a_list_to_look_in_a_resent_file_is_marked_possibly_duplicated(
    tmp_path: Path, examples: Path, run_bot: Any
) -> None:
    with faulty("classic", tmp_path, "drop@2", drift={"no-history"}) as site:
        result: BotResult = run_bot(str(examples), site=site, config=FAST)
        assert result.code == 0
        second = sent_files(examples)[1].name
        assert Counter(s.filename for s in site.submissions)[second] == 2
    statuses = [f["status"] for f in result.summary["files"]]
    assert statuses[1] == "possibly_duplicated"
    assert statuses.count("submitted") == 9
    assert "1 possibly twice (check the site's list)" in result.stdout


def test_a_verification_code_page_exits_3_and_names_interactive_login(
    tmp_path: Path, examples: Path, run_bot: Any
) -> None:
    with faulty("classic", tmp_path, "mfa") as site:
        result: BotResult = run_bot(str(examples), site=site, config=FAST)
        assert result.code == 3
        assert "run with --interactive-login" in result.stderr
        assert site.submissions == []
        assert site.state.login_attempts == 1


def test_sigterm_stops_after_the_current_step_and_a_rerun_finishes(
    tmp_path: Path, examples: Path, run_bot: Any
) -> None:
    out = tmp_path / "recordings"
    with faulty("classic", tmp_path, "slow@2:4") as site:
        command, env = bot_command(tmp_path, (str(examples),), out, site=site, config=FAST)
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
        summary = yaml.safe_load((run_dir / "summary.json").read_text())
        assert (run_dir / "report.html").is_file()
        statuses = [f["status"] for f in summary["files"]]
        assert statuses[0] == "submitted"
        assert statuses[2:] == ["not_sent"] * 8
        assert summary["error"].startswith("interrupted")

        again: BotResult = run_bot(str(examples), site=site, config=FAST, out=out)
        assert again.code == 0, again.stderr
        assert_each_exactly_once(site, examples)
