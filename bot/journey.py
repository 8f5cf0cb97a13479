"""The way from the site's first page to the File Submission form, one journey for a run and for
--check-site: Log On, banners, each page on the way (answered as the config says), Upload Data, and
the form. A run goes it finding each element as it uses it, and stops at the first one missing. The
check goes it with `Looks` of its own: each page's elements reported before the journey uses them,
and the journey ended, not stopped, where one is missing."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from bot.errors import DialogInTheWay, ElementNotFound, FormUnknown
from bot.site.form.page import FileSubmissionPage
from bot.site.form.plan import FormNotUnderstood
from bot.site.pages import HomePage, LoginPage, SitePage

T = TypeVar("T")
log = logging.getLogger(__name__)
# An element to look for before the journey uses it: its key in words.py, the page object's way to
# find it (None: an optional element the page does not have), and the page object.
Finder = tuple[str, Callable[[], object], SitePage]


class PagesOnTheWay(Protocol):
    def past(self, *, pressed: bool) -> bool: ...


class Traveller(Protocol):
    """What the journey needs of a browser session."""

    @property
    def login(self) -> LoginPage: ...

    @property
    def home(self) -> HomePage: ...

    @property
    def form(self) -> FileSubmissionPage: ...

    @property
    def between(self) -> PagesOnTheWay: ...

    def open_login(self) -> None: ...

    def log_on(self) -> None: ...

    def clear_banners(self) -> None: ...

    def press_upload_data(self) -> None: ...

    def dialog_in_the_way(self) -> DialogInTheWay | None: ...

    def step(self, what: str, action: Callable[[], T]) -> T: ...


class Looks(Protocol):
    """What the journey does at each page, beyond going through it."""

    def ahead(self, missing_shot: str, finders: Sequence[Finder]) -> bool:
        """Before the journey uses a page's elements: whether it goes on (`missing_shot`, the name of
        the picture to take when it does not)."""
        ...

    def missing(self, key: str, exc: ElementNotFound) -> None:
        """An element the journey needed is not there."""
        ...


class Going:
    """A run's looks: each element is found as it is used, and one missing stops the run."""

    def ahead(self, missing_shot: str, finders: Sequence[Finder]) -> bool:
        return True

    def missing(self, key: str, exc: ElementNotFound) -> None:
        raise exc


class Journey:
    def __init__(self, session: Traveller, looks: Looks | None = None) -> None:
        self.session = session
        self.looks = looks or Going()

    def log_on(self) -> bool:
        """The Log On page opened, and the district logged on; False when the looks ended it there."""
        session = self.session
        session.open_login()
        login = session.login
        finders: list[Finder] = [
            ("log_on_button", login.log_on_button, login),
            ("username_label", login.username_box, login),
            ("password_label", login.password_box, login),
        ]
        if not self.looks.ahead("login-missing", finders):
            return False
        session.log_on()
        return True

    def to_form(self) -> str | None:
        """From the page after log-on to the File Submission form, past each page on the way; the
        form's address, or None when the looks ended the journey before it."""
        session = self.session
        session.clear_banners()
        session.between.past(pressed=False)
        if not self.looks.ahead("home-missing", [("upload_data", session.home.upload_data_button, session.home)]):
            return None
        session.press_upload_data()
        form_url = self._form_opened()
        if form_url is None:
            return None
        session.clear_banners()
        if stop := session.dialog_in_the_way():
            raise stop
        return form_url

    def _form_opened(self) -> str | None:
        """The form's heading waited for first, then a page shown instead of it answered (read
        sooner, a page still on its way would pass for one asking nothing)."""
        session = self.session
        try:
            return session.step("opening the File Submission page", session.form.wait_open)
        except ElementNotFound as missing:
            # A page in the way (terms to accept) may show instead of the form, Upload Data and all.
            if not session.between.past(pressed=True):
                self.looks.missing("file_submission_heading", missing)
                return None
        if not session.form.showing():
            session.press_upload_data()
        try:
            return session.step("opening the File Submission page", session.form.wait_open)
        except ElementNotFound as missing:
            self.looks.missing("file_submission_heading", missing)
            return None


def understood(form: FileSubmissionPage, shot: str) -> None:
    """Every control of the form accounted for before the first file is sent, or the run stops,
    naming each one it cannot place (see `shot`, the form pictured)."""
    try:
        plan = form.understand()
    except FormNotUnderstood as exc:
        lines = "; ".join(exc.problems)
        raise FormUnknown(
            f"on the File Submission page, nothing was sent: {lines}; see {shot}",
            [f"on the File Submission page, nothing was sent (see {shot}):", *exc.problems],
        ) from None
    for control, how in plan.recognised:
        log.debug("form: %s: %s", control.describe(), how)
