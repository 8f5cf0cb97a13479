"""Accounting for every control of the File Submission page: pure decisions, no browser."""

from __future__ import annotations

import pytest

from bot.site.form.plan import Control, FormNotUnderstood, option_for_field, plan_form, survey
from bot.site.matching import Option
from bot.site.words import SiteWords

WORDS = SiteWords()


def select(index: int, name: str, *texts: str, value: str = "") -> Control:
    return Control(0, index, "select", name, value, tuple(Option(str(i), t) for i, t in enumerate(texts)))


TYPES = select(0, "Data Type", "(select)", "Student Enrollment", "Student Information", "Student Program")
YEARS = select(1, "Period", "(select)", "2024-2025", "2023-2024", "2022-2023")
FILE = Control(0, 2, "file", "")


def test_lists_are_known_by_their_words_or_by_what_they_hold() -> None:
    by_label = plan_form([select(0, "File Type:", "A", "B"), select(1, "School Year *", "x", "y"), FILE], WORDS, {})
    assert by_label.file_type is not None and by_label.year is not None and by_label.file_input == FILE
    by_content = plan_form([TYPES, YEARS, FILE], WORDS, {})
    assert (by_content.file_type, by_content.year) == (TYPES, YEARS)
    assert ("the file type list (its options are file types)") in {how for _, how in by_content.recognised}


def test_a_form_without_type_or_year_lists_skips_those_steps() -> None:
    plan = plan_form([FILE], WORDS, {})
    assert plan.file_type is None and plan.year is None


def test_an_unknown_list_stops_everything_naming_it_its_value_and_the_config_to_set() -> None:
    organization = select(3, "Organization", "Lincoln High School", "District Office", value="Lincoln High School")
    with pytest.raises(FormNotUnderstood) as stopped:
        plan_form([TYPES, YEARS, organization, FILE], WORDS, {})
    (problem,) = stopped.value.problems
    assert problem.startswith('the form has a list "Organization", now "Lincoln High School" (it offers "Lincoln')
    assert 'form: {fields: {"Organization": "<one of its options>"}}' in problem
    assert "words.ignore_controls" in problem


def test_a_configured_field_is_filled_and_a_missing_one_is_named() -> None:
    certify = Control(0, 4, "checkbox", "I certify that this data is accurate", "false")
    plan = plan_form([TYPES, YEARS, certify, FILE], WORDS, {"I certify that this data is accurate": True})
    assert plan.fields == ((certify, True),)
    _, problems = survey([TYPES, YEARS, FILE], WORDS, {"Organization": "District Office"})
    assert problems == ['form.fields: the page has no control labelled "Organization" (it has "Data Type", "Period")']


def test_searches_and_filters_of_the_list_are_not_part_of_the_upload() -> None:
    search = Control(0, 5, "search", "Search submissions")
    boxed = Control(0, 6, "text", "Find", search=True)
    show = select(7, "Show entries", "10", "25", "50")
    plan = plan_form([TYPES, YEARS, search, boxed, show, FILE], WORDS, {})
    assert plan.file_type == TYPES


def test_two_lists_that_could_be_the_year_list_are_a_question_not_a_guess() -> None:
    filter_without_words = select(8, "Received in", "2024-2025", "2023-2024")
    _, problems = survey([TYPES, YEARS, filter_without_words, FILE], WORDS, {})
    assert problems == [
        'two lists could be the year list: "Period" and "Received in"; put the right one\'s label first in '
        "words.academic_year_label"
    ]


def test_a_list_named_as_in_the_words_wins_over_one_known_by_its_options() -> None:
    named = select(9, "Academic Year", "2024-2025", "2023-2024")
    plan = plan_form([TYPES, YEARS, named, FILE], WORDS, {})
    assert plan.year == named


def test_a_configured_option_is_found_by_its_text_or_value() -> None:
    organization = select(3, "Organization", "Lincoln High School", "District Office")
    assert option_for_field(organization, "district office") == Option("1", "District Office")
    assert option_for_field(organization, "0") == Option("0", "Lincoln High School")
    assert option_for_field(organization, "Tokay High") is None


def test_a_control_is_described_in_the_words_a_coordinator_reads() -> None:
    assert Control(0, 1, "checkbox", "", "false").describe() == 'a check box with no label, now "false"'


def test_radio_buttons_are_one_question_named_by_their_legend() -> None:
    from bot.site.form.plan import radio_groups

    radios = [
        Control(0, 3, "radio", "SENR - Student Enrollment", "false", posted_as="FileType", group="File Type"),
        Control(0, 4, "radio", "SINF - Student Information", "true", posted_as="FileType", group="File Type"),
    ]
    (group,) = radio_groups(radios)
    assert (group.kind, group.name, group.value, group.members) == (
        "radiogroup",
        "File Type",
        "SINF - Student Information",
        (3, 4),
    )
    plan = plan_form([group, YEARS, FILE], WORDS, {})
    assert plan.file_type == group


@pytest.mark.parametrize(
    ("hint", "written"),
    [("YYYY-YY", "2023-24"), ("yyyy/yyyy", "2023/2024"), ("e.g. 2021-2022", "2023-2024"), (r"\d{4}-\d{2}", "2023-24")],
)
def test_a_year_box_is_written_as_the_page_says(hint: str, written: str) -> None:
    from bot.schoolyear import SchoolYear
    from bot.site.form.plan import write_year, year_format

    form = year_format(hint)
    assert form is not None and write_year(SchoolYear(2023), form) == written


@pytest.mark.parametrize("hint", ["YYYY", "e.g. 2024", r"\d{4}"])
def test_a_year_box_that_shows_one_year_only_stops_with_the_yaml_that_places_it(hint: str) -> None:
    year = Control(0, 1, "text", "Academic Year", hint=hint)
    with pytest.raises(FormNotUnderstood) as stopped:
        plan_form([TYPES, year, FILE], WORDS, {})
    (problem,) = stopped.value.problems
    assert 'form: {fields: {"Academic Year": "{school_year}"}}' in problem
    # And that YAML places it: a configured field is the config's, whatever it says.
    plan = plan_form([TYPES, year, FILE], WORDS, {"Academic Year": "{school_year}"})
    assert plan.fields == ((year, "{school_year}"),)


@pytest.mark.parametrize(
    ("name", "hint", "required", "left"),
    [
        ("Comments (optional)", "", False, True),
        ("Notes", "Optional", False, True),
        ("Comments (optional)", "", True, False),
        ("Comments", "", False, False),
    ],
)
def test_a_control_its_label_calls_optional_is_left_as_the_page_has_it(
    name: str, hint: str, required: bool, left: bool
) -> None:
    comments = Control(0, 3, "textarea", name, hint=hint, required=required)
    _, problems = survey([TYPES, YEARS, comments, FILE], WORDS, {})
    assert (problems == []) is left


def test_a_field_value_may_name_the_file() -> None:
    from bot.filetypes import FileType
    from bot.schoolyear import SchoolYear
    from bot.site.form.plan import field_value

    value = "{type} {type_name} {school_year} {school_year_long} {start_year} {end_year} {file_name} {other}"
    shown = field_value(value, FileType.SENR, SchoolYear(2023), "SENR.txt")
    assert shown == "SENR Student Enrollment 2023-24 2023-2024 2023 2024 SENR.txt {other}"
    assert field_value(True, FileType.SENR, SchoolYear(2023), "SENR.txt") is True


@pytest.mark.parametrize(
    ("said", "learned"),
    [
        ("Error: the Academic Year must be written as YYYY-YY.", "YYYY-YY"),
        ("2023-2024 is not a valid year. Enter it like 2023-24.", "YYYY-YY"),
        ("Invalid academic year (format: yyyy/yyyy)", "YYYY/YYYY"),
        ("Invalid academic year 2023-2024", None),
        ("The year must be YYYY.", None),
        ("The file was rejected: 12 records have errors.", None),
    ],
)
def test_a_refusal_that_states_the_years_format_is_learned_from(said: str, learned: str | None) -> None:
    from bot.site.form.plan import format_in_refusal, spoken_format

    form = format_in_refusal(said)
    assert (spoken_format(form) if form else None) == learned


@pytest.mark.parametrize(
    ("hint", "kind", "unclear"), [("", "text", False), ("YYYY", "text", True), ("", "number", True)]
)
def test_a_year_box_stating_nothing_is_written_whole_but_a_number_box_stops(
    hint: str, kind: str, unclear: bool
) -> None:
    from bot.site.form.plan import year_unclear

    box = Control(0, 1, kind, "Academic Year", hint=hint)
    assert year_unclear(box) is unclear
    _, problems = survey([TYPES, box, FILE], WORDS, {})
    assert bool(problems) is unclear


def test_a_year_list_of_single_years_stops_with_the_yaml_that_says_which_end_they_are() -> None:
    single = select(1, "Academic Year", "Select", "2025", "2024", "2023")
    with pytest.raises(FormNotUnderstood) as stopped:
        plan_form([TYPES, single, FILE], WORDS, {})
    (problem,) = stopped.value.problems
    assert "offers single years (2025, 2024, 2023, ...)" in problem
    assert 'form: {fields: {"Academic Year": "{start_year}"}}' in problem
    plan = plan_form([TYPES, single, FILE], WORDS, {"Academic Year": "{start_year}"})
    assert plan.fields == ((single, "{start_year}"),) and plan.year is None


def test_a_list_of_another_form_asking_the_same_question_is_not_the_uploads() -> None:
    # The census marks a control of another form than the file input's (a filter above the list).
    list_filter = Control(0, 0, "select", "Academic Year", options=YEARS.options, search=True)
    plan = plan_form([list_filter, TYPES, YEARS, FILE], WORDS, {})
    assert plan.year == YEARS
    assert (list_filter, "not part of the upload (a search, or a form of its own)") in plan.recognised


def test_a_category_list_is_chosen_by_each_files_category_and_never_guessed() -> None:
    from bot.filetypes import FileType
    from bot.schoolyear import SchoolYear
    from bot.site.form.plan import field_value

    category = select(3, "Data Category", "-- Select --", "CALPADS", "Test Vendor", "Legacy Cal-PASS Extract")
    plan = plan_form([category, TYPES, YEARS, FILE], WORDS, {})
    ((chosen, value),) = plan.fields
    assert chosen == category
    year = SchoolYear.parse("2023-24")
    picks = {
        t: option_for_field(category, field_value(value, t, year, "f.txt"))
        for t in (FileType.SINF, FileType.CAASPP, FileType.CALPASS)
    }
    assert {t.value: o.text if o else None for t, o in picks.items()} == {
        "SINF": "CALPADS",
        "CAASPP": "Test Vendor",
        "CALPASS": "Legacy Cal-PASS Extract",
    }
    # Two options of one category: the list is no category list the bot can place, and stops the run.
    twice = select(3, "Data Category", "CALPADS", "CALPADS ODS", "Assessment")
    with pytest.raises(FormNotUnderstood):
        plan_form([twice, TYPES, YEARS, FILE], WORDS, {})


def test_several_unknown_controls_read_as_a_short_list_and_one_yaml_line() -> None:
    start = Control(0, 5, "date", "Coverage Start Date")
    end = Control(0, 6, "date", "Coverage End Date")
    with pytest.raises(FormNotUnderstood) as stopped:
        plan_form([TYPES, YEARS, start, end, FILE], WORDS, {})
    problems = stopped.value.problems
    assert problems[:3] == [
        "the form has 2 controls the bot does not know:",
        '- a date box "Coverage Start Date"',
        '- a date box "Coverage End Date"',
    ]
    (advice,) = problems[3:]
    assert 'form: {fields: {"Coverage Start Date": "<the value>", "Coverage End Date": "<the value>"}}' in advice
    # The templates a value may use are listed once, not once per control.
    assert advice.count("{school_year_long}") == 1 and len(advice) < 400
