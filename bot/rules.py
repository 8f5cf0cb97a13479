"""The seed's rules: which file types belong to which school years, and what a year needs.

Pure functions of types and years: no files, no browser.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.filetypes import CALPADS_TYPES, FileType
from bot.schoolyear import SchoolYear

FIRST_CALPADS_YEAR = SchoolYear(2011)  # before it, CALPADS collected no completion files
LAST_STAR_YEAR = SchoolYear(2012)
FIRST_CAASPP_YEAR = SchoolYear(2013)
FIRST_SELA_YEAR = SchoolYear(2014)  # SELA is required for files created after 2014-07-01
FIRST_SCTE_YEAR = SchoolYear(2012)  # SCTE was optional before 2012-13
LAST_SDIS_YEAR = SchoolYear(2018)
# STAS began with the 2016-17 end-of-year collection (CALPADS Update Flash #120).
FIRST_STAS_YEAR = SchoolYear(2016)  # CALPADS replaced SDIS with SINC, SIRS and SOFF from 2019-20
# CAHSEE was suspended from 2015-16 and then ended: no district has a CAHSEE file for later years.
LAST_CAHSEE_YEAR = SchoolYear(2014)


def year_problem(file_type: FileType, year: SchoolYear) -> str | None:
    """Why a file type cannot be sent for a year, with what to send instead; None when it can."""
    if file_type in CALPADS_TYPES and year < FIRST_CALPADS_YEAR:
        return (
            f"CALPADS {file_type} files are sent from 2011-12 on; for {year} "
            "send the legacy Cal-PASS extract instead (type: CALPASS)"
        )
    if file_type is FileType.CALPASS and year >= FIRST_CALPADS_YEAR:
        return f"the legacy Cal-PASS extract is for years before 2011-12; for {year} send the CALPADS files"
    if file_type is FileType.STAR and year > LAST_STAR_YEAR:
        return f"STAR was collected through 2012-13; for {year} send the CAASPP file (type: CAASPP)"
    if file_type is FileType.CAASPP and year < FIRST_CAASPP_YEAR:
        return f"CAASPP is collected from 2013-14 on; for {year} send the STAR file (type: STAR)"
    return None


def year_warning(file_type: FileType, year: SchoolYear) -> str | None:
    if file_type is FileType.SDIS and year > LAST_SDIS_YEAR:
        return f"CALPADS retired SDIS after 2018-19; check that this {year} file really is SDIS"
    if file_type is FileType.STAS and year < FIRST_STAS_YEAR:
        return f"STAS began with the 2016-17 collection; check that this {year} file really is STAS"
    if file_type is FileType.CAHSEE and year > LAST_CAHSEE_YEAR:
        return f"CAHSEE was last given in 2014-15; check that this {year} file really is CAHSEE"
    return None


def expected_types(year: SchoolYear, has_high_schools: bool | None) -> list[FileType]:
    """The files the seed asks for in one school year."""
    if year < FIRST_CALPADS_YEAR:
        wanted = [FileType.CALPASS]
    else:
        wanted = [t for t in FileType if t in CALPADS_TYPES]
        if year < FIRST_SELA_YEAR:
            wanted.remove(FileType.SELA)
        if year < FIRST_SCTE_YEAR:
            wanted.remove(FileType.SCTE)
        if year > LAST_SDIS_YEAR:
            wanted.remove(FileType.SDIS)
        if year < FIRST_STAS_YEAR:
            wanted.remove(FileType.STAS)
    wanted.append(FileType.STAR if year <= LAST_STAR_YEAR else FileType.CAASPP)
    if has_high_schools and year <= LAST_CAHSEE_YEAR:
        wanted.append(FileType.CAHSEE)
    return wanted


def missing_files(listed: Iterable[tuple[FileType, SchoolYear]], has_high_schools: bool | None) -> list[str]:
    """For each year in the manifest, the files the seed asks for that it does not list."""
    by_year: dict[SchoolYear, set[FileType]] = {}
    for file_type, year in listed:
        by_year.setdefault(year, set()).add(file_type)
    lines = []
    for year in sorted(by_year):
        absent = [t.value for t in expected_types(year, has_high_schools) if t not in by_year[year]]
        if absent:
            lines.append(f"{year}: no {', '.join(absent)} file listed")
    return lines


def several_files(listed: Iterable[tuple[FileType, SchoolYear, str]]) -> list[str]:
    """One line for each type and year that several files are listed for, naming them all: the site
    may take the later as a replacement of the earlier, or hold both."""
    by_key: dict[tuple[FileType, SchoolYear], list[str]] = {}
    for file_type, year, name in listed:
        by_key.setdefault((file_type, year), []).append(name)
    return [
        f"{year}: {len(names)} {file_type} files listed ({', '.join(names)}); send one a type and year, "
        "or check with the site that it takes several"
        for (file_type, year), names in sorted(by_key.items(), key=lambda item: (item[0][1], item[0][0].value))
        if len(names) > 1
    ]
