"""The CLI end to end against the sandbox, in both markup variants, as a coordinator runs it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.sandbox import DEMO_PASSWORD, Sandbox
from tests.conftest import BotResult

pytestmark = pytest.mark.e2e


def manifest_files(manifest: Path) -> list[Path]:
    data = yaml.safe_load(manifest.read_text())
    return [manifest.parent / entry["path"] for entry in data["files"]]


def test_every_example_file_reaches_the_site_exactly_once(sandbox: Sandbox, examples: Path, run_bot: Any) -> None:
    result: BotResult = run_bot(str(examples), site=sandbox)

    assert result.code == 0, result.stderr
    assert "10 of 10 file(s) submitted" in result.stdout
    sent = manifest_files(examples)
    held = sandbox.submissions
    assert sorted(s.filename for s in held) == sorted(p.name for p in sent)
    for path in sent:
        (copy,) = [s for s in held if s.filename == path.name]
        assert Path(copy.stored_as).read_bytes() == path.read_bytes()
        assert copy.school_year == "2018-19"

    summary = result.summary
    assert summary["site"] == sandbox.url
    assert [f["status"] for f in summary["files"]] == ["submitted"] * 10
    by_type = {f["type"]: f for f in summary["files"]}
    for record in summary["files"]:
        assert record["attempts"] == 1
        assert record["error"] is None
        (copy,) = [s for s in held if s.filename == Path(record["path"]).name]
        assert record["sha256"] == copy.sha256 and record["bytes"] == copy.bytes
        assert copy.file_type == record["type"], "the form's file type was not the manifest's"
        # The site's confirmation, with its submission id, is kept for the auditor.
        assert copy.id in record["confirmation"]
    assert by_type["SENR"]["screenshots"] == ["04-SENR-filled.png", "05-SENR-result.png"]

    shots = sorted(p.name for p in result.run_dir.glob("*.png"))
    assert shots[:3] == ["01-login.png", "02-logged-in.png", "03-file-submission.png"]
    assert len(shots) == 3 + 2 * 10
    assert (result.run_dir / "report.html").is_file()


def test_sandbox_flag_runs_the_whole_demo_without_an_account(examples: Path, run_bot: Any) -> None:
    result: BotResult = run_bot(str(examples), "--sandbox", "--sandbox-variant", "loader", username=None, password=None)
    assert result.code == 0, result.stderr
    assert re.match(r"http://127\.0\.0\.1:\d+$", result.summary["site"])
    assert all(f["status"] == "submitted" for f in result.summary["files"])


def test_a_wrong_password_is_tried_once_and_exits_3(classic_sandbox: Sandbox, examples: Path, run_bot: Any) -> None:
    result: BotResult = run_bot(str(examples), site=classic_sandbox, password="Not-The-Password-42")
    assert result.code == 3
    assert "calpass-bot: error: the site refused the login: Invalid user name or password." in result.stderr
    assert classic_sandbox.state.login_attempts == 1
    assert classic_sandbox.submissions == []
    assert "Not-The-Password-42" not in result.stdout + result.stderr
    assert result.summary["error"].startswith("the site refused the login")


def test_missing_credentials_exit_2_before_any_contact(classic_sandbox: Sandbox, examples: Path, run_bot: Any) -> None:
    result: BotResult = run_bot(str(examples), site=classic_sandbox, password=None)
    assert result.code == 2
    assert "CALPASS_PASSWORD" in result.stderr
    assert classic_sandbox.state.login_attempts == 0


def test_plain_http_to_a_remote_site_is_refused(examples: Path, run_bot: Any) -> None:
    result: BotResult = run_bot(str(examples), config="site:\n  base_url: http://calpass.example.org\n")
    assert result.code == 3
    assert "refusing to send credentials to http://calpass.example.org" in result.stderr


def test_dry_run_prints_the_plan_and_contacts_nobody(classic_sandbox: Sandbox, examples: Path, run_bot: Any) -> None:
    result: BotResult = run_bot(str(examples), "--dry-run", site=classic_sandbox)
    assert result.code == 0, result.stderr
    assert "extracts/SENR.txt" in result.stdout and "CAASPP" in result.stdout
    assert "Nothing was sent" in result.stdout
    assert classic_sandbox.state.login_attempts == 0
    assert not result.out_dir.exists()


def test_a_bad_manifest_exits_2_with_one_line_per_problem(
    classic_sandbox: Sandbox, tmp_path: Path, run_bot: Any
) -> None:
    manifest = tmp_path / "m.yaml"
    manifest.write_text("school_year: 2023-24\nfiles:\n  - type: SENRR\n    path: nowhere.txt\n")
    result: BotResult = run_bot(str(manifest), site=classic_sandbox)
    assert result.code == 2
    assert result.stderr.strip() == (
        'calpass-bot: error: m.yaml: file 1 (nowhere.txt): type: "SENRR" is not a file type; did you mean SENR? '
        "(one of SENR SINF SPRG SELA CRSC SCSC SCTE SDIS STAS CAHSEE STAR CAASPP CALPASS)"
    )
    assert "Traceback" not in result.stderr
    assert classic_sandbox.state.login_attempts == 0


def test_the_password_appears_nowhere_in_the_run_folder(sandbox: Sandbox, examples: Path, run_bot: Any) -> None:
    result: BotResult = run_bot(str(examples), site=sandbox)
    assert result.code == 0
    secret = DEMO_PASSWORD.encode()
    for path in result.run_dir.iterdir():
        assert secret not in path.read_bytes(), path.name
        assert path.stat().st_mode & 0o077 == 0, f"{path.name} is readable by others"
    assert DEMO_PASSWORD not in result.stdout + result.stderr


def test_help_is_the_documentation(run_bot: Any) -> None:
    result: BotResult = run_bot("--help")
    assert result.code == 0
    for flag in ("--config", "--sandbox", "--out", "--dry-run", "--headed", "--slow-mo", "--version"):
        assert flag in result.stdout
    assert "exit codes:" in result.stdout and "CALPASS_PASSWORD" in result.stdout
