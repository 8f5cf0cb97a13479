"""Proof must name this file (issue 29): an answer, a row or an id that names another file, type or
year is never this file's proof, and an answer that names this file, its type and year is. In a real
browser against sandbox designs no default word was written for: a config holding only the site's
address. What the sandbox stored decides each test: bytes, type and year."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.errors import ListUnreadable
from bot.ledger import Ledger
from tests.conftest import InProcess, assert_held_once, make_sandbox, write_manifest


@pytest.fixture
def four_files(examples: Path) -> Path:
    """SENR, SINF, SPRG and the CAASPP score file, for 2018-19."""
    files = [
        ("SENR", "extracts/SENR.txt"),
        ("SINF", "extracts/SINF.txt"),
        ("SPRG", "extracts/SPRG.txt"),
        ("CAASPP", "scores/caaspp_student_score_data_DLMTR.csv"),
    ]
    return write_manifest(examples.parent, "four.yaml", "2018-19", files)


@pytest.mark.e2e
@pytest.mark.parametrize("variant", ["staged", "typerows", "nolist"])
def test_every_file_is_held_once_under_its_own_type_and_year(
    variant: str, tmp_path: Path, four_files: Path, inprocess: InProcess
) -> None:
    with make_sandbox(tmp_path, variant) as site:
        summary = inprocess.run(site, four_files)
        assert_held_once(site, four_files)
        assert not site.state.staged, "a file was left staged"
    assert [f.status for f in summary.files] == ["submitted"] * 4


@pytest.mark.e2e
def test_a_file_the_site_files_under_another_type_is_stored_wrongly_and_the_run_stops(
    tmp_path: Path, four_files: Path, run_bot: Any
) -> None:
    with make_sandbox(tmp_path, "classic", "misfile@2") as site:
        result = run_bot(str(four_files), site=site)
        held = [(s.filename, s.file_type) for s in site.submissions]
    assert held == [("SENR.txt", "SENR"), ("SINF.txt", "SENR")], "the sandbox filed SINF as SENR, and nothing after"
    assert result.code == 1, result.stderr
    assert "SINF.txt as SENR" in result.stderr and "the run stopped" in result.stderr
    statuses = {f["type"]: f["status"] for f in result.summary["files"]}
    assert statuses == {"SENR": "submitted", "SINF": "stored_wrongly", "SPRG": "not_sent", "CAASPP": "not_sent"}
    misfiled = next(f for f in result.summary["files"] if f["type"] == "SINF")
    assert misfiled["submission_id"] == site.submissions[1].id, "the id the district quotes to have it withdrawn"
    ledger = [json.loads(line) for line in (result.out_dir / "ledger.jsonl").read_text().splitlines()]
    assert [e["state"] for e in ledger if e["type"] == "SINF"][-1] == "stored_wrongly"
    assert "under another type or year" in (result.run_dir / "report.html").read_text()


@pytest.mark.e2e
def test_the_old_advice_to_ignore_the_type_never_leads_to_a_false_submitted(
    tmp_path: Path, four_files: Path, inprocess: InProcess
) -> None:
    # The advice a stop once gave: words.file_type_label set to words the page does not show.
    config = {"words": {"file_type_label": ["Kind of Data Nobody Shows"]}}
    with make_sandbox(tmp_path, "typerows") as site:
        summary = inprocess.run(site, four_files, config)
        stored = {(s.filename, s.file_type) for s in site.submissions}
    # inprocess.run checks every submitted file against what the sandbox stored: nothing false.
    assert stored == {
        ("SENR.txt", "SENR"),
        ("SINF.txt", "SINF"),
        ("SPRG.txt", "SPRG"),
        ("caaspp_student_score_data_DLMTR.csv", "CAASPP"),
    }
    assert [f.status for f in summary.files] == ["submitted"] * 4


@pytest.mark.e2e
def test_a_staged_file_is_sent_by_its_own_rows_submit_and_the_received_list_proves_it(
    tmp_path: Path, four_files: Path, inprocess: InProcess
) -> None:
    with make_sandbox(tmp_path, "staged") as site:
        summary = inprocess.run(site, four_files)
        ids = {s.filename: s.id for s in site.submissions}
    for record in summary.files:
        # Each file's own id, read from the answer that named it, never the one before.
        assert record.submission_id == ids[Path(record.path).name]
        assert any("pressed Submit in its row" in said for said in [record.site_said or ""])


@pytest.mark.e2e
def test_a_file_in_doubt_is_never_sent_again_on_a_list_that_goes_on_over_pages(
    tmp_path: Path, three_files: Path, inprocess: InProcess
) -> None:
    out = tmp_path / "recordings"
    with make_sandbox(tmp_path, "classic", drift={"paged-list"}) as site:
        first = inprocess.run(site, three_files, out=out)
        # A crash after "sending" was written for SENR: the next run must look before sending it again,
        # and the list shows only its newest 2 rows (SPRG, SINF), with Next and Page 1 of 2 below.
        ledger = Ledger(out)
        entry = next(e for e in ledger.read().values() if e.type == "SENR")
        ledger.add(replace(entry, state="sending"))
        again = inprocess.run(site, three_files, out=out)
        copies = [s.filename for s in site.submissions].count("SENR.txt")
    assert [f.status for f in first.files] == ["submitted"] * 3
    assert copies == 1, "sent again while its row may be on a page the bot did not read"
    assert again.files[0].status == "unknown"
    assert "other pages the bot does not read" in str(again.files[0].error)


@pytest.mark.e2e
def test_a_list_still_loading_at_its_limit_stops_the_run_before_any_file(
    tmp_path: Path, two_files: Path, inprocess: InProcess
) -> None:
    # The list loads a minute after the page shows: with a 0.6 s page timeout it is still loading when
    # the bot gives up waiting, however slow the machine. Read then, it would look empty.
    with make_sandbox(tmp_path, "lazylist", drift={"slow-list"}) as site:
        with pytest.raises(ListUnreadable, match="still loading"):
            inprocess.run(site, two_files, {"timeouts": {"page_s": 0.6}})
        assert site.state.uploads == 0, "nothing is sent on a list that never finished loading"
