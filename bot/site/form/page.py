"""The File Submission page: its heading, its list of earlier submissions, the census of its
controls, where the file goes, and the confirmation boxes it may show on the way. Filling it is
filler.py's job, sending it sending.py's."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from bot.errors import ElementNotFound, ListUnreadable
from bot.filetypes import FileType
from bot.manifest import PlannedFile
from bot.site.answer import Answer
from bot.site.confirmations import answer_confirmation, confirm_review, submit_staged
from bot.site.evidence import is_staging_table
from bot.site.form.controls import asks_now, locate, read_controls
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
from bot.site.history import HistoryRow
from bot.site.matching import any_word, whole_name
from bot.site.network import InFlight, UploadWatch
from bot.site.pages import Focus, LoginPage, SitePage, button_named, heading_named, missing_element
from bot.site.scripts import ASKED_ALONE_JS, BUSY_JS, BUTTON_PLACE_JS, DISABLED_LISTS_JS, HISTORY_JS
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
        login = LoginPage(form.page, form.words, form.timeout_ms)
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
            login_showing=login.showing,
            progress=progress,
            size=self.path.stat().st_size,
        )
        answer = sending.run(trigger)
        return replace(answer, asked=tuple(sending.asked))


@dataclass
class FileTarget:
    """Where the file goes: the form's file input, or a drop zone that opens a file chooser."""

    file_input: Locator | None = None
    browse: Locator | None = None
    found_by: str = ""
    # The frame the file input is in (0: the page itself): the form's button is there too.
    frame: int = 0


class FileSubmissionPage(SitePage):
    page_name = "File Submission"

    def __init__(
        self, page: Page, words: SiteWords, timeout_ms: float, fields: Mapping[str, FieldValue] | None = None
    ) -> None:
        super().__init__(page, words, timeout_ms)
        self.fields = dict(fields or {})
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
        """Every row of the page's tables (the list of earlier submissions among them); None when the
        page shows no table at all. A page still loading its list ("Loading your submissions...") is
        waited for, as a person waits: a list read too early would miss the files already there."""
        limit_s = min(self.timeout_ms / 1000, 15)
        if self.in_flight is not None and not self.in_flight.settle(self.page, limit_s):
            # A single-page app redraws its list when its request is answered: read before, it is stale.
            raise ListUnreadable(
                f"the page was still fetching after {limit_s:g} s (a request its scripts made was not answered), so "
                "its list of submissions may not be drawn yet; a list read too early could miss files already on "
                "the site, so nothing more was sent: run again later, or raise timeouts.page_s in the config"
            )

        def loaded() -> bool:
            try:
                return not self.page.evaluate(BUSY_JS, self.words.loading_text)
            except PlaywrightError:
                return False  # a page on its way

        if not until(self.page, limit_s, loaded, step_ms=200):
            # Read now, the list would look empty: a file already there would be sent again.
            raise ListUnreadable(
                f"the site's list of submissions was still loading after {limit_s:g} s "
                f"(words.loading_text: {', '.join(self.words.loading_text)}); a list read before it has loaded "
                "could miss files already on the site, so nothing more was sent: run again later, or raise "
                "timeouts.page_s in the config"
            )
        tables = self._tables()
        if not tables:
            return None
        rows = []
        lists = 0
        for title, controls, lines, paged in tables:
            # A form laid out in a table, or a table of files staged and not yet sent, is no list of
            # what the site holds.
            if controls or is_staging_table(str(title), self.words):
                continue
            lists += 1
            rows += [
                HistoryRow(str(text), bool(sized), ref or None, str(status), str(title), bool(paged), str(link))
                for text, sized, ref, status, link in lines
            ]
        return rows if lists else None

    def _tables(self) -> list[Any]:
        """The tables of the page and of its frames (a form and its list kept in an iframe), the page's first."""
        tables: list[Any] = []
        for number, frame in enumerate(self.page.frames):
            try:
                if number == 0:
                    found = frame.evaluate(HISTORY_JS)
                else:
                    # A frame may still be loading, or never finish: waited for no longer than a page.
                    found = frame.locator(":root").evaluate(HISTORY_JS, timeout=self.timeout_ms)
            except PlaywrightError:
                continue
            tables += found or []
        return tables

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

    def send_button(self, target: FileTarget | None = None) -> Locator | None:
        """The button that sends a file; None when the form has none (choosing the file sends it).
        Never a button in another file's row (a staged file's own Submit); on a page with a button in
        each file's row, the one in the row of the file input used."""
        # A form in a frame of its own (an iframe) has its button beside its file input, in the frame.
        scope = self.page.frames[target.frame] if target is not None and target.frame else self.page
        try:
            first = self.find("submit_button", button_named, scope=scope, timeout_ms=min(self.timeout_ms, 2000))
        except ElementNotFound:
            return None
        if target is None or target.file_input is None:
            return first
        every = button_named(scope, whole_name(self.words.submit_button)).filter(visible=True)
        try:
            file_input = target.file_input.element_handle(timeout=self.timeout_ms)
            # Every button's place in one round trip, each file: not one a button.
            places = every.evaluate_all(
                f"(buttons, file) => buttons.slice(0, 40).map(b => ({BUTTON_PLACE_JS})(b, file))", file_input
            )
        except PlaywrightError:
            return first  # the file input in a frame of its own: no row to share with a button
        own_row = [i for i, (row, other) in enumerate(places) if row and not other]
        if own_row:
            return every.nth(own_row[0])
        if first.evaluate(BUTTON_PLACE_JS, file_input)[1]:
            free = [i for i, (_row, other) in enumerate(places) if not other]
            return every.nth(free[0]) if free else None
        return first

    def file_target(self, plan: FormPlan) -> FileTarget:
        """The form's file input, visible or hidden; else anything that offers to browse."""
        if plan.file_input is not None:
            return FileTarget(
                file_input=self.locate(plan.file_input), found_by="input type=file", frame=plan.file_input.frame
            )
        # Some loaders create their input only when the drop zone is clicked: then the file goes
        # through the browser's file chooser, as it does for a person.
        offer = any_word(self.words.browse_text)
        # Inside a form first: the page's instructions may well say "click to browse" too.
        for scope in (self.page.locator("form"), self.page):
            browse = scope.get_by_role("button", name=offer).or_(scope.get_by_text(offer)).filter(visible=True)
            if browse.count():
                label = " ".join(browse.first.inner_text().split())[:60]
                self.found["browse_text"] = label
                return FileTarget(browse=browse.first, found_by=f'the drop zone "{label}"')
        raise missing_element("browse_text", self.words.browse_text)

    def give_file(self, target: FileTarget, path: Path) -> None:
        # A path, never bytes: Playwright streams a path of any size to a local browser.
        if target.file_input is not None:
            target.file_input.set_input_files(path)
        elif target.browse is not None:
            with self.page.expect_file_chooser(timeout=self.timeout_ms) as chooser:
                target.browse.click()
            chooser.value.set_files(path)

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
