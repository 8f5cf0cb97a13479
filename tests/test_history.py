"""Finding a file in the site's list even when the site renames it or shows its size in KB."""

from __future__ import annotations

import pytest

from bot.filetypes import FileType
from bot.schoolyear import SchoolYear
from bot.site.evidence import types_named
from bot.site.history import Finding, Found, HistoryRow, Unsettled, find_file, shows_this_size

YEAR = SchoolYear.parse("2023-24")
BEFORE = [HistoryRow("SINF_2022-2023_CPP-47000.txt Student Information 2022-2023 12.0 KB")]


def look(rows: list[HistoryRow], **given: object) -> Finding:
    args: dict[str, object] = {
        "filename": "SENR.txt",
        "size": 28_954,
        "file_type": FileType.SENR,
        "year": YEAR,
        "before": BEFORE,
        "named_before": 0,
    } | given
    return find_file(rows, **args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("shown", "size", "agrees"),
    [
        ("28.3 KB", 28_954, True),  # 28,954 / 1024 = 28.28: rounded
        ("29.0 KB", 28_954, True),  # / 1000 = 28.95: rounded
        ("28 KB", 28_954, True),  # cut
        ("27.9 KB", 28_954, False),
        ("1.2 MB", 1_250_000, True),
        ("1.3 MB", 1_250_000, True),  # / 1000² = 1.25, raised
        ("1.5 MB", 1_250_000, False),
        ("28,954 bytes", 28_954, True),
        ("28,955 bytes", 28_954, False),
        ("0.03 MB", 28_954, True),
    ],
)
def test_a_size_is_recognised_in_any_unit_with_the_sites_rounding(shown: str, size: int, agrees: bool) -> None:
    assert shows_this_size(HistoryRow(f"SENR.txt {shown}"), size) is agrees


def test_a_row_without_a_size_neither_agrees_nor_disagrees() -> None:
    assert shows_this_size(HistoryRow("SENR.txt 2023-24 CPP-1"), 100) is None


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("Student Course Section Completion", {FileType.SCSC}),
        ("Course Section Completion", {FileType.CRSC}),
        ("SENR_2023-2024_CPP-48001.txt", {FileType.SENR}),
        ("Student Enrollment (SENR)", {FileType.SENR}),
        ("Student Score Data File (CAASPP)", {FileType.CAASPP}),
        ("CPP-48001 2023-2024 Pending", set()),
    ],
)
def test_a_row_names_its_type_by_code_or_official_name(text: str, types: set[FileType]) -> None:
    assert types_named(text) == types


def test_the_id_from_the_answer_settles_it_first() -> None:
    rows = [HistoryRow("SENR_2023-2024_CPP-48001.txt Student Enrollment 2023-2024 28.3 KB"), *BEFORE]
    found = look(rows, reference="CPP-48001")
    assert isinstance(found, Found) and found.by == "its submission id CPP-48001"


def test_a_renamed_file_is_the_one_new_row_of_its_type_year_and_size() -> None:
    mine = HistoryRow("SENR_2023-2024_CPP-48001.txt Student Enrollment 2023-2024 28.3 KB Pending")
    found = look([mine, *BEFORE])
    assert found == Found(mine, "a new row of its type, year and size")


def test_a_new_row_of_another_size_or_year_is_not_this_file() -> None:
    other_size = HistoryRow("SENR_2023-2024_CPP-48001.txt Student Enrollment 2023-2024 40.1 KB")
    other_year = HistoryRow("SENR_2022-2023_CPP-48002.txt Student Enrollment 2022-2023 28.3 KB")
    found = look([other_size, other_year, *BEFORE])
    # New rows that are not this file: the list does not prove it absent either.
    assert isinstance(found, Unsettled)


def test_two_new_rows_that_could_each_be_the_file_settle_nothing() -> None:
    twins = [HistoryRow(f"SENR_2023-2024_CPP-4800{n}.txt Student Enrollment 2023-2024 28.3 KB") for n in (1, 2)]
    found = look([*twins, *BEFORE])
    assert isinstance(found, Unsettled) and "2 new rows" in found.why


def test_its_own_name_still_finds_it_where_no_row_is_new() -> None:
    mine = HistoryRow("CPP-1 SENR 2023-24 SENR.txt 28954", sized=True)
    found = look([mine], before=None, named_before=0)
    assert isinstance(found, Found) and found.by == "its file name and size"


def test_an_unchanged_list_plainly_does_not_hold_it() -> None:
    assert look(list(BEFORE)) is None
