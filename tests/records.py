"""Records typed by hand from the CALPADS File Specification, one per file type, for 2018-2019.

They are witnesses the bot did not write: no generator of ours made them, and nothing here is
computed from the bot's own tables. Every value is made up. The layout, per the specification:
no header, caret-delimited, CR LF at the end of each record, field 1 the Record Type Code,
field 2 the Transaction Type Code, and the Academic Year ID at field 7 in SENR, field 8 in SINF
and field 6 in every other type. `YEAR_FIELD` and `FIELDS` are typed here again, on purpose.
"""

from __future__ import annotations

from pathlib import Path

# The 1-based position of the Academic Year ID, and the current field count, per the specification.
YEAR_FIELD = {"SENR": 7, "SINF": 8, "SPRG": 6, "SELA": 6, "CRSC": 6, "SCSC": 6, "SCTE": 6, "SDIS": 6, "STAS": 6}
FIELDS = {"SENR": 35, "SINF": 42, "SPRG": 26, "SELA": 16, "CRSC": 27, "SCSC": 20, "SCTE": 14, "SDIS": 23, "STAS": 21}

# fmt: off
RECORDS = {
    # Record Type^Transaction^Local Record ID^Reporting LEA^School of Attendance^School NPS^Academic Year ID^SSID^
    # Local Student ID^First^Middle^Last^Suffix^Alias First^Alias Middle^Alias Last^Birth Date^Gender^Birth City^
    # Birth State^Birth Country^Enrollment Start^Enrollment Status^Grade Level^Exit Date^Exit Reason^Completion
    # Status^Expected Receiver^UC/CSU^District of Residence^Golden State Seal^Seal of Biliteracy^Post-secondary^
    # Work-based Learning^Adult Age SWD Transition
    "SENR": "SENR^^R0001^3968676^3968676^^2018-2019^9000000001^L000001^Ana^^Sample^^^^^20030115^F^Stockton^CA^US^"
            "20180815^10^10^^^^^^3968676^^^^^",
    # Record Type^Transaction^Local Record ID^Reporting LEA^School of Attendance^Effective Start^Effective End^
    # Academic Year ID^SSID^Local Student ID^First^Middle^Last^Suffix^Alias First^Alias Middle^Alias Last^Birth
    # Date^Gender^Birth City^Birth State^Birth Country^Hispanic^Ethnicity Missing^Race 1^Race 2^Race 3^Race 4^
    # Race 5^Race Missing^Address 1^Address 2^City^State^Zip^Parent Education^Guardian 1 First^Guardian 1 Last^
    # Guardian 2 First^Guardian 2 Last^First US School Date^Primary Residence
    "SINF": "SINF^^R0002^3968676^3968676^20180815^^2018-2019^9000000001^L000001^Ana^^Sample^^^^^20030115^F^"
            "Stockton^CA^US^N^N^700^^^^^N^1 Example Way^^Stockton^CA^95200^14^Pat^Sample^^^20080820^",
    # Record Type^Transaction^Local Record ID^Reporting LEA^School of Attendance^Academic Year ID^SSID^Local ID^
    # First^Last^Birth Date^Gender^Education Program Code^Membership Code^Start^End^ then program details
    "SPRG": "SPRG^^R0003^3968676^3968676^2018-2019^9000000001^L000001^Ana^Sample^20030115^F^"
            "181^1^20180815^20190612^^^^^^^^^^",
    # Record Type^Transaction^Local Record ID^Reporting LEA^School^Academic Year ID^SSID^Local ID^First^Last^
    # Birth Date^Gender^EL Acquisition Status^Status Start^Primary Language^Reclassification
    "SELA": "SELA^^R0004^3968676^3968676^2018-2019^9000000001^L000001^Ana^Sample^20030115^F^EL^20180815^01^",
    # Record Type^Transaction^Local Record ID^Reporting LEA^School of Course Delivery^Academic Year ID^Course
    # Code^Local Course ID^Course Name^Section ID^Academic Term^ then section details
    "CRSC": "CRSC^^R0005^3968676^3968676^2018-2019^2130^ENG10^English 10^S01^FY^1^^^^^^^^^^^^^^^",
    # Record Type^Transaction^Local Record ID^Reporting LEA^School^Academic Year ID^SSID^Local ID^First^Last^
    # Birth Date^Gender^Local Course ID^Section ID^Academic Term^Credits Attempted^Credits Earned^Grade^UC/CSU^
    # Marking Period
    "SCSC": "SCSC^^R0006^3968676^3968676^2018-2019^9000000001^L000001^Ana^Sample^20030115^F^ENG10^S01^FY^"
            "10.00^10.00^A^Y^FY",
    # Record Type^Transaction^Local Record ID^Reporting LEA^School^Academic Year ID^SSID^Local ID^First^Last^
    # Birth Date^Gender^CTE Pathway Code^Pathway Completion Academic Year ID
    "SCTE": "SCTE^^R0007^3968676^3968676^2018-2019^9000000001^L000001^Ana^Sample^20030115^F^110^2018-2019",
    # Record Type^Transaction^Local Record ID^Reporting LEA^School^Academic Year ID^SSID^Local ID^First^Last^
    # Birth Date^Gender^Incident ID^Incident Date^Offense^Action^Authority^Duration^Modification^Removal^
    # Instructional Support^Weapon^Incident Result
    "SDIS": "SDIS^^R0008^3968676^3968676^2018-2019^9000000001^L000001^Ana^Sample^20030115^F^"
            "INC01^20190110^500^100^1^1^N^^Y^^",
    # Record Type^Transaction^Local Record ID^Reporting LEA^School^Academic Year ID^SSID^Local ID^First^Last^
    # Birth Date^Gender^Hourly Indicator^Expected Attendance Days^Days Attended^Out-of-School Suspension^
    # In-Seat In-School Suspension^Excused Non-Suspension^Unexcused Non-Suspension^Incomplete Independent Study^
    # Attendance Status
    "STAS": "STAS^^R0009^3968676^3968676^2018-2019^9000000001^L000001^Ana^Sample^20030115^F^N^180^170^0^0^"
            "6^4^0^",
}
# fmt: on

# CAASPP Student Score Data File, caret-delimited with its header (newer years) and the older header.
CAASPP = (
    "RecordType^SSID^LocalStudentID^LastName^FirstName^Grade^TestName^ScaleScore^AchievementLevel\r\n"
    "01^9000000001^L000001^Sample^Ana^11^ELA^2590^3\r\n"
)

# A legacy Cal-PASS student extract for 2007-08: school code, year as 0708, local student id, ...
LEGACY_STUDENTS = "3968676,0708,L000001,Sample,Ana\r\n3968676,0708,L000002,Example,Ben\r\n"


def calpads(code: str, *, year: str = "2018-2019", ods: bool = False, copies: int = 1, sep: str = "^") -> str:
    """The hand-typed record of a type, as a file's text: another year, the ODS form or another
    delimiter are plain text edits, never a generator."""
    record = RECORDS[code].replace("2018-2019", year)
    if ods:
        record = f"{code}-R" + record[len(code) :] + "^20190615^20190620"
    return (record.replace("^", sep) + "\r\n") * copies


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("cp1252"))
    return path
