"""Page objects for Cal-PASS Plus: the only code that looks at the site.

Every element is found the way a person finds it, by role and visible name or label, using the
words in SiteWords. Nothing here depends on an id, class or layout.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, Request, Response
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from bot.errors import ElementNotFound, FileRefused, LoginNeedsPerson, LoginRejected
from bot.manifest import PlannedFile
from bot.site.matching import Option, any_word, classify_message, pick_file_type, pick_school_year, whole_name
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
# ARIA live region (where accessible sites put the outcome of an action). Tables, menus, controls
# and field names are left out: a history table or a "Received:" label is not this upload's answer.
_MESSAGES_JS = """
() => {
  // Whole subtrees are pruned (tables, menus, controls, field names, anything hidden), so a long
  // history table costs nothing however often the page is read.
  const skip = new Set(['TABLE', 'NAV', 'SELECT', 'OPTION', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'BUTTON', 'LABEL',
                        'TEMPLATE', 'HEAD', 'DT', 'LEGEND', 'CAPTION']);
  const liveRegion = '[role=alert], [role=status], [aria-live]:not([aria-live=off]), output';
  const out = [];
  const walk = (el, live, alert) => {
    if (skip.has(el.tagName)) return;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') return;
    const own = el.matches(liveRegion);
    live = live || own;
    alert = alert || el.getAttribute('role') === 'alert';
    const kids = [...el.children];
    const blockKids = kids.some(k => {
      const d = getComputedStyle(k).display;
      return !d.startsWith('inline') && d !== 'contents' && d !== 'none';
    });
    if (own || !blockKids) {
      const text = (el.innerText || '').replace(/\\s+/g, ' ').trim();
      if (text && text.length <= 600 && el.getClientRects().length) out.push([text, live, alert]);
    }
    for (const kid of kids) walk(kid, live, alert);
  };
  for (const kid of document.body ? document.body.children : []) walk(kid, false, false);
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


# The name a person reads beside each list: its <label>, aria-label or aria-labelledby text.
_NAMES_JS = """
lists => lists.map(el => {
  const by = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
      .map(id => document.getElementById(id)).filter(Boolean).map(e => e.innerText).join(' ');
  const name = by || el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].innerText) || '';
  return name.replace(/\\s+/g, ' ').trim();
})
"""


# Rows of any table on the page that name a file; sizes count only where a column speaks of them.
_HISTORY_JS = """
([name, sizes]) => {
  const tables = [...document.querySelectorAll('table, [role=table], [role=grid]')];
  if (!tables.length) return null;
  let count = 0;
  for (const table of tables) {
    const head = (table.querySelector('thead, tr') || table).innerText || '';
    const sized = /size|bytes/i.test(head);
    for (const row of table.querySelectorAll('tr, [role=row]')) {
      const text = row.innerText || '';
      const sizeShown = sizes.some(s => new RegExp('(^|[^\\d,.])' + s + '($|[^\\d,])').test(text));
      if (text.includes(name) && (!sized || sizeShown)) count++;
    }
  }
  return count;
}
"""


@dataclass(frozen=True)
class Message:
    text: str
    live: bool
    alert: bool = False


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
        return [Message(text=str(text), live=bool(live), alert=bool(alert)) for text, live, alert in rows]

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
        for _ in _polls(self.page, timeout_ms, step_ms=500):
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
        for waited in _polls(self.page, self.timeout_ms):
            if upload.count():
                return
            fresh = messages.new(self.page)
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
                if waited - gone_since >= 1000:
                    return
            else:
                gone_since = None
            # Refusal words count only on the Log On page itself: the page the site goes on to (after
            # a second log-on, the File Submission page) may well say "invalid" or "rejected".
            refused = next((m.text for m in fresh if refusal.search(m.text)), None)
            if refused and self.showing():
                raise LoginRejected(f"the site refused the login: {refused}")
            if waited >= 1000 and (invalid := browser_refusal(button)):
                raise LoginRejected(f"the browser would not send the Log On form: {invalid}")
        raise LoginRejected("the site did not accept the login: the Log On page is still showing")


class HomePage(SitePage):
    page_name = "home"

    def upload_data_button(self) -> Locator:
        return self.find("upload_data", _button)

    def open_upload_data(self) -> None:
        self.upload_data_button().click()


UploadVerdict = Literal["confirmed", "refused", "unknown", "expired"]
# Answers that may change if the upload is sent again, and answers that mean "log on again".
_TRANSIENT_STATUS = frozenset({408, 425, 429})
_EXPIRED_STATUS = frozenset({401, 419, 440})


def verdict_for_status(status: int | None) -> UploadVerdict | None:
    if status is None or status < 400:
        return None
    if status in _EXPIRED_STATUS:
        return "expired"
    if status in _TRANSIENT_STATUS or status >= 500:
        return "unknown"
    return "refused"


@dataclass(frozen=True)
class UploadOutcome:
    outcome: UploadVerdict
    message: str
    http_status: int | None


@dataclass
class FileTarget:
    """Where the file goes: the form's file input, or a drop zone that opens a file chooser."""

    file_input: Locator | None = None
    browse: Locator | None = None
    found_by: str = ""


class UploadWatch:
    """The POST or PUT requests a submit sends, and how each one ended."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.pending: set[Request] = set()
        self.statuses: list[int] = []
        self.failures: list[str] = []
        page.on("request", self._request)
        page.on("response", self._response)
        page.on("requestfailed", self._failed)

    @staticmethod
    def _counts(request: Request) -> bool:
        return request.method in ("POST", "PUT")

    def _request(self, request: Request) -> None:
        if self._counts(request):
            self.pending.add(request)

    def _response(self, response: Response) -> None:
        if self._counts(response.request):
            self.pending.discard(response.request)
            self.statuses.append(response.status)

    def _failed(self, request: Request) -> None:
        if self._counts(request):
            self.pending.discard(request)
            self.failures.append(request.failure or "the connection failed")

    @property
    def sent(self) -> bool:
        return bool(self.pending or self.statuses or self.failures)

    @property
    def status(self) -> int | None:
        return self.statuses[-1] if self.statuses else None

    def close(self) -> None:
        self.page.remove_listener("request", self._request)
        self.page.remove_listener("response", self._response)
        self.page.remove_listener("requestfailed", self._failed)


class FileSubmissionPage(SitePage):
    page_name = "File Submission"

    def heading(self) -> Locator:
        return self.find("file_submission_heading", _heading)

    def wait_open(self) -> str:
        """Make sure the File Submission page is showing; returns its address, to come back to."""
        self.heading()
        return self.page.url

    _button: Locator | None = None

    def submit_button(self) -> Locator:
        return self.find("submit_button", _button)

    def history(self, filename: str, size: int) -> int | None:
        """How many rows of the page's list of earlier submissions name this file (and its size, where
        the list shows sizes); None when the page shows no such list."""
        count = self.page.evaluate(_HISTORY_JS, [filename, [str(size), f"{size:,}"]])
        return None if count is None else int(count)

    def form(self) -> Scope:
        """The smallest block around the submit button that holds a file input or a drop zone, whether
        or not the site wraps it in a <form>."""
        button = self._button = self.submit_button()
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
        names: list[str] = scope.locator("select").evaluate_all(_NAMES_JS)
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

    def fill(self, planned: PlannedFile) -> None:
        scope = self.form()
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

    def submit(self, upload_timeout_ms: float, stop: Callable[[], bool] | None = None) -> UploadOutcome:
        """Press submit and read the site's answer, whether it posts to a new page or stays.

        It waits as long as an upload is on its way (up to the upload timeout), then the page
        timeout for a message.
        """
        # fill() found it on this very page a moment ago.
        button = self._button if self._button is not None else self.submit_button()
        messages = Messages()
        messages.remember(self.page)
        watch = UploadWatch(self.page)
        login = LoginPage(self.page, self.words, self.timeout_ms)
        try:
            button.click()
            quiet_since = 0.0
            for waited in _polls(self.page, upload_timeout_ms):
                if stop is not None and stop():
                    return UploadOutcome("unknown", "interrupted while the file was being sent", watch.status)
                if not watch.pending and verdict_for_status(watch.status) == "expired":
                    return UploadOutcome("expired", f"the site answered HTTP {watch.status}", watch.status)
                if watch.pending:
                    # The upload is on its way: nothing to read yet, however long a large file takes.
                    quiet_since = waited
                    continue
                found = self._outcome(messages.new(self.page), watch.status)
                # Checked after the words were read, on the page they were read from: the Log On
                # page's own text ("invalid requests are rejected") must never pass for an answer.
                if watch.sent and login.showing():
                    return UploadOutcome("expired", "the site showed its Log On page", watch.status)
                if found is not None:
                    return found
                if not watch.sent and waited >= 1000 and (invalid := browser_refusal(button)):
                    return UploadOutcome("refused", f"the browser would not send the form: {invalid}", None)
                if waited - quiet_since > self.timeout_ms:
                    break
        finally:
            watch.close()
        by_status = verdict_for_status(watch.status)
        if by_status is not None:
            return UploadOutcome(by_status, f"the site answered HTTP {watch.status}", watch.status)
        if watch.failures:
            return UploadOutcome("unknown", f"the upload's connection failed: {watch.failures[-1]}", None)
        return UploadOutcome("unknown", "", watch.status)

    def _outcome(self, fresh: list[Message], status: int | None) -> UploadOutcome | None:
        """The site's answer from the messages that appeared, keeping all of its words.

        A receipt page may say "Submission Received" in its heading and the submission id in a
        sentence below: both are kept, since the id is what an auditor asks for.
        """
        judged = [(m, self._judge(m)) for m in fresh]
        said = [(m, o) for m, o in judged if o is not None]
        if not said:
            return None
        first: UploadVerdict = said[0][1] or "refused"
        # The HTTP answer, when it says more than the words: a 5xx page saying "Error" may have kept
        # the file, and a 4xx page saying "Thank you" did not.
        by_status = verdict_for_status(status)
        outcome: UploadVerdict = by_status if by_status is not None else first
        # Where the HTTP answer decided, every message counts: "Error" alone hides "please try again".
        texts: list[str] = []
        for message, verdict in said:
            if verdict != first and by_status is None:
                continue
            if any(message.text in t for t in texts):
                continue
            # A longer message that holds an earlier one ("Error" in "Server Error: ...") replaces it.
            texts = [t for t in texts if t not in message.text] + [message.text]
        return UploadOutcome(outcome, " | ".join(texts[:4]), status)

    def _judge(self, message: Message) -> UploadVerdict | None:
        """Session words first, then "try again" words, then refusal and success words; an alert region
        exists to flag problems, so its new text is a refusal even in words we do not know."""
        if any_word(self.words.session_expired_text).search(message.text):
            return "expired"
        if any_word(self.words.retry_text).search(message.text):
            return "unknown"
        verdict = classify_message(message.text, self.words.success_text, self.words.error_text)
        return verdict or ("refused" if message.alert else None)


def _missing(key: str, words: list[str], seen: str = "") -> ElementNotFound:
    page_name, element = ELEMENTS[key]
    return ElementNotFound(page=page_name, element=element, words=words, config_key=f"words.{key}", seen=seen)


def _polls(page: Page, limit_ms: float, step_ms: float = 50) -> Iterator[float]:
    """Yields the time waited so far, pausing between polls, until the limit."""
    waited = 0.0
    while waited < limit_ms:
        yield waited
        page.wait_for_timeout(step_ms)
        waited += step_ms
