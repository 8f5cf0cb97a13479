"""Reading the form by what each control means, through any widget and any number of steps (issue
19), in a real browser against sandbox designs no default word was written for: a config holding
only the site's address. What the sandbox stored decides each test: bytes, type and year."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import InProcess, assert_held_once, make_sandbox


@pytest.mark.e2e
@pytest.mark.parametrize(
    "variant",
    [
        "radio",
        "combobox",
        "typedyear",
        "twostep",
        "filerows",
        "dialogform",
        "typeahead",
        "helptext",
        "yearradio",
        "cards",
        "shortnames",
        "review",
        "newsubmission",
        "lazylist",
        "filterform",
        "dependent",
        "combined",
    ],
)
def test_each_file_is_sent_with_its_own_type_and_year_through_any_widget(
    variant: str, tmp_path: Path, two_files: Path, inprocess: InProcess
) -> None:
    with make_sandbox(tmp_path, variant) as site:
        summary = inprocess.run(site, two_files)
        assert_held_once(site, two_files)
    assert [f.status for f in summary.files] == ["submitted", "submitted"]


@pytest.mark.e2e
def test_every_step_of_a_two_step_form_is_pictured(tmp_path: Path, two_files: Path, inprocess: InProcess) -> None:
    with make_sandbox(tmp_path, "twostep") as site:
        summary = inprocess.run(site, two_files)
    run = next(p for p in (tmp_path / "recordings-1").iterdir() if p.is_dir())
    for record in summary.files:
        # Each file's own picture of its second step, listed with the file in the report.
        (step,) = [name for name in record.screenshots if name.endswith("-step-2.png")]
        assert f"-{record.type}-step-2" in step and (run / step).is_file()


@pytest.mark.e2e
def test_a_per_file_template_in_form_fields_places_a_year_box(
    tmp_path: Path, two_files: Path, inprocess: InProcess
) -> None:
    config = {"form": {"fields": {"Academic Year": "{school_year}"}}}
    with make_sandbox(tmp_path, "typedyear") as site:
        summary = inprocess.run(site, two_files, config)
        assert_held_once(site, two_files)
    assert [f.status for f in summary.files] == ["submitted", "submitted"]


@pytest.mark.e2e
def test_a_year_box_that_states_its_format_only_when_refusing_is_learned_from_the_refusal(
    tmp_path: Path, two_files: Path, inprocess: InProcess
) -> None:
    with make_sandbox(tmp_path, "yearmessage") as site:
        summary = inprocess.run(site, two_files)
        assert_held_once(site, two_files)
        assert site.state.uploads == 3, "one refused try, with nothing stored, then each file once"
    first, second = summary.files
    assert (first.status, first.attempts, second.attempts) == ("submitted", 2, 1)
    assert any("YYYY-YY" in note for note in first.notes)


@pytest.mark.e2e
def test_a_page_to_accept_stops_before_any_file_and_the_named_key_lets_the_run_go_on(
    tmp_path: Path, two_files: Path, inprocess: InProcess
) -> None:
    from bot.errors import PageNotPlaced

    with make_sandbox(tmp_path, "terms") as site:
        with pytest.raises(PageNotPlaced) as stopped:
            inprocess.run(site, two_files)
        assert site.state.uploads == 0 and site.state.accepted_terms == set(), "nothing accepted, nothing sent"
        said = str(stopped.value)
        assert '"Data Use Agreement"' in said and 'a box "I have read and accept the data use agreement"' in said
        yaml = 'pages: {accept: ["Data Use Agreement"]}'
        assert yaml in said
        summary = inprocess.run(site, two_files, {"pages": {"accept": ["Data Use Agreement"]}})
        assert_held_once(site, two_files)
    assert [f.status for f in summary.files] == ["submitted", "submitted"]


@pytest.mark.e2e
def test_a_page_asking_for_a_choice_stops_and_the_named_choice_lets_the_run_go_on(
    tmp_path: Path, two_files: Path, inprocess: InProcess
) -> None:
    from bot.errors import PageNotPlaced

    with make_sandbox(tmp_path, "orgchoice") as site:
        with pytest.raises(PageNotPlaced, match=r'pages: \{choose: \{"Organization": "<the option>"\}\}'):
            inprocess.run(site, two_files)
        assert site.state.uploads == 0 and site.state.accepted_terms == set()
        config = {"pages": {"choose": {"Organization": "Lodi Unified - District Office"}}}
        summary = inprocess.run(site, two_files, config)
        assert_held_once(site, two_files)
    assert [f.status for f in summary.files] == ["submitted", "submitted"]


@pytest.mark.e2e
def test_a_list_the_page_loads_after_it_shows_is_waited_for_and_a_lost_ledger_sends_nothing_twice(
    tmp_path: Path, two_files: Path, inprocess: InProcess
) -> None:
    with make_sandbox(tmp_path, "lazylist") as site:
        first = inprocess.run(site, two_files, out=tmp_path / "first")
        # Another folder: no ledger. Only the site's list, loaded by a script after the page, knows.
        again = inprocess.run(site, two_files, out=tmp_path / "elsewhere")
        assert_held_once(site, two_files)
    assert [f.evidence for f in first.files] == ["the site's words and its list"] * 2
    assert [f.status for f in again.files] == ["already_submitted", "already_submitted"]


@pytest.mark.e2e
def test_a_file_type_asked_with_a_control_the_bot_cannot_read_stops_before_any_file(
    tmp_path: Path, two_files: Path, inprocess: InProcess
) -> None:
    from bot.errors import FormUnknown

    with make_sandbox(tmp_path, "divdropdown") as site:
        with pytest.raises(FormUnknown) as stopped:
            inprocess.run(site, two_files)
        assert site.state.uploads == 0, "nothing sent without its type"
    assert 'asks for the file type ("File Type") with a control the bot cannot read' in str(stopped.value)


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("variant", "unlocking", "yaml"),
    [
        ("terms", {"accept": ["Data Use Agreement"]}, 'pages: {accept: ["Data Use Agreement"]}'),
        ("orgchoice", {"choose": {"Organization": "Lodi Unified - District Office"}}, "pages: {choose:"),
    ],
)
def test_check_site_goes_the_runs_way_past_a_page_on_the_way(
    variant: str, unlocking: dict[str, Any], yaml: str, tmp_path: Path, inprocess: InProcess
) -> None:
    from bot.errors import PageNotPlaced

    with make_sandbox(tmp_path, variant) as site:
        # Without the YAML: the page to accept is named, never a missing File Submission heading.
        with pytest.raises(PageNotPlaced) as stopped:
            inprocess.check(site)
        assert yaml in str(stopped.value)
        result = inprocess.check(site, {"pages": unlocking})
        assert site.state.uploads == 0, "--check-site sends nothing"
    statuses = {check.element: check.status for check in result.checks}
    assert statuses["File Submission heading"] == "found", statuses


@pytest.mark.e2e
def test_a_warning_that_the_session_will_end_is_answered_by_keeping_it(
    tmp_path: Path, two_files: Path, inprocess: InProcess
) -> None:
    # The warning's overlay covers the form a moment after each load: every click waits behind it.
    with make_sandbox(tmp_path, "sessionwarning") as site:
        summary = inprocess.run(site, two_files)
        assert_held_once(site, two_files)
    assert [f.status for f in summary.files] == ["submitted", "submitted"]
    run = next(p for p in (tmp_path / "recordings-1").iterdir() if p.is_dir())
    events = (run / "events.jsonl").read_text()
    assert '"session-kept"' in events and "Stay signed in" in events, "kept, pictured and logged"
    assert any(p.name.endswith("session-warning.png") for p in run.iterdir())
