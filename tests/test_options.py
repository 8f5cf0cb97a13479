"""Which option a file gets, and what the form may post: the run's and --check-site's one set of rules,
decided without a browser. Option texts are as portals word them, not as the sandbox does."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.errors import FileRefused
from bot.filetypes import FileType
from bot.manifest import PlannedFile
from bot.schoolyear import SchoolYear
from bot.site.form.controls import asks_now, controls_from_rows
from bot.site.form.options import (
    Chosen,
    one_option,
    posted_problem,
    predict,
    predict_file,
    read_back_problem,
    type_wanted,
    year_wanted,
)
from bot.site.form.page import controls_focus
from bot.site.form.plan import Control, FormPlan
from bot.site.matching import Option
from bot.site.words import SiteWords

WORDS = SiteWords()
YEAR = SchoolYear(2023)


def planned(code: str = "SENR") -> PlannedFile:
    path = Path(f"/district/{code}.txt")
    return PlannedFile(1, FileType(code), path, path.name, YEAR, None)


def listing(name: str, *texts: str, kind: str = "select", hint: str = "", posted_as: str = "") -> Control:
    options = tuple(Option(f"v{i}", t) for i, t in enumerate(texts))
    return Control(0, 0, kind, name, "", options, hint=hint, posted_as=posted_as)


TYPES = listing("Data Type", "Choose...", "SENR - Student Enrollment", "SINF - Student Information")
YEARS = listing("Period", "2024-2025", "2023-2024", "2022-2023")


def test_each_file_gets_the_one_option_that_names_it() -> None:
    wanted = type_wanted(planned("SINF"), WORDS)
    assert one_option(TYPES, wanted, wanted.matching(list(TYPES.options))).text == "SINF - Student Information"
    years = year_wanted(YEAR)
    assert one_option(YEARS, years, years.matching(list(YEARS.options))).text == "2023-2024"


def test_no_option_or_two_options_for_a_file_stop_it_naming_what_the_list_offers() -> None:
    wanted = type_wanted(planned("STAS"), WORDS)
    with pytest.raises(FileRefused, match=r"no option for STAS \(it offers: Choose\.\.\., SENR - Student") as stopped:
        one_option(TYPES, wanted, wanted.matching(list(TYPES.options)))
    assert 'words: {file_type_options: {STAS: ["<that option>"]}}' in str(stopped.value)
    twice = listing("Year", "2023-24", "2023-2024 (corrected)", "2022-23")
    years = year_wanted(YEAR)
    with pytest.raises(FileRefused, match=r'several options for 2023-24 \("2023-24", "2023-2024 \(corrected\)"\)'):
        one_option(twice, years, years.matching(list(twice.options)))


def test_check_site_predicts_what_a_run_would_choose_typed_or_listed() -> None:
    plan = FormPlan(file_type=TYPES, year=listing("Academic Year", kind="text", hint="e.g. 2023-2024"))
    type_pick, year_pick = predict_file(planned("SENR"), plan, WORDS)
    assert (type_pick.said, type_pick.ok) == ('"SENR - Student Enrollment"', True)
    assert (year_pick.said, year_pick.ok) == ('typed as "2023-2024"', True)
    missing_type, no_year_list = predict_file(planned("SPRG"), FormPlan(file_type=TYPES), WORDS)
    assert (missing_type.said, missing_type.ok) == ("no option for SPRG", False)
    assert no_year_list.ok


def test_check_site_says_a_typeahead_is_typed_into_and_two_options_are_a_question() -> None:
    typeahead = replace(listing("File type", kind="combobox"), typable=True)
    assert predict(typeahead, type_wanted(planned("SELA"), WORDS), YEAR).said.startswith('typed: "SELA"')
    # A dropdown that shows nothing until clicked, and takes no typing, is opened instead.
    dropdown = listing("File type", kind="combobox")
    assert predict(dropdown, type_wanted(planned("SELA"), WORDS), YEAR).said.startswith("opened as a person opens")
    twice = listing("Year", "2023-24", "2023-2024 (corrected)")
    pick = predict(twice, year_wanted(YEAR), YEAR)
    assert not pick.ok and pick.said.startswith("several options for 2023-24")


def test_a_list_read_back_with_another_value_stops_the_file() -> None:
    chosen = Chosen(YEARS, Option("v1", "2023-2024"), "academic year")
    assert read_back_problem(chosen, "v1", "2023-2024") is None
    hidden = Chosen(Control(0, 0, "select", "Year", hidden=True), Option("v1", "2023-2024"), "academic year")
    said = read_back_problem(hidden, "v0", "2024-2025")
    assert (
        said
        == 'the academic year list "Year" (hidden) shows "2024-2025" after the bot chose "2023-2024"; nothing was sent'
    )


def test_what_the_form_would_post_must_be_what_was_chosen() -> None:
    types = listing("File type", "SENR", "SINF", posted_as="ddlType")
    chosen = [Chosen(types, Option("v1", "SINF"), "file type")]
    assert posted_problem([("ddlType", "v1")], chosen, WORDS) is None
    assert posted_problem([("ddlType", "v0")], chosen, WORDS) == (
        'the form would post ddlType="v0" for the file type after the bot chose "SINF"; nothing was sent'
    )


def test_a_field_named_for_the_type_or_year_must_mean_the_same_type_or_year() -> None:
    combobox = Control(0, 0, "combobox", "File type", widget="aria")
    chosen = [
        Chosen(combobox, Option("Student Information", "Student Information"), "file type"),
        Chosen(Control(0, 1, "combobox", "Year", widget="aria"), Option("2023-2024", "2023-2024"), "academic year"),
    ]
    # A script wrote the code and the short year into hidden inputs: the same meaning.
    assert posted_problem([("FileType", "SINF"), ("AcademicYear", "2023-24")], chosen, WORDS) is None
    # A bare 2023 may be the year's start or its end: not the same meaning.
    assert posted_problem([("FileType", "SINF"), ("AcademicYear", "2023")], chosen, WORDS) is not None
    wrong = posted_problem([("file_type", ""), ("AcademicYear", "2023-24")], chosen, WORDS)
    assert wrong is not None and wrong.startswith('the form would post nothing in its field "file_type"')
    other_year = posted_problem([("FileType", "SINF"), ("academicYear", "2022-23")], chosen, WORDS)
    assert other_year is not None and '"2022-23" in its field "academicYear"' in other_year


def test_the_census_reads_each_row_as_a_control() -> None:
    rows = [
        [0, "select", "File Type", "", [["", "Select"], ["SENR", "Enrollment"]], 0, 1, 0, "FileType", "", "", "", 0, 0],
        [1, "select", "Year", "", [["2023", "2023-24"]], 0, 0, 1, "Year", "", "", "", 2, 0],
        [0, "combobox", "Program", "", [], 0, 0, 0, "", "", "", "aria", -1, 1],
        [2, "radio", "SENR", "false", [], 0, 0, 0, "type", "File type", "", "label", -1, 0],
    ]
    first, second, typed, card = controls_from_rows(1, rows)
    assert first.frame == 1 and first.options[1] == Option("SENR", "Enrollment") and first.required
    assert second.hidden and second.file_row == 2 and second.posted_as == "Year"
    assert asks_now(first) and not asks_now(second)
    # How a person chooses in each, read from what the census saw.
    assert (first.choice, second.choice, typed.choice, card.choice) == ("list", "hidden_list", "typeahead", None)
    assert typed.widget == "aria" and card.widget == "label"


def test_the_filled_picture_frames_the_controls_set_unless_one_is_out_of_reach() -> None:
    file_input = Control(0, 4, "file", "File")
    assert controls_focus(FormPlan(file_type=TYPES, file_input=file_input)) is not None
    in_frame = Control(1, 0, "file", "File")
    assert controls_focus(FormPlan(file_type=TYPES, file_input=in_frame)) is None
    assert controls_focus(FormPlan()) is None


def test_one_list_naming_both_type_and_year_is_narrowed_by_the_files_year() -> None:
    both = listing(
        "Submission",
        "Choose",
        "2022-23 Student Enrollment (SENR)",
        "2023-24 Student Enrollment (SENR)",
        "2023-24 Student Information (SINF)",
    )
    type_pick, year_pick = predict_file(planned("SENR"), FormPlan(file_type=both), WORDS)
    assert (type_pick.said, type_pick.ok) == ('"2023-24 Student Enrollment (SENR)"', True)
    assert year_pick.ok, "no year list of its own"
    # With a year list of its own, the type list is not narrowed: two options for one type are a question.
    asked, _ = predict_file(planned("SENR"), FormPlan(file_type=both, year=YEARS), WORDS)
    assert not asked.ok and asked.said.startswith("several options for SENR")
