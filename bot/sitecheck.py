"""--check-site: log on, walk to the File Submission form, and report every element the bot needs.

It uploads nothing. Each element is reported found (and by which word), missing (with the
config key that overrides its words), skipped (an optional list the form does not have), or not
reached (a step before it failed).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Locator

from bot.audit import RunFolder, RunSummary, now_iso
from bot.config import Config
from bot.credentials import Credentials
from bot.errors import ElementNotFound, SiteError
from bot.filetypes import FileType
from bot.schoolyear import SchoolYear
from bot.session import NO_RECORDING, Recording, Session, open_session, require_safe_transport
from bot.site.matching import pick_file_type
from bot.site.pages import FileSubmissionPage, Scope, SitePage
from bot.site.words import ELEMENTS
from bot.submission import new_summary

log = logging.getLogger(__name__)

# Every element the bot needs, in the order it meets them.
CHECKED = [
    "log_on_button",
    "username_label",
    "password_label",
    "upload_data",
    "file_submission_heading",
    "submit_button",
    "file_type_label",
    "academic_year_label",
    "browse_text",
]


@dataclass
class ElementCheck:
    key: str
    status: str  # found, missing, skipped, not reached
    found_by: str = ""
    note: str = ""

    @property
    def page(self) -> str:
        return ELEMENTS[self.key][0]

    @property
    def element(self) -> str:
        return ELEMENTS[self.key][1]

    @property
    def config_key(self) -> str:
        return f"words.{self.key}"


@dataclass
class SiteCheckResult:
    summary: RunSummary
    folder: Path
    checks: list[ElementCheck] = field(default_factory=list)

    @property
    def all_found(self) -> bool:
        return all(c.status in ("found", "skipped") for c in self.checks)


class SiteCheck:
    def __init__(
        self,
        config: Config,
        credentials: Credentials,
        out_dir: Path,
        recording: Recording = NO_RECORDING,
        connect: Callable[[Config, RunFolder, Credentials, bool, Recording], AbstractContextManager[Session]]
        | None = None,
    ) -> None:
        self.connect = connect
        self.config = config
        self.recording = recording
        self.credentials = credentials
        self.summary = new_summary(config, credentials.username)
        self.folder = RunFolder(out_dir, self.summary)
        self.checks = {key: ElementCheck(key, "not reached") for key in CHECKED}

    def execute(self) -> SiteCheckResult:
        try:
            require_safe_transport(self.config.site.login_url)
            if self.connect is not None:
                opened = self.connect(self.config, self.folder, self.credentials, False, self.recording)
            else:
                opened = open_session(self.config, self.folder, self.credentials, recording=self.recording)
            with opened as session:
                self._walk(session)
        except SiteError as exc:
            self.summary.error = str(exc)
            raise
        finally:
            self.summary.checks = [
                vars(c) | {"page": c.page, "element": c.element, "config_key": c.config_key}
                for c in self.checks.values()
            ]
            self.summary.finished_at = now_iso()
            self.folder.write()
        return SiteCheckResult(self.summary, self.folder.path, list(self.checks.values()))

    def _probe(self, key: str, find: Callable[[], Locator | None], page: SitePage) -> bool:
        check = self.checks[key]
        try:
            located = find()
        except ElementNotFound as exc:
            check.status, check.note = "missing", exc.seen
            return False
        if located is None:
            check.status, check.note = "skipped", "the form has none; the bot skips this step"
        else:
            check.status, check.found_by = "found", f'"{page.found.get(key, "")}"'
        return True

    def _walk(self, session: Session) -> None:
        login, home, form = session.login, session.home, session.form
        session.open_login()
        found = [
            self._probe("log_on_button", login.log_on_button, login),
            self._probe("username_label", login.username_box, login),
            self._probe("password_label", login.password_box, login),
        ]
        if not all(found):
            session.shot("login-missing")
            return
        session.log_on()
        if not self._probe("upload_data", home.upload_data_button, home):
            session.shot("home-missing")
            return
        home.open_upload_data()
        if not self._probe("file_submission_heading", form.heading, form):
            session.shot("form-missing")
            return
        session.shot("file-submission")
        if not self._probe("submit_button", form.submit_button, form):
            return
        scope = form.form(form.submit_button())
        if self._probe("file_type_label", lambda: form.file_type_list(scope), form):
            self._file_type_options(form, scope)
        if self._probe("academic_year_label", lambda: form.year_list(scope), form):
            self._year_options(form, scope)
        try:
            target = form.file_target(scope)
        except ElementNotFound:
            self.checks["browse_text"].status = "missing"
        else:
            self.checks["browse_text"].status = "found"
            self.checks["browse_text"].found_by = target.found_by

    def _file_type_options(self, form: FileSubmissionPage, scope: Scope) -> None:
        """Which file types the list offers, so a missing option shows before the deadline."""
        select = form.file_type_list(scope)
        if select is None:
            return
        options = form.options(select, "file type")
        aliases = self.config.words.file_type_options
        absent = [t.value for t in FileType if pick_file_type(options, t, aliases.get(t.value, [])) is None]
        self.checks["file_type_label"].note = (
            f"no option for {', '.join(absent)}" if absent else "an option for every file type"
        )

    def _year_options(self, form: FileSubmissionPage, scope: Scope) -> None:
        select = form.year_list(scope)
        if select is None:
            return
        years = sorted(
            {y for o in form.options(select, "academic year") if (y := SchoolYear.find_in(o.text or o.value))}
        )
        self.checks["academic_year_label"].note = (
            f"offers {years[0]} to {years[-1]}" if years else "offers no year the bot can read"
        )
