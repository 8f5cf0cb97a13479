"""The run's decisions, driven through a fake site with no browser: what ends on the site, what the
summary and the ledger say, and what a rerun does. Each test asserts on what the site holds."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.audit import RunSummary
from bot.config import Config
from bot.credentials import Credentials
from bot.errors import FormUnknown, Interrupted, OutcomeUnknown, StoredWrongly
from bot.files import file_facts
from bot.filetypes import FileType
from bot.ledger import Ledger
from bot.manifest import Manifest, PlannedFile
from bot.ports import RunRequest
from bot.preflight import CheckedFile
from bot.schoolyear import SchoolYear
from bot.submission import SubmissionRun
from tests.conftest import posix_only
from tests.fakes import FakeSite, connect_to, write_files

# Real waits: the clock below moves only when the run waits, so they take no wall time.
FAST = {"timeouts": {"settle_s": 10}, "retries": {"initial_wait_s": 2, "max_wait_s": 60}}


class Clock:
    """Time as the run sees it: it passes only when the run waits."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


def checked(paths: list[Path]) -> list[CheckedFile]:
    year = SchoolYear(2023)
    return [
        CheckedFile(
            PlannedFile(n, FileType(p.stem), p, p.name, year, None),
            file_facts(p),
            "CALPADS",
            (),
        )
        for n, p in enumerate(paths, start=1)
    ]


class Runner:
    def __init__(self, tmp_path: Path, count: int = 3) -> None:
        self.out = tmp_path / "recordings"
        folder = tmp_path / "files"
        folder.mkdir()
        self.files = checked(write_files(folder, count))
        self.stop = False
        self.clock = Clock()

    def run(self, site: FakeSite, *, force: bool = False, settings: dict[str, object] | None = None) -> RunSummary:
        request = RunRequest(
            Manifest(self.out / "m.yaml", "Test USD", None, tuple(f.planned for f in self.files)),
            self.files,
            Config.model_validate(settings or FAST),
            Credentials("coordinator@district.example", "not-a-real-password"),
            self.out,
            force=force,
            stop=lambda: self.stop or site.stop_now,
            connect=connect_to(site),
            sleep=self.clock.sleep,
            clock=self.clock,
        )
        return SubmissionRun(request).execute()

    def ledger_states(self) -> dict[str, str]:
        return {e.path: e.state for e in Ledger(self.out).read().values()}


@pytest.fixture
def runner(tmp_path: Path) -> Runner:
    return Runner(tmp_path)


def statuses(summary: RunSummary) -> list[str]:
    return [f.status for f in summary.files]


def held(site: FakeSite) -> Counter[str]:
    return Counter(name for name, _, _ in site.held)


def test_every_file_confirmed_is_on_the_site_once_with_its_id(runner: Runner) -> None:
    site = FakeSite()
    summary = runner.run(site)
    assert statuses(summary) == ["submitted"] * 3
    assert held(site) == {"SENR.txt": 1, "SINF.txt": 1, "SPRG.txt": 1}
    assert [f.submission_id for f in summary.files] == ["CPP-00001", "CPP-00002", "CPP-00003"]
    assert {f.evidence for f in summary.files} == {"the site's words and its list"}
    assert runner.ledger_states() == {"SENR.txt": "submitted", "SINF.txt": "submitted", "SPRG.txt": "submitted"}


def test_a_refusal_fails_that_file_alone_and_leaves_no_doubt(runner: Runner) -> None:
    site = FakeSite(["confirm", "refuse"])
    summary = runner.run(site)
    assert statuses(summary) == ["submitted", "failed", "submitted"]
    assert summary.files[1].error == "the site refused the file: Error: the file was rejected."
    assert summary.files[1].attempts == 1
    assert "SINF.txt" not in held(site)
    assert runner.ledger_states()["SINF.txt"] == "refused"


def test_a_refusal_stating_the_years_format_is_learned_and_the_file_sent_again_once(runner: Runner) -> None:
    site = FakeSite(["refuse-year", "confirm"])
    summary = runner.run(site)
    assert statuses(summary) == ["submitted", "submitted", "submitted"]
    assert summary.files[0].attempts == 2 and site.uploads == 4
    assert any("asked for YYYY-YY" in note for note in summary.files[0].notes)
    assert len(held(site)) == 3 and set(held(site).values()) == {1}, "each file held once"


def test_a_years_format_learned_on_the_last_attempt_leaves_the_refusal_standing_and_says_so(runner: Runner) -> None:
    site = FakeSite(["refuse-year", "confirm"])
    summary = runner.run(site, settings={**FAST, "retries": {"attempts": 1}})
    assert statuses(summary)[0] == "failed", "refused, and no attempt left to send it the way the site asked"
    assert summary.files[0].attempts == 1 and "SENR.txt" not in held(site)
    assert runner.ledger_states()["SENR.txt"] == "refused"
    assert any("no attempt was left" in note for note in summary.files[0].notes)
    assert held(site) == {"SINF.txt": 1, "SPRG.txt": 1}, "the later files are filled the way learned"


def test_a_refusal_of_the_year_that_does_not_say_how_stops_the_run_naming_the_config(runner: Runner) -> None:
    site = FakeSite(["refuse-year-vague"])
    with pytest.raises(FormUnknown) as stopped:
        runner.run(site)
    assert 'form: {fields: {"Academic Year": "{school_year}"}}' in str(stopped.value)
    assert site.uploads == 1 and site.held == [], "one refused try, nothing held, nothing else sent"


def test_nothing_sent_is_a_failure_never_a_confirmation(runner: Runner) -> None:
    site = FakeSite(["unsent", "unsent", "unsent"])
    summary = runner.run(site)
    assert statuses(summary) == ["failed"] * 3
    assert summary.files[0].error is not None and summary.files[0].error.startswith("nothing was sent")
    assert site.held == []
    assert set(runner.ledger_states().values()) == {"unsent"}


def test_an_unknown_answer_found_in_the_list_is_not_sent_again(runner: Runner) -> None:
    site = FakeSite(["confirm", "kept"])
    summary = runner.run(site)
    assert statuses(summary) == ["submitted"] * 3
    assert held(site)["SINF.txt"] == 1
    second = summary.files[1]
    assert second.attempts == 1 and second.evidence == "the site's list"
    assert second.submission_id == "CPP-00002"
    assert any(shot.endswith("found-in-list.png") for shot in second.screenshots)


def test_an_unknown_answer_not_in_the_list_is_sent_again_after_looking(runner: Runner) -> None:
    site = FakeSite(["confirm", "lost"])
    summary = runner.run(site)
    assert statuses(summary) == ["submitted"] * 3
    assert held(site)["SINF.txt"] == 1
    assert summary.files[1].attempts == 2
    assert summary.files[1].notes == ["attempt 1: the site answered HTTP 502; not in the site's list of submissions"]


def test_the_list_is_polled_while_the_site_may_still_be_storing(runner: Runner) -> None:
    site = FakeSite(["late:3"])
    summary = runner.run(site, settings={"timeouts": {"settle_s": 2}, "retries": {"initial_wait_s": 0}})
    assert statuses(summary) == ["submitted"] * 3
    assert held(site)["SENR.txt"] == 1, "sent again before the site had finished storing it"
    assert summary.files[0].attempts == 1


def test_without_a_list_a_resent_file_is_possibly_duplicated(runner: Runner) -> None:
    site = FakeSite(["kept"], has_list=False)
    summary = runner.run(site)
    assert statuses(summary) == ["possibly_duplicated", "submitted", "submitted"]
    assert held(site)["SENR.txt"] == 2


def test_unknown_after_every_attempt_is_unknown_not_failed_and_the_ledger_keeps_the_doubt(runner: Runner) -> None:
    site = FakeSite(["lost", "lost", "lost"])
    summary = runner.run(site)
    assert summary.files[0].status == "unknown"
    assert summary.files[0].attempts == 3
    assert runner.ledger_states()["SENR.txt"] == "in_doubt"


def test_words_the_bot_cannot_place_stop_the_run_rather_than_send_blind(runner: Runner) -> None:
    site = FakeSite(["silent"], has_list=False)
    with pytest.raises(OutcomeUnknown, match=r"set words\.success_text"):
        runner.run(site)
    assert held(site) == {"SENR.txt": 1}
    assert site.uploads == 1
    assert runner.ledger_states() == {"SENR.txt": "in_doubt"}


def test_an_expired_session_is_sent_again_after_logging_on(runner: Runner) -> None:
    site = FakeSite(["confirm", "expire"])
    summary = runner.run(site)
    assert statuses(summary) == ["submitted"] * 3
    assert held(site)["SINF.txt"] == 1 and summary.files[1].attempts == 2
    # Logged on again before the file went again: once at the start, once after the session ended.
    assert site.log_ons == 2


def test_a_missing_element_inside_the_form_fails_that_file_and_the_run_goes_on(runner: Runner) -> None:
    site = FakeSite(["confirm", "missing"])
    summary = runner.run(site)
    assert statuses(summary) == ["submitted", "failed", "submitted"]
    assert "set words.file_type_label" in (summary.files[1].error or "")


def test_the_browsers_silent_resend_is_named_with_every_id(runner: Runner) -> None:
    site = FakeSite(["confirm", "twice"])
    summary = runner.run(site)
    assert held(site)["SINF.txt"] == 2
    (twice,) = summary.duplicated_on_site
    assert (twice.path, twice.copies, twice.submission_ids) == ("SINF.txt", 2, ["CPP-00002", "CPP-00003"])
    data = json.loads((runner.out / summary.run_id / "summary.json").read_text())
    assert data["duplicated_on_site"][0]["submission_ids"] == ["CPP-00002", "CPP-00003"]


def test_a_yes_the_list_never_shows_is_a_doubt(runner: Runner) -> None:
    site = FakeSite(["vanish"])
    summary = runner.run(site)
    assert summary.files[0].status == "unknown"
    assert "list of submissions does not show it" in (summary.files[0].error or "")
    assert runner.ledger_states()["SENR.txt"] == "in_doubt"


def test_an_interrupt_mid_upload_leaves_a_doubt_that_the_rerun_resolves_without_a_second_copy(
    runner: Runner,
) -> None:
    site = FakeSite(["confirm", "interrupt-late"])
    with pytest.raises(Interrupted):
        runner.run(site)
    site.rows()  # the site finishes storing it after the run gave up looking
    assert held(site) == {"SENR.txt": 1, "SINF.txt": 1}
    assert runner.ledger_states()["SINF.txt"] == "in_doubt"
    site.stop_now = False
    again = runner.run(site)
    assert statuses(again) == ["already_submitted", "submitted", "submitted"]
    assert held(site) == {"SENR.txt": 1, "SINF.txt": 1, "SPRG.txt": 1}
    assert again.files[1].evidence == "the site's list"


def test_a_crash_mid_upload_is_looked_for_by_the_next_run(runner: Runner) -> None:
    site = FakeSite()
    runner.run(site)
    # A kill -9 after "sending" was written: the last ledger line for SENR says sending.
    ledger = Ledger(runner.out)
    last = ledger.read()
    entry = next(e for e in last.values() if e.path == "SENR.txt")
    ledger.add(type(entry)(**{**entry.__dict__, "state": "sending", "rows_before": 0}))
    again = runner.run(site)
    assert again.files[0].status == "submitted" and again.files[0].attempts == 0
    assert held(site)["SENR.txt"] == 1


def test_an_answer_naming_this_file_under_another_type_is_stored_wrongly_and_stops_the_run(runner: Runner) -> None:
    site = FakeSite(["confirm", "misfile"])
    with pytest.raises(StoredWrongly, match=r"SINF\.txt as SENR"):
        runner.run(site)
    assert runner.ledger_states()["SINF.txt"] == "stored_wrongly"
    assert held(site) == {"SENR.txt": 1, "SINF.txt": 1}, "nothing sent after the misfiled file"


def test_another_files_answer_and_id_are_not_this_files_proof(runner: Runner) -> None:
    site = FakeSite(["another-files-answer"])
    summary = runner.run(site)
    first = summary.files[0]
    assert first.status == "submitted" and first.evidence == "the site's list"
    assert first.submission_id == "CPP-00001", "the other file's id is not this file's"
    assert any("names OTHER.txt" in note for note in first.notes)


def test_a_row_the_site_marks_rejected_is_refused_never_sent_again(runner: Runner) -> None:
    site = FakeSite(["rejected-row"])
    summary = runner.run(site)
    assert summary.files[0].status == "failed" and "Rejected" in str(summary.files[0].error)
    assert held(site)["SENR.txt"] == 1 and runner.ledger_states()["SENR.txt"] == "refused"


def test_a_row_of_this_file_under_another_type_is_stored_wrongly(runner: Runner) -> None:
    site = FakeSite(["confirm", "misfiled-row"])
    with pytest.raises(StoredWrongly, match="as SENR 2018-19"):
        runner.run(site)
    assert runner.ledger_states()["SINF.txt"] == "stored_wrongly" and held(site)["SINF.txt"] == 1


def test_a_row_whose_status_cannot_be_placed_is_a_doubt_never_a_resend(runner: Runner) -> None:
    site = FakeSite(["on-hold-row"])
    summary = runner.run(site)
    assert summary.files[0].status == "unknown" and "On hold" in str(summary.files[0].error)
    assert held(site)["SENR.txt"] == 1


def test_a_file_left_staged_is_not_sent_and_says_so(runner: Runner) -> None:
    summary = runner.run(FakeSite(["staged"]))
    assert summary.files[0].status == "not_sent" and "staged" in str(summary.files[0].error)
    assert [f.status for f in summary.files[1:]] == ["submitted", "submitted"]


def test_a_doubt_is_never_sent_again_on_a_list_read_only_in_part(runner: Runner) -> None:
    site = FakeSite()
    runner.run(site)
    ledger = Ledger(runner.out)
    entry = next(e for e in ledger.read().values() if e.path == "SENR.txt")
    ledger.add(type(entry)(**{**entry.__dict__, "state": "sending", "rows_before": 0}))
    # The list now shows only its newest row, SPRG's, and a pager to the others.
    site.page_size = 1
    again = runner.run(site)
    assert held(site)["SENR.txt"] == 1, "sent again though its row may be on a page not read"
    assert again.files[0].status == "unknown"
    assert "other pages the bot does not read" in str(again.files[0].error)


def test_a_rerun_sends_nothing_and_force_sends_again(runner: Runner) -> None:
    site = FakeSite()
    runner.run(site)
    again = runner.run(site)
    assert statuses(again) == ["already_submitted"] * 3
    assert again.files[0].submission_id == "CPP-00001"
    assert site.log_ons == 1, "a run with nothing to send logs on nowhere"
    runner.run(site, force=True)
    assert held(site) == {"SENR.txt": 2, "SINF.txt": 2, "SPRG.txt": 2}


def test_a_stop_before_the_first_file_sends_nothing(runner: Runner) -> None:
    site = FakeSite()
    runner.stop = True
    with pytest.raises(Interrupted):
        runner.run(site)
    assert site.held == [] and site.log_ons == 0


# --- the machine misbehaving --------------------------------------------------------------


def test_a_lost_ledger_cannot_cause_a_resend(runner: Runner) -> None:
    site = FakeSite()
    runner.run(site)
    (runner.out / "ledger.jsonl").unlink()
    again = runner.run(site)
    assert statuses(again) == ["already_submitted"] * 3
    assert {f.evidence for f in again.files} == {"the site's list"}
    assert again.files[0].submission_id == "CPP-00001"
    assert held(site) == {"SENR.txt": 1, "SINF.txt": 1, "SPRG.txt": 1}


def test_a_second_run_on_the_same_ledger_stops_at_once(runner: Runner) -> None:
    from bot.errors import RunInProgress

    site = FakeSite()
    with Ledger(runner.out).exclusive("20261129-080000-abcd"), pytest.raises(RunInProgress) as stopped:
        runner.run(site)
    assert "run 20261129-080000-abcd" in str(stopped.value)
    assert site.held == [] and site.log_ons == 0


def test_a_full_disk_after_a_confirmation_never_becomes_a_resend(
    runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.errors import OutputError
    from tests import fakes

    site = FakeSite()
    real_shot = fakes.FakeSession.shot

    def full_after_first_upload(self: fakes.FakeSession, step: str, record: object = None, focus: object = None) -> str:
        if step == "result":
            raise OutputError("could not write the screenshot 05-SENR-result.png: No space left on device")
        return real_shot(self, step, record)  # type: ignore[arg-type]

    monkeypatch.setattr(fakes.FakeSession, "shot", full_after_first_upload)
    with pytest.raises(OutputError) as stopped:
        runner.run(site)
    assert stopped.value.exit_code == 1
    summary = (runner.out / next(p for p in runner.out.iterdir() if p.is_dir()).name / "summary.json").read_text()
    assert json.loads(summary)["error"].endswith("No space left on device")
    monkeypatch.undo()
    again = runner.run(site)
    assert held(site) == {"SENR.txt": 1, "SINF.txt": 1, "SPRG.txt": 1}
    assert again.files[0].status == "already_submitted"


def test_an_unwritable_ledger_after_a_confirmation_never_becomes_a_resend(
    runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.errors import OutputError

    site = FakeSite()
    real_add = Ledger.add

    def refuse_confirmations(self: Ledger, entry: object) -> None:
        if getattr(entry, "state", "") == "submitted":
            raise OutputError("could not write the ledger: Read-only file system", contacted=True)
        real_add(self, entry)  # type: ignore[arg-type]

    monkeypatch.setattr(Ledger, "add", refuse_confirmations)
    with pytest.raises(OutputError):
        runner.run(site)
    monkeypatch.undo()
    runner.run(site)
    assert held(site) == {"SENR.txt": 1, "SINF.txt": 1, "SPRG.txt": 1}


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ("append", "it was replaced or changed"),
        pytest.param("symlink", "it was replaced by a link to another file", marks=posix_only),
        ("delete", "it no longer exists"),
    ],
)
def test_a_file_changed_after_the_check_is_not_sent_and_the_run_goes_on(
    runner: Runner, tmp_path: Path, change: str, said: str
) -> None:
    path = runner.files[1].planned.path
    if change == "append":
        with path.open("a") as stream:
            stream.write("SINF^^more\r\n")
    elif change == "symlink":
        path.unlink()
        path.symlink_to("/etc/passwd")
    else:
        path.unlink()
    site = FakeSite()
    summary = runner.run(site)
    assert statuses(summary) == ["submitted", "failed", "submitted"]
    assert said in (summary.files[1].error or "") and "SINF.txt" not in held(site)


def test_a_file_changed_while_being_sent_fails_and_stays_in_doubt(runner: Runner) -> None:
    site = FakeSite(["confirm", "append-while-sending"])
    summary = runner.run(site)
    assert summary.files[1].status == "failed"
    # Appended to, it has another size: seen without hashing it again.
    assert "changed while being sent (it was replaced or changed" in (summary.files[1].error or "")
    assert runner.ledger_states()["SINF.txt"] == "in_doubt"


def test_a_doubt_from_an_earlier_run_with_no_list_is_sent_as_possibly_duplicated(runner: Runner) -> None:
    site = FakeSite(["interrupt-late"], has_list=False)
    with pytest.raises(Interrupted):
        runner.run(site)
    site.stop_now = False
    again = runner.run(site)
    assert again.files[0].status == "possibly_duplicated"


def test_a_live_line_follows_each_upload_and_is_put_away(tmp_path: Path) -> None:
    runner = Runner(tmp_path, count=2)
    said: list[str | None] = []
    site = FakeSite()
    request = RunRequest(
        Manifest(runner.out / "m.yaml", None, None, tuple(f.planned for f in runner.files)),
        runner.files,
        Config.model_validate(FAST),
        Credentials("coordinator@district.example", "not-a-real-password"),
        runner.out,
        connect=connect_to(site),
        live=said.append,
    )
    SubmissionRun(request).execute()
    assert said == [
        "[1/2] SENR 2023-24: the file is on its way (0 s)",
        None,
        "[2/2] SINF 2023-24: the file is on its way (0 s)",
        None,
    ]


@pytest.mark.parametrize("stopping", [True, False])
def test_a_browser_that_dies_as_ctrl_c_arrives_is_an_interruption_not_a_fault(
    runner: Runner, monkeypatch: pytest.MonkeyPatch, stopping: bool
) -> None:
    # Seen under load: a Ctrl-C in the instant Playwright's driver was starting killed the driver,
    # and the run ended in a traceback instead of exit 130.
    from bot.errors import DriverFailed
    from tests import fakes

    @contextmanager
    def dying(*args: object) -> Iterator[fakes.FakeSession]:
        runner.stop = stopping
        raise DriverFailed("Playwright's driver stopped as it started: Connection closed while reading from the driver")
        yield  # pragma: no cover

    monkeypatch.setitem(globals(), "connect_to", lambda site: dying)
    site = FakeSite()
    with pytest.raises(Interrupted if stopping else DriverFailed):
        runner.run(site)
    assert site.held == []


@pytest.mark.parametrize(("behaviour", "sends"), [("crash", 3), ("crash-lost", 4)])
def test_a_browser_that_dies_mid_upload_is_replaced_and_the_file_settled_from_the_list(
    behaviour: str, sends: int, runner: Runner
) -> None:
    site = FakeSite(["confirm", behaviour])
    summary = runner.run(site)
    assert held(site) == {"SENR.txt": 1, "SINF.txt": 1, "SPRG.txt": 1}
    assert statuses(summary) == ["submitted"] * 3
    assert site.browsers == 2 and site.log_ons == 2 and site.uploads == sends
    assert any("the browser died while the file was being sent" in n for n in summary.files[1].notes)
    if behaviour == "crash":
        assert summary.files[1].evidence == "the site's list", "found in the list, never sent twice"
    assert runner.ledger_states() == {"SENR.txt": "submitted", "SINF.txt": "submitted", "SPRG.txt": "submitted"}


def test_a_browser_error_after_the_request_left_is_a_doubt_never_a_failure(runner: Runner) -> None:
    site = FakeSite(["confirm", "error-kept"])
    summary = runner.run(site)
    assert held(site) == {"SENR.txt": 1, "SINF.txt": 1, "SPRG.txt": 1}
    assert statuses(summary) == ["submitted", "unknown", "submitted"]
    assert runner.ledger_states()["SINF.txt"] == "in_doubt", "the summary and the ledger say the same"


def test_a_browser_that_dies_again_and_again_ends_the_run_with_one_line(runner: Runner) -> None:
    from bot.errors import BrowserFailed

    site = FakeSite(["crash-lost", "crash-lost", "crash-lost"])
    with pytest.raises(BrowserFailed, match="the browser failed 3 times") as stopped:
        runner.run(site)
    assert stopped.value.exit_code == 1
    summary = json.loads(next(runner.out.glob("*/summary.json")).read_text())
    assert [f["status"] for f in summary["files"]] == ["unknown", "not_sent", "not_sent"]
    assert site.held == []


def test_waits_go_through_one_seam_and_take_no_wall_time(runner: Runner) -> None:
    import time

    started = time.monotonic()
    site = FakeSite(["lost", "lost", "lost"])
    summary = runner.run(site)
    assert summary.files[0].status == "unknown" and summary.files[0].attempts == 3
    # Between the three sends, two backoffs from 2 s (with jitter); each look in the list polls the
    # site for up to settle_s (10 s) in steps of at most 2 s: all on the run's clock, none slept.
    assert runner.clock.now >= 2 * 10 + 2 + 4
    assert max(runner.clock.waits) <= 60
    assert time.monotonic() - started < 5
