"""The pages a site may show between log-on and the form that ask something of the district: terms to
accept, a notice, an organisation to choose, a new password. The bot never answers one on its own:
it stops before the first file, naming the page and the config that lets it go on; with that key
set, it answers as the district said, with a picture."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Protocol, TypeVar

from playwright.sync_api import Page

from bot.audit import RunFolder
from bot.config import Config, PagesSettings
from bot.errors import PageNotPlaced
from bot.site.form.page import FileSubmissionPage
from bot.site.form.plan import survey
from bot.site.matching import whole_name
from bot.site.pages import Asked, HomePage
from bot.site.waits import until

T = TypeVar("T")


class OnTheWay(Protocol):
    """What going past the pages on the way needs of the browser session: its pages, its settings,
    its pictures and its steps."""

    @property
    def page(self) -> Page: ...

    @property
    def config(self) -> Config: ...

    @property
    def folder(self) -> RunFolder: ...

    @property
    def timeout_ms(self) -> float: ...

    @property
    def home(self) -> HomePage: ...

    @property
    def form(self) -> FileSubmissionPage: ...

    def shot(self, step: str) -> str: ...

    def step(self, what: str, action: Callable[[], T]) -> T: ...


log = logging.getLogger(__name__)


def unlocking_yaml(asked: Asked) -> str:
    """The config that lets the run answer this page: the choice for each list, else its heading."""
    if asked.lists:
        return "pages: {choose: {" + ", ".join(f'"{x}": "<the option>"' for x in asked.lists) + "}}"
    return f'pages: {{accept: ["{asked.heading or "<its heading>"}"]}}'


def district_answer(asked: Asked, pages: PagesSettings) -> str | None:
    """How the config says the district answers the page: "choose" (a choice named for each of its
    lists), "accept" (its heading listed), or None: the bot may not answer it."""
    if asked.lists and all(any(whole_name([c]).match(x) for c in pages.choose) for x in asked.lists):
        return "choose"
    if pages.accept and whole_name(pages.accept).match(asked.heading):
        return "accept"
    return None


class PagesBetween:
    def __init__(self, session: OnTheWay) -> None:
        self.session = session

    def past(self, *, pressed: bool) -> bool:
        """Go past each page that asks something, as the config says the district answers it, or stop
        naming it. Returns whether it went past one. Before Upload Data is pressed, a page showing that
        button is the home page; after, the page that shows instead of the form is read whatever its
        menus hold."""
        session = self.session
        pages = session.config.pages
        went_past = False
        for _ in range(3):
            if session.form.showing() or (not pressed and session.home.shows_upload_data()):
                return went_past
            asked = session.home.asks()
            if asked is None or self._the_form_renamed():
                return went_past  # no question: a missing button or heading is reported as such
            answer = district_answer(asked, pages)
            if answer is None:
                shot = session.shot("page-not-placed")
                raise PageNotPlaced(
                    f"after log-on, the site shows a page the bot does not place: {asked.describe()}; the bot "
                    f"never answers it for the district. If the district accepts it (or, for a list, chooses), add "
                    f"to the config: {unlocking_yaml(asked)}; see {shot}"
                )
            session.shot("page-to-accept")
            choices = pages.choose if answer == "choose" else None
            session.step(f'answering "{asked.heading}"', partial(session.home.accept, choices))
            if not until(session.page, session.timeout_ms / 1000, partial(self._went_on, asked)):
                shot = session.shot("page-stayed")
                raise PageNotPlaced(
                    f'the bot answered "{asked.heading}" as pages.{answer} says the district does, and the page '
                    f"stayed, asking the same ({asked.describe()}); see {shot}"
                )
            session.folder.event("accepted", detail=asked.describe())
            log.info('answered "%s" as pages.%s says the district does', asked.heading, answer)
            went_past = True
        return went_past

    def _went_on(self, asked: Asked) -> bool:
        """Whether the page answered is gone: Upload Data shows, or another page with another question."""
        home = self.session.home
        return home.shows_upload_data() or home.asks() != asked

    def _the_form_renamed(self) -> bool:
        """Whether a page is the File Submission form under another heading: it asks for a file, a
        file type or a year. Such a page is reported by its missing heading, never as a question."""
        config = self.session.config
        plan, _ = survey(self.session.form.controls(), config.words, config.form.fields)
        return plan.file_input is not None or plan.file_type is not None or plan.year is not None
