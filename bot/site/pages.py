"""Page objects for Cal-PASS Plus: the only code that looks at the site.

Every element is found the way a person finds it, by role and visible name or label, using the
words in SiteWords. Nothing here depends on an id, class or layout.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from bot.errors import ElementNotFound, FileRefused, LoginNeedsPerson, LoginRejected
from bot.manifest import PlannedFile
from bot.site.matching import Option, any_word, pick_file_type, pick_school_year, whole_name
from bot.site.outcome import Answer, HistoryRow, joined, read_answer, silent_answer, verdict_for_status
from bot.site.scripts import HISTORY_JS, INVALID_JS, NAMES_JS
from bot.site.watch import Messages, UploadWatch, ticks
from bot.site.words import ELEMENTS, SiteWords

Scope = Page | Locator
Build = Callable[[Scope, re.Pattern[str]], Locator]


def _textbox(scope: Scope, name: re.Pattern[str]) -> Locator:
    return scope.get_by_label(name).or_(scope.get_by_placeholder(name))


def _button(scope: Scope, name: re.Pattern[str]) -> Locator:
    return scope.get_by_role("button", name=name).or_(scope.get_by_role("link", name=name))


def _heading(scope: Scope, name: re.Pattern[str]) -> Locator:
    return scope.get_by_role("heading", name=name)


def _labelled(scope: Scope, name: re.Pattern[str]) -> Locator:
    return scope.get_by_label(name)


def browser_refusal(element: Locator) -> str | None:
    """The message the browser shows for the first invalid field of the element's form, if any."""
    try:
        message = element.evaluate(INVALID_JS)
    except PlaywrightError:
        return None
    return str(message) if message else None


class SitePage:
    """Finding elements by the site's words, with errors that say which words and which config key."""

    page_name = "site"

    def __init__(self, page: Page, words: SiteWords, timeout_ms: float) -> None:
        self.page = page
        self.words = words
        self.timeout_ms = timeout_ms
        self.found: dict[str, str] = {}

    def find(self, key: str, build: Build, *, scope: Scope | None = None, visible: bool = True) -> Locator:
        """The first element named by one of the words under `key`, waiting for it to appear."""
        words: list[str] = getattr(self.words, key)
        scope = scope if scope is not None else self.page
        combined = self._named(build, scope, words, visible)
        try:
            combined.first.wait_for(state="visible" if visible else "attached", timeout=self.timeout_ms)
        except PlaywrightTimeoutError:
            raise _missing(key, words) from None
        return self._by_first_word(key, build, scope, visible) or combined.first

    def present(self, key: str, build: Build, scope: Scope) -> Locator | None:
        """An optional element, looked for once without waiting: the page is already loaded."""
        return self._by_first_word(key, build, scope, visible=False)

    def _by_first_word(self, key: str, build: Build, scope: Scope, visible: bool) -> Locator | None:
        # Words are tried in order, so the config can say which name wins, and --check-site can
        # report which word found the element.
        for word in getattr(self.words, key):
            candidate = self._named(build, scope, [word], visible)
            if candidate.count():
                self.found[key] = word
                return candidate.first
        return None

    @staticmethod
    def _named(build: Build, scope: Scope, words: list[str], visible: bool) -> Locator:
        located = build(scope, whole_name(words))
        return located.filter(visible=True) if visible else located


class LoginPage(SitePage):
    page_name = "Log On"

    def log_on_button(self) -> Locator:
        return self.find("log_on_button", _button)

    def _form(self) -> Scope:
        # The Join form beside it may also ask for an e-mail address and a password: stay inside
        # the smallest block around the Log On button that holds a password box. Without a button
        # (renamed), the whole page is searched, so each missing element is reported for itself.
        button = self.present("log_on_button", _button, self.page)
        if button is None:
            return self.page
        form = button.locator("xpath=ancestor::*[.//input[@type='password']][1]")
        return form if form.count() else self.page

    def username_box(self) -> Locator:
        return self.find("username_label", _textbox, scope=self._form())

    def password_box(self) -> Locator:
        return self.find("password_label", _textbox, scope=self._form())

    def fill(self, username: str, password: str) -> None:
        self.username_box().fill(username)
        self.password_box().fill(password)

    def showing(self) -> bool:
        """Whether the page shows a Log On form (the site sent us back to it)."""
        boxes = self.page.locator("input[type=password]").filter(visible=True)
        return boxes.count() > 0 and self.present("log_on_button", _button, self.page) is not None

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
        for waited in ticks(self.page, self.timeout_ms / 1000):
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
            if password_box.count() == 0 or not password_box.is_visible():
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
        return self.find("upload_data", _button)

    def open_upload_data(self) -> None:
        self.upload_data_button().click()


@dataclass(frozen=True)
class FilledForm:
    """A form with its type, year and file chosen, and the button that sends it."""

    page: FileSubmissionPage
    button: Locator

    def send(self, upload_timeout_s: float, stop: Callable[[], bool]) -> Answer:
        return self.page.submit(self.button, upload_timeout_s, stop)


@dataclass
class FileTarget:
    """Where the file goes: the form's file input, or a drop zone that opens a file chooser."""

    file_input: Locator | None = None
    browse: Locator | None = None
    found_by: str = ""


class FileSubmissionPage(SitePage):
    page_name = "File Submission"

    def heading(self) -> Locator:
        return self.find("file_submission_heading", _heading)

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

    def form(self, button: Locator) -> Scope:
        """The smallest block around the submit button that holds a file input or a drop zone, whether
        or not the site wraps it in a <form>."""
        for xpath in ("ancestor::*[.//input[@type='file']][1]", "ancestor::form[1]"):
            block = button.locator(f"xpath={xpath}")
            if block.count():
                return block
        return self.page

    def file_type_list(self, scope: Scope) -> Locator | None:
        return self._optional_list("file_type_label", scope)

    def year_list(self, scope: Scope) -> Locator | None:
        return self._optional_list("academic_year_label", scope)

    def _optional_list(self, key: str, scope: Scope) -> Locator | None:
        """A list the form may not have. If the form has a list that no known word names, the
        site may have renamed this one: that is reported, never silently skipped."""
        found = self.present(key, _labelled, scope)
        if found is not None:
            return found
        known = whole_name([*self.words.file_type_label, *self.words.academic_year_label])
        names: list[str] = scope.locator("select").evaluate_all(NAMES_JS)
        unknown = [name for name in names if not known.match(name)]
        if not unknown:
            return None
        listed = ", ".join(f'"{name}"' if name else "(a list with no label)" for name in unknown)
        raise _missing(key, getattr(self.words, key), seen=f"the form has a list named {listed}")

    def file_target(self, scope: Scope) -> FileTarget:
        """The form's file input, visible or hidden; else anything in the form that offers to browse."""
        for where in (scope, self.page):
            inputs = where.locator("input[type=file]")
            if inputs.count():
                return FileTarget(file_input=inputs.first, found_by="input type=file")
        # Some loaders create their input only when the drop zone is clicked: then the file goes
        # through the browser's file chooser, as it does for a person.
        offer = any_word(self.words.browse_text)
        browse = scope.get_by_role("button", name=offer).or_(scope.get_by_text(offer)).filter(visible=True)
        if browse.count():
            label = " ".join(browse.first.inner_text().split())[:60]
            self.found["browse_text"] = label
            return FileTarget(browse=browse.first, found_by=f'the drop zone "{label}"')
        raise _missing("browse_text", self.words.browse_text)

    def fill(self, planned: PlannedFile) -> FilledForm:
        """Choose the type and year and give the form the file, ready to send."""
        button = self.submit_button()
        scope = self.form(button)
        file_type = self.file_type_list(scope)
        if file_type is not None:
            aliases = self.words.file_type_options.get(planned.type.value, [])
            self._choose(file_type, "file type", lambda opts: pick_file_type(opts, planned.type, aliases), planned)
        year = self.year_list(scope)
        if year is not None:
            self._choose(year, "academic year", lambda opts: pick_school_year(opts, planned.school_year), planned)
        target = self.file_target(scope)
        # A path, never bytes: Playwright streams a path of any size to a local browser.
        if target.file_input is not None:
            target.file_input.set_input_files(planned.path)
        elif target.browse is not None:
            with self.page.expect_file_chooser(timeout=self.timeout_ms) as chooser:
                target.browse.click()
            chooser.value.set_files(planned.path)
        return FilledForm(self, button)

    @staticmethod
    def options(select: Locator, what: str) -> list[Option]:
        rows = select.evaluate("s => s.tagName === 'SELECT' ? Array.from(s.options).map(o => [o.value, o.text]) : null")
        if rows is None:
            raise FileRefused(f"the {what} control is not a list the bot can choose from")
        return [Option(value=str(v), text=str(t)) for v, t in rows]

    def _choose(
        self, select: Locator, what: str, pick: Callable[[list[Option]], Option | None], planned: PlannedFile
    ) -> None:
        options = self.options(select, what)
        chosen = pick(options)
        if chosen is None:
            shown = ", ".join(o.text.strip() for o in options if o.text.strip())
            wanted = planned.type.value if what == "file type" else planned.school_year.short
            raise FileRefused(f"the {what} list has no option for {wanted} (it offers: {shown})")
        select.select_option(value=chosen.value)

    def submit(self, button: Locator, upload_timeout_s: float, stop: Callable[[], bool]) -> Answer:
        """Press the button and read the site's answer, whether it posts to a new page or stays.

        The evidence rule: only words that appear after an upload request left the browser can be
        the site's answer. Words shown before ("Preparing your file...", a confirmation box) are kept
        as notices, never read as a verdict. It waits as long as an upload is on its way (up to the
        upload timeout, by the wall clock), then the page timeout for a message.
        """
        messages = Messages()
        messages.remember(self.page)
        watch = UploadWatch(self.page)
        login = LoginPage(self.page, self.words, self.timeout_ms)
        page_s = self.timeout_ms / 1000
        notices: list[str] = []
        try:
            # Not waiting for the navigation the click starts: a large file on a slow line takes far
            # longer than a page, and the upload timeout below is what governs it.
            button.click(no_wait_after=True)
            quiet_since = 0.0
            for waited in ticks(self.page, upload_timeout_s + page_s):
                if stop():
                    # Unknown even when no request was seen yet: the browser may have sent one that
                    # Playwright has not reported. Only a long silence proves nothing left.
                    _give_up(self.page)
                    return Answer("unknown", "interrupted while the file was being sent", watch.status)
                if watch.pending:
                    # The upload is on its way: nothing to read yet, however long a large file takes.
                    if waited > upload_timeout_s:
                        _give_up(self.page)
                        return Answer("unknown", f"no answer to the upload within {upload_timeout_s:g} s", None)
                    quiet_since = waited
                    continue
                fresh = messages.new(self.page)
                if fresh is None:
                    continue  # a navigation is on its way: read the page it brings
                if not watch.sent:
                    notices += [m.text for m in fresh if m.text not in notices]
                    if waited >= 1 and (invalid := browser_refusal(button)):
                        return _unsent(f"the browser would not send the form: {invalid}", notices, watch)
                    if waited > page_s:
                        return _unsent("no upload left the browser after pressing the button", notices, watch)
                    continue
                if verdict_for_status(watch.status) == "expired":
                    return Answer("expired", f"the site answered HTTP {watch.status}", watch.status)
                answer = read_answer([m for m in fresh if m.text not in notices], watch.status, self.words)
                # Checked after the words were read, on the page they were read from: the Log On
                # page's own text ("invalid requests are rejected") must never pass for an answer.
                if login.showing():
                    return Answer("expired", "the site showed its Log On page", watch.status)
                if answer is not None:
                    return answer
                if waited - quiet_since > page_s:
                    break
        finally:
            watch.close()
        if not watch.sent:
            return _unsent("no upload left the browser after pressing the button", notices, watch)
        return silent_answer(watch.status, watch.failures, [m.text for m in messages.new(self.page) or []])


def _give_up(page: Page) -> None:
    """Stop waiting for an upload: the browser drops the request, so that nothing it does later (a
    screenshot, the next page) waits on an answer the run no longer expects. The site may still
    keep the file; the run records a doubt and looks in its list."""
    with contextlib.suppress(PlaywrightError):
        page.evaluate("window.stop()")


def _unsent(why: str, notices: list[str], watch: UploadWatch) -> Answer:
    said = [*watch.dialogs, *notices]
    shown = f"; the page said: {joined(said)}" if said else ""
    return Answer("unsent", f"nothing was sent: {why}{shown}")


def _missing(key: str, words: list[str], seen: str = "") -> ElementNotFound:
    page_name, element = ELEMENTS[key]
    return ElementNotFound(page=page_name, element=element, words=words, config_key=f"words.{key}", seen=seen)
