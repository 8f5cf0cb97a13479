"""How the bot reads option lists and messages it has never seen."""

import pytest

from bot.filetypes import FileType
from bot.schoolyear import SchoolYear
from bot.site.matching import Option, any_word, options_for_year, pick_file_type, whole_name
from bot.site.words import SiteWords


def options(*texts: str, values: list[str] | None = None) -> list[Option]:
    return [Option(value=(values[i] if values else str(i)), text=t) for i, t in enumerate(texts)]


@pytest.mark.parametrize(
    "texts",
    [
        ("-- Select --", "SINF - Student Information", "SENR - Student Enrollment"),
        ("SINF", "SENR"),
        ("SENR: Student Enrollment", "SINF: Student Information"),
        ("Student Information (SINF)", "Student Enrollment (SENR)"),
        ("senr \u2013 student enrollment",),
    ],
)
def test_file_type_option_is_found_by_its_code(texts: tuple[str, ...]) -> None:
    chosen = pick_file_type(options(*texts), FileType.SENR)
    assert chosen is not None and "senr" in chosen.text.lower()


def test_file_type_option_by_value() -> None:
    chosen = pick_file_type(options("Enrollment", "Information", values=["SENR", "SINF"]), FileType.SINF)
    assert chosen == Option("SINF", "Information")


def test_an_ods_option_is_never_taken_for_the_submission_type() -> None:
    assert pick_file_type(options("SENR-R ODS extract"), FileType.SENR) is None


def test_a_code_named_by_two_options_is_ambiguous() -> None:
    assert pick_file_type(options("Old format (SENR)", "New format (SENR)"), FileType.SENR) is None


def test_legacy_extract_found_by_its_alias() -> None:
    words = SiteWords()
    chosen = pick_file_type(
        options("SENR - Student Enrollment", "Cal-PASS Extract (before 2011-12)"),
        FileType.CALPASS,
        words.file_type_options["CALPASS"],
    )
    assert chosen is not None and chosen.text.startswith("Cal-PASS")


@pytest.mark.parametrize("shown", ["2023-24", "2023-2024", "2023\u20132024", "2023/24"])
def test_school_year_option_in_any_form(shown: str) -> None:
    chosen = only_year(options("2024-25", shown, "2022-23"), SchoolYear(2023))
    assert chosen is not None and chosen.text == shown


def test_school_year_option_by_value() -> None:
    chosen = only_year(options("Current", "Last", values=["2024-2025", "2023-2024"]), SchoolYear(2023))
    assert chosen == Option("2023-2024", "Last")


def test_missing_school_year_option() -> None:
    assert only_year(options("2024-25"), SchoolYear(2003)) is None


def test_submit_word_does_not_match_the_upload_data_button() -> None:
    upload = whole_name(["Upload", "Submit"])
    assert upload.match("Upload")
    assert upload.match("  submit ")
    assert not upload.match("Upload Data")


def test_labels_may_end_with_a_colon_or_required_star() -> None:
    label = whole_name(["User Name"])
    assert label.match("User Name:")
    assert label.match("User  Name *")
    assert not label.match("User Name Reminder")


def test_words_match_whole_words_only() -> None:
    assert not any_word(["error"]).search("errors.txt was received")
    assert any_word(["could not"]).search("It could  not be read")


@pytest.mark.parametrize(
    ("texts", "file_type", "chosen"),
    [
        # A mention in passing is not a match.
        (("CAASPP - Student Score Data File (replaces STAR)", "SENR - Student Enrollment"), FileType.STAR, None),
        (("CAASPP - Student Score Data File (replaces STAR)",), FileType.CAASPP, 0),
        (("Formerly STAR: CAASPP results",), FileType.STAR, None),
        # Long names only, as the CALPADS File Specification writes them.
        (("Student Enrollment", "Student Information", "Student Course Section Completion"), FileType.SENR, 0),
        (("Course Section Completion", "Student Course Section Completion"), FileType.CRSC, 0),
        (("Course Section Completion", "Student Course Section Completion"), FileType.SCSC, 1),
        (("Student Career Technical Education",), FileType.SCTE, 0),
        (("Smarter Balanced (CAASPP)",), FileType.CAASPP, 0),
        (("California High School Exit Examination",), FileType.CAHSEE, 0),
        (("Standardized Testing and Reporting (STAR)",), FileType.STAR, 0),
        # Names of other types never stand in.
        (("Student Information",), FileType.SENR, None),
    ],
)
def test_an_option_is_chosen_only_when_it_names_the_type(
    texts: tuple[str, ...], file_type: FileType, chosen: int | None
) -> None:
    found = pick_file_type(options(*texts), file_type)
    assert found == (None if chosen is None else options(*texts)[chosen])


@pytest.mark.parametrize(
    ("posted", "chosen", "what", "same"),
    [
        ("SENR", Option("SENR - Student Enrollment", "SENR - Student Enrollment"), "file type", True),
        ("SINF", Option("SENR - Student Enrollment", "SENR - Student Enrollment"), "file type", False),
        ("", Option("SENR", "SENR"), "file type", False),
        ("2018-19", Option("2018-2019", "2018-2019"), "academic year", True),
        ("2019-20", Option("2018-2019", "2018-2019"), "academic year", False),
        ("x", Option("x", "x"), "form.fields", False),
    ],
)
def test_a_value_a_script_posted_means_what_the_bot_chose_or_stops_the_file(
    posted: str, chosen: Option, what: str, same: bool
) -> None:
    from bot.site.form.options import same_meaning

    assert same_meaning(posted, chosen, what) is same


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ("SENR", "CALPADS SENR"),
        ("SENR", "CALPADS Student Enrollment"),
        ("SENR", "Student Enrollment Record"),
        ("SINF", "Student Information Data File"),
        ("CAASPP", "Test Results - CAASPP"),
        ("SDIS", "CALPADS - SDIS"),
    ],
)
def test_a_type_named_at_the_end_or_with_a_generic_word_is_found(code: str, shown: str) -> None:
    others = ["-- Select --", "Student Program (SPRG)", "STAR Test Results"]
    assert pick_file_type(options(*others, shown), FileType(code)) == Option(str(len(others)), shown)


@pytest.mark.parametrize("shown", ["CAASPP (replaces STAR)", "Student Enrollment Summary Report", "Not SENR"])
def test_a_type_mentioned_in_passing_is_not_its_option(shown: str) -> None:
    code = "SENR" if "STAR" not in shown else "STAR"
    assert pick_file_type(options(shown), FileType(code)) is None


@pytest.mark.parametrize("shown", ["23-24", "SY23-24", "SY 23-24", "2023-24 (current)"])
def test_a_year_option_in_two_digit_form_is_found(shown: str) -> None:
    chosen = only_year(options("24-25", shown, "22-23"), SchoolYear(2023))
    assert chosen is not None and chosen.text == shown


@pytest.mark.parametrize("shown", ["10-23-24", "Grade 11-12", "Fall 2023", "2023"])
def test_a_date_or_a_lone_year_is_no_school_year(shown: str) -> None:
    assert only_year(options(shown), SchoolYear(2023)) is None


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ("SENR", "Enrollment"),
        ("SDIS", "Discipline"),
        ("STAS", "Absence Summary"),
        ("CAASPP", "Student Score Data File"),
    ],
)
def test_an_official_name_without_student_names_its_type_when_no_other_type_is_so_called(code: str, shown: str) -> None:
    assert pick_file_type(options("Select", shown, "Program"), FileType(code)) == Option("1", shown)


def test_a_short_name_two_types_share_names_neither_but_the_type_whose_full_name_it_is() -> None:
    listed = options("Course Section Completion", "Student Course Section Completion")
    assert pick_file_type(listed, FileType.CRSC) == Option("0", "Course Section Completion")
    assert pick_file_type(listed, FileType.SCSC) == Option("1", "Student Course Section Completion")


def only_year(offered: list[Option], year: SchoolYear) -> Option | None:
    """The option for the year, which must be the only one: the run never picks among several."""
    found = options_for_year(offered, year)
    assert len(found) <= 1, found
    return found[0] if found else None
