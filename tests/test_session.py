"""The session's way from the Log On page to the form, with stand-in pages: a refused or unfinished
log-on, a session the site ended, a page that asks something of the district, a form control the bot
cannot place, a page that died. No browser: the stand-ins say what each page shows, and each test
asserts what the coordinator is told, the pictures the run folder keeps, and what the bot pressed.
The browser tier walks the same way on the sandbox's real pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError

from bot.audit import FileRecord, RunFolder
from bot.config import Config
from bot.credentials import Credentials
from bot.errors import (
    DialogInTheWay,
    ElementNotFound,
    FormUnknown,
    LoginNeedsPerson,
    LoginRejected,
    PageNotPlaced,
    SiteError,
)
from bot.session import Session
from bot.site.form.plan import Control, FormNotUnderstood, FormPlan
from bot.site.pages import Asked
from bot.site.scripts import FIRST_LOOK_JS, MODALS_JS
from bot.submission import new_summary

PASSWORD = "Not-A-Real-Password-9"
FORM_URL = "https://calpass.test/FileSubmission"


@dataclass
class BrowserPage:
    """A browser tab: where it is, what it has been asked to load, and whether it still answers."""

    url: str = "https://calpass.test/Account/LogOn"
    visited: list[str] = field(default_factory=list)
    dead: bool = False
    frames: list[Any] = field(default_factory=lambda: [object()])
    viewport_size: dict[str, int] = field(default_factory=lambda: {"width": 1280, "height": 900})
    # Tabs the site opened beside this one.
    opened: list[Any] = field(default_factory=list)
    # The modal dialogs over the page that ask nothing: [heading, words] each.
    modals: list[list[str]] = field(default_factory=list)

    def goto(self, url: str, **kwargs: Any) -> None:
        self.url = url
        self.visited.append(url)

    def evaluate(self, script: str, arg: Any = None) -> Any:
        if self.dead:
            raise PlaywrightError("Target crashed")
        if script == FIRST_LOOK_JS:
            return [False, False]
        if script == MODALS_JS:
            return self.modals
        return 1

    def screenshot(self, path: Path, **kwargs: Any) -> None:
        if self.dead:
            raise PlaywrightError("Page.screenshot: Target crashed")
        path.write_bytes(b"\x89PNG")

    def locator(self, selector: str) -> object:
        return object()

    def wait_for_timeout(self, ms: float) -> None:
        pass

    # What a request made through the page's context answers: (content type, disposition, body).
    served: tuple[str, str, bytes] = ("text/plain; charset=utf-8", "attachment", b"Result: Rejected\r\n")

    @property
    def context(self) -> Any:
        # One tab: Upload Data never opens another here.
        return Context(self)

    def _get(self, url: str, **kwargs: Any) -> Any:
        self.visited.append(url)
        kind, disposition, body = self.served
        headers = {"content-type": kind, "content-disposition": disposition}
        return SimpleNamespace(ok=True, headers=headers, body=lambda: body)


class Context:
    """A page's browser context: its tabs as they are now, and requests made with its cookies."""

    def __init__(self, page: BrowserPage) -> None:
        self.page = page
        self.request = SimpleNamespace(get=page._get)

    @property
    def pages(self) -> list[Any]:
        return [self.page, *self.page.opened]


@dataclass
class LogOn:
    """The Log On page: how it answers the Log On button, and whether it shows again later."""

    answer: Exception | None = None
    shows_again: bool = False
    filled: list[str] = field(default_factory=list)
    people: int = 0

    def fill(self, username: str, password: str) -> None:
        self.filled.append(username)

    def submit(self) -> None:
        if self.answer is not None:
            raise self.answer

    def showing(self) -> bool:
        showing, self.shows_again = self.shows_again, False
        return showing

    def wait_for_person(self, timeout_ms: float) -> None:
        self.people += 1


@dataclass
class Home:
    """The page after log-on: what it asks of the district, if anything, until it is answered."""

    question: Asked | None = None
    answered: list[dict[str, str] | None] = field(default_factory=list)
    # A page that stays as it was, whatever is pressed on it.
    stays: bool = False

    def open_upload_data(self) -> None:
        pass

    def upload_data_button(self) -> object:
        return object()

    def shows_upload_data(self) -> bool:
        return self.question is None

    def asks(self) -> Asked | None:
        return self.question

    def accept(self, choices: dict[str, str] | None = None) -> None:
        self.answered.append(choices)
        if not self.stays:
            self.question = None


@dataclass
class Form:
    page: Home
    problems: list[str] = field(default_factory=list)

    def showing(self) -> bool:
        return self.page.question is None

    def wait_shown_or(self, home: Home) -> None:
        pass

    def wait_open(self) -> str:
        if self.page.question is not None:
            raise ElementNotFound(
                page="File Submission", element="File Submission heading", words=["File Submission"], config_key="x"
            )
        return FORM_URL

    def controls(self) -> list[Control]:
        return []

    def understand(self) -> FormPlan:
        if self.problems:
            raise FormNotUnderstood(self.problems)
        return FormPlan(file_input=Control(0, 0, "file", "File"))


def session_with(
    tmp_path: Path, *, login: LogOn | None = None, home: Home | None = None, config: dict[str, Any] | None = None
) -> tuple[Session, BrowserPage]:
    settings = Config.model_validate(config or {})
    folder = RunFolder(tmp_path / "out", new_summary(settings, "coordinator@district.example"))
    page = BrowserPage()
    session = Session(page, settings, folder, Credentials("coordinator@district.example", PASSWORD))  # type: ignore[arg-type]
    home = home or Home()
    parts: Any = session
    parts.login, parts.home, parts.form = login or LogOn(), home, Form(home)
    return session, page


def pictures(session: Session) -> list[str]:
    return [name.split("-", 1)[1].removesuffix(".png") for name in session.folder.summary.steps]


def test_a_log_on_is_pictured_before_and_after(tmp_path: Path) -> None:
    session, _ = session_with(tmp_path)
    session.log_on()
    assert pictures(session) == ["login", "logged-in"]
    assert PASSWORD not in (session.folder.path / "events.jsonl").read_text()


def test_a_refused_log_on_is_said_in_one_line_with_its_picture(tmp_path: Path) -> None:
    session, _ = session_with(tmp_path, login=LogOn(answer=LoginRejected("the site refused the login: Invalid")))
    with pytest.raises(LoginRejected, match="the site refused the login: Invalid"):
        session.log_on()
    assert pictures(session) == ["login", "login-refused"]


def test_a_log_on_that_needs_a_person_stops_unless_one_is_at_the_window(tmp_path: Path) -> None:
    asks = LoginNeedsPerson("the site asks for more than a password")
    session, _ = session_with(tmp_path, login=LogOn(answer=asks))
    with pytest.raises(LoginNeedsPerson):
        session.log_on()
    assert pictures(session)[-1] == "login-needs-person"
    login = LogOn(answer=asks)
    waited, _ = session_with(tmp_path / "interactive", login=login)
    waited.interactive = True
    waited.log_on()
    assert login.people == 1 and pictures(waited)[-1] == "logged-in"


def test_a_session_the_site_ended_is_logged_on_again_and_the_form_reopened(tmp_path: Path) -> None:
    login = LogOn(shows_again=True)
    session, page = session_with(tmp_path, login=login)
    page.evaluate = lambda script, arg=None: [False, True] if script == FIRST_LOOK_JS else []  # type: ignore[method-assign]
    session.open_form(FORM_URL)
    assert page.visited == [FORM_URL, FORM_URL] and len(login.filled) == 1


def test_a_dialog_over_the_form_that_the_bot_cannot_place_stops_with_its_words(tmp_path: Path) -> None:
    session, page = session_with(tmp_path)
    page.modals = [
        ["Your session will expire", "Your session will expire in 60 seconds Stay signed in"],
        ["", "Uploads are paused tonight for maintenance. Close"],
    ]
    with pytest.raises(DialogInTheWay) as stopped:
        session.open_form(FORM_URL)
    # The session warning has its own answer; the notice has none, and names itself in the YAML.
    assert 'says: "Uploads are paused tonight for maintenance. Close"' in str(stopped.value)
    assert 'pages: {dismiss: ["Uploads are paused tonight"]}' in str(stopped.value)
    assert pictures(session)[-1] == "dialog-in-the-way"
    # Named by the district, it is closed when it stands in the way, never a stop.
    session, page = session_with(tmp_path / "named", config={"pages": {"dismiss": ["maintenance"]}})
    page.modals = [["", "Uploads are paused tonight for maintenance. Close"]]
    session.open_form(FORM_URL)


TERMS = Asked("Data Sharing Agreement", "Please read and accept the agreement.", boxes=("I accept",))


def test_a_page_asking_the_district_to_accept_stops_before_any_file_naming_the_key(tmp_path: Path) -> None:
    home = Home(question=TERMS)
    session, _ = session_with(tmp_path, home=home)
    with pytest.raises(PageNotPlaced) as stopped:
        session.reach_form()
    assert 'pages: {accept: ["Data Sharing Agreement"]}' in str(stopped.value)
    assert home.answered == [] and pictures(session)[-1] == "page-not-placed"


def test_the_named_page_is_accepted_pictured_and_the_form_reached(tmp_path: Path) -> None:
    home = Home(question=TERMS)
    session, _ = session_with(tmp_path, home=home, config={"pages": {"accept": ["Data Sharing Agreement"]}})
    assert session.reach_form() == FORM_URL
    assert home.answered == [None]
    assert pictures(session) == ["page-to-accept", "file-submission"]


def test_a_page_that_stays_once_answered_stops_the_run_saying_so_at_the_page_limit(tmp_path: Path) -> None:
    home = Home(question=TERMS, stays=True)
    session, _ = session_with(tmp_path, home=home, config={"pages": {"accept": ["Data Sharing Agreement"]}})
    with pytest.raises(PageNotPlaced, match=r'answered "Data Sharing Agreement" as pages.accept says.*the page stayed'):
        session.reach_form()
    assert home.answered == [None], "answered once, never again and again"
    assert pictures(session)[-1] == "page-stayed"


def test_a_page_asking_to_choose_names_each_list_in_the_yaml(tmp_path: Path) -> None:
    home = Home(question=Asked("Select Organization", "", lists=("Organization",)))
    session, _ = session_with(tmp_path, home=home)
    with pytest.raises(PageNotPlaced, match=r'pages: \{choose: \{"Organization": "<the option>"\}\}'):
        session.reach_form()
    chosen = Home(question=Asked("Select Organization", "", lists=("Organization",)))
    going, _ = session_with(
        tmp_path / "chosen", home=chosen, config={"pages": {"choose": {"Organization": "Lincoln USD"}}}
    )
    assert going.reach_form() == FORM_URL and chosen.answered == [{"Organization": "Lincoln USD"}]


def test_a_form_the_bot_cannot_place_stops_before_any_file_with_its_picture(tmp_path: Path) -> None:
    session, _ = session_with(tmp_path)
    form: Any = session.form
    form.problems = ['the form has a list "School" (set form: {fields: {"School": "<one of its options>"}})']
    with pytest.raises(FormUnknown, match=r'nothing was sent: the form has a list "School".*see 01-file-submission'):
        session.reach_form()


def test_a_dead_page_takes_no_picture_and_says_so_instead_of_failing(tmp_path: Path) -> None:
    session, page = session_with(tmp_path)
    page.dead = True
    said = session.shot("result")
    assert said.startswith("(no screenshot: Page.screenshot: Target crashed")
    assert not session.alive() and session.folder.summary.steps == []


def test_a_browser_error_on_the_way_is_one_line_naming_the_step(tmp_path: Path) -> None:
    session, _ = session_with(tmp_path)

    def covered() -> None:
        raise PlaywrightError('Locator.click: <div class="overlay"> intercepts pointer events\nCall log: ...')

    with pytest.raises(SiteError) as failed:
        session.step("pressing Upload Data", covered)
    said = str(failed.value)
    assert said.startswith("the browser failed while pressing Upload Data: Locator.click:")
    assert 'something covers it: <div class="overlay">' in said and "\n" not in said


def test_a_rows_error_report_is_kept_as_the_site_sent_it_and_only_from_the_site(tmp_path: Path) -> None:
    session, page = session_with(tmp_path, config={"site": {"base_url": "https://calpass.test"}})
    record = FileRecord(type="SINF", path="SINF.txt", school_year="2018-19", bytes=10, sha256="0" * 64)
    kept = session.details("https://calpass.test/FileSubmission/Errors/CPP-1", record)
    assert kept.endswith("-SINF-site-report.txt")
    assert (session.folder.path / kept).read_bytes() == b"Result: Rejected\r\n"
    # A link to anywhere else is never followed: the session's cookies stay with the site.
    assert session.details("https://elsewhere.example/report.txt", record) == ""
    assert page.visited == ["https://calpass.test/FileSubmission/Errors/CPP-1"]
    # A details page (no attachment) is opened and pictured instead.
    page.served = ("text/html", "", b"<html></html>")
    pictured = session.details("https://calpass.test/FileSubmission/Details/CPP-1", record)
    assert pictured.endswith("-SINF-site-details.png") and pictured in record.screenshots


@dataclass
class NewTab(BrowserPage):
    """A tab the site opened: it takes the session's settings and the handler for session warnings."""

    handlers: list[Any] = field(default_factory=list)
    timeout_ms: float = 0

    def set_default_timeout(self, ms: float) -> None:
        self.timeout_ms = ms

    def wait_for_load_state(self, state: str, timeout: float) -> None:
        pass

    def is_closed(self) -> bool:
        return False

    def locator(self, selector: str) -> Any:
        return SimpleNamespace(filter=lambda **kwargs: selector)

    def add_locator_handler(self, locator: Any, handler: Any, **kwargs: Any) -> None:
        self.handlers.append(locator)


def test_a_form_the_site_opens_in_a_new_tab_is_where_the_run_goes_on(tmp_path: Path) -> None:
    session, page = session_with(tmp_path)
    tab = NewTab(url=FORM_URL)
    parts: Any = session.home
    parts.open_upload_data = lambda: page.opened.append(tab)
    session.press_upload_data()
    moved: Any = session
    assert moved.page is tab and moved.login.page is tab and moved.home.page is tab
    # The session warning is answered in the new tab too.
    assert tab.handlers and tab.timeout_ms == session.timeout_ms
    events = (session.folder.path / "events.jsonl").read_text()
    assert '"new-tab"' in events and FORM_URL in events
