"""The page objects and the run in a real browser, in-process, against every sandbox design: what
the sandbox stored decides each test, never what the bot reported."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from bot.errors import ElementNotFound, Interrupted, OutcomeUnknown
from bot.ledger import Ledger
from bot.sandbox import DEMO_USERNAME
from tests.conftest import InProcess, assert_held_once, make_sandbox

pytestmark = pytest.mark.e2e

VARIANTS = ["classic", "loader"]


@pytest.mark.parametrize(("variant", "drift"), [("classic", "confirm-box"), ("loader", "native-confirm")])
def test_a_box_asking_to_confirm_is_answered_as_a_person_would(
    variant: str, drift: str, tmp_path: Path, one_file: Path, inprocess: InProcess
) -> None:
    with make_sandbox(tmp_path, variant, drift={drift}) as site:
        summary = inprocess.run(site, one_file)
        assert_held_once(site, one_file)
    assert summary.files[0].status == "submitted"
    assert "Are you sure" in (summary.files[0].site_said or ""), "the question and the answer are kept"


@pytest.mark.parametrize(
    ("variant", "drift", "words"),
    [("loader", "confirm-box", "confirm_buttons"), ("classic", "native-confirm", "confirm_text")],
)
def test_a_box_whose_words_the_bot_cannot_place_stops_the_file_with_nothing_sent(
    variant: str, drift: str, words: str, tmp_path: Path, one_file: Path, inprocess: InProcess
) -> None:
    with make_sandbox(tmp_path, variant, drift={drift}) as site:
        out = tmp_path / "out"
        config = {"timeouts": {"page_s": 1}, "words": {words: ["Never Seen On Any Site"]}}
        summary = inprocess.run(site, one_file, config, out=out)
        assert site.submissions == []
    assert [f.status for f in summary.files] == ["failed"]
    error = summary.files[0].error or ""
    assert error.startswith("nothing was sent") and "Are you sure" in error
    assert all(e.state == "unsent" for e in Ledger(out).read().values())


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_notice_before_a_delayed_upload_is_not_the_answer(
    variant: str, tmp_path: Path, two_files: Path, inprocess: InProcess
) -> None:
    with make_sandbox(tmp_path, variant, "refuse@1", drift={"delayed-upload"}) as site:
        summary = inprocess.run(site, two_files)
        held = [s.filename for s in site.submissions]
    assert held == ["caaspp_student_score_data_DLMTR.csv"]
    first, second = summary.files
    assert first.status == "failed" and "records do not match" in (first.error or "")
    assert second.status == "submitted" and "Preparing your file" not in (second.confirmation or "")


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_refusal_in_success_words_is_a_refusal(
    variant: str, tmp_path: Path, two_files: Path, inprocess: InProcess
) -> None:
    with make_sandbox(tmp_path, variant, "already-received@1") as site:
        summary = inprocess.run(site, two_files)
        assert "SENR.txt" not in {s.filename for s in site.submissions}
    assert summary.files[0].status == "failed"
    assert "was not uploaded: a file named SENR.txt was already received" in (summary.files[0].error or "")


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_receipt_keeps_the_number_below_its_heading(
    variant: str, tmp_path: Path, two_files: Path, inprocess: InProcess
) -> None:
    with make_sandbox(tmp_path, variant, drift={"receipt-heading"}) as site:
        summary = inprocess.run(site, two_files)
        ids = [s.id for s in site.submissions]
    assert [f.submission_id for f in summary.files] == ids
    assert all(f.status == "submitted" for f in summary.files)


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_browsers_silent_resend_is_found_and_named_with_both_ids(
    variant: str, tmp_path: Path, two_files: Path, inprocess: InProcess
) -> None:
    with make_sandbox(tmp_path, variant, "resend@2") as site:
        summary = inprocess.run(site, two_files)
        copies = [s.id for s in site.submissions if s.filename == "caaspp_student_score_data_DLMTR.csv"]
    assert len(copies) == 2, "the sandbox fault should have made Chromium send the POST twice"
    (twice,) = summary.duplicated_on_site
    assert sorted(twice.submission_ids) == sorted(copies) and twice.copies == 2


@pytest.mark.parametrize(
    ("variant", "fault", "attempts"),
    [
        ("classic", "server-error@2", 2),
        ("loader", "drop@2", 1),
        ("classic", "expire@2", 2),
    ],
)
def test_each_fault_leaves_each_file_on_the_site_exactly_once(
    variant: str, fault: str, attempts: int, tmp_path: Path, two_files: Path, inprocess: InProcess
) -> None:
    with make_sandbox(tmp_path, variant, fault) as site:
        summary = inprocess.run(site, two_files)
        assert_held_once(site, two_files)
    assert [f.status for f in summary.files] == ["submitted", "submitted"]
    assert summary.files[1].attempts == attempts
    if attempts == 2:
        assert len(summary.files[1].notes) == 1, "the report says why the second attempt was made"


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_timed_out_upload_is_looked_for_until_the_site_has_stored_it(
    variant: str, tmp_path: Path, two_files: Path, inprocess: InProcess
) -> None:
    # The site stores the file 6 s after the upload starts and the bot gives up after 1 s: the site's
    # answer comes long after the bot has turned to the list, however slow the machine.
    with make_sandbox(tmp_path, variant, "stall@1:6") as site:
        started = time.monotonic()
        summary = inprocess.run(site, two_files, {"timeouts": {"upload_s": 1, "settle_s": 12}})
        assert_held_once(site, two_files)
    assert summary.files[0].status == "submitted" and summary.files[0].attempts == 1
    assert summary.files[0].evidence == "the site's list"
    assert time.monotonic() - started < 30


def test_a_timeout_is_kept_by_the_wall_clock(tmp_path: Path, two_files: Path, inprocess: InProcess) -> None:
    with make_sandbox(tmp_path, "loader", "stall@1:60", "stall@2:60", "stall@3:60") as site:
        started = time.monotonic()
        settings = {"timeouts": {"upload_s": 2, "settle_s": 0}, "retries": {"attempts": 1}}
        summary = inprocess.run(site, two_files, settings)
        took = time.monotonic() - started
    assert summary.files[0].status == "unknown"
    # Two uploads of 2 s each, a log-on and a few page loads (about 8 s here, more on a loaded
    # machine): far from the stalls' 60 s.
    assert took < 40, f"a 2 s upload timeout took {took:.0f} s"


def test_an_interrupt_mid_upload_then_a_rerun_leaves_one_copy(
    tmp_path: Path, two_files: Path, inprocess: InProcess
) -> None:
    out = tmp_path / "out"
    # Interrupted mid-upload, the run looks in the list as it stops; the upload it gave up on is kept
    # once the site answers, and that look finds it: the rerun sends nothing.
    with make_sandbox(tmp_path, "classic", "stall@2:4") as site:
        with pytest.raises(Interrupted):
            inprocess.run(site, two_files, out=out, stop=lambda: site.state.uploads >= 2)
        again = inprocess.run(site, two_files, out=out, config={"timeouts": {"settle_s": 8}})
        assert_held_once(site, two_files)
    first, second = again.files
    assert first.status == "already_submitted"
    assert (second.status, second.attempts) == ("already_submitted", 0)


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_form_without_a_file_input_gets_the_file_through_the_chooser(
    variant: str, tmp_path: Path, two_files: Path, inprocess: InProcess
) -> None:
    with make_sandbox(tmp_path, variant, drift={"file-input"}) as site:
        inprocess.run(site, two_files)
        assert_held_once(site, two_files)


@pytest.mark.parametrize("variant", VARIANTS)
def test_an_unreadable_answer_is_looked_for_in_the_list(
    variant: str, tmp_path: Path, two_files: Path, inprocess: InProcess
) -> None:
    with make_sandbox(tmp_path, variant, drift={"outcome-wording"}) as site:
        summary = inprocess.run(site, two_files, {"timeouts": {"page_s": 1.5}})
        assert_held_once(site, two_files)
    assert {f.evidence for f in summary.files} == {"the site's list"}
    assert all("Thank you. Reference" in (f.site_said or "") for f in summary.files)


@pytest.mark.parametrize("variant", VARIANTS)
def test_an_unreadable_answer_with_no_list_stops_and_success_words_fix_it(
    variant: str, tmp_path: Path, two_files: Path, inprocess: InProcess
) -> None:
    drift = {"outcome-wording", "no-history"}
    with make_sandbox(tmp_path, variant, drift=drift) as site:
        with pytest.raises(OutcomeUnknown, match="success_text"):
            inprocess.run(site, two_files, {"timeouts": {"page_s": 1.5}})
        assert len(site.submissions) == 1, "the bot must not go on sending blind"
    with make_sandbox(tmp_path, variant, drift=drift) as site:
        fixed = inprocess.run(site, two_files, {"words": {"success_text": ["thank you"]}})
        assert_held_once(site, two_files)
    assert [f.submission_id for f in fixed.files] == [s.id for s in site.submissions]


# drift -> (sandbox variant, the config key named, where it is found, the override that fixes it).
DRIFTS: dict[str, tuple[str, str, str, dict[str, Any]]] = {
    "username-label": ("loader", "username_label", "login", {"username_label": ["Login ID"]}),
    "log-on-button": ("classic", "log_on_button", "login", {"log_on_button": ["Sign On"]}),
    "upload-data": ("loader", "upload_data", "form", {"upload_data": ["Submit Data"]}),
    "heading": ("classic", "file_submission_heading", "form", {"file_submission_heading": ["Data Submission"]}),
    "submit-button": ("loader", "submit_button", "file", {"submit_button": ["Transmit"]}),
}


@pytest.mark.parametrize("drift", list(DRIFTS))
def test_a_redesign_is_named_with_its_config_key_and_the_override_fixes_it(
    drift: str, tmp_path: Path, one_file: Path, inprocess: InProcess
) -> None:
    variant, key, where, override = DRIFTS[drift]
    quick = {"timeouts": {"page_s": 1}}
    with make_sandbox(tmp_path, variant, drift={drift}) as site:
        check = inprocess.check(site, quick)
        assert [c.key for c in check.checks if c.status == "missing"] == [key]
        if where == "file":
            summary = inprocess.run(site, one_file, quick)
            assert f"set words.{key} in the config" in (summary.files[0].error or "")
        else:
            with pytest.raises(ElementNotFound, match=f"set words.{key} in the config; see "):
                inprocess.run(site, one_file, quick)
        assert site.submissions == []
        inprocess.run(site, one_file, {"words": override})
        assert_held_once(site, one_file)


@pytest.mark.parametrize(("variant", "drift"), [("loader", "file-type-label"), ("classic", "year-label")])
def test_a_relabelled_list_is_known_by_what_it_holds(
    variant: str, drift: str, tmp_path: Path, two_files: Path, inprocess: InProcess
) -> None:
    with make_sandbox(tmp_path, variant, drift={drift}) as site:
        inprocess.run(site, two_files)
        assert_held_once(site, two_files)


# --- designs no issue described to the bot: a config with the site's address only ---------


@pytest.mark.parametrize("variant", ["toolbar", "table", "autoupload", "cookie", "iframe", "menu"])
def test_an_unseen_design_gets_each_file_with_the_right_type_and_year(
    variant: str, tmp_path: Path, two_files: Path, one_file: Path, inprocess: InProcess
) -> None:
    # Two files where the type list is what changes; one where the way to the form is.
    manifest = two_files if variant in ("table", "toolbar") else one_file
    with make_sandbox(tmp_path, variant) as site:
        summary = inprocess.run(site, manifest)
        assert_held_once(site, manifest)
    assert {f.status for f in summary.files} == {"submitted"}


@pytest.mark.parametrize(
    ("variant", "label", "value"),
    [
        ("organization", "Organization", "Lodi Unified - District Office"),
        ("certify", "I certify that this data is accurate and complete", True),
    ],
)
def test_a_field_the_bot_does_not_know_stops_before_sending_and_the_config_fills_it(
    variant: str, label: str, value: str | bool, tmp_path: Path, two_files: Path, inprocess: InProcess
) -> None:
    from bot.errors import FormUnknown

    with make_sandbox(tmp_path, variant) as site:
        with pytest.raises(FormUnknown, match=f'the form has a (list|check box) "{label}"'):
            inprocess.run(site, two_files)
        assert site.submissions == [], "nothing may be sent while the form asks what the bot does not know"
        inprocess.run(site, two_files, {"form": {"fields": {label: value}}})
        assert_held_once(site, two_files)
        if variant == "organization":
            assert {s.organization for s in site.submissions} == {value}


def test_a_field_in_the_config_that_the_page_lacks_is_an_error(
    tmp_path: Path, one_file: Path, inprocess: InProcess
) -> None:
    from bot.errors import FormUnknown

    with make_sandbox(tmp_path, "classic") as site:
        with pytest.raises(FormUnknown, match=r'form\.fields: the page has no control labelled "Organization"'):
            inprocess.run(site, one_file, {"form": {"fields": {"Organization": "Lodi Unified"}}})
        assert site.submissions == []


def test_star_is_never_sent_as_the_caaspp_that_replaced_it(
    tmp_path: Path, star_year: Path, inprocess: InProcess
) -> None:
    manifest = star_year
    with make_sandbox(tmp_path, "table") as site:
        summary = inprocess.run(site, manifest)
        held = [(s.filename, s.file_type, s.school_year) for s in site.submissions]
    assert held == [("SENR.txt", "SENR", "2012-13")]
    star = summary.files[1]
    assert star.status == "failed" and "the file type list has no option for STAR" in (star.error or "")


def test_a_redirect_to_plain_http_elsewhere_stops_before_the_password_leaves(
    tmp_path: Path, one_file: Path, inprocess: InProcess
) -> None:
    from bot.errors import InsecureSite

    with make_sandbox(tmp_path, "classic", "http-redirect") as site:
        with pytest.raises(InsecureSite, match=r"http://calpass-elsewhere\.test:\d+ over plain HTTP"):
            inprocess.run(site, one_file)
        # Playwright does not route a redirect's target, so the page itself may load from there;
        # the bot sees its address and types nothing into it, and no post ever reaches it.
        assert "calpass-elsewhere.test" not in site.state.post_hosts, "a form was posted to the other host"
        assert site.state.login_attempts == 0 and site.submissions == []


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[16:24]
    return int.from_bytes(head[:4], "big"), int.from_bytes(head[4:], "big")


def test_screenshots_stay_the_same_size_however_long_the_sites_list(
    tmp_path: Path, one_file: Path, inprocess: InProcess
) -> None:
    from bot.sandbox.server import Submission

    with make_sandbox(tmp_path, "classic") as site:
        # Four school years of a district's history: a list of 150 rows, a page some 7,000 px tall.
        site.state.submissions += [
            Submission(f"CPP-{n:06d}", DEMO_USERNAME, "SENR", "2017-18", f"OLD-{n}.txt", 1000 + n, "0" * 64, "", "")
            for n in range(150)
        ]
        summary = inprocess.run(site, one_file)
        assert_held_once(site, one_file)
    run = next(p for p in (tmp_path / "recordings-1").iterdir() if p.is_dir())
    (record,) = summary.files
    sizes = {name.split("-", 2)[-1]: _png_size(run / name) for name in record.screenshots}
    assert set(sizes) == {"filled.png", "result.png"}
    for name, (width, height) in sizes.items():
        assert width == 1280 and height <= 1800, f"{name} is {width}x{height}: a band, not the whole page"
    html = (run / "report.html").read_text()
    assert "data:image" not in html, "each picture is shown from its file, never copied into the page"


def test_last_years_file_of_the_same_name_and_size_is_not_this_years(
    tmp_path: Path, one_file: Path, inprocess: InProcess
) -> None:
    from bot.sandbox.server import Submission

    senr = one_file.parent / "extracts" / "SENR.txt"
    with make_sandbox(tmp_path, "classic") as site:
        # Last year's SENR.txt, of exactly this year's size: districts name each year's file alike.
        last_year = Submission(
            "CPP-2017-00001", DEMO_USERNAME, "SENR", "2017-18", "SENR.txt", senr.stat().st_size, "", "", ""
        )
        site.state.submissions.append(last_year)
        summary = inprocess.run(site, one_file)
        assert [(s.school_year, s.filename) for s in site.submissions] == [
            ("2017-18", "SENR.txt"),
            ("2018-19", "SENR.txt"),
        ]
    assert summary.files[0].status == "submitted"
    assert summary.duplicated_on_site == []


def test_the_live_line_tells_the_bytes_sent_when_the_page_shows_a_progress_bar(
    tmp_path: Path, one_file: Path, inprocess: InProcess
) -> None:
    said: list[str | None] = []
    size = (one_file.parent / "extracts" / "SENR.txt").stat().st_size
    with make_sandbox(tmp_path, "loader", "slow@1:3") as site:
        summary = inprocess.run(site, one_file, live=said.append)
        assert_held_once(site, one_file)
    assert summary.files[0].status == "submitted"
    lines = [line for line in said if line]
    assert any(f"of {size:,} bytes sent" in line for line in lines), lines[-3:]
    assert all(line.startswith("[1/1] SENR 2018-19") for line in lines)
    assert said[-1] is None, "the live line is put away after the upload"


@pytest.mark.e2e
def test_a_pages_question_is_read_with_its_spacing_collapsed(page: Page) -> None:
    from bot.site.scripts import ASKS_JS

    page.set_content(
        "<main><h1>  Data   Use\n  Agreement  </h1><p>Read the   agreement below, then accept it to go on.</p>"
        "<label><input type=checkbox> I   agree</label></main>"
    )
    asked = page.evaluate(ASKS_JS)
    assert asked["heading"] == "Data Use Agreement"
    assert asked["said"].startswith("Read the agreement below")
    assert asked["boxes"] == ["I agree"]
