"""What the site made of a file, read from its list: the words of a Status column, and which row is
the file's. Pure logic, no browser."""

from __future__ import annotations

import pytest

from bot.filetypes import FileType
from bot.schoolyear import SchoolYear
from bot.site.evidence import Subject
from bot.site.history import HistoryRow
from bot.verdicts import answer_verdict, judge, said_verdict, verdict_of

Y2324 = SchoolYear.parse("2023-24")
SENR = Subject("SENR.txt", 2048, FileType.SENR, Y2324)


@pytest.mark.parametrize(
    ("words", "verdict"),
    [
        ("Accepted", "accepted"),
        ("Loaded", "accepted"),
        ("Processing complete", "unknown"),
        ("Processed", "accepted"),
        ("Received - Accepted", "accepted"),
        ("Pending validation", "pending"),
        ("Received", "pending"),
        ("Validating", "pending"),
        ("Queued", "pending"),
        ("Rejected: Record 3: the SSID (field 8) is not ten digits Error report", "rejected"),
        ("Failed validation", "rejected"),
        ("Submitted - Failed validation", "rejected"),
        ("Not accepted", "rejected"),
        ("Processed with errors", "unknown"),
        ("Pending - errors found", "unknown"),
        ("", "unknown"),
        ("On hold", "unknown"),
    ],
)
def test_status_words_give_a_verdict_only_when_they_say_one_thing(words: str, verdict: str) -> None:
    assert verdict_of(words) == verdict


def test_at_send_time_only_words_beyond_arrival_are_a_verdict() -> None:
    assert said_verdict("Received") is None
    assert said_verdict("Pending validation") == "pending"
    assert said_verdict("Rejected") == "rejected"
    # An upload's own success words are not the site's judgement of the data.
    assert answer_verdict("Your file was received successfully. Submission ID: CPP-1") is None
    assert answer_verdict("File received. Status: Pending validation. Submission ID: CPP-1") == "pending"


def row(text: str, status: str, reference: str | None = None, *, paged: bool = False) -> HistoryRow:
    return HistoryRow(f"{text} {status}", sized=True, reference=reference, status=status, paged=paged)


def test_the_id_from_the_ledger_picks_the_row_before_anything_else() -> None:
    rows = [
        row("CPP-2 SENR 2023-24 SENR.txt 2048", "Accepted", "CPP-2"),
        row("CPP-1 SENR 2023-24 SENR.txt 2048", "Rejected: bad SSID", "CPP-1"),
    ]
    judged = judge(rows, SENR, reference="CPP-1", sent=True)
    assert judged.verdict == "rejected"
    assert judged.why == "Rejected: bad SSID"
    assert judged.row is rows[1]


def test_a_row_of_its_type_year_and_size_is_the_file_on_a_site_that_names_no_file() -> None:
    rows = [row("Student Enrollment 2023-2024 2.0 KB", "Pending validation")]
    assert judge(rows, SENR, reference=None, sent=True).verdict == "pending"


def test_a_name_the_site_made_up_is_the_file_by_its_id_only() -> None:
    rows = [row("SENR_2023-2024_CPP-9.txt Student Enrollment 2023-2024 2.0 KB", "Accepted")]
    assert judge(rows, SENR, reference="CPP-9", sent=True).verdict == "accepted"
    # Without the id, another file's name is never this file's row.
    assert judge(rows, SENR, reference=None, sent=True).verdict == "not_found"


def test_last_years_file_of_the_same_name_is_not_this_one() -> None:
    rows = [row("CPP-1 SENR 2022-23 SENR.txt 2048", "Accepted", "CPP-1")]
    judged = judge(rows, SENR, reference=None, sent=True)
    assert judged.verdict == "not_found"
    assert judge(rows, SENR, reference=None, sent=False).verdict == "not_sent"


def test_its_id_under_another_year_is_stored_wrongly() -> None:
    rows = [row("CPP-1 SENR 2022-23 SENR.txt 2048", "Accepted", "CPP-1")]
    assert judge(rows, SENR, reference="CPP-1", sent=True).verdict == "stored_wrongly"


def test_rows_of_it_that_disagree_or_words_unplaced_are_unknown_never_a_verdict() -> None:
    twice = [row("SENR 2023-24 SENR.txt 2048", "Accepted"), row("SENR 2023-24 SENR.txt 2048", "Rejected")]
    assert judge(twice, SENR, reference=None, sent=True).verdict == "unknown"
    odd = [row("SENR 2023-24 SENR.txt 2048", "Frobnicated")]
    assert judge(odd, SENR, reference=None, sent=True).verdict == "unknown"
    bare = [HistoryRow("SENR 2023-24 SENR.txt 2048", sized=True)]
    assert "no status" in judge(bare, SENR, reference=None, sent=True).why


def test_a_list_over_pages_proves_nothing_absent() -> None:
    rows = [row("CPP-5 SINF 2023-24 SINF.txt 99", "Accepted", "CPP-5", paged=True)]
    assert judge(rows, SENR, reference=None, sent=True).verdict == "unknown"


def test_two_rows_of_its_type_year_and_size_naming_no_file_are_not_picked_between() -> None:
    rows = [row("Student Enrollment 2023-24 2.0 KB", "Accepted"), row("Student Enrollment 2023-24 2.0 KB", "Rejected")]
    assert judge(rows, SENR, reference=None, sent=True).verdict == "unknown"
