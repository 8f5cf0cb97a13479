"""The ledger of what each upload became, so that a rerun after any crash sends nothing twice.

One JSON line per fact, appended and fsynced before the run moves on: `sending` just before the
button that sends a file is pressed, then `submitted`, `in_doubt` (the answer was unknown: the file
may be on the site), `refused` or `unsent`. The last line for a file wins. A file whose last line is
`sending` or `in_doubt` was perhaps received: a rerun looks for it in the site's list before sending
it again. What the site later made of a file (`calpass-bot status`, `--wait-verdict`) is one more
line, with its verdict: `rejected` is a state of its own (the same bytes are not sent again). A line
torn by a crash is ignored when the ledger is read, never fatal. It holds names,
hashes and the site's words, never file contents, and is readable by its owner only.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Literal

from filelock import FileLock, Timeout

from bot.audit import FileRecord, RunFolder, RunSummary, now_iso, private_dir
from bot.errors import OutputError, RunInProgress

log = logging.getLogger(__name__)

LEDGER_NAME = "ledger.jsonl"

# stored_wrongly: the site holds the file under another type or year; a rerun sends it again, under its own.
# rejected: the site took the file, then rejected it on validation; a rerun sends it only changed (or --force).
State = Literal["submitted", "sending", "in_doubt", "refused", "unsent", "stored_wrongly", "rejected"]
Key = tuple[str, str, str, str, str]
DOUBTFUL: frozenset[str] = frozenset({"sending", "in_doubt"})


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
    # Lines written before states existed were all confirmations.
    state: State = "submitted"
    submission_id: str | None = None
    # How many rows of the site's list named this file just before it was sent, so that a later
    # look can tell a new row from an older one.
    rows_before: int | None = None
    # What the site made of the file after taking it (accepted, pending, rejected, not_found), and
    # its words for it: written by a look at its list, never by a send.
    verdict: str | None = None
    reason: str | None = None

    @classmethod
    def now(  # noqa: PLR0913  # the line's own fields, by keyword
        cls,
        record: FileRecord,
        site: str,
        account: str,
        *,
        state: State,
        confirmation: str = "",
        rows_before: int | None = None,
        verdict: str | None = None,
        reason: str | None = None,
    ) -> Entry:
        """A line for this file's record, written now."""
        return cls(
            site=site,
            account=account,
            sha256=record.sha256,
            type=record.type,
            school_year=record.school_year,
            path=record.path,
            submitted_at=now_iso(),
            confirmation=confirmation,
            state=state,
            submission_id=record.submission_id,
            rows_before=rows_before,
            verdict=verdict,
            reason=reason,
        )

    @property
    def key(self) -> Key:
        return (self.site, self.account, self.sha256, self.type, self.school_year)

    @property
    def doubtful(self) -> bool:
        return self.state in DOUBTFUL


_FIELDS = {f.name for f in fields(Entry)}


LOCK_NAME = "ledger.lock"
HOLDER_NAME = "ledger.holder.json"


class Ledger:
    def __init__(self, folder: Path) -> None:
        self.path = folder / LEDGER_NAME

    @contextmanager
    def exclusive(self, run_id: str) -> Iterator[None]:
        """Held for a whole run: a second run on the same ledger (a scheduled job overlapping a
        person's run) stops at once, naming the first, instead of sending every file again."""
        folder = self.path.parent
        lock = FileLock(folder / LOCK_NAME, mode=0o600)
        try:
            private_dir(folder)
            lock.acquire(timeout=0)
        except Timeout:
            raise RunInProgress(f"another run is using {folder} ({self._holder()}); wait for it to finish") from None
        except OSError as exc:
            raise OutputError(f"cannot use {folder} for the ledger: {exc.strerror or exc}") from None
        holder = folder / HOLDER_NAME
        try:
            holder.write_text(json.dumps({"run": run_id, "pid": os.getpid(), "started": now_iso()}))
            yield
        finally:
            holder.unlink(missing_ok=True)
            lock.release()

    def _holder(self) -> str:
        try:
            data = json.loads((self.path.parent / HOLDER_NAME).read_text())
            return f"run {data['run']}, process {data['pid']}, started {data['started']}"
        except (OSError, ValueError, KeyError, TypeError):
            return "a run that is starting"

    def read(self) -> dict[Key, Entry]:
        """The last line for each file."""
        entries: dict[Key, Entry] = {}
        if not self.path.exists():
            return entries
        with self.path.open(encoding="utf-8", errors="replace") as stream:
            for number, line in enumerate(stream, start=1):
                try:
                    data = json.loads(line)
                    entry = Entry(**{k: v for k, v in data.items() if k in _FIELDS})
                except (ValueError, TypeError, AttributeError):
                    # A crash mid-write leaves at most a torn last line: skip it, keep the rest.
                    log.warning("ledger %s: line %d is unreadable and was skipped", self.path, number)
                    continue
                entries[entry.key] = entry
        return entries

    def on_site(self, site: str, account: str | None) -> dict[tuple[str, str, str], Entry]:
        """The last line about each file (SHA-256, type, year) on a site, read once; any account's
        when the account is not known yet (a --dry-run without credentials)."""
        found: dict[tuple[str, str, str], Entry] = {}
        for entry in self.read().values():
            if entry.site != site or (account is not None and entry.account != account):
                continue
            key = (entry.sha256, entry.type, entry.school_year)
            if key not in found or entry.submitted_at >= found[key].submitted_at:
                found[key] = entry
        return found

    def add(self, entry: Entry) -> None:
        try:
            private_dir(self.path.parent)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                # A line starts on a fresh line even if the last write was torn.
                if os.fstat(fd).st_size and not self._ends_with_newline():
                    os.write(fd, b"\n")
                os.write(fd, (json.dumps(asdict(entry), ensure_ascii=False) + "\n").encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise OutputError(
                f"could not write the ledger {self.path}: {exc.strerror or exc}", contacted=True
            ) from None

    def _ends_with_newline(self) -> bool:
        with self.path.open("rb") as stream:
            stream.seek(-1, os.SEEK_END)
            return stream.read(1) == b"\n"


def held_run_folder(ledger: Ledger, out_dir: Path, summary: RunSummary) -> tuple[ExitStack, RunFolder]:
    """The run's folder, made while the run holds the ledger: one run at a time per ledger (a send and
    a `status` each write it). Closing the stack lets the ledger go."""
    held = ExitStack()
    held.enter_context(ledger.exclusive(summary.run_id))
    try:
        return held, RunFolder(out_dir, summary)
    except BaseException:
        held.close()
        raise
