import pytest

from bot.schoolyear import SchoolYear, SchoolYearError


@pytest.mark.parametrize("text", ["2023-24", "2023-2024", " 2023-24 "])
def test_manifest_forms_parse(text: str) -> None:
    assert SchoolYear.parse(text) == SchoolYear(2023)


def test_century_rollover() -> None:
    assert SchoolYear.parse("1999-00") == SchoolYear(1999)
    assert SchoolYear(1999).short == "1999-00"
    assert SchoolYear(1999).long == "1999-2000"


@pytest.mark.parametrize("text", ["2023-25", "2023-2025", "2023", "23-24", "2023/24", "next year"])
def test_bad_years_are_refused_with_the_form_to_use(text: str) -> None:
    with pytest.raises(SchoolYearError, match="2023-24"):
        SchoolYear.parse(text)


@pytest.mark.parametrize(
    "shown", ["2023-24", "2023-2024", "2023\u20132024", "2023/24", "2023 - 2024", "School year 2023-24 (current)"]
)
def test_years_as_sites_show_them(shown: str) -> None:
    assert SchoolYear.find_in(shown) == SchoolYear(2023)


def test_a_number_that_is_not_a_year_is_not_found() -> None:
    assert SchoolYear.find_in("CPP-2026-00012") is None
    assert SchoolYear.find_in("12023-24") is None
