"""Page objects for Cal-PASS Plus: finding by the site's words, the Log On and home pages, and the pages
between them and the form. The File Submission page is bot.site.form.page's.

Every element is found the way a person finds it, by role and visible name or label, using the
words in SiteWords. Nothing here depends on an id, class or layout.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import FloatRect, Frame, Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from bot.errors import ElementNotFound, LoginNeedsPerson, LoginRejected
from bot.site.matching import any_word, whole_name
from bot.site.messages import Messages
from bot.site.scripts import (
    AREA_JS,
    ASKS_JS,
    FIRST_LOOK_JS,
    MENU_TRIGGER_JS,
    SURROUNDING_JS,
)
from bot.site.sending import browser_refusal
from bot.site.waits import ticks, until
from bot.site.words import ELEMENTS, SiteWords

log = logging.getLogger(__name__)

Scope = Page | Frame | Locator
Build = Callable[[Scope, re.Pattern[str]], Locator]


def textbox_named(scope: Scope, name: re.Pattern[str]) -> Locator:
    return scope.get_by_label(name).or_(scope.get_by_placeholder(name))


def button_named(scope: Scope, name: re.Pattern[str]) -> Locator:
    return scope.get_by_role("button", name=name).or_(scope.get_by_role("link", name=name))


def heading_named(scope: Scope, name: re.Pattern[str]) -> Locator:
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
            raise missing_element(key, words) from None
        return self._by_words(key, build, scope, visible) or combined.first

    def any_shown(self, key: str, build: Build) -> Locator:
        """Every shown element named by one of the words under `key`: to wait for it among others."""
        return self._named(build, self.page, getattr(self.words, key), visible=True)

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

        def holding() -> list[Frame]:
            return [f for f in self.page.frames if _count(button_named(f, named).filter(visible=True))]

        found: Scope = self.page
        # No button by the limit: the page itself, where the missing button is then reported as such.
        if until(self.page, self.timeout_ms / 1000, lambda: bool(holding())) and (frames := holding()):
            found = self.page if frames[0] == self.page.main_frame else frames[0]
        self._looked = (self.page.url, found)
        return found

    def log_on_button(self) -> Locator:
        return self.find("log_on_button", button_named, scope=self.frame())

    def _form(self) -> Scope:
        # The Join form beside it may also ask for an e-mail address and a password: stay inside
        # the smallest block around the Log On button that holds a password box. Without a button
        # (renamed), the whole page is searched, so each missing element is reported for itself.
        frame = self.frame()
        if self._form_at is not None and self._form_at[0] == self.page.url:
            return self._form_at[1]
        button = self.present("log_on_button", button_named, frame)
        if button is None:
            return frame
        form = button.locator("xpath=ancestor::*[.//input[@type='password']][1]")
        if not form.count():
            return frame
        # Kept for the page's address, as the frame is: the user name and password boxes share it.
        self._form_at = (self.page.url, form)
        return form

    def username_box(self) -> Locator:
        return self.find("username_label", textbox_named, scope=self._form())

    def password_box(self) -> Locator:
        return self.find("password_label", textbox_named, scope=self._form())

    def fill(self, username: str, password: str) -> None:
        self.username_box().fill(username)
        self.password_box().fill(password)

    def showing(self) -> bool:
        """Whether the page shows a Log On form (the site sent us back to it)."""
        for frame in self.page.frames:
            boxes = frame.locator("input[type=password]").filter(visible=True)
            try:
                if boxes.count() and self.present("log_on_button", button_named, frame) is not None:
                    return True
            except PlaywrightError:
                continue  # a frame that went away while it was read shows nothing
        return False

    def wait_for_person(self, timeout_ms: float) -> None:
        """--interactive-login: a person finishes the log-on (MFA, CAPTCHA) in the visible window."""
        upload = button_named(self.page, whole_name(self.words.upload_data)).filter(visible=True)
        if until(self.page, timeout_ms / 1000, lambda: bool(upload.count()), step_ms=500):
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
        upload = button_named(self.page, whole_name(self.words.upload_data)).filter(visible=True)
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
            return self.find("upload_data", button_named, timeout_ms=min(self.timeout_ms, 2000))
        except ElementNotFound:
            hidden = self.page.get_by_role("link", name=named, include_hidden=True).or_(
                self.page.get_by_role("button", name=named, include_hidden=True)
            )
            if hidden.count() and self._open_menu_around(hidden.first):
                return hidden.first
        return self.find("upload_data", button_named)

    def _open_menu_around(self, item: Locator) -> bool:
        try:
            trigger = item.evaluate_handle(MENU_TRIGGER_JS).as_element()
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
        return self._by_first_word("upload_data", button_named, self.page, visible=True) is not None

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
        self.find("accept_buttons", button_named).click()


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
            around = str(button.evaluate(SURROUNDING_JS, timeout=2000))
        except PlaywrightError:
            break
        if not about.search(around):
            break
        button.click(timeout=5000)
        pressed.append(" ".join(around.split())[:200])
    return pressed


def missing_element(key: str, words: list[str], seen: str = "") -> ElementNotFound:
    page_name, element = ELEMENTS[key]
    return ElementNotFound(page=page_name, element=element, words=words, config_key=f"words.{key}", seen=seen)
