"""`calpass-bot init FOLDER`: write the manifest from a folder of exports. Read only: each file's
first records tell its type, and every record of a CALPADS file its school years, through the same
reading the manifest checks use, and every entry written is one those checks accept. A file that
cannot be placed is never guessed: it goes in the manifest as a commented-out entry saying why. No
browser, no network, and no file's content beyond the record type and year found.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bot import content, rules
from bot.errors import InputError, OutputError
from bot.files import file_facts
from bot.filetypes import FileType
from bot.manifest import PlannedFile
from bot.schoolyear import SchoolYear

MANIFEST_NAME = "manifest.yaml"
# Never read as exports: manifests and configs, scripts and notes, the bot's own run folders, hidden
# files.
_SKIPPED_SUFFIXES = {".yaml", ".yml", ".py", ".md", ".sh", ".ps1"}
_SKIPPED_FOLDERS = {"recordings", "__pycache__"}


class ManifestExists(InputError):
    """init would replace a manifest someone may have edited."""


@dataclass(frozen=True)
class Placed:
    path: Path
    type: FileType
    year: SchoolYear
    source: str | None
    how: str
    # The size and a hash of the head read to place it: two files alike there may be one file twice.
    head_key: tuple[int, str]


@dataclass(frozen=True)
class Unplaced:
    path: Path
    why: str


@dataclass
class Inventory:
    folder: Path
    placed: list[Placed]
    unplaced: list[Unplaced]

    @property
    def common_year(self) -> SchoolYear | None:
        counts = Counter(p.year for p in self.placed)
        return max(counts, key=lambda y: (counts[y], y.start)) if counts else None

    @property
    def missing(self) -> list[str]:
        return rules.missing_files(((p.type, p.year) for p in self.placed), None)


def exports(folder: Path) -> Iterator[Path]:
    """Every file under the folder that may be an export, in a stable order."""
    for root, folders, names in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith(".") and f not in _SKIPPED_FOLDERS)
        for name in sorted(names):
            path = Path(root) / name
            if name.startswith(".") or path.suffix.lower() in _SKIPPED_SUFFIXES or not path.is_file():
                continue
            yield path


def _year_of_folder(path: Path, root: Path) -> SchoolYear | None:
    """A school year named by a folder the file sits in (exports/2018-19/...), nearest first."""
    for folder in [*reversed(path.relative_to(root).parent.parts), root.resolve().name]:
        year = SchoolYear.find_in(folder)
        if year is not None:
            return year
    return None


def place(path: Path, root: Path | None = None, stated: SchoolYear | None = None) -> Placed | Unplaced:  # noqa: PLR0911  # one return per reason a file cannot be placed
    """One file: its type and year by content (CAHSEE and STAR by name), checked as --dry-run checks
    it; or why it cannot be placed. A file whose content holds no year takes the one its name, its
    folder or `stated` (--school-year) gives; one whose content and name disagree is not placed."""
    try:
        head, whole = content.read_head(path)
    except OSError as exc:
        return Unplaced(path, f"cannot be read ({exc.strerror or exc})")
    found = content.identify(path, head, whole)
    if isinstance(found, str):
        return Unplaced(path, found)
    named = SchoolYear.find_in(path.stem)
    if named is None and found.type in (FileType.CAASPP, FileType.CAHSEE, FileType.STAR):
        # TOMS and the test vendors name a file by the spring of its year: _2024_ is 2023-24.
        named = content.spring_year(path.stem)
    if found.year is not None and named is not None and named != found.year:
        return Unplaced(path, f"its content says {found.year} but its name says {named}")
    if found.year is not None and stated is not None and stated != found.year:
        return Unplaced(path, f"its content says {found.year} but --school-year says {stated}")
    folder = _year_of_folder(path, root) if root is not None else None
    if found.year is not None and folder is not None and folder != found.year:
        return Unplaced(path, f"its content says {found.year} but its folder's name says {folder}")
    given = [(named, "its name"), (folder, "its folder's name"), (stated, "--school-year")]
    year, where = found.year, ""
    if year is None:
        year, where = next(((y, w) for y, w in given if y is not None), (None, ""))
    how = found.how + (f", school year {year} from {where}" if where else "")
    if year is None:
        return Unplaced(
            path,
            f"{found.type} ({found.how}), but neither its content nor its name gives the school year: put "
            "the year in its name or its folder's name (2023-24), or give --school-year",
        )
    rule = rules.year_problem(found.type, year)
    if rule:
        return Unplaced(path, f"{found.type} {year}: {rule}")
    # The checks --dry-run makes, on the entry as it would be written.
    planned = PlannedFile(0, found.type, path, path.name, year, found.source)  # type: ignore[arg-type]
    problems = content.recognise(planned, head, whole).problems
    if problems:
        return Unplaced(path, "; ".join(message for _, message in problems))
    return Placed(path, found.type, year, found.source, how, (path.stat().st_size, hashlib.sha256(head).hexdigest()))


def take_inventory(
    folder: Path,
    paths: list[Path] | None = None,
    progress: Callable[[Path], None] | None = None,
    stated: SchoolYear | None = None,
) -> Inventory:
    inventory = Inventory(folder, [], [])
    first_of: dict[tuple[int, str], Placed] = {}
    for path in exports(folder) if paths is None else paths:
        if progress is not None:
            progress(path)
        result = place(path, folder, stated)
        if isinstance(result, Unplaced):
            inventory.unplaced.append(result)
            continue
        # The checks refuse the same content twice: compared by size and first bytes, then (only
        # for such a pair) by the whole file's hash.
        key = result.head_key
        twin = first_of.get(key)
        if twin is not None and file_facts(twin.path).sha256 == file_facts(path).sha256:
            inventory.unplaced.append(Unplaced(path, f"the same content as {twin.path.name}"))
            continue
        first_of.setdefault(key, result)
        same = _same_results(result, inventory.placed)
        if same is not None:
            # The delimited .csv is kept over the fixed-width .dat: a person can read its header.
            kept, other = (
                (result, same) if result.path.suffix.lower() == ".csv" != same.path.suffix.lower() else (same, result)
            )
            inventory.placed = [kept if p is same else p for p in inventory.placed]
            inventory.unplaced.append(
                Unplaced(
                    other.path,
                    f"the same results as {kept.path.name}: TOMS delivers one result set as a .csv and a .dat, "
                    "By Tested LEA and By Enrolled LEA; one of them is sent",
                )
            )
            continue
        inventory.placed.append(result)
    return inventory


def _same_results(placed: Placed, earlier: list[Placed]) -> Placed | None:
    if placed.type is not FileType.CAASPP:
        return None
    mine = content.result_set(placed.path.name)
    return next(
        (
            p
            for p in earlier
            if p.type is FileType.CAASPP and p.year == placed.year and content.result_set(p.path.name) == mine
        ),
        None,
    )


def _said(text: str) -> str:
    """Words for a comment: a character YAML would refuse or read as a line break (a DOS end-of-file
    mark, a control character, NEL, a line separator) is written as its escape, never raw."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def _quoted(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar, whatever the name holds, once the characters
    # YAML reads as line breaks or refuses (NEL, a line separator, C1 controls) are escaped too.
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in quoted)


def _relative(path: Path, manifest: Path) -> str:
    return Path(os.path.relpath(path.resolve(), manifest.parent.resolve())).as_posix()


def manifest_text(inventory: Inventory, manifest: Path) -> str:
    year = inventory.common_year
    lines = [
        f"# Written by calpass-bot init from {inventory.folder}. Read it, then check it:",
        f"#   python -m bot {manifest.name} --dry-run",
        "# Each entry says how its type and school year were recognised. Paths are relative to this file.",
    ]
    if year is not None:
        lines.append(f"school_year: {year}")
    lines.append("files:")
    for placed in inventory.placed:
        lines.append(f"  # {_said(placed.how)}")
        lines.append(f"  - type: {placed.type}")
        lines.append(f"    path: {_quoted(_relative(placed.path, manifest))}")
        if placed.year != year:
            lines.append(f"    school_year: {placed.year}")
        if placed.source:
            lines.append(f"    source: {placed.source}")
    if inventory.unplaced:
        lines.append("")
        lines.append("# Not placed: the bot would not guess. Check each; if it belongs, add it above by hand.")
        for unplaced in inventory.unplaced:
            lines.append(f"#  - path: {_said(_quoted(_relative(unplaced.path, manifest)))}   # {_said(unplaced.why)}")
    if inventory.missing:
        lines.append("")
        lines.append("# Missing by the seed's rules (add has_high_schools: true if CAHSEE is expected):")
        lines += [f"#   {line}" for line in inventory.missing]
    return "\n".join(lines) + "\n"


def refuse_existing(manifest: Path, *, force: bool) -> None:
    """A manifest someone may have edited is never replaced without --force."""
    if manifest.exists() and not force:
        raise ManifestExists(f"{manifest} exists already; init never replaces it without --force")


def write_manifest(inventory: Inventory, manifest: Path, *, force: bool = False) -> None:
    refuse_existing(manifest, force=force)
    if not inventory.placed:
        raise InputError(f"no file under {inventory.folder} could be placed; nothing written")
    text = manifest_text(inventory, manifest)
    part = manifest.with_name(f".{manifest.name}.part")
    try:
        part.write_text(text, encoding="utf-8")
        os.replace(part, manifest)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise OutputError(f"cannot write {manifest}: {exc.strerror or exc}") from None
