"""--check-site: log on, walk to the File Submission form, and report every element the bot needs.

It uploads nothing. Each element is reported found (and by which word), missing (with the
config key that overrides its words), skipped (an optional list the form does not have), or not
reached (a step before it failed).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from bot.audit import RunFolder, RunSummary, now_iso
from bot.camera import NO_RECORDING, Recording
from bot.config import Config
from bot.credentials import Credentials
from bot.errors import ElementNotFound, SiteError
from bot.filetypes import FileType
from bot.journey import Finder, Journey
from bot.manifest import PlannedFile
from bot.session import Session, open_session
from bot.site.form.options import predict_file
from bot.site.form.page import FileSubmissionPage
from bot.site.form.plan import TYPED, Control, FormPlan, survey, year_format, year_unclear
from bot.site.matching import pick_file_type, year_in_option
from bot.site.pages import SitePage
from bot.site.words import ELEMENTS
from bot.submission import new_summary
from bot.transport import require_safe_transport

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
    "form_controls",
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
        return "form.fields" if self.key == "form_controls" else f"words.{self.key}"

    def missed(self, exc: ElementNotFound) -> None:
        self.status, self.note = "missing", exc.seen


@dataclass
class SiteCheckResult:
    summary: RunSummary
    folder: Path
    checks: list[ElementCheck] = field(default_factory=list)
    # With a manifest: for each file, the option the bot would choose for its type and its year.
    choices: list[Choice] = field(default_factory=list)

    @property
    def all_found(self) -> bool:
        # Skipped counts too: a list the bot will not fill deserves a look before the deadline.
        return all(c.status == "found" for c in self.checks) and all(c.ok for c in self.choices)


@dataclass
class Choice:
    """What the form would get for one manifest entry: the option for its type and for its year."""

    file: str
    file_type: str
    year: str
    ok: bool


@dataclass
class Reporting:
    """The check's looks on the journey: each element of a page reported before the page is used,
    and a page with one missing pictured, and the journey ended there."""

    check: SiteCheck
    session: Session

    def ahead(self, missing_shot: str, finders: Sequence[Finder]) -> bool:
        found = [self.check.probe(key, find, page) for key, find, page in finders]
        if all(found):
            return True
        self.session.shot(missing_shot)
        return False

    def missing(self, key: str, exc: ElementNotFound) -> None:
        self.check.checks[key].missed(exc)
        self.session.shot("form-missing")


class SiteCheck:
    def __init__(  # noqa: PLR0913  # the run's settings, by keyword, as SubmissionRun takes them
        self,
        config: Config,
        credentials: Credentials,
        out_dir: Path,
        *,
        recording: Recording = NO_RECORDING,
        connect: Callable[[Config, RunFolder, Credentials, bool, Recording], AbstractContextManager[Session]]
        | None = None,
        files: Sequence[PlannedFile] = (),
    ) -> None:
        self.connect = connect
        self.files = list(files)
        self.choices: list[Choice] = []
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
        return SiteCheckResult(self.summary, self.folder.path, list(self.checks.values()), self.choices)

    def probe(self, key: str, find: Callable[[], object], page: SitePage) -> bool:
        check = self.checks[key]
        try:
            located = find()
        except ElementNotFound as exc:
            check.missed(exc)
            return False
        if located is None:
            check.status, check.note = "skipped", "the form has none; the bot skips this step"
        else:
            check.status, check.found_by = "found", f'"{page.found.get(key, "")}"'
        return True

    def _walk(self, session: Session) -> None:
        """The run's own journey to the form (banners, log-on, the pages on the way as pages.accept
        and pages.choose answer them), each page's elements reported before it is used; a page it
        cannot place stops the check naming it and the YAML, as it stops a run."""
        looks = Reporting(self, session)
        journey = Journey(session, looks)
        if not journey.log_on() or journey.to_form() is None:
            return
        form = session.form
        self.probe("file_submission_heading", form.heading, form)
        session.shot("file-submission")
        # Opened first when the form is kept in a dialog: its button is inside it.
        shown = form.open_controls()
        self.probe("submit_button", form.submit_button, form)
        if self.checks["submit_button"].status == "missing":
            self.checks["submit_button"].note = "fine if the form sends a file as soon as it is chosen"
        plan, problems = survey(shown, self.config.words, self.config.form.fields)
        how = {id(control): said for control, said in plan.recognised}
        for key, control, offers in (
            ("file_type_label", plan.file_type, self._types_offered),
            ("academic_year_label", plan.year, self._years_offered),
        ):
            check = self.checks[key]
            if control is None:
                check.status, check.note = "skipped", "the form has none; the bot skips this step"
            else:
                check.status, check.found_by = "found", f'"{control.name}": {how.get(id(control), "")}'
                check.note = offers(control)
        self._file_target(form, plan)
        self.choices = [self._choice(planned, plan) for planned in self.files]
        controls = self.checks["form_controls"]
        if problems:
            controls.status, controls.note = "missing", "; ".join(problems)
        else:
            others = [f"{c.describe()}: {said}" for c, said in plan.recognised if c not in (plan.file_type, plan.year)]
            controls.status, controls.found_by = "found", "; ".join(others) or "no other control"

    def _file_target(self, form: FileSubmissionPage, plan: FormPlan) -> None:
        """Where the file goes; on a form over several steps, a later step asks for it (and sends it)."""
        check = self.checks["browse_text"]
        try:
            target = form.file_target(plan)
        except ElementNotFound:
            if form.next_button() is None:
                check.status = "missing"
                return
            check.status, check.found_by = "found", f"on a later step (after {form.found['next_button']})"
            button = self.checks["submit_button"]
            if button.status == "missing":
                button.status, button.found_by, button.note = "found", "on a later step", ""
            return
        check.status, check.found_by = "found", target.found_by

    def _choice(self, planned: PlannedFile, plan: FormPlan) -> Choice:
        """The exact option each list would get for this file, by the run's own rules, or why none."""
        type_pick, year_pick = predict_file(planned, plan, self.config.words)
        label = f"{planned.number}: {planned.type} {planned.school_year.short} {planned.shown_path}"
        return Choice(label, type_pick.said, year_pick.said, type_pick.ok and year_pick.ok)

    def _types_offered(self, control: Control) -> str:
        """Which file types the list offers, so a missing option shows before the deadline."""
        aliases = self.config.words.file_type_options
        absent = [t.value for t in FileType if pick_file_type(control.options, t, aliases.get(t.value, [])) is None]
        return f"no option for {', '.join(absent)}" if absent else "an option for every file type"

    @staticmethod
    def _years_offered(control: Control) -> str:
        if control.kind in TYPED:
            if year_format(control.hint):
                return f'typed as the page says ("{control.hint}")'
            if year_unclear(control):
                return "a box that does not say how to write it"
            return "typed whole (2023-2024): the page states no format; a refusal stating one is learned"
        years = sorted({y for o in control.options if (y := year_in_option(o.text or o.value))})
        return f"offers {years[0]} to {years[-1]}" if years else "offers no year the bot can read"
