"""The seed's rules by year."""

import pytest

from bot.filetypes import FileType
from bot.rules import expected_types, missing_files, year_problem, year_warning
from bot.schoolyear import SchoolYear

Y = SchoolYear.parse


@pytest.mark.parametrize(
    ("file_type", "year", "allowed"),
    [
        (FileType.SENR, "2010-11", False),
        (FileType.SENR, "2011-12", True),
        (FileType.SELA, "2010-11", False),
        (FileType.CALPASS, "2010-11", True),
        (FileType.CALPASS, "2011-12", False),
        (FileType.STAR, "2012-13", True),
        (FileType.STAR, "2013-14", False),
        (FileType.STAR, "2005-06", True),
        (FileType.CAASPP, "2012-13", False),
        (FileType.CAASPP, "2013-14", True),
        (FileType.CAHSEE, "2008-09", True),
    ],
)
def test_which_types_belong_to_which_years(file_type: FileType, year: str, allowed: bool) -> None:
    assert (year_problem(file_type, Y(year)) is None) is allowed


def test_the_refusals_say_what_to_send_instead() -> None:
    assert "send the legacy Cal-PASS extract instead (type: CALPASS)" in str(year_problem(FileType.SINF, Y("2009-10")))
    assert "send the CAASPP file" in str(year_problem(FileType.STAR, Y("2015-16")))
    assert "send the STAR file" in str(year_problem(FileType.CAASPP, Y("2011-12")))
    assert "send the CALPADS files" in str(year_problem(FileType.CALPASS, Y("2014-15")))


def test_sdis_after_2018_19_is_only_a_warning() -> None:
    assert year_problem(FileType.SDIS, Y("2020-21")) is None
    assert "retired SDIS" in str(year_warning(FileType.SDIS, Y("2020-21")))
    assert year_warning(FileType.SDIS, Y("2018-19")) is None


def names(year: str, high_schools: bool | None = None) -> list[str]:
    return [t.value for t in expected_types(Y(year), high_schools)]


def test_what_each_year_needs() -> None:
    assert names("2009-10") == ["CALPASS", "STAR"]
    # STAS began with the 2016-17 end-of-year collection (CDE CALPADS Update Flash #120).
    assert names("2011-12") == ["SENR", "SINF", "SPRG", "CRSC", "SCSC", "SDIS", "STAR"]
    assert names("2012-13") == ["SENR", "SINF", "SPRG", "CRSC", "SCSC", "SCTE", "SDIS", "STAR"]
    assert names("2014-15") == ["SENR", "SINF", "SPRG", "SELA", "CRSC", "SCSC", "SCTE", "SDIS", "CAASPP"]
    assert names("2016-17") == ["SENR", "SINF", "SPRG", "SELA", "CRSC", "SCSC", "SCTE", "SDIS", "STAS", "CAASPP"]
    assert names("2019-20") == ["SENR", "SINF", "SPRG", "SELA", "CRSC", "SCSC", "SCTE", "STAS", "CAASPP"]


def test_cahsee_is_asked_of_districts_with_high_schools_while_it_was_given() -> None:
    assert "CAHSEE" in names("2013-14", high_schools=True)
    assert "CAHSEE" not in names("2013-14", high_schools=False)
    assert "CAHSEE" not in names("2016-17", high_schools=True)


def test_missing_files_are_listed_per_year() -> None:
    listed = [(t, Y("2019-20")) for t in expected_types(Y("2019-20"), None) if t is not FileType.SELA]
    listed.append((FileType.CALPASS, Y("2009-10")))
    assert missing_files(listed, None) == ["2009-10: no STAR file listed", "2019-20: no SELA file listed"]
