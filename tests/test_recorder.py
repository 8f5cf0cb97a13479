"""Where a file stands as its outcomes are recorded: each of the recorder's methods writes the
ledger line and moves the file to the state that line means, and nothing else moves it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.audit import FileRecord, RunFolder, RunSummary, new_run_id
from bot.files import file_facts
from bot.filetypes import FileType
from bot.ledger import Ledger
from bot.manifest import PlannedFile
from bot.preflight import CheckedFile
from bot.recorder import Recorder, Upload
from bot.schoolyear import SchoolYear


@pytest.fixture
def recorder(tmp_path: Path) -> Recorder:
    summary = RunSummary(new_run_id(), "https://example.test", "2026-12-05T00:00:00Z")
    return Recorder(Ledger(tmp_path), RunFolder(tmp_path / "runs", summary), "example.test", "coordinator")


@pytest.fixture
def upload(tmp_path: Path) -> Upload:
    path = tmp_path / "SENR.txt"
    path.write_bytes(b"SENR^1.0^2023-2024^1234567^0000001^N^\r\n")
    planned = PlannedFile(1, FileType("SENR"), path, path.name, SchoolYear(2023), None)
    record = FileRecord(type="SENR", path=path.name, school_year="2023-24", bytes=path.stat().st_size, sha256="0" * 64)
    return Upload(CheckedFile(planned, file_facts(path), "CALPADS", ()), record)


def now(upload: Upload) -> str:
    # Read afresh after each step: mypy would otherwise keep the state it narrowed to before it.
    return upload.state


def ledger_state(recorder: Recorder) -> str:
    (entry,) = recorder.ledger.read().values()
    return entry.state


def test_a_send_in_flight_that_fails_stays_a_doubt_never_a_file_not_sent(recorder: Recorder, upload: Upload) -> None:
    recorder.sending(upload)
    assert now(upload) == "in_flight" and upload.in_flight
    recorder.failed(upload, "the page went away")
    assert now(upload) == "in_doubt" and upload.doubt
    assert ledger_state(recorder) == "sending", "the next run looks for it before sending it again"


def test_a_failure_before_sending_is_not_sent(recorder: Recorder, upload: Upload) -> None:
    recorder.failed(upload, "the form would not take it")
    assert now(upload) == "not_sent" and upload.record.status == "failed"


def test_a_doubt_the_list_settles_goes_back_to_planned_and_a_confirmation_holds_it(
    recorder: Recorder, upload: Upload
) -> None:
    recorder.earlier_doubt(upload, rows_before=2)
    assert upload.doubt and upload.rows_before == 2
    recorder.not_listed(upload)
    assert now(upload) == "planned"
    recorder.sending(upload)
    recorder.confirmed(upload, "File received: SENR.txt", "the site's words", "CPP-1")
    assert now(upload) == "held" and upload.record.status == "submitted"
    assert ledger_state(recorder) == "submitted"


def test_a_refusal_is_refused_and_a_misfiled_copy_is_stored_wrongly(recorder: Recorder, upload: Upload) -> None:
    recorder.sending(upload)
    recorder.not_held(upload, "refused", "the site refused the file")
    assert now(upload) == "refused" and ledger_state(recorder) == "refused"
    recorder.sending(upload)
    recorder.stored_wrongly(upload, "held as SINF 2023-24")
    assert now(upload) == "stored_wrongly" and ledger_state(recorder) == "stored_wrongly"


def test_a_look_that_finds_nothing_leaves_a_held_file_held(recorder: Recorder, upload: Upload) -> None:
    recorder.confirmed(upload, "File received", "the site's words", None)
    recorder.not_listed(upload)
    assert now(upload) == "held", "only a doubt goes back to planned"
