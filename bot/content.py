"""Recognising what a file holds from its records, against what the manifest declares.

The type is read from the head of a file; the school years of a CALPADS file from every record
(a Fall SENR carries last year's exits, an ODS download ten years), in one streamed pass of a
compiled pattern, about 5 s a GB here. What Windows tools add is read past: a UTF-8 byte order
mark, a DOS end-of-file mark. The file is always sent as it is. No browser, no network.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.filetypes import CALPADS_TYPES, FIELD_COUNTS, FileType, year_field
from bot.manifest import PlannedFile
from bot.schoolyear import SchoolYear

HEAD_BYTES = 64 * 1024
SAMPLE_RECORDS = 50
_TRANSACTION_CODES = {"", "A", "D", "R"}
_LEGACY_NAME = re.compile(r"^([SCA])(\d{5})K\.txt$", re.IGNORECASE)
_CAASPP_HEADER = re.compile(r"^\s*RecordType\s*\^", re.IGNORECASE)


@dataclass
class Finding:
    """What the content says: a description for the plan, problems (key, message), warnings."""

    recognised: str = ""
    problems: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def problem(self, key: str, message: str) -> Finding:
        self.problems.append((key, message))
        return self


def read_head(path: Path, limit: int = HEAD_BYTES) -> tuple[bytes, bool]:
    """The first bytes of a file, and whether that is the whole file."""
    with path.open("rb") as stream:
        head = stream.read(limit + 1)
    return head[:limit], len(head) <= limit


UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# The end-of-file mark old DOS tools write after the last record.
DOS_EOF = "\x1a"
# CALPADS record types that Cal-PASS Plus's list does not name: SINC, SIRS and SOFF replaced SDIS
# from 2019-20; the others are staff, course and special education files.
_UNLISTED_CALPADS = {"SINC", "SIRS", "SOFF", "SPED", "SDEM", "SASS", "CRSE", "SSID", "PSTS", "WBLR"}

UTF16 = (
    "the file is UTF-16 text (as PowerShell 5's Out-File and > write it), which CALPADS files never are: "
    "save it as ANSI or UTF-8 (PowerShell: Out-File -Encoding ascii, or Set-Content; Notepad: Save As, "
    "Encoding ANSI or UTF-8) and list that copy"
)


def records(head: bytes, whole: bool) -> list[str]:
    """Up to SAMPLE_RECORDS non-blank lines; a line cut by the head's end is left out. A UTF-8 byte
    order mark and a DOS end-of-file mark are read past."""
    # CALPADS files are ASCII or Windows-1252; UTF-8 covers the first and never fails on the
    # second with errors="replace", which is all a check of codes and years needs.
    text = head.removeprefix(UTF8_BOM).decode("utf-8", errors="replace")
    lines = text.splitlines()
    if not whole and lines and not text.endswith(("\n", "\r")):
        lines = lines[:-1]
    kept = (line.rstrip(DOS_EOF) if whole else line for line in lines)
    return [line for line in kept if line.strip()][:SAMPLE_RECORDS]


def is_utf16(head: bytes) -> bool:
    return head.startswith(_UTF16_BOMS)


def _year_pattern(position: int, delimiter: str) -> re.Pattern[bytes]:
    d = re.escape(delimiter.encode())
    fields_before = rb"(?:[^" + d + rb"\r\n]*" + d + rb"){%d}" % (position - 1)
    return re.compile(rb"(?m)^" + fields_before + rb"(\d{4}\s*[-/]\s*\d{2,4})(?=" + d + rb"|\r|\n|$)")


def calpads_years(path: Path, code: str, delimiter: str) -> Counter[SchoolYear]:
    """How many records of a CALPADS file hold each Academic Year ID, read from every record at the
    type's year field: no verdict may depend on the order of the records. `init` places a file and
    then checks it as --dry-run does: the file, unchanged since (same size and time), is read once."""
    facts = path.stat()
    return Counter(_years_read(path, code, delimiter, facts.st_size, facts.st_mtime_ns))


@functools.lru_cache(maxsize=32)
def _years_read(path: Path, code: str, delimiter: str, size: int, mtime_ns: int) -> Counter[SchoolYear]:
    """calpads_years for the file as it is at this size and time (the cache's key)."""
    pattern = _year_pattern(year_field(code), delimiter)
    found: Counter[bytes] = Counter()
    rest = b""
    with path.open("rb") as stream:
        while chunk := stream.read(16 << 20):
            chunk = rest + chunk
            cut = chunk.rfind(b"\n") + 1
            found.update(pattern.findall(chunk, 0, cut))
            rest = chunk[cut:]
    found.update(pattern.findall(rest))
    years: Counter[SchoolYear] = Counter()
    for text, count in found.items():
        year = SchoolYear.find_in(text.decode("ascii"))
        if year is not None:
            years[year] += count
    return years


def span_text(years: Counter[SchoolYear]) -> str:
    """The years a file holds, as a coordinator reads them: "2014-15 to 2023-24, 93% 2023-24"."""
    latest, earliest = max(years), min(years)
    if latest == earliest:
        return f"Academic Year ID {latest.long}"
    share = years[latest] * 100 // sum(years.values())
    return f"{earliest} to {latest}, {share}% {latest}"


def what_to_change(lines: list[str], head: bytes) -> str | None:
    """What a file that is almost a CALPADS file needs changed, in the coordinator's words."""
    first = lines[0] if lines else ""
    start = head.removeprefix(UTF8_BOM).lstrip()
    if start.startswith(b"<"):
        return "an XML file: send the caret (^) or comma text export instead (CALPADS XML is not taken here)"
    unquoted = [f.strip().strip('"').strip("'").upper() for f in re.split(r"[\^,]", first)]
    if first.lstrip().startswith(('"', "'")) and unquoted[0].removesuffix("-R") in FIELD_COUNTS:
        return (
            f"every field is in quotes ({first.split(',')[0].split('^')[0][:12]}): export again without text "
            "qualifiers (quotes), as CALPADS text files have none"
        )
    tabbed = first.split("\t")
    if len(tabbed) > 3 and tabbed[0].strip().upper().removesuffix("-R") in FIELD_COUNTS:
        return "tab-delimited: CALPADS takes a caret (^) or a comma between fields; export again with one of them"
    if len(lines) > 1:
        second = re.split(r"[\^,\t]", lines[1])[0].strip().strip('"').upper().removesuffix("-R")
        if second in FIELD_COUNTS and re.search(r"record|type|code", first, re.IGNORECASE):
            return "its first line is a header row of column names: remove it, as CALPADS text files have none"
    if unquoted[0].removesuffix("-R") in _UNLISTED_CALPADS:
        code = unquoted[0].removesuffix("-R")
        return f"{code} is a CALPADS file that Cal-PASS Plus does not list: it is not sent"
    return None


def _binary(head: bytes) -> str | None:
    """Why the head is no text file, in words that say what to send instead."""
    if is_utf16(head):
        return UTF16
    if head.startswith(b"PK\x03\x04"):
        return "a zip or .xlsx spreadsheet: unzip it, or send the caret (^) or comma text export"
    if b"\x00" in head:
        return "the file is binary, not text; send the text export, not a zip or spreadsheet"
    return None


def recognise(planned: PlannedFile, head: bytes, whole: bool) -> Finding:
    binary = _binary(head)
    if binary is not None:
        return Finding("binary").problem("path", binary)
    lines = records(head, whole)
    if not lines:
        return Finding("blank").problem("path", "the file holds no records, only blank lines")
    if planned.type in CALPADS_TYPES:
        return _calpads(planned, lines)
    if planned.type is FileType.CAASPP:
        return _caaspp(planned, lines)
    if planned.type is FileType.CALPASS:
        return _legacy(planned, lines)
    found = Finding(f"text, {len(lines)}{'+' if len(lines) == SAMPLE_RECORDS else ''} records")
    # No STAR or CAHSEE layout is known, but a file whose content is another known kind is not one.
    other = identify(planned.path, head, whole)
    if isinstance(other, Identity) and other.type not in (planned.type, *_BY_NAME_ONLY):
        found.problem("type", f"declared {planned.type}, but the file is {other.type} ({other.how})")
    return found


def _calpads(planned: PlannedFile, lines: list[str]) -> Finding:
    declared = planned.type.value
    first = lines[0]
    delimiter = _delimiter(first)
    if delimiter is None:
        change = what_to_change(lines, first.encode())
        if change is not None:
            return Finding("not delimited").problem("path", f"not a CALPADS {declared} file as sent: {change}")
        return Finding("not delimited").problem(
            "type", f"not a CALPADS {declared} file: its records have no caret (^) or comma between fields"
        )
    fields = first.split(delimiter)
    record_type = fields[0].strip().upper()
    ods = record_type.endswith("-R")
    code = record_type.removesuffix("-R")
    found = Finding()
    if code not in FIELD_COUNTS:
        change = what_to_change(lines, first.encode())
        if change is not None:
            return found.problem("path", f"not a CALPADS {declared} file as sent: {change}")
        return found.problem(
            "type",
            f'not a CALPADS {declared} file: its records start with "{fields[0].strip()[:20]}", '
            f"where {declared} records start with {declared}",
        )
    if code != declared:
        found.problem("type", f"declared {declared} but the file holds {code} records")
    others = _other_record_types(lines, delimiter, record_type)
    if others:
        found.problem("path", f"the file mixes {record_type} records with {', '.join(others)} records")
    if planned.source == "submission" and ods:
        found.problem(
            "source", f"source is submission, but the records are {record_type}, an ODS extract; set source: ods"
        )
    if planned.source == "ods" and not ods:
        found.problem("source", f"source is ods, but the records are {record_type}, not {record_type}-R; remove source")

    year_text = _year_check(found, planned, code, fields, delimiter)
    transaction = fields[1].strip().upper() if len(fields) > 1 else ""
    if transaction not in _TRANSACTION_CODES:
        found.warnings.append(f'field 2, the Transaction Type Code, is "{transaction[:10]}", not blank, A, D or R')
    expected = FIELD_COUNTS[code] + (2 if ods else 0)
    # Field counts change between specification versions: a count far off is a hint, never a refusal.
    if abs(len(fields) - expected) > max(6, expected // 4):
        found.warnings.append(f"{len(fields)} fields where current {code} records have about {expected}")
    kind = "ODS extract" if ods else "submission file"
    found.recognised = f"CALPADS {code} {kind}, '{delimiter}' {len(fields)} fields" + (
        f", {year_text}" if year_text else ""
    )
    return found


def _year_check(found: Finding, planned: PlannedFile, code: str, fields: list[str], delimiter: str) -> str:
    """The Academic Year IDs of every record of a CALPADS file, checked against the manifest's year: a
    file belongs to its latest year, the earlier ones riding along. Returns how they read."""
    position = year_field(code)
    if len(fields) < position:
        found.problem(
            "path", f"the records have only {len(fields)} fields; {code} records have about {FIELD_COUNTS[code]}"
        )
        return ""
    years = calpads_years(planned.path, code, delimiter)
    if not years:
        year_text = fields[position - 1].strip()
        found.warnings.append(
            f'field {position}, the Academic Year ID, holds "{year_text[:20]}" rather than a year like '
            f"{planned.school_year.long}; check the file's year by hand"
        )
        return year_text
    latest = max(years)
    if latest != planned.school_year:
        if len(years) == 1:
            said = f"the file's Academic Year ID is {latest.long}"
        else:
            said = f"the file holds the years {span_text(years)}: it belongs to its latest year, {latest}"
        found.problem("school_year", f"{said}, but the manifest says {planned.school_year}")
    return latest.long if len(years) == 1 else span_text(years)


def _delimiter(record: str) -> str | None:
    """How a CALPADS file separates its fields: a caret (most SIS exports) or a comma."""
    return "^" if "^" in record else "," if "," in record else None


def _other_record_types(lines: list[str], delimiter: str, record_type: str) -> list[str]:
    """Record types other than the first record's: a file holding two is no file of one type."""
    return sorted({line.split(delimiter)[0].strip().upper() for line in lines} - {record_type})


def _fixed_width(lines: list[str]) -> int | None:
    """The record length of a fixed-width CAASPP file (a two-digit record type to ZZ), or None."""
    lengths = {len(line) for line in lines}
    if len(lengths) == 1 and all(line[:2].isdigit() and line.rstrip().endswith("ZZ") for line in lines):
        return lengths.pop()
    return None


def tested_year(lines: list[str]) -> SchoolYear | None:
    """The school year a CAASPP file's test dates fall in (TestStartDate1, TestCompletedDate1...,
    YYYYMMDD; a school year runs July to June), when its records agree on one."""
    header = [h.strip().casefold() for h in lines[0].split("^")]
    columns = [i for i, h in enumerate(header) if re.fullmatch(r"test(?:start|completed)date\d*", h)]
    years = set()
    for line in lines[1:]:
        fields = line.split("^")
        for i in columns:
            date = fields[i].strip() if i < len(fields) else ""
            if re.fullmatch(r"20\d{2}(0[1-9]|1[0-2])\d{2}", date):
                year, month = int(date[:4]), int(date[4:6])
                years.add(SchoolYear(year if month >= 7 else year - 1))
    return years.pop() if len(years) == 1 else None


def _caaspp(planned: PlannedFile, lines: list[str]) -> Finding:
    if _CAASPP_HEADER.match(lines[0]):
        width = lines[0].count("^") + 1
        tested = tested_year(lines)
        dated = f", tested in {tested}" if tested else ""
        found = Finding(f"CAASPP score file, '^' with header, {width} fields{dated}")
        if tested is not None and tested != planned.school_year:
            found.problem(
                "school_year", f"the file's test dates fall in {tested}, but the manifest says {planned.school_year}"
            )
        uneven = [n for n, line in enumerate(lines[1:], start=2) if line.count("^") + 1 != width]
        if uneven:
            found.warnings.append(f"record {uneven[0]} has a different number of fields from the header")
        return found
    length = _fixed_width(lines)
    if length is not None:
        return Finding(f"CAASPP score file, fixed width {length}")
    return Finding("unrecognised").problem(
        "type",
        "not a CAASPP Student Score Data File: expected a header starting RecordType^ "
        "or fixed-width records running from a two-digit record type to ZZ",
    )


def _legacy(planned: PlannedFile, lines: list[str]) -> Finding:
    name = planned.path.name
    match = _LEGACY_NAME.match(name)
    found = Finding()
    if match is None:
        found.problem(
            "path",
            f'"{name}" is not named like a Cal-PASS extract: S, C or A, the 5-digit district code, then K.txt '
            "(as in S12345K.txt)",
        )
    if "," not in lines[0]:
        return found.problem("path", "a Cal-PASS extract is comma-delimited, and this file's records have no commas")
    kind = match.group(1).upper() if match else "?"
    fields = lines[0].split(",")
    if kind == "S" and len(fields) > 1:
        year = planned.school_year
        code = f"{year.start % 100:02d}{(year.start + 1) % 100:02d}"
        shown = fields[1].strip()
        if not re.fullmatch(r"\d{4}", shown):
            found.warnings.append(
                f'column 2, the school year, holds "{shown[:10]}" rather than four digits like {code}'
            )
        elif shown != code:
            found.problem("school_year", f"the extract's school year is {shown}, but the manifest says {year} ({code})")
    kinds = {"S": "student", "C": "course enrollment", "A": "award"}
    found.recognised = f"Cal-PASS {kinds.get(kind, 'legacy')} extract, {len(fields)} columns"
    return found


@dataclass(frozen=True)
class Identity:
    """What a file is, read from its content (or, for CAHSEE and STAR, its name), and how."""

    type: FileType
    year: SchoolYear | None
    source: str | None
    how: str


# The names districts keep for test vendor files: CAHSEEResults2014.txt; STAR's tests were the CST,
# CMA and CAPA (CST_Student_Results_2013.dat).
_BY_NAME_ONLY = {
    FileType.CAHSEE: re.compile(r"CAHSEE", re.IGNORECASE),
    FileType.STAR: re.compile(r"(?<![A-Za-z])(?:STAR|CST|CMA|CAPA)(?![a-z])", re.IGNORECASE),
}
# A test file named by the spring of its school year alone (TOMS: ..._2024_DLMTR.csv is 2023-24).
_SPRING_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def spring_year(name: str) -> SchoolYear | None:
    """The school year a test vendor file's name gives by its spring year alone, when it gives one."""
    if SchoolYear.find_in(name) is not None:
        return None
    springs = {int(m.group(1)) for m in _SPRING_YEAR.finditer(name)}
    return SchoolYear(springs.pop() - 1) if len(springs) == 1 else None


def identify(path: Path, head: bytes, whole: bool) -> Identity | str:  # noqa: PLR0911  # one return per kind of file, in the order a person would look
    """The file's type (and year, where its content holds one) from its records, or why it cannot be
    placed. The same reading as `recognise`: what this places, the checks accept."""
    name = path.name
    if not head:
        return "the file is empty"
    binary = _binary(head)
    if binary is not None:
        return binary
    lines = records(head, whole)
    if not lines:
        return "the file holds no records, only blank lines"
    first = lines[0]
    delimiter = _delimiter(first)
    if delimiter is not None:
        record_type = first.split(delimiter)[0].strip().upper()
        code = record_type.removesuffix("-R")
        if code in FIELD_COUNTS:
            return _calpads_identity(path, code, record_type, first.split(delimiter), lines, delimiter)
    change = what_to_change(lines, head)
    if change is not None:
        return change
    if _CAASPP_HEADER.match(first):
        tested = tested_year(lines)
        how = f"a header {first.split('^')[0].strip()}^{first.split('^')[1][:30]}"
        return Identity(FileType.CAASPP, tested, None, how + (f", test dates in {tested}" if tested else ""))
    width = _fixed_width(lines)
    if width is not None:
        return Identity(FileType.CAASPP, None, None, f"fixed-width records of {width} characters ending ZZ")
    legacy = _LEGACY_NAME.match(name)
    if legacy is not None and delimiter == ",":
        return _legacy_identity(legacy.group(1).upper(), first.split(","))
    named = [t for t, pattern in _BY_NAME_ONLY.items() if pattern.search(name)]
    if len(named) == 1:
        return Identity(named[0], None, None, f"its name (no {named[0]} layout is specified: text, checked by name)")
    if len(named) > 1:
        return "its name says both CAHSEE and STAR"
    return "neither a CALPADS file, a CAASPP score file nor a Cal-PASS extract, and its name says no test"


def _calpads_identity(  # noqa: PLR0913, PLR0917  # the file and what its first record already told
    path: Path, code: str, record_type: str, fields: list[str], lines: list[str], delimiter: str
) -> Identity | str:
    others = _other_record_types(lines, delimiter, record_type)
    if others:
        return f"two candidate types: it mixes {record_type} records with {', '.join(others)} records"
    position = year_field(code)
    years = calpads_years(path, code, delimiter) if len(fields) >= position else Counter()
    year = max(years) if years else None
    ods = record_type.endswith("-R")
    how = f"record type {record_type}"
    if year is not None:
        how += f", Academic Year ID {year.long} (field {position})"
        if len(years) > 1:
            how += f"; years {span_text(years)}: placed under its latest"
    return Identity(FileType(code), year, "ods" if ods else None, how)


def _legacy_identity(kind: str, fields: list[str]) -> Identity:
    how = f"its name ({kind}, a district code, K.txt) and comma-delimited records"
    shown = fields[1].strip() if kind == "S" and len(fields) > 1 else ""
    year = None
    if re.fullmatch(r"\d{4}", shown):
        start = int(shown[:2])
        century = 2000 if start < 90 else 1900
        if (start + 1) % 100 == int(shown[2:]):
            year = SchoolYear(century + start)
            how += f", school year {shown} (column 2)"
    return Identity(FileType.CALPASS, year, None, how)


def result_set(name: str) -> str:
    """A CAASPP file's result set, whatever TOMS form it came in (.csv or .dat, By Tested or By
    Enrolled LEA): two files of one set hold the same scores."""
    stem = Path(name).stem.casefold()
    return re.sub(r"_?dlmtr$", "", re.sub(r"tested|enrolled", "", stem))
