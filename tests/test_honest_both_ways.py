"""Honest both ways (issue 24), in a real browser against the sandbox: a file the site holds is never
called refused, and a file is never sent with its type or year left unset. What the sandbox stored
decides each test, and the requests it counted."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from bot.ledger import Ledger
from tests.conftest import InProcess, assert_held_once, make_sandbox

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("variant", ["alertbox", "renaming"])
def test_a_success_in_an_alert_box_in_unknown_words_is_settled_by_the_list(
    variant: str, tmp_path: Path, two_files: Path, inprocess: InProcess
) -> None:
    out = tmp_path / "out"
    with make_sandbox(tmp_path, variant) as site:
        summary = inprocess.run(site, two_files, out=out)
        assert_held_once(site, two_files)
        ids = [s.id for s in site.submissions]
        sent = site.state.uploads
        again = inprocess.run(site, two_files, out=out)
        assert site.state.uploads == sent, "a rerun sends nothing"
    assert [f.status for f in summary.files] == ["submitted", "submitted"]
    assert [f.submission_id for f in summary.files] == ids
    assert all("list" in (f.evidence or "") for f in summary.files)
    assert all(f.matched_row and ids[n] in f.matched_row for n, f in enumerate(summary.files))
    assert {e.state for e in Ledger(out).read().values()} == {"submitted"}
    assert [f.status for f in again.files] == ["already_submitted", "already_submitted"]


def test_a_renamed_file_listed_in_kb_is_found_by_its_new_row_when_the_answer_is_lost(
    tmp_path: Path, two_files: Path, inprocess: InProcess
) -> None:
    # The answer to the first upload is cut off: no words, no id. Only the list can settle it, and
    # the list shows neither the file's own name nor its size in bytes.
    with make_sandbox(tmp_path, "renaming", "drop@1") as site:
        summary = inprocess.run(site, two_files)
        assert_held_once(site, two_files)
    first = summary.files[0]
    assert first.status == "submitted" and first.attempts == 1
    assert first.evidence == "the site's list"
    assert first.matched_row and "KB" in first.matched_row and "Student Enrollment" in first.matched_row
    assert "type, year and size" in (first.matched_by or "")
    run = next(p for p in (tmp_path / "recordings-1").iterdir() if p.is_dir())
    assert "Row matched" in (run / "report.html").read_text(), "the report shows the row and why"


def test_lists_hidden_behind_custom_dropdowns_are_set_through_the_dropdowns(
    tmp_path: Path, two_files: Path, inprocess: InProcess
) -> None:
    with make_sandbox(tmp_path, "dropdown") as site:
        summary = inprocess.run(site, two_files)
        assert_held_once(site, two_files)
    assert [f.status for f in summary.files] == ["submitted", "submitted"]


def test_a_dropdown_that_never_sets_its_hidden_list_stops_the_file_before_any_upload(
    tmp_path: Path, two_files: Path, inprocess: InProcess
) -> None:
    out = tmp_path / "out"
    with make_sandbox(tmp_path, "dropdown", drift={"inert-dropdown"}) as site:
        summary = inprocess.run(site, two_files, out=out)
        assert site.state.uploads == 0, "no upload request may leave with the type or year unset"
    assert [f.status for f in summary.files] == ["failed", "failed"]
    error = summary.files[0].error or ""
    assert 'the file type list "File Type" (hidden)' in error and "nothing was sent" in error
    assert {e.state for e in Ledger(out).read().values()} == set(), "nothing was ever about to be sent"


_HIDDEN_FIELD_FORM = """
<h1>File Submission</h1>
<form method="post" action="/upload" enctype="multipart/form-data">
  <label for="t">File Type</label>
  <select id="t"><option value="">Choose</option><option value="SENR">SENR - Student Enrollment</option></select>
  <input type="hidden" name="FileType" value="">
  <label for="y">Academic Year</label>
  <select id="y" name="AcademicYear"><option value="">Choose</option><option>2018-2019</option></select>
  <input type="file" name="File">
  <input type="submit" value="Upload">
</form>
"""


def test_a_form_that_would_post_an_empty_type_field_is_never_sent(page: Page, one_file: Path) -> None:
    # The visible list has no name; the field the site reads is a hidden input a broken script never
    # fills. Only reading what the form will post shows it.
    from bot.errors import FileRefused
    from bot.manifest import load_manifest
    from bot.site.form.page import FileSubmissionPage
    from bot.site.words import SiteWords

    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if r.method == "POST" else None)
    page.set_content(_HIDDEN_FIELD_FORM)
    form = FileSubmissionPage(page, SiteWords(), 2000)
    (planned,) = load_manifest(one_file).files
    with pytest.raises(FileRefused, match=r'would post nothing in its field "FileType" for the file type'):
        form.fill(planned)
    assert requests == []
