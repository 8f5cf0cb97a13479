"""A fake site for the fast tier: the run's decisions driven with no browser.

`FakeSite` holds what a real site would hold (its rows) and answers each upload from a script of
what happens to it; `FakeSession` is the page objects' interface over it. A test asserts on
`site.held`, as the browser tests assert on what the sandbox stored.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

from bot.audit import FileRecord, RunFolder
from bot.camera import Recording
from bot.config import Config
from bot.credentials import Credentials
from bot.errors import DialogInTheWay, ElementNotFound, FormBroken
from bot.manifest import PlannedFile
from bot.site.answer import Answer
from bot.site.form.plan import YearLesson
from bot.site.history import HistoryRow
from bot.site.pages import Focus

# What happens to one upload, in the order the site receives them:
#   confirm    the site keeps the file and says so
#   refuse     the site keeps nothing and says no
#   refuse-year  the site keeps nothing and says the year must be written as YYYY-YY
#   refuse-year-vague  the site keeps nothing and says the year is wrong, but not how to write it
#   unsent     nothing leaves the browser (a confirmation box nobody pressed)
#   lost       an unknown answer (a 502); nothing kept
#   kept       an unknown answer (a dropped connection); the file kept
#   late:N     an unknown answer; the file appears in the list only on the Nth look after
#   silent     the site keeps the file and answers in words the bot cannot place
#   expire     the session ended before the upload; nothing kept
#   twice      the site keeps two copies and says yes once (the browser's silent re-send)
#   interrupt  the file is kept while a Ctrl-C arrives mid-upload
#   interrupt-late  the same, the file showing in the list only on the second look after
#   missing    the form lacks its file type list
#   broken     a control of the form the bot cannot operate (nothing leaves the browser)
#   vanish     the site says yes, but its list never shows the file
#   append-while-sending  the file grows while the site takes it
#   crash      the browser dies while the file is on its way; the file kept
#   crash-lost the browser dies while the file is on its way; nothing kept
#   error-kept a Playwright error after the request left, the browser still alive; the file kept
Behaviour = str


@dataclass
class FakeSite:
    script: list[Behaviour] = field(default_factory=list)
    has_list: bool = True
    held: list[tuple[str, int, str]] = field(default_factory=list)
    uploads: int = 0
    log_ons: int = 0
    looks: int = 0
    stop_now: bool = False
    # The site ended the session ("expire"): nothing more is taken until the bot logs on again.
    logged_out: bool = False
    # "interrupt" raises a real SIGINT, as a terminal's Ctrl-C does, for tests of the whole CLI.
    real_signal: bool = False
    late: list[tuple[int, tuple[str, int, str]]] = field(default_factory=list)
    # The browser died: every call on the page fails until a new browser is started.
    dead: bool = False
    # The last upload was refused for the year the form wrote whole: the format the refusal stated
    # ("?" when it stated none).
    year_refused: str | None = None
    browsers: int = 0
    # The list shows only its newest rows, this many, with a pager to the rest.
    page_size: int | None = None
    # Files whose row's Status says Rejected; files whose row shows more words (a type, a status).
    rejected: set[str] = field(default_factory=set)
    shown_as: dict[str, str] = field(default_factory=dict)
    # Files whose row's Status says these words (a verdict after validation), and links to a report.
    statuses: dict[str, str] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    # A modal dialog the bot cannot place stands over the page ("blocked"): its heading and words.
    dialog: tuple[str, str] | None = None

    def rows(self) -> list[HistoryRow] | None:
        self.looks += 1
        due = [row for at, row in self.late if at <= self.looks]
        self.late = [(at, row) for at, row in self.late if at > self.looks]
        self.held += due
        if not self.has_list:
            return None
        rows = [
            HistoryRow(
                f"{ref} {name} {size} {shown} {status}",
                sized=True,
                reference=ref,
                status=status,
                link=self.links.get(name, ""),
            )
            for name, size, ref in self.held
            for shown in [self.shown_as.get(name, "")]
            for status in [
                self.statuses.get(name)
                or ("Rejected" if name in self.rejected else "On hold" if shown == "On hold" else "")
            ]
        ]
        if self.page_size is None:
            return rows
        newest = list(reversed(rows))[: self.page_size]
        return [HistoryRow(r.text, r.sized, r.reference, paged=True) for r in newest]

    def keep(self, planned: PlannedFile) -> tuple[str, int, str]:
        row = (planned.path.name, planned.path.stat().st_size, f"CPP-{len(self.held) + 1:05d}")
        self.held.append(row)
        return row


@dataclass
class FakeFilled:
    site: FakeSite
    planned: PlannedFile
    focus: Focus | None = None

    def send(  # noqa: PLR0915  # one branch per behaviour the fake site can show, read as a table
        self, upload_timeout_s: float, stop: Callable[[], bool], progress: Callable[[str], None] | None = None
    ) -> Answer:
        site = self.site
        if progress is not None:
            progress("the file is on its way (0 s)")
        site.uploads += 1
        what = site.script[site.uploads - 1] if site.uploads <= len(site.script) else "confirm"
        if what == "confirm":
            _, _, ref = site.keep(self.planned)
            return Answer("confirmed", f"Your file was received. Submission ID: {ref}", 200, ref)
        if what == "append-while-sending":
            with self.planned.path.open("a") as stream:
                stream.write("more\r\n")
            _, _, ref = site.keep(self.planned)
            return Answer("confirmed", f"Your file was received. Submission ID: {ref}", 200, ref)
        if what == "vanish":
            return Answer("confirmed", "Your file was received.", 200)
        if what == "misfile":
            # Kept under SENR whatever was chosen, and the answer says so.
            site.keep(self.planned)
            return Answer("confirmed", f"Student Enrollment (SENR): {self.planned.path.name} was received", 200)
        if what == "another-files-answer":
            # The answer to the file before, with its id: never this file's proof.
            _, _, ref = site.keep(self.planned)
            return Answer(
                "confirmed", f"OTHER.txt was received. Submission ID: CPP-99999 (not {ref})", 200, "CPP-99999"
            )
        if what in ("misfiled-row", "on-hold-row"):
            site.shown_as[self.planned.path.name] = "SENR 2018-19" if what == "misfiled-row" else "On hold"
            site.keep(self.planned)
            return Answer("unknown", "the site answered HTTP 502", 502)
        if what == "rejected-row":
            site.rejected.add(self.planned.path.name)
            site.keep(self.planned)
            return Answer("unknown", "the site answered HTTP 502", 502)
        if what == "staged":
            return Answer("unsent", "the site staged the file without sending it", staged=True)
        if what == "twice":
            site.keep(self.planned)
            _, _, ref = site.keep(self.planned)
            return Answer("confirmed", f"Your file was received. Submission ID: {ref}", 200, ref)
        if what == "refuse":
            return Answer("refused", "Error: the file was rejected.", 400)
        if what == "refuse-year":
            site.year_refused = "YYYY-YY"
            return Answer("refused", "Error: the Academic Year must be written as YYYY-YY.", 200)
        if what == "refuse-year-vague":
            site.year_refused = "?"
            return Answer("refused", "Error: the Academic Year field is required.", 200)
        if what == "unsent":
            return Answer("unsent", "nothing was sent: no upload left the browser after pressing the button")
        if what == "lost":
            return Answer("unknown", "the site answered HTTP 502", 502)
        if what == "kept":
            site.keep(self.planned)
            return Answer("unknown", "the upload's connection failed: net::ERR_CONNECTION_RESET", None)
        if what.startswith("late:"):
            row = (self.planned.path.name, self.planned.path.stat().st_size, f"CPP-{len(site.held) + 1:05d}")
            site.late.append((site.looks + int(what.split(":")[1]), row))
            return Answer("unknown", f"no answer to the upload within {upload_timeout_s:g} s", None)
        if what == "silent":
            site.keep(self.planned)
            return Answer("unknown", "the site showed no message", 200, silent=True)
        if what in ("crash", "crash-lost", "error-kept"):
            if what != "crash-lost":
                site.keep(self.planned)
            site.dead = what != "error-kept"
            raise PlaywrightError("Page.wait_for_timeout: Target crashed" if site.dead else "Locator.count: Timeout")
        if what == "expire":
            site.logged_out = True
            return Answer("expired", "the site showed its Log On page", 200)
        if what in ("interrupt", "interrupt-late"):
            site.stop_now = True
            if site.real_signal:
                signal.raise_signal(signal.SIGINT)
            if what == "interrupt-late":
                row = (self.planned.path.name, self.planned.path.stat().st_size, f"CPP-{len(site.held) + 1:05d}")
                site.late.append((site.looks + 2, row))
                return Answer("unknown", "interrupted while the file was being sent", None)
            site.keep(self.planned)
            return Answer("unknown", "interrupted while the file was being sent", None)
        raise AssertionError(f"unknown behaviour {what}")


@dataclass
class FakeForm:
    site: FakeSite
    fresh: bool = False

    def history(self) -> list[HistoryRow] | None:
        return self.site.rows()

    def learn(self, said: str) -> YearLesson | None:
        # The year written whole was refused by words that state the format: learned once.
        learned, self.site.year_refused = self.site.year_refused, None
        if learned is None:
            return None
        return YearLesson("Academic Year", None if learned == "?" else learned)

    def fill(self, planned: PlannedFile, on_step: Callable[[str], object] | None = None) -> FakeFilled:
        assert not self.site.logged_out, "a form was filled on the Log On page: the session had ended"
        self.fresh = False
        upcoming = self.site.script[self.site.uploads] if self.site.uploads < len(self.site.script) else ""
        if upcoming == "broken":
            self.site.uploads += 1
            raise FormBroken('the file type dropdown "File Type" would not take "SENR"; nothing was sent')
        if upcoming == "blocked":
            # Every click waits behind the dialog until the page timeout.
            self.site.uploads += 1
            self.site.dialog = ("Scheduled maintenance", "Scheduled maintenance Uploads are paused until 6 PM. Close")
            raise PlaywrightError("Timeout 30000ms exceeded.")
        if upcoming == "missing":
            self.site.uploads += 1
            raise ElementNotFound(
                page="File Submission",
                element="file type list",
                words=["File Type"],
                config_key="words.file_type_label",
            )
        return FakeFilled(self.site, planned)


@dataclass
class FakeSession:
    site: FakeSite
    folder: RunFolder
    opened: list[str] = field(default_factory=list)
    form: FakeForm = field(init=False)

    def __post_init__(self) -> None:
        self.form = FakeForm(self.site)

    def open_login(self) -> None:
        self.opened.append("login")

    def log_on(self) -> None:
        self.site.log_ons += 1

    def reach_form(self, *, understand: bool = True) -> str:
        self.form.fresh = True
        return "https://calpass.test/FileSubmission"

    def details(self, link: str, record: FileRecord) -> str:
        self.opened.append(link)
        self.form.fresh = False
        return self.folder.save(f"{record.type}-site-report.txt", b"Rejected: see line 3\r\n")

    def open_form(self, url: str) -> None:
        # As the port promises: back to the form, logging on again when the site ended the session.
        if self.site.logged_out:
            self.log_on()
            self.site.logged_out = False
        self.opened.append(url)
        self.form.fresh = True

    def shot(self, step: str, record: FileRecord | None = None, focus: Focus | None = None) -> str:
        return self.folder.screenshot_name(step, record)

    def alive(self) -> bool:
        return not self.site.dead

    def dialog_in_the_way(self) -> DialogInTheWay | None:
        if self.site.dialog is None:
            return None
        return DialogInTheWay.over_form(*self.site.dialog, shot=self.shot("dialog-in-the-way"))


def connect_to(site: FakeSite) -> Callable[..., AbstractContextManager[FakeSession]]:
    @contextmanager
    def connect(
        config: Config, folder: RunFolder, credentials: Credentials, interactive: bool, recording: Recording
    ) -> Iterator[FakeSession]:
        site.dead = False
        site.browsers += 1
        yield FakeSession(site, folder)

    return connect


def write_files(folder: Path, count: int) -> list[Path]:
    """Small CALPADS-shaped files; their content does not matter to the run's decisions."""
    codes = ["SENR", "SINF", "SPRG", "SELA", "CRSC"]
    paths = []
    for code in codes[:count]:
        path = folder / f"{code}.txt"
        path.write_text(f"{code}^^1234567^1234567^9000000001^^2023-2024\r\n")
        paths.append(path)
    return paths
