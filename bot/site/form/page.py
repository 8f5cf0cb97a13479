"""The File Submission page: its heading, the census of its controls and what they mean, and the
form filled for one file. Its list of earlier submissions is read by submissions.py, the file goes
where file_input.py finds, the filling is filler.py's job and the send sending.py's."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from bot.filetypes import FileType
from bot.manifest import PlannedFile
from bot.site.answer import Answer
from bot.site.confirmations import answer_confirmation, confirm_review, submit_staged
from bot.site.form.controls import asks_now, locate, read_controls
from bot.site.form.file_input import FileInput, FileTarget
from bot.site.form.filler import FormFiller
from bot.site.form.plan import (
    Control,
    FieldValue,
    FormNotUnderstood,
    FormPlan,
    YearLesson,
    format_in_refusal,
    plan_form,
    spoken_format,
)
from bot.site.form.submissions import read_submissions
from bot.site.history import HistoryRow
from bot.site.network import InFlight, UploadWatch
from bot.site.pages import Focus, SitePage, button_named, heading_named
from bot.site.scripts import ASKED_ALONE_JS, DISABLED_LISTS_JS
from bot.site.sending import Progress, Sending
from bot.site.waits import until
from bot.site.words import SiteWords

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FilledForm:
    """A form with its type, year and fields chosen, ready to send. With a submit button the file is
    given to the form now and the button sends it; without one, giving the file is the send."""

    page: FileSubmissionPage
    button: Locator | None
    target: FileTarget
    path: Path
    # What the "filled" screenshot shows: the controls the bot set.
    focus: Focus | None = None
    # Takes the picture of a step on the way (a review page before it is confirmed).
    picture: Callable[[str], object] | None = None

    def send(self, upload_timeout_s: float, stop: Callable[[], bool], progress: Progress | None = None) -> Answer:
        form = self.page
        if self.button is None:
            trigger: Callable[[], None] = lambda: form.give_file(self.target, self.path)  # noqa: E731
        else:
            button = self.button
            # Not waiting for the navigation the click starts: a large file on a slow line takes far
            # longer than a page, and the upload timeout governs it.
            trigger = lambda: button.click(no_wait_after=True)  # noqa: E731
        sending = Sending(
            form.page,
            form.words,
            form.watch(),
            upload_timeout_s,
            form.timeout_ms / 1000,
            stop,
            confirm=lambda answered: answer_confirmation(form.page, form.words, answered, sending.asked),
            review=lambda said, answered: confirm_review(
                form.page, form.words, said, answered, sending.asked, picture=self.picture
            ),
            stage=lambda answered: submit_staged(
                form.page, form.words, self.path.name, answered, sending.asked, picture=self.picture
            ),
            login_showing=form.login_showing,
            progress=progress,
            size=self.path.stat().st_size,
        )
        answer = sending.run(trigger)
        return replace(answer, asked=tuple(sending.asked))


class FileSubmissionPage(SitePage):
    page_name = "File Submission"

    def __init__(
        self,
        page: Page,
        words: SiteWords,
        timeout_ms: float,
        fields: Mapping[str, FieldValue] | None = None,
        login_showing: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(page, words, timeout_ms)
        self.fields = dict(fields or {})
        # Whether the site's Log On page shows instead (the session ended during a send): the session's
        # own Log On page says, in whichever tab the run is in.
        self.login_showing = login_showing or (lambda: False)
        self._watch: UploadWatch | None = None
        # Loaded and untouched since: the next file needs no new load of the page.
        self.fresh = False
        # Year boxes whose page stated no format, by name: the format the site's refusal gave, and the
        # box written whole in the last fill (to learn from its refusal).
        self.year_formats: dict[str, tuple[str, str]] = {}
        self.unstated_year: str | None = None
        # The session's open script requests, when it tracks them: the list is read once they are answered.
        self.in_flight: InFlight | None = None

    def watch(self) -> UploadWatch:
        """The page's upload watch, subscribed on first use and kept for every later send."""
        if self._watch is None or self._watch.page is not self.page:
            if self._watch is not None:
                # The run went on in another tab: the old one's events are no longer this form's.
                self._watch.close()
            self._watch = UploadWatch(self.page)
        return self._watch

    def heading(self) -> Locator:
        return self.find("file_submission_heading", heading_named)

    def showing(self) -> bool:
        """Whether the File Submission page shows now, without waiting."""
        return self._by_first_word("file_submission_heading", heading_named, self.page, visible=True) is not None

    def wait_shown_or(self, home: SitePage) -> None:
        """Wait until the page shows the form's heading or the Upload Data button, whichever comes
        first; neither within the page timeout is left for wait_open to name."""
        heading = self.any_shown("file_submission_heading", heading_named)
        upload = home.any_shown("upload_data", button_named)
        with contextlib.suppress(PlaywrightError):
            heading.or_(upload).first.wait_for(state="visible", timeout=self.timeout_ms)

    def wait_open(self) -> str:
        """Make sure the File Submission page is showing; returns its address, to come back to. The
        page is fresh from here until a file is filled in."""
        self.heading()
        # A heading can show before the parser reaches the page's scripts: a file given to a loader
        # whose script has not run yet goes to no one ("Please choose a file"). A person waits too.
        with contextlib.suppress(PlaywrightTimeoutError):
            self.page.wait_for_load_state("domcontentloaded", timeout=self.timeout_ms)
        self.fresh = True
        return self.page.url

    def submit_button(self) -> Locator:
        return self.find("submit_button", button_named)

    def history(self) -> list[HistoryRow] | None:
        """Every row of the page's lists of earlier submissions (see submissions.read_submissions)."""
        return read_submissions(self.page, self.words, self.timeout_ms, self.in_flight)

    def controls(self) -> list[Control]:
        """Every control of the page, in its frames too, with the name a person reads beside it."""
        return read_controls(self.page, self.timeout_ms)

    def understand(self, file_type: FileType | None = None) -> FormPlan:
        """What each control is for (for a file of this type, on a page with a row per type);
        FormNotUnderstood when the page asks what the bot does not know, including a file type or year
        asked for by words in the form with no control the bot can read."""
        plan = plan_form(self.open_controls(), self.words, self.fields, file_type)
        if plan.file_input is None or plan.file_input.frame != 0:
            return plan
        unread = []
        for what, control, key in (
            ("file type", plan.file_type or plan.type_row, "file_type_label"),
            ("year", plan.year, "academic_year_label"),
        ):
            asked = [] if control else self._asked_alone(plan.file_input.index, getattr(self.words, key))
            if asked:
                # Never advice to ignore the question: a file sent with its type or year unplaced is
                # filed wrongly. Nothing the config says can make the bot read such a control.
                unread.append(
                    f'the form asks for the {what} ("{asked[0]}") with a control the bot cannot read (no list, '
                    f"option buttons, combobox or text box), so no file can be sent with its {what} placed"
                )
        if unread:
            raise FormNotUnderstood(unread)
        return plan

    def _asked_alone(self, file_index: int, words: list[str]) -> list[str]:
        try:
            return [str(t) for t in self.page.evaluate(ASKED_ALONE_JS, [file_index, words])]
        except PlaywrightError:
            return []

    def open_controls(self) -> list[Control]:
        """The form's controls; a form kept in a panel or dialog is opened first, by its button
        (words.open_form_button), as a person opens it."""
        controls = self.controls()
        if not any(asks_now(c) for c in controls):
            opener = self._by_first_word("open_form_button", button_named, self.page, visible=True)
            if opener is not None:
                opener.click()
                # Still asking nothing at the limit: what the page shows is understood as it is, and
                # the lists it lacks are reported as missing.
                if until(self.page, self.timeout_ms / 1000, lambda: any(asks_now(c) for c in self.controls())):
                    log.info("File Submission: opened the form with %s", self.found.get("open_form_button"))
                controls = self.controls()
        if not any(c.kind == "file" for c in controls):
            controls = self._add_file_row(controls)
        return controls

    def _add_file_row(self, controls: list[Control]) -> list[Control]:
        """A form with no file input until a button adds a row for one ("+ Add a file"): the button is
        pressed, as a person does, and the form read again once the row shows."""
        adder = self._by_first_word("add_file_buttons", button_named, self.page, visible=True)
        if adder is None:
            return controls
        adder.click()
        if not until(self.page, self.timeout_ms / 1000, lambda: any(c.kind == "file" for c in self.controls())):
            return controls  # no file input came: the understanding reports it missing
        log.info("File Submission: added a row for the file with %s", self.found.get("add_file_buttons"))
        return self.controls()

    def disabled_lists(self) -> int:
        """How many lists and comboboxes of the page are disabled now (a list waiting for another)."""
        try:
            return int(self.page.evaluate(DISABLED_LISTS_JS))
        except PlaywrightError:
            return 0

    def locate(self, control: Control) -> Locator:
        return locate(self.page, control)

    def _file_input(self) -> FileInput:
        part = FileInput(self.page, self.words, self.timeout_ms)
        # One record of the words each element was found by, for --check-site's report.
        part.found = self.found
        return part

    def send_button(self, target: FileTarget | None = None) -> Locator | None:
        return self._file_input().send_button(target)

    def file_target(self, plan: FormPlan) -> FileTarget:
        return self._file_input().target(plan)

    def give_file(self, target: FileTarget, path: Path) -> None:
        self._file_input().give(target, path)

    def fill(self, planned: PlannedFile, on_step: Callable[[str], object] | None = None) -> FilledForm:
        """Fill every field the config names, choose the type and year (each read back from the page),
        and give the form the file unless giving it is the send. A form that goes on over several
        steps (Next, Continue) is followed step by step while each asks only what the bot can place."""
        self.fresh = False
        self.unstated_year = None
        filler = FormFiller(self, self.year_formats, on_step)
        plan = filler.fill(planned)
        self.unstated_year = filler.unstated_year
        target = self.file_target(plan)
        button = self.send_button(target)
        if button is not None:
            self.give_file(target, planned.path)
        return FilledForm(self, button, target, planned.path, controls_focus(plan), on_step)

    def learn(self, said: str) -> YearLesson | None:
        """After a try that left nothing stored, with a year written whole because the page stated no
        format: the format the site's words state (YYYY-YY, 2023-24), kept for every later file. None
        when no year was written so."""
        name, self.unstated_year = self.unstated_year, None
        if name is None:
            return None
        form = format_in_refusal(said)
        if form is None:
            return YearLesson(name, None)
        self.year_formats[name] = form
        return YearLesson(name, spoken_format(form))

    def next_button(self) -> Locator | None:
        """The button that takes a form to its next step, when the page shows one: never a "Next"
        that pages through a table or a menu."""
        found = self._by_first_word("next_button", button_named, self.page, visible=True)
        if found is None:
            return None
        try:
            aside = found.evaluate("e => !!e.closest('table, nav, [role=navigation], [role=grid]')")
        except PlaywrightError:
            return None
        return None if aside else found


def controls_focus(plan: FormPlan) -> Focus | None:
    """The controls the bot set, for the "filled" screenshot; None when one is in a frame."""
    controls = [c for c in (plan.file_type, plan.year, plan.file_input) if c is not None]
    controls += [c for c, _ in plan.fields]
    # An ARIA combobox is counted apart from the form's controls: the window shows the form instead.
    if not controls or any(c.frame != 0 or c.widget == "aria" for c in controls):
        return None
    return Focus("controls", indices=tuple(c.index for c in controls))
