"""Whose proof the site's words are (issue 29): each case was seen on a page nobody here described.
The answers are typed as the sites wrote them, never made by the bot's own code."""

from __future__ import annotations

import pytest

from bot.filetypes import FileType
from bot.schoolyear import SchoolYear
from bot.site.evidence import Subject, file_names, read_words, row_held
from bot.site.history import Found, HistoryRow, Misplaced, NotHeld, Unsettled, find_file, rows_for

YEAR = SchoolYear.parse("2023-24")
SINF = Subject("3968585_SINF_2023.txt", 9_120, FileType.SINF, YEAR)
CAASPP = Subject(
    "39685850000000_CAASPP_Student_Score_Data_File_TestedStudentScoreData_2024_DLMTR.csv",
    22_243,
    FileType.CAASPP,
    YEAR,
)


def test_an_answer_naming_another_file_is_not_this_files() -> None:
    said = "3968585_SENR_2023.txt was submitted for processing. Confirmation number: CPP-48001"
    reading = read_words(said, SINF)
    assert reading.about == "another"
    assert "3968585_SENR_2023.txt" in reading.instead


def test_an_answer_naming_this_file_under_another_type_says_the_site_holds_it_wrongly() -> None:
    reading = read_words("Student Enrollment (SENR): 3968585_SINF_2023.txt was received for 2023-2024", SINF)
    assert (reading.about, reading.shown_type, reading.shown_year) == ("misplaced", FileType.SENR, YEAR)


def test_an_answer_naming_this_file_under_another_year_says_the_site_holds_it_wrongly() -> None:
    reading = read_words("3968585_SINF_2023.txt (SINF) was received for 2022-2023", SINF)
    assert (reading.about, reading.shown_year) == ("misplaced", SchoolYear.parse("2022-23"))


def test_an_answer_naming_this_file_its_type_year_and_size_is_proof_on_its_own() -> None:
    said = f"{CAASPP.filename} (CAASPP, 2023-2024, 22,243 bytes): confirmation number CPP-48004"
    reading = read_words(said, CAASPP)
    assert (reading.about, reading.whole) == ("this", True)


def test_an_answer_naming_no_file_at_all_is_not_refuted() -> None:
    reading = read_words("Your file was received successfully. Submission ID: CPP-2026-00001", SINF)
    assert (reading.about, reading.whole) == ("this", False)


def test_an_answer_of_another_size_is_another_files() -> None:
    assert read_words("3968585_SINF_2023.txt (40.1 KB) was received", SINF).about == "another"


def test_an_answer_naming_another_type_and_no_file_is_another_files() -> None:
    assert read_words("Student Enrollment file received for 2023-2024", SINF).about == "another"


def test_an_answer_naming_several_files_proves_none_of_them() -> None:
    said = "3968585_SENR_2023.txt and 3968585_SINF_2023.txt were submitted"
    assert read_words(said, SINF).about == "mixed"


def test_a_file_name_names_no_type_or_year_of_its_own() -> None:
    # "SINF" and "2023" inside the file name are part of its name, not a claim about the type.
    assert file_names("Received C:\\fakepath\\3968585_SINF_2023.txt today") == ["3968585_SINF_2023.txt"]
    assert read_words("3968585_SINF_2023.txt was received", SINF).about == "this"


@pytest.mark.parametrize(
    ("status", "held"),
    [
        ("Received", "held"),
        ("Submitted", "held"),
        ("Processing", "held"),
        ("Accepted", "held"),
        ("Loaded", "held"),
        ("Pending validation", "held"),
        ("Staged - not yet submitted", "not_sent"),
        ("Draft", "not_sent"),
        ("Rejected", "rejected"),
        ("Failed", "rejected"),
        ("Error", "rejected"),
        ("Uploading", "unknown"),
        ("On hold for review by the help desk", "unknown"),
        ("", "held"),
    ],
)
def test_a_rows_status_says_whether_the_site_holds_it(status: str, held: str) -> None:
    assert row_held(status) == held


def _look(rows: list[HistoryRow], reference: str | None = None) -> object:
    return find_file(
        rows,
        filename=SINF.filename,
        size=SINF.size,
        file_type=SINF.file_type,
        year=YEAR,
        reference=reference,
        before=[],
        named_before=0,
    )


def test_a_new_row_saying_not_yet_submitted_is_not_held() -> None:
    row = HistoryRow("3968585_SINF_2023.txt SINF 2023-24 9120 Staged - not yet submitted", status="Staged")
    found = _look([row])
    assert isinstance(found, NotHeld) and found.held == "not_sent"


def test_the_row_of_another_files_id_under_another_type_is_this_files_misfiling() -> None:
    row = HistoryRow("CPP-48001 SENR 2023-24 3968585_SINF_2023.txt 9120", sized=True, reference="CPP-48001")
    found = _look([row], reference="CPP-48001")
    assert isinstance(found, Misplaced) and found.shown == "SENR 2023-24"


def test_a_row_of_this_name_under_another_type_is_never_found_as_this_file() -> None:
    row = HistoryRow("CPP-48001 SENR 2023-24 3968585_SINF_2023.txt 9120", sized=True, reference="CPP-48001")
    assert rows_for([row], SINF.filename, SINF.size, YEAR, FileType.SINF) == []
    assert isinstance(_look([row]), Misplaced)


def test_a_row_whose_status_cannot_be_placed_is_a_doubt() -> None:
    row = HistoryRow("CPP-1 SINF 2023-24 3968585_SINF_2023.txt 9120 On hold", sized=True, status="On hold")
    found = _look([row], reference="CPP-1")
    assert isinstance(found, NotHeld) and found.held == "unknown"
    assert not isinstance(found, (Found, Unsettled))
