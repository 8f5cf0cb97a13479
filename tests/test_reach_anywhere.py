"""Wherever the form is and whatever draws its lists (issue 31): designs no default word was written
for, in a real browser, with a config holding only the site's address. Each file must be on the
sandbox once, with its own bytes, type and year; each run must end with every file submitted."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import InProcess, assert_held_once, make_sandbox

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    "variant",
    [
        # The form is a dialog on the dashboard; after each send the dashboard shows with it closed.
        "dialogpage",
        # A Data Category list first; the File Type list fills with that category's types.
        "category",
        # No file input until "+ Add a file" adds a row of file and File Type; one School Year.
        "addrow",
        # Both lists hidden behind Select2 dropdowns, their options drawn at the end of the body.
        "select2",
        # Upload Data opens the form in a new tab (target=_blank); the first tab stays on the home page.
        "newtab",
        # The form in a same-origin iframe; the heading and the list are outside it.
        "framedform",
        # The form inside a web component's open shadow root (<cpp-file-upload>), posting normally.
        "shadowform",
        # Dropdowns as two UI toolkits draw them, with no native list: a div combobox opened on
        # mousedown, its menu over a backdrop (Material UI); a readonly search input that never shows
        # the choice, its options plain divs in a dropdown at the end of the body (Ant Design).
        "muiselect",
        "antselect",
        # A single-page app: hash routes, a toast, and the list shown from a cache, then fetched again
        # (slowly) after every load and every send.
        "spa",
        # The form and the list both inside a same-origin iframe; only the heading outside it.
        "framedlist",
    ],
)
def test_every_file_goes_from_a_form_as_fresh_as_the_first(
    variant: str, tmp_path: Path, three_files: Path, inprocess: InProcess
) -> None:
    with make_sandbox(tmp_path, variant) as site:
        summary = inprocess.run(site, three_files)
        assert_held_once(site, three_files)
    assert [f.status for f in summary.files] == ["submitted"] * 3


@pytest.mark.parametrize("variant", ["newtab", "dialogpage"])
def test_check_site_goes_the_runs_way_to_a_form_in_a_new_tab_or_a_dialog(
    variant: str, tmp_path: Path, inprocess: InProcess
) -> None:
    with make_sandbox(tmp_path, variant) as site:
        result = inprocess.check(site)
        assert site.state.uploads == 0
    heading = next(c for c in result.checks if c.key == "file_submission_heading")
    assert heading.status == "found", heading.note


def test_a_dialog_the_bot_cannot_place_stops_the_run_until_the_district_names_it(
    tmp_path: Path, three_files: Path, inprocess: InProcess
) -> None:
    from bot.errors import DialogInTheWay

    # After the first file, a notice of maintenance covers every new load of the form.
    with make_sandbox(tmp_path, "notice") as site:
        with pytest.raises(DialogInTheWay) as stopped:
            inprocess.run(site, three_files)
        assert len(site.submissions) == 1, "nothing sent once the notice showed"
    said = str(stopped.value)
    assert "Uploads are paused from 6:00 PM tonight" in said
    assert 'pages: {dismiss: ["Scheduled maintenance"]}' in said

    # With the notice named, the bot closes it each time, pictured, and sends the rest once.
    with make_sandbox(tmp_path / "again", "notice") as site:
        summary = inprocess.run(site, three_files, {"pages": {"dismiss": ["Scheduled maintenance"]}})
        assert_held_once(site, three_files)
    assert [f.status for f in summary.files] == ["submitted"] * 3
    run = next(p for p in (tmp_path / "recordings-2").iterdir() if p.is_dir())
    assert '"dialog-closed"' in (run / "events.jsonl").read_text()
