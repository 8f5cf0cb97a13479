"""The ledger of confirmed submissions, so that a rerun after any crash sends nothing twice.

One JSON line per confirmed file, appended and fsynced before the run moves on; a line torn by a
crash is ignored when the ledger is read, never fatal. It holds names, hashes and the site's
words, never file contents, and is readable by its owner only.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path

log = logging.getLogger(__name__)

LEDGER_NAME = "ledger.jsonl"


@dataclass(frozen=True)
class Entry:
    site: str
    account: str
    sha256: str
    type: str
    school_year: str
    path: str
    submitted_at: str
    confirmation: str

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.site, self.account, self.sha256, self.type, self.school_year)


class Ledger:
    def __init__(self, folder: Path) -> None:
        self.path = folder / LEDGER_NAME

    def read(self) -> dict[tuple[str, str, str, str, str], Entry]:
        entries: dict[tuple[str, str, str, str, str], Entry] = {}
        if not self.path.exists():
            return entries
        with self.path.open(encoding="utf-8", errors="replace") as stream:
            for number, line in enumerate(stream, start=1):
                try:
                    entry = Entry(**json.loads(line))
                except (ValueError, TypeError):
                    # A crash mid-write leaves at most a torn last line: skip it, keep the rest.
                    log.warning("ledger %s: line %d is unreadable and was skipped", self.path, number)
                    continue
                entries[entry.key] = entry
        return entries

    def add(self, entry: Entry) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            # A line starts on a fresh line even if the last write was torn.
            if os.fstat(fd).st_size and not self._ends_with_newline():
                os.write(fd, b"\n")
            os.write(fd, (json.dumps(asdict(entry), ensure_ascii=False) + "\n").encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)

    def _ends_with_newline(self) -> bool:
        with self.path.open("rb") as stream:
            stream.seek(-1, os.SEEK_END)
            return stream.read(1) == b"\n"
