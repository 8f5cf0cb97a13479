"""When the site differs: --check-site and a run name what is missing and the config key to set,
nothing is uploaded, and the override the message names brings the run back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.sandbox import Sandbox
from tests.conftest import BotResult

pytestmark = pytest.mark.e2e

FAST = "timeouts:\n  page_s: 3\n"

# drift -> (sandbox variant, config key named, exit code of a run, the override that fixes it).
# Each drift runs on one variant, alternating, to keep the suite's time down.
DRIFTS = {
    "username-label": ("loader", "words.username_label", 3, "words:\n  username_label: [Login ID]\n"),
    "log-on-button": ("classic", "words.log_on_button", 3, "words:\n  log_on_button: [Sign On]\n"),
    "upload-data": ("loader", "words.upload_data", 3, "words:\n  upload_data: [Submit Data]\n"),
    "heading": (
        "classic",
        "words.file_submission_heading",
        3,
        "words:\n  file_submission_heading: [Data Submission]\n",
    ),
    "file-type-label": ("loader", "words.file_type_label", 1, "words:\n  file_type_label: [Data Type]\n"),
    "year-label": ("classic", "words.academic_year_label", 1, "words:\n  academic_year_label: [Reporting Period]\n"),
    "submit-button": ("loader", "words.submit_button", 1, "words:\n  submit_button: [Send]\n"),
}


@pytest.fixture
def two_files(examples: Path) -> Path:
    manifest = examples.parent / "two.yaml"
    manifest.write_text(
        "school_year: 2018-19\nfiles:\n  - {type: SENR, path: extracts/SENR.txt}\n"
        "  - {type: CAASPP, path: scores/caaspp_student_score_data_DLMTR.csv}\n"
    )
    return manifest


@pytest.mark.parametrize("drift", list(DRIFTS))
def test_a_drifted_site_is_named_and_the_override_fixes_it(
    drift: str, tmp_path: Path, two_files: Path, run_bot: Any
) -> None:
    variant, key, code, override = DRIFTS[drift]
    with Sandbox(variant, drift={drift}, storage=tmp_path / "drifted") as site:
        check: BotResult = run_bot("--check-site", site=site, config=FAST)
        assert check.code == 1, check.stderr
        (row,) = [line for line in check.stdout.splitlines() if " missing " in line]
        assert row.rstrip().split("  ")[-1].strip().startswith(key), row
        assert site.submissions == []

        run: BotResult = run_bot(str(two_files), site=site, config=FAST)
        assert run.code == code, run.stderr
        said = run.stderr if code == 3 else "\n".join(f["error"] for f in run.summary["files"])
        assert f"set {key} in the config; see " in said
        assert site.submissions == []

    with Sandbox(variant, drift={drift}, storage=tmp_path / "fixed") as site:
        fixed: BotResult = run_bot(str(two_files), site=site, config=FAST + override)
        assert fixed.code == 0, fixed.stderr
        assert sorted(s.file_type for s in site.submissions) == ["CAASPP", "SENR"]


def test_a_relabelled_list_is_never_skipped_silently(tmp_path: Path, two_files: Path, run_bot: Any) -> None:
    with Sandbox("classic", drift={"file-type-label"}, storage=tmp_path / "s") as site:
        check: BotResult = run_bot("--check-site", site=site, config=FAST)
    assert 'words.file_type_label; the form has a list named "Data Type"' in check.stdout


@pytest.mark.parametrize("variant", ["classic", "loader"])
def test_a_form_without_a_file_input_is_served_through_the_file_chooser(
    variant: str, tmp_path: Path, two_files: Path, run_bot: Any
) -> None:
    with Sandbox(variant, drift={"file-input"}, storage=tmp_path / "s") as site:
        run: BotResult = run_bot(str(two_files), site=site, config=FAST)
        assert run.code == 0, run.stderr
        held = {s.filename: Path(s.stored_as).read_bytes() for s in site.submissions}
    assert held["SENR.txt"] == (two_files.parent / "extracts" / "SENR.txt").read_bytes()


@pytest.mark.parametrize("variant", ["classic", "loader"])
def test_an_unreadable_answer_is_checked_in_the_sites_list(
    variant: str, tmp_path: Path, two_files: Path, run_bot: Any
) -> None:
    with Sandbox(variant, drift={"outcome-wording"}, storage=tmp_path / "s") as site:
        run: BotResult = run_bot(str(two_files), site=site, config=FAST)
        assert run.code == 0, run.stderr
        assert len(site.submissions) == 2
    for record in run.summary["files"]:
        assert record["status"] == "submitted"
        assert record["confirmation"].endswith("found in the site's list of submissions")


@pytest.mark.parametrize("variant", ["classic", "loader"])
def test_an_unreadable_answer_with_no_list_stops_the_run_and_success_words_fix_it(
    variant: str, tmp_path: Path, two_files: Path, run_bot: Any
) -> None:
    drift = {"outcome-wording", "no-history"}
    with Sandbox(variant, drift=drift, storage=tmp_path / "s") as site:
        run: BotResult = run_bot(str(two_files), site=site, config=FAST)
        assert run.code == 3
        assert "set words.success_text" in run.stderr and "the run stopped there" in run.stderr
        assert len(site.submissions) == 1, "the bot must not go on sending blind"
        statuses = [f["status"] for f in run.summary["files"]]
        assert statuses == ["failed", "not_sent"]
    with Sandbox(variant, drift=drift, storage=tmp_path / "t") as site:
        fixed: BotResult = run_bot(str(two_files), site=site, config=FAST + "words:\n  success_text: [thank you]\n")
        assert fixed.code == 0
        assert all("Thank you. Reference CPP-" in f["confirmation"] for f in fixed.summary["files"])


def test_check_site_on_the_sandbox_flag_finds_everything(run_bot: Any) -> None:
    result: BotResult = run_bot(
        "--check-site", "--sandbox", "--sandbox-variant", "loader", username=None, password=None
    )
    assert result.code == 0, result.stderr
    assert "every element was found. Nothing was uploaded." in result.stdout
    names = sorted(p.name for p in result.run_dir.glob("*.png"))
    assert names == ["01-login.png", "02-logged-in.png", "03-file-submission.png"]
