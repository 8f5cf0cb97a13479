"""Page objects for Cal-PASS Plus: the only code that looks at the site.

Every element is found the way a person finds it, by role and visible name or label, using the
words in SiteWords. Nothing here depends on an id, class or layout.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import FloatRect, Frame, Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from bot.errors import ElementNotFound, FileRefused, LoginNeedsPerson, LoginRejected
from bot.filetypes import NAMES, FileType
from bot.manifest import PlannedFile
from bot.schoolyear import SchoolYear
from bot.site.form import (
    CHOICES,
    Control,
    FieldValue,
    FormNotUnderstood,
    FormPlan,
    field_value,
    option_for_field,
    plan_form,
    radio_groups,
    write_year,
    year_format,
)
from bot.site.history import HistoryRow
from bot.site.matching import Option, any_word, names_type, options_for_type, options_for_year, whole_name
from bot.site.outcome import Answer
from bot.site.scripts import (
    AREA_JS,
    ASKS_JS,
    CONTROLS_JS,
    FIRST_LOOK_JS,
    HISTORY_JS,
    POSTED_JS,
    STAND_IN_JS,
    STAND_IN_OPTION_JS,
)
from bot.site.sending import Progress, Sending, browser_refusal
from bot.site.watch import Messages, UploadWatch, ticks
from bot.site.words import ELEMENTS, SiteWords

log = logging.getLogger(__name__)
# Steps after the first that a form may take before it asks for the file.
MAX_STEPS = 3

Scope = Page | Frame | Locator
Build = Callable[[Scope, re.Pattern[str]], Locator]


def _textbox(scope: Scope, name: re.Pattern[str]) -> Locator:
    return scope.get_by_label(name).or_(scope.get_by_placeholder(name))


def _button(scope: Scope, name: re.Pattern[str]) -> Locator:
    return scope.get_by_role("button", name=name).or_(scope.get_by_role("link", name=name))


def _heading(scope: Scope, name: re.Pattern[str]) -> Locator:
    return scope.get_by_role("heading", name=name)


@dataclass(frozen=True)
class Focus:
    """What a screenshot must show: the form's controls, the site's answer, or a row of its list."""

    kind: Literal["controls", "text", "row"]
    text: str = ""
    indices: tuple[int, ...] = ()
    # For "text": where in the window the text was seen, when known.
    seen_at: float | None = None


@dataclass(frozen=True)
class Band:
    """A screenshot clip: in the window when the band fits it (scrolled there), else in the page."""

    clip: FloatRect
    beyond_window: bool


def area(page: Page, focus: Focus) -> Band | None:
    """The band of the page that shows the focus, as a screenshot clip; None when it is not there
    (the screenshot then shows what the window shows)."""
    viewport = page.viewport_size or {"width": 1280, "height": 900}
    if focus.seen_at is not None and 0 <= focus.seen_at <= viewport["height"] - 200:
        return None  # in the window, as it was just read: a shot of the window shows it
    arg = {"kind": focus.kind, "text": focus.text, "indices": list(focus.indices), "height": viewport["height"]}
    try:
        if focus.kind == "text":
            # Bounded: after a send the page may still be on its way, and page.evaluate would wait.
            band = page.locator(":root").evaluate(AREA_JS, arg, timeout=2000)
        else:
            # A form being filled, or a list just loaded: the page has settled.
            band = page.evaluate(AREA_JS, arg)
    except PlaywrightError:
        return None
    if not band:
        return None
    beyond = band[2] is None
    top = float(band[0] if beyond else band[2])
    return Band(FloatRect(x=0, y=top, width=float(viewport["width"]), height=float(band[1])), beyond)


def _gone(element: Locator) -> bool:
    """Whether an element is no longer shown; one in a frame that went away (the Log On form's iframe,
    when the whole page moves on) is gone too."""
    try:
        return element.count() == 0 or not element.is_visible()
    except PlaywrightError:
        return True


def _count(located: Locator) -> int:
    """How many elements match; none in a frame that went away while it was read."""
    try:
        return located.count()
    except PlaywrightError:
        return 0


class SitePage:
    """Finding elements by the site's words, with errors that say which words and which config key."""

    page_name = "site"

    def __init__(self, page: Page, words: SiteWords, timeout_ms: float) -> None:
        self.page = page
        self.words = words
        self.timeout_ms = timeout_ms
        self.found: dict[str, str] = {}

    def find(
        self,
        key: str,
        build: Build,
        *,
        scope: Scope | None = None,
        visible: bool = True,
        timeout_ms: float | None = None,
    ) -> Locator:
        """The first element named by one of the words under `key`, waiting for it to appear."""
        words: list[str] = getattr(self.words, key)
        scope = scope if scope is not None else self.page
        # A page that already shows the element is read at once, word by word in order; only a page
        # still on its way is waited for.
        now = self._by_first_word(key, build, scope, visible)
        if now is not None:
            return now
        combined = self._named(build, scope, words, visible)
        wait = self.timeout_ms if timeout_ms is None else timeout_ms
        try:
            combined.first.wait_for(state="visible" if visible else "attached", timeout=wait)
        except PlaywrightTimeoutError:
            raise _missing(key, words) from None
        return self._by_words(key, build, scope, visible) or combined.first

    def present(self, key: str, build: Build, scope: Scope) -> Locator | None:
        """An optional element, looked for once without waiting: the page is already loaded."""
        return self._by_first_word(key, build, scope, visible=False)

    def _by_known_word(self, key: str, build: Build, scope: Scope, visible: bool) -> Locator | None:
        """The element by the word that found it last time, in one look: the same page shows the
        same words, and the 100th file should not try every word again."""
        word = self.found.get(key)
        if word is None:
            return None
        candidate = self._named(build, scope, [word], visible)
        return candidate.first if candidate.count() else None

    def _by_first_word(self, key: str, build: Build, scope: Scope, visible: bool) -> Locator | None:
        # Words are tried in order, so the config can say which name wins, and --check-site can
        # report which word found the element.
        return self._by_known_word(key, build, scope, visible) or self._by_words(key, build, scope, visible)

    def _by_words(self, key: str, build: Build, scope: Scope, visible: bool) -> Locator | None:
        for word in getattr(self.words, key):
            candidate = self._named(build, scope, [word], visible)
            if candidate.count():
                self.found[key] = word
                log.debug("%s page: the %s is %r (words.%s)", self.page_name, ELEMENTS[key][1], word, key)
                return candidate.first
        return None

    @staticmethod
    def _named(build: Build, scope: Scope, words: list[str], visible: bool) -> Locator:
        located = build(scope, whole_name(words))
        return located.filter(visible=True) if visible else located


class LoginPage(SitePage):
    page_name = "Log On"

    _looked: tuple[str, Scope] | None = None
    _form_at: tuple[str, Scope] | None = None

    def frame(self) -> Scope:
        """The page, or the frame a site put its Log On form in: wherever the Log On button shows.
        Looked for once per page address: a missing button is waited for only once."""
        if self._looked is not None and self._looked[0] == self.page.url:
            return self._looked[1]
        named = whole_name(self.words.log_on_button)
        found: Scope = self.page
        for _ in ticks(self.page, self.timeout_ms / 1000, step_ms=100):
            holding = [f for f in self.page.frames if _count(_button(f, named).filter(visible=True))]
            if holding:
                found = self.page if holding[0] == self.page.main_frame else holding[0]
                break
        self._looked = (self.page.url, found)
        return found

    def log_on_button(self) -> Locator:
        return self.find("log_on_button", _button, scope=self.frame())

    def _form(self) -> Scope:
        # The Join form beside it may also ask for an e-mail address and a password: stay inside
        # the smallest block around the Log On button that holds a password box. Without a button
        # (renamed), the whole page is searched, so each missing element is reported for itself.
        frame = self.frame()
        if self._form_at is not None and self._form_at[0] == self.page.url:
            return self._form_at[1]
        button = self.present("log_on_button", _button, frame)
        if button is None:
            return frame
        form = button.locator("xpath=ancestor::*[.//input[@type='password']][1]")
        if not form.count():
            return frame
        # Kept for the page's address, as the frame is: the user name and password boxes share it.
        self._form_at = (self.page.url, form)
        return form

    def username_box(self) -> Locator:
        return self.find("username_label", _textbox, scope=self._form())

    def password_box(self) -> Locator:
        return self.find("password_label", _textbox, scope=self._form())

    def fill(self, username: str, password: str) -> None:
        self.username_box().fill(username)
        self.password_box().fill(password)

    def showing(self) -> bool:
        """Whether the page shows a Log On form (the site sent us back to it)."""
        for frame in self.page.frames:
            boxes = frame.locator("input[type=password]").filter(visible=True)
            try:
                if boxes.count() and self.present("log_on_button", _button, frame) is not None:
                    return True
            except PlaywrightError:
                continue  # a frame that went away while it was read shows nothing
        return False

    def wait_for_person(self, timeout_ms: float) -> None:
        """--interactive-login: a person finishes the log-on (MFA, CAPTCHA) in the visible window."""
        upload = _button(self.page, whole_name(self.words.upload_data)).filter(visible=True)
        for _ in ticks(self.page, timeout_ms / 1000, step_ms=500):
            if upload.count():
                return
        raise LoginNeedsPerson("nobody finished the log-on in the browser window in time")

    def submit(self) -> None:
        """Press Log On and wait for the home page; a rejected login raises LoginRejected, and a page
        asking for a verification code or a CAPTCHA raises LoginNeedsPerson."""
        button = self.log_on_button()
        password_box = self.password_box()
        messages = Messages()
        messages.remember(self.page)
        button.click()
        upload = _button(self.page, whole_name(self.words.upload_data)).filter(visible=True)
        refusal = any_word(self.words.login_error_text)
        person = any_word(self.words.person_needed_text)
        gone_since: float | None = None
        # A second more than the page timeout: the Log On form must be seen gone for a whole second.
        for waited in ticks(self.page, self.timeout_ms / 1000 + 1):
            if upload.count():
                return
            fresh = messages.new(self.page)
            if fresh is None:
                continue  # the next page is on its way
            asking = next((m.text for m in fresh if person.search(m.text)), None)
            if asking:
                raise LoginNeedsPerson(
                    f"the site asks for more than a password ({asking[:120]}); "
                    "run with --interactive-login and complete the log-on in the browser window"
                )
            # The Log On form gone for a moment means the site let us in, even if its Upload Data
            # button has been renamed: the home page reports that on its own.
            if _gone(password_box):
                gone_since = waited if gone_since is None else gone_since
                if waited - gone_since >= 1:
                    return
            else:
                gone_since = None
            # Refusal words count only on the Log On page itself: the page the site goes on to (after
            # a second log-on, the File Submission page) may well say "invalid" or "rejected".
            refused = next((m.text for m in fresh if refusal.search(m.text)), None)
            if refused and self.showing():
                raise LoginRejected(f"the site refused the login: {refused}")
            if waited >= 1 and (invalid := browser_refusal(button)):
                raise LoginRejected(f"the browser would not send the Log On form: {invalid}")
        raise LoginRejected("the site did not accept the login: the Log On page is still showing")


class HomePage(SitePage):
    page_name = "home"

    def upload_data_button(self) -> Locator:
        """The Upload Data button or link; inside a menu, the menu is opened as a person would:
        hovering over it, then clicking it."""
        named = whole_name(self.words.upload_data)
        try:
            return self.find("upload_data", _button, timeout_ms=min(self.timeout_ms, 2000))
        except ElementNotFound:
            hidden = self.page.get_by_role("link", name=named, include_hidden=True).or_(
                self.page.get_by_role("button", name=named, include_hidden=True)
            )
            if hidden.count() and self._open_menu_around(hidden.first):
                return hidden.first
        return self.find("upload_data", _button)

    def _open_menu_around(self, item: Locator) -> bool:
        try:
            trigger = item.evaluate_handle(_MENU_TRIGGER_JS).as_element()
            if trigger is None:
                return False
            trigger.hover(timeout=2000)
            if item.is_visible():
                return True
            trigger.click(timeout=2000)
            return item.is_visible()
        except PlaywrightError:
            return False

    def open_upload_data(self) -> None:
        self.upload_data_button().click()

    def shows_upload_data(self) -> bool:
        return self._by_first_word("upload_data", _button, self.page, visible=True) is not None

    def asks(self) -> Asked | None:
        """What the page asks of the district, when it shows a question rather than the home page:
        a box to tick, a list to choose in, a password to change. None for a page that asks nothing."""
        try:
            found = self.page.evaluate(ASKS_JS)
        except PlaywrightError:
            return None
        asked = Asked(
            str(found["heading"]),
            str(found["said"]),
            tuple(str(b) for b in found["boxes"]),
            tuple(str(x) for x in found["lists"]),
            bool(found["password"]),
        )
        return asked if asked.boxes or asked.lists or asked.password else None

    def accept(self, choices: Mapping[str, str] | None = None) -> None:
        """Answer the page as the district said it does: choose in each list the option the config
        names (pages.choose), tick its boxes (pages.accept), press its button."""
        for label, wanted in (choices or {}).items():
            chosen = self.page.get_by_label(whole_name([label])).filter(visible=True)
            chosen.first.select_option(label=wanted)
            if chosen.first.evaluate("e => e.selectedOptions[0] ? e.selectedOptions[0].text.trim() : ''") != wanted:
                raise ElementNotFound(
                    page="after log-on", element=f'option "{wanted}"', words=[label], config_key="pages.choose"
                )
        for box in self.page.locator("input[type=checkbox]").filter(visible=True).all():
            box.check()
        self.find("accept_buttons", _button).click()


@dataclass(frozen=True)
class Asked:
    """A page between log-on and the form that asks something of the district."""

    heading: str
    said: str
    boxes: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    password: bool = False

    def describe(self) -> str:
        parts = [f'"{self.heading}"' if self.heading else "a page with no heading"]
        if self.said:
            parts.append(f'saying "{self.said}"')
        parts += [f'a box "{b}"' for b in self.boxes if b] + [f'a list "{x}"' for x in self.lists if x]
        if self.password:
            parts.append("a password box")
        return ", ".join(parts)


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
            confirm=lambda answered: form.confirmation(answered, sending.asked),
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


class FileSubmissionPage(SitePage):
    page_name = "File Submission"

    def __init__(
        self, page: Page, words: SiteWords, timeout_ms: float, fields: Mapping[str, FieldValue] | None = None
    ) -> None:
        super().__init__(page, words, timeout_ms)
        self.fields = dict(fields or {})
        self._watch: UploadWatch | None = None
        # The lists chosen in since the last read-back: (control, option, what it is for).
        self._chosen: list[tuple[Control, Option, str]] = []
        # Told when a form goes on to another step, to take its picture.
        self.on_step: Callable[[str], object] | None = None

    def watch(self) -> UploadWatch:
        """The page's upload watch, subscribed on first use and kept for every later send."""
        if self._watch is None or self._watch.page is not self.page:
            self._watch = UploadWatch(self.page)
        return self._watch

    def confirmation(self, answered: set[str], asked: list[str]) -> str | None:
        """Answer an in-page box that asks to confirm the submission, as a person would: press its
        confirming button. A box whose words the bot cannot place is returned, to stop the file."""
        boxes = self.page.locator("[role=dialog], [role=alertdialog], dialog[open]").filter(visible=True)
        for i in range(min(boxes.count(), 3)):
            box = boxes.nth(i)
            try:
                text = " ".join(box.inner_text(timeout=1000).split())
            except PlaywrightError:
                continue
            if not text or text in answered:
                continue
            if box.locator("input[type=file]").count():
                continue  # the upload form itself, kept in a dialog: never a question to answer
            if any_word(self.words.banner_text).search(text) and dismiss_banners(self.page, self.words):
                answered.add(text)
                continue
            press = _button(box, whole_name(self.words.confirm_buttons)).filter(visible=True)
            if any_word(self.words.confirm_text).search(text) and press.count():
                name = " ".join(press.first.inner_text().split()) or "its confirming button"
                press.first.click()
                answered.add(text)
                asked.append(f"the site asked: {text[:300]}; the bot pressed {name}")
                continue
            return (
                f"the site asked something the bot cannot place: {text[:300]} "
                "(set words.confirm_text and words.confirm_buttons if it is a confirmation)"
            )
        return None

    def heading(self) -> Locator:
        return self.find("file_submission_heading", _heading)

    def showing(self) -> bool:
        """Whether the File Submission page shows now, without waiting."""
        return self._by_first_word("file_submission_heading", _heading, self.page, visible=True) is not None

    def wait_open(self) -> str:
        """Make sure the File Submission page is showing; returns its address, to come back to."""
        self.heading()
        return self.page.url

    def submit_button(self) -> Locator:
        return self.find("submit_button", _button)

    def history(self) -> list[HistoryRow] | None:
        """Every row of the page's tables (the list of earlier submissions among them); None when the
        page shows no table at all."""
        rows = self.page.evaluate(HISTORY_JS)
        if rows is None:
            return None
        return [HistoryRow(text=str(text), sized=bool(sized), reference=ref or None) for text, sized, ref in rows]

    def controls(self) -> list[Control]:
        """Every control of the page, in its frames too, with the name a person reads beside it."""
        found: list[Control] = []
        for number, frame in enumerate(self.page.frames):
            try:
                if number == 0:
                    # The page itself has loaded (its heading was seen): read in one round trip.
                    rows = frame.evaluate(CONTROLS_JS)
                else:
                    # A frame may still be loading, or never finish: wait for it no longer than a page.
                    rows = frame.locator(":root").evaluate(CONTROLS_JS, timeout=self.timeout_ms)
            except PlaywrightError:
                continue
            for index, kind, name, value, options, search, required, hidden, field, group, hint, widget, row in rows:
                found.append(
                    Control(
                        frame=number,
                        index=int(index),
                        kind=str(kind),
                        name=str(name),
                        value=str(value),
                        options=tuple(Option(value=str(v), text=str(t)) for v, t in options),
                        search=bool(search),
                        required=bool(required),
                        hidden=bool(hidden),
                        posted_as=str(field),
                        group=str(group),
                        hint=str(hint),
                        widget=str(widget),
                        file_row=int(row),
                    )
                )
        return radio_groups(found)

    def understand(self) -> FormPlan:
        """What each control is for; FormNotUnderstood when the page asks what the bot does not know."""
        return plan_form(self.open_controls(), self.words, self.fields)

    def open_controls(self) -> list[Control]:
        """The form's controls; a form kept in a panel or dialog is opened first, by its button
        (words.open_form_button), as a person opens it."""
        controls = self.controls()
        if not any(_asks_now(c) for c in controls):
            opener = self._by_first_word("open_form_button", _button, self.page, visible=True)
            if opener is not None:
                opener.click()
                for _ in ticks(self.page, self.timeout_ms / 1000, step_ms=100):
                    controls = self.controls()
                    if any(_asks_now(c) for c in controls):
                        break
                log.info("File Submission: opened the form with %s", self.found.get("open_form_button"))
        return controls

    def locate(self, control: Control) -> Locator:
        if control.widget == "aria":
            frame = self.page.frames[control.frame]
            return frame.locator("[role=combobox]:not(input):not(select):not(textarea)").nth(control.index)
        return self._form_control(control.frame, control.index)

    def _form_control(self, frame: int, index: int) -> Locator:
        """The index-th input, select or textarea of a frame: how the census counts them."""
        return self.page.frames[frame].locator("input, select, textarea").nth(index)

    def send_button(self) -> Locator | None:
        """The button that sends a file; None when the form has none (choosing the file sends it)."""
        try:
            return self.find("submit_button", _button, timeout_ms=min(self.timeout_ms, 2000))
        except ElementNotFound:
            return None

    def file_target(self, plan: FormPlan) -> FileTarget:
        """The form's file input, visible or hidden; else anything that offers to browse."""
        if plan.file_input is not None:
            return FileTarget(file_input=self.locate(plan.file_input), found_by="input type=file")
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
        raise _missing("browse_text", self.words.browse_text)

    def give_file(self, target: FileTarget, path: Path) -> None:
        # A path, never bytes: Playwright streams a path of any size to a local browser.
        if target.file_input is not None:
            target.file_input.set_input_files(path)
        elif target.browse is not None:
            with self.page.expect_file_chooser(timeout=self.timeout_ms) as chooser:
                target.browse.click()
            chooser.value.set_files(path)

    def fill(self, planned: PlannedFile) -> FilledForm:
        """Fill every field the config names, choose the type and year (each read back from the page),
        and give the form the file unless giving it is the send. A form that goes on over several
        steps (Next, Continue) is followed step by step while each asks only what the bot can place."""
        for step in range(MAX_STEPS + 1):
            self._chosen = []
            try:
                plan = self.understand()
            except FormNotUnderstood as exc:
                where = f" (step {step + 1})" if step else ""
                raise FileRefused(f"nothing was sent{where}: {exc}") from None
            self._fill_plan(plan, planned)
            self._check_posted(plan, self._read_back())
            onward = None if plan.file_input is not None else self.next_button()
            if onward is None:
                break
            if step == MAX_STEPS:
                raise FileRefused(f"nothing was sent: the form goes on for more than {MAX_STEPS + 1} steps")
            self._next_step(onward, step + 2)
        target = self.file_target(plan)
        button = self.send_button()
        if button is not None:
            self.give_file(target, planned.path)
        return FilledForm(self, button, target, planned.path, _controls_focus(plan))

    def _fill_plan(self, plan: FormPlan, planned: PlannedFile) -> None:
        for control, value in plan.fields:
            self._set_field(control, field_value(value, planned.type, planned.school_year, planned.path.name))
        aliases = self.words.file_type_options.get(planned.type.value, [])
        year = planned.school_year
        if plan.file_type is not None:
            filters = [planned.type.value, *NAMES[planned.type], *aliases]
            control, choices = self._offered(
                plan.file_type, filters, lambda o: options_for_type(o, planned.type, aliases)
            )
            self._choose(control, "file type", planned.type.value, choices)
        if plan.year is not None and plan.year.kind in CHOICES:
            control, choices = self._offered(
                plan.year, [str(year.start), year.short], lambda o: options_for_year(o, year)
            )
            self._choose(control, "academic year", year.short, choices)
        elif plan.year is not None:
            form = year_format(plan.year.hint)
            if form is None:  # the census stopped the run before this; kept for a page that changed
                raise FileRefused(f"nothing was sent: the year box {plan.year.name!r} does not say its format")
            self._type_year(plan.year, write_year(planned.school_year, form))

    def _type_year(self, control: Control, text: str) -> None:
        box = self.locate(control)
        box.fill(text)
        shown = box.input_value()
        if shown != text:
            raise FileRefused(f'the year box shows "{shown}" after the bot typed "{text}"; nothing was sent')

    def next_button(self) -> Locator | None:
        """The button that takes a form to its next step, when the page shows one: never a "Next"
        that pages through a table or a menu."""
        found = self._by_first_word("next_button", _button, self.page, visible=True)
        if found is None:
            return None
        try:
            aside = found.evaluate("e => !!e.closest('table, nav, [role=navigation], [role=grid]')")
        except PlaywrightError:
            return None
        return None if aside else found

    def _next_step(self, onward: Locator, number: int) -> None:
        """Press Next and wait for the next step: a new page, or new controls on this one."""
        before = [(c.kind, c.name) for c in self.controls()]
        onward.click()
        for _ in ticks(self.page, self.timeout_ms / 1000, step_ms=100):
            try:
                if [(c.kind, c.name) for c in self.controls()] != before:
                    break
            except PlaywrightError:
                continue  # the next page is on its way
        else:
            raise FileRefused(f"nothing was sent: pressing {self.found.get('next_button', 'Next')} showed no next step")
        log.info("File Submission: step %d", number)
        if self.on_step is not None:
            self.on_step(f"step-{number}")

    def _choose(self, control: Control, what: str, wanted: str, choices: list[Option]) -> None:
        offered = ", ".join(o.text for o in control.options if o.text)
        if not choices:
            raise FileRefused(f"the {what} list has no option for {wanted} (it offers: {offered}); nothing was sent")
        if len(choices) > 1:
            several = ", ".join(f'"{o.text}"' for o in choices)
            raise FileRefused(f"the {what} list has several options for {wanted} ({several}); nothing was sent")
        self._select(control, choices[0], what)

    def _select(self, control: Control, option: Option, what: str) -> None:
        if control.kind == "combobox":
            self._choose_in_combobox(control, option, what)
        elif control.kind == "radiogroup":
            radio = self._form_control(control.frame, int(option.value))
            radio.check()
            if not radio.is_checked():
                raise FileRefused(f'the {what} option "{option.text}" would not stay chosen; nothing was sent')
            # What the form posts for it is the button's own value.
            option = Option(value=str(radio.evaluate("e => e.value")), text=option.text)
        elif control.hidden:
            self._choose_through_stand_in(control, option, what)
        else:
            self.locate(control).select_option(value=option.value)
        self._chosen.append((control, option, what))

    def _offered(
        self, control: Control, filters: list[str], matching: Callable[[list[Option]], list[Option]]
    ) -> tuple[Control, list[Option]]:
        """The control with the options it offers, and those that name the file. A combobox that
        shows no option until something is typed is typed into first."""
        if control.kind == "combobox" and not control.options:
            control = self._typed_options(control, filters, matching)
        return control, matching(list(control.options))

    def _typed_options(
        self, control: Control, filters: list[str], matching: Callable[[list[Option]], list[Option]]
    ) -> Control:
        """A combobox that offers options only as you type: each filter is typed in turn (the code,
        then the official names) until the options it shows include one for the file; the control
        comes back with the options last shown."""
        box = self.locate(control)
        shown: list[Option] = []
        for typed in filters:
            box.fill(typed)
            options = self.page.frames[control.frame].get_by_role("option").filter(visible=True)
            for _ in ticks(self.page, min(self.timeout_ms / 1000, 3), step_ms=100):
                if options.count():
                    break
            shown = [Option(value=t, text=t) for t in (" ".join(x.split()) for x in options.all_inner_texts())]
            if matching(shown):
                break
        return replace(control, options=tuple(shown))

    def _choose_in_combobox(self, control: Control, option: Option, what: str) -> None:
        """Open an ARIA combobox as a person does, click the option's words in the listbox it shows,
        and read the choice back from what the combobox then shows."""
        box = self.locate(control)
        frame = self.page.frames[control.frame]
        cannot = f'the {what} combobox "{control.name}" would not take "{option.text}"; nothing was sent'
        try:
            box.click()
            shown = frame.get_by_role("option", name=option.text, exact=True).filter(visible=True)
            if shown.count() != 1:
                raise FileRefused(cannot)
            shown.first.click()
            now = " ".join((box.input_value() if control.widget != "aria" else box.inner_text()).split())
        except PlaywrightError:
            raise FileRefused(cannot) from None
        if now != option.text:
            raise FileRefused(
                f'the {what} combobox shows "{now}" after the bot chose "{option.text}"; nothing was sent'
            )

    def _choose_through_stand_in(self, control: Control, option: Option, what: str) -> None:
        """Choose in the custom dropdown drawn beside a hidden list, as a person does: open it, click
        the option's words. The hidden list itself is never set: what the read-back finds there is
        what the site's own script made of the choice."""
        cannot = (
            f'the {what} list "{control.name}" is hidden, and the bot could not choose "{option.text}" in the '
            "dropdown beside it; nothing was sent"
        )
        frame = self.page.frames[control.frame]
        hidden = self.locate(control)
        try:
            opener = hidden.evaluate_handle(STAND_IN_JS).as_element()
            if opener is None:
                raise FileRefused(cannot)
            opener.click(timeout=self.timeout_ms)
            choice = frame.evaluate_handle(STAND_IN_OPTION_JS, [opener, option.text]).as_element()
            if choice is None:
                raise FileRefused(cannot)
            choice.click(timeout=self.timeout_ms)
        except PlaywrightError:
            raise FileRefused(cannot) from None

    def _check_posted(self, plan: FormPlan, chosen: list[tuple[Control, Option, str]]) -> None:
        """What the form will post, read just before the file goes: every field the bot chose, and
        every field whose name ties it to the file type or year, must hold the value chosen."""
        anchor = plan.file_input or plan.file_type or plan.year
        if anchor is None or not chosen:
            return
        posted = self.page.frames[anchor.frame].evaluate(POSTED_JS, anchor.index)
        if posted is None:
            return  # no form: a script gathers the fields, and the read-back has checked them
        fields = [(str(k), str(v)) for k, v in posted]
        for control, option, what in chosen:
            sent = [v for k, v in fields if control.posted_as and k == control.posted_as]
            if any(v != option.value for v in sent):
                raise FileRefused(
                    f'the form would post {control.posted_as}="{sent[0]}" for the {what} after the bot chose '
                    f'"{option.text}"; nothing was sent'
                )
        meanings = {
            "file type": whole_name(self.words.file_type_label),
            "academic year": whole_name(self.words.academic_year_label),
        }
        for key, value in fields:
            spoken = re.sub(r"(?<=[a-z])(?=[A-Z])|[_.-]+", " ", key)
            for what, pattern in meanings.items():
                mine = [(c, o) for c, o, w in chosen if w == what]
                if not pattern.match(spoken) or not mine or any(c.posted_as == key for c, _ in mine):
                    continue
                option = mine[0][1]
                if value not in (option.value, option.text) and not same_meaning(value, option, what):
                    shown = f'"{value}"' if value else "nothing"
                    raise FileRefused(
                        f'the form would post {shown} in its field "{key}" for the {what} after the bot chose '
                        f'"{option.text}"; nothing was sent'
                    )

    def _read_back(self) -> list[tuple[Control, Option, str]]:
        """Every list the bot chose in, read back from the page in one look after the last choice: a
        script may change one list when another changes. Returns what was chosen."""
        chosen, self._chosen = self._chosen, []
        lists = [(c, o, w) for c, o, w in chosen if c.kind == "select"]
        for number in sorted({c.frame for c, _, _ in lists}):
            mine = [(c, o, w) for c, o, w in lists if c.frame == number]
            shown = self.page.frames[number].evaluate(_READ_BACK_JS, [c.index for c, _, _ in mine])
            for (control, option, what), (value, text) in zip(mine, shown, strict=True):
                if str(value) != option.value:
                    where = f'the {what} list "{control.name}" (hidden)' if control.hidden else f"the {what} list"
                    raise FileRefused(f'{where} shows "{text}" after the bot chose "{option.text}"; nothing was sent')
        return chosen

    def _set_field(self, control: Control, value: FieldValue) -> None:
        what = f'form.fields "{control.name}"'
        if control.kind in CHOICES:
            option = option_for_field(control, value)
            if option is None:
                offered = ", ".join(o.text for o in control.options if o.text)
                raise FileRefused(f'{what}: the list has no option "{value}" (it offers: {offered})')
            self._select(control, option, what)
        elif control.kind in ("checkbox", "radio"):
            on = value if isinstance(value, bool) else str(value).strip().casefold() in ("true", "yes", "on")
            box = self.locate(control)
            box.set_checked(on)
            if box.is_checked() != on:
                raise FileRefused(f"{what}: the box would not stay {'ticked' if on else 'clear'}")
        else:
            self.locate(control).fill(str(value))


# The value and shown text of the lists at these indices among input, select and textarea.
_READ_BACK_JS = """
indices => {
  const all = document.querySelectorAll('input, select, textarea');
  return indices.map(i => {
    const s = all[i];
    return s ? [s.value, s.selectedOptions && s.selectedOptions[0] ? s.selectedOptions[0].text : ''] : ['', ''];
  });
}
"""

# From a hidden menu item up to the first ancestor that shows, and the control in it that opens
# the menu (a button, a link, anything with aria-haspopup); none found: that ancestor itself.
_MENU_TRIGGER_JS = """
item => {
  const shown = el => {
    const s = getComputedStyle(el);
    return s.display !== 'none' && s.visibility !== 'hidden' && el.getClientRects().length > 0;
  };
  for (let node = item.parentElement; node && node !== document.body; node = node.parentElement) {
    if (!shown(node)) continue;
    const controls = [...node.querySelectorAll('button, a, summary, [role=button], [role=menuitem], [aria-haspopup]')];
    return controls.find(el => shown(el) && !el.contains(item)) || node;
  }
  return null;
}
"""


@dataclass(frozen=True)
class FirstLook:
    """What a cheap look at a page just loaded saw; each True sends a careful look."""

    banner: bool = True
    password: bool = True


def first_look(page: Page, words: SiteWords) -> FirstLook:
    """A banner's accept button, a password box: one round trip, before the careful looks."""
    try:
        banner, password = page.evaluate(FIRST_LOOK_JS, words.banner_accept)
    except PlaywrightError:
        return FirstLook()  # unsure: the careful looks decide
    return FirstLook(bool(banner), bool(password))


def dismiss_banners(page: Page, words: SiteWords) -> list[str]:
    """Accept a cookie or notice banner that covers the page, by its accept button, as a person
    would; returns what each said. Only a button whose surroundings speak of cookies, privacy or
    consent is pressed."""
    pressed: list[str] = []
    accept = whole_name(words.banner_accept)
    about = any_word(words.banner_text)
    buttons = page.get_by_role("button", name=accept).or_(page.get_by_role("link", name=accept)).filter(visible=True)
    for _ in range(3):
        if not buttons.count():
            break
        button = buttons.first
        try:
            around = str(button.evaluate(_SURROUNDING_JS, timeout=2000))
        except PlaywrightError:
            break
        if not about.search(around):
            break
        button.click(timeout=5000)
        pressed.append(" ".join(around.split())[:200])
    return pressed


# The text of the smallest block around an element that says more than a word or two.
_SURROUNDING_JS = """
el => {
  for (let node = el.parentElement, depth = 0; node && depth < 6; node = node.parentElement, depth++) {
    const text = (node.innerText || '').trim();
    if (text.length > 40) return text.slice(0, 600);
  }
  return '';
}
"""


def same_meaning(posted: str, chosen: Option, what: str) -> bool:
    """Whether a value a script wrote into a field (a combobox's hidden input: "SENR", "2023") means
    what the bot chose: the same file type, or the same school year."""
    if not posted.strip():
        return False
    if what == "file type":
        meant = [t for t in FileType if names_type(Option(posted, posted), t)]
        return len(meant) == 1 and names_type(chosen, meant[0])
    if what == "academic year":
        year = SchoolYear.find_in(chosen.text) or SchoolYear.find_in(chosen.value)
        return year is not None and SchoolYear.find_in(posted) == year
    return False


def _asks_now(control: Control) -> bool:
    """A shown control that asks for a choice: a form that shows none may be kept in a dialog."""
    return control.kind in CHOICES and not control.hidden


def _controls_focus(plan: FormPlan) -> Focus | None:
    """The controls the bot set, for the "filled" screenshot; None when one is in a frame."""
    controls = [c for c in (plan.file_type, plan.year, plan.file_input) if c is not None]
    controls += [c for c, _ in plan.fields]
    # An ARIA combobox is counted apart from the form's controls: the window shows the form instead.
    if not controls or any(c.frame != 0 or c.widget == "aria" for c in controls):
        return None
    return Focus("controls", indices=tuple(c.index for c in controls))


def _missing(key: str, words: list[str], seen: str = "") -> ElementNotFound:
    page_name, element = ELEMENTS[key]
    return ElementNotFound(page=page_name, element=element, words=words, config_key=f"words.{key}", seen=seen)
