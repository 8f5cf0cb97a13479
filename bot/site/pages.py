"""Page objects for Cal-PASS Plus: the only code that looks at the site.

Every element is found the way a person finds it, by role and visible name or label, using the
words in SiteWords. Nothing here depends on an id, class or layout.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from bot.errors import ElementNotFound, FileRefused, LoginRejected
from bot.manifest import PlannedFile
from bot.site.matching import Option, Outcome, any_word, classify_message, pick_file_type, pick_school_year, whole_name
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


# Reads the short blocks of text a person would read as a message, with whether each sits in an
# ARIA live region (where accessible sites put the outcome of an action). Tables, menus and
# controls are left out: a history table saying "Received" is not this upload's answer.
_MESSAGES_JS = """
() => {
  const skip = 'table, nav, select, option, script, style, noscript, button, label, template, head';
  const live = '[role=alert], [role=status], [aria-live]:not([aria-live=off]), output';
  const blockish = el => {
    const d = getComputedStyle(el).display;
    return !d.startsWith('inline') && d !== 'contents' && d !== 'none';
  };
  const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
      && getComputedStyle(el).visibility !== 'hidden';
  const out = [];
  for (const el of document.body ? document.body.querySelectorAll('*') : []) {
    if (el.closest(skip) || !visible(el)) continue;
    if (el.matches(live) || ![...el.children].some(blockish)) {
      const text = (el.innerText || '').replace(/\\s+/g, ' ').trim();
      if (text && text.length <= 600) out.push([text, !!el.closest(live)]);
    }
  }
  return out;
}
"""


# The browser's own refusal of a form (a required field left empty, a user name that is not an
# e-mail address): no request is sent, so the only trace is each field's validation message.
_INVALID_JS = """
scope => {
  const form = scope.closest('form') || scope.querySelector('form');
  if (form && form.noValidate) return null;
  const root = form || scope;
  for (const el of root.querySelectorAll('input, select, textarea')) {
    if (el.type !== 'hidden' && !el.disabled && !el.checkValidity()) {
      const label = (el.labels && el.labels[0] && el.labels[0].innerText)
          || el.getAttribute('aria-label') || el.name || '';
      return (label ? label.trim() + ': ' : '') + el.validationMessage;
    }
  }
  return null;
}
"""


def browser_refusal(element: Locator) -> str | None:
    """The message the browser shows for the first invalid field of the element's form, if any."""
    try:
        message = element.evaluate(_INVALID_JS)
    except PlaywrightError:
        return None
    return str(message) if message else None


@dataclass(frozen=True)
class Message:
    text: str
    live: bool


@dataclass
class Messages:
    """The messages on a page before an action, so that only what the action added is read."""

    before: set[str] = field(default_factory=set)

    @staticmethod
    def read(page: Page) -> list[Message]:
        try:
            rows = page.evaluate(_MESSAGES_JS)
        except PlaywrightError:
            # The page navigated while being read: the next poll reads the new one.
            return []
        return [Message(text=str(text), live=bool(live)) for text, live in rows]

    def remember(self, page: Page) -> None:
        self.before = {m.text for m in self.read(page)}

    def new(self, page: Page) -> list[Message]:
        fresh = [m for m in self.read(page) if m.text not in self.before]
        # Live regions first: they exist to announce exactly this kind of outcome.
        return sorted(fresh, key=lambda m: not m.live)


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
            page_name, element = ELEMENTS[key]
            raise ElementNotFound(page=page_name, element=element, words=words, config_key=f"words.{key}") from None
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

    def open(self, url: str) -> None:
        self.page.goto(url, wait_until="domcontentloaded", timeout=self.timeout_ms)

    def fill(self, username: str, password: str) -> Locator:
        """Fill the form holding the Log On button; returns the password box, to be masked in screenshots."""
        self.button = self.find("log_on_button", _button)
        # The Join form beside it may also ask for an e-mail address: stay inside the Log On form.
        form = self.button.locator("xpath=ancestor::form[1]")
        scope: Scope = form if form.count() else self.page
        user_box = self.find("username_label", _textbox, scope=scope)
        password_box = self.find("password_label", _textbox, scope=scope)
        user_box.fill(username)
        password_box.fill(password)
        self.password_box = password_box
        return password_box

    def submit(self) -> None:
        """Press Log On and wait for the home page; a rejected login raises LoginRejected."""
        messages = Messages()
        messages.remember(self.page)
        self.button.click()
        upload = _button(self.page, whole_name(self.words.upload_data)).filter(visible=True)
        deadline = self.timeout_ms
        step = 250.0
        waited = 0.0
        refusal = any_word(self.words.login_error_text)
        while waited < deadline:
            if upload.count():
                return
            for message in messages.new(self.page):
                if refusal.search(message.text):
                    raise LoginRejected(f"the site refused the login: {message.text}")
            if waited >= 1000 and (invalid := browser_refusal(self.button)):
                raise LoginRejected(f"the browser would not send the Log On form: {invalid}")
            self.page.wait_for_timeout(step)
            waited += step
        if self.password_box.is_visible():
            raise LoginRejected("the site did not accept the login: the Log On page is still showing")
        page_name, element = ELEMENTS["upload_data"]
        raise ElementNotFound(
            page=page_name, element=element, words=self.words.upload_data, config_key="words.upload_data"
        )


class HomePage(SitePage):
    page_name = "home"

    def open_upload_data(self) -> None:
        self.find("upload_data", _button).click()


@dataclass(frozen=True)
class UploadOutcome:
    outcome: Outcome
    message: str
    http_status: int | None


class FileSubmissionPage(SitePage):
    page_name = "File Submission"

    def _outcome(self, fresh: list[Message], status: int | None) -> UploadOutcome | None:
        """The site's answer from the messages that appeared, keeping all of its words.

        A receipt page may say "Submission Received" in its heading and the submission id in a
        sentence below: both are kept, since the id is what an auditor asks for.
        """
        judged = [(m, classify_message(m.text, self.words.success_text, self.words.error_text)) for m in fresh]
        judged = [(m, o) for m, o in judged if o is not None]
        if not judged:
            return None
        outcome = judged[0][1]
        if status is not None and status >= 400:
            outcome = "refused"
        texts: list[str] = []
        for message, said in judged:
            if said == judged[0][1] and not any(message.text in t or t in message.text for t in texts):
                texts.append(message.text)
        return UploadOutcome(outcome or "refused", " | ".join(texts[:4]), status)

    def wait_open(self) -> str:
        """Make sure the File Submission page is showing; returns its address, to come back to."""
        self.find("file_submission_heading", _heading)
        return self.page.url

    def reopen(self, url: str) -> None:
        self.page.goto(url, wait_until="domcontentloaded", timeout=self.timeout_ms)
        self.wait_open()

    def fill(self, planned: PlannedFile) -> None:
        self.submit_button = self.find("submit_button", _button)
        # The smallest block around the submit button that holds a file input is the upload form,
        # whether or not the site wraps it in a <form>.
        form = self.submit_button.locator("xpath=ancestor::*[.//input[@type='file']][1]")
        scope: Scope = form if form.count() else self.page
        file_type = self.present("file_type_label", _labelled, scope)
        if file_type is not None:
            aliases = self.words.file_type_options.get(planned.type.value, [])
            self._choose(file_type, "file type", lambda opts: pick_file_type(opts, planned.type, aliases), planned)
        year = self.present("academic_year_label", _labelled, scope)
        if year is not None:
            self._choose(year, "academic year", lambda opts: pick_school_year(opts, planned.school_year), planned)
        file_input = scope.locator("input[type=file]")
        if file_input.count() == 0:
            raise ElementNotFound(
                page=self.page_name, element="file input (input type=file)", words=[], config_key="(none)"
            )
        # A path, never bytes: Playwright streams a path of any size to a local browser.
        file_input.first.set_input_files(planned.path)

    def _choose(
        self, select: Locator, what: str, pick: Callable[[list[Option]], Option | None], planned: PlannedFile
    ) -> None:
        tag = select.evaluate("el => el.tagName")
        if tag != "SELECT":
            raise FileRefused(f"the {what} control is not a list the bot can choose from ({tag.lower()})")
        rows = select.evaluate("s => Array.from(s.options).map(o => [o.value, o.text])")
        options = [Option(value=str(v), text=str(t)) for v, t in rows]
        chosen = pick(options)
        if chosen is None:
            shown = ", ".join(o.text.strip() for o in options if o.text.strip())
            wanted = planned.type.value if what == "file type" else planned.school_year.short
            raise FileRefused(f"the {what} list has no option for {wanted} (it offers: {shown})")
        select.select_option(value=chosen.value)

    def submit(self, upload_timeout_ms: float) -> UploadOutcome:
        """Press submit and read the site's answer, whether it posts to a new page or stays."""
        messages = Messages()
        messages.remember(self.page)
        status: int | None = None
        try:
            with self.page.expect_response(
                lambda r: r.request.method in ("POST", "PUT"), timeout=upload_timeout_ms
            ) as answer:
                self.submit_button.click()
            status = answer.value.status
        except PlaywrightTimeoutError:
            status = None
        waited = 0.0
        step = 250.0
        while waited < self.timeout_ms:
            found = self._outcome(messages.new(self.page), status)
            if found is not None:
                return found
            if status is None and (invalid := browser_refusal(self.submit_button)):
                return UploadOutcome("refused", f"the browser would not send the form: {invalid}", None)
            self.page.wait_for_timeout(step)
            waited += step
        if status is not None and status >= 400:
            return UploadOutcome("refused", f"the site answered HTTP {status}", status)
        raise FileRefused(
            "the site showed no message saying the file was received or refused; "
            "if it uses other words, set words.success_text and words.error_text in the config"
        )
