"""The pages a site may show between log-on and the form that ask something of the district: terms to
accept, a notice, an organisation to choose, a new password. The bot never answers one on its own:
it stops before the first file, naming the page and the config that lets it go on; with that key
set, it answers as the district said, with a picture."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Protocol, TypeVar

from bot.config import PagesSettings
from bot.errors import PageNotPlaced
from bot.ports import InSession
from bot.site.form.page import FileSubmissionPage
from bot.site.form.plan import survey
from bot.site.matching import whole_name
from bot.site.pages import Asked, HomePage
from bot.site.waits import until

T = TypeVar("T")


class OnTheWay(InSession, Protocol):
    """What going past the pages on the way needs of the browser session besides: its pages, its
    pictures and its steps."""

    @property
    def home(self) -> HomePage: ...

    @property
    def form(self) -> FileSubmissionPage: ...

    def shot(self, step: str) -> str: ...

    def step(self, what: str, action: Callable[[], T]) -> T: ...


log = logging.getLogger(__name__)


class PageAnswer(Protocol):
    """One kind of page on the way, and how the district's config answers it: adding a kind is one
    class here and its place in ANSWERS."""

    # The key under `pages:` that answers it.
    key: str

    def fits(self, asked: Asked) -> bool:
        """Whether the page is of this kind, whatever the config says."""
        ...

    def named(self, asked: Asked, pages: PagesSettings) -> bool:
        """Whether the config answers this page."""
        ...

    def answer(self, home: HomePage, pages: PagesSettings) -> None: ...

    def unlocking(self, asked: Asked) -> str:
        """The YAML that lets a run answer the page, for the error that stops before it."""
        ...


class Choose:
    """A page asking the district to choose in a list or two (an organisation), each named in
    pages.choose."""

    key = "choose"

    def fits(self, asked: Asked) -> bool:
        return bool(asked.lists)

    def named(self, asked: Asked, pages: PagesSettings) -> bool:
        return all(any(whole_name([c]).match(x) for c in pages.choose) for x in asked.lists)

    def answer(self, home: HomePage, pages: PagesSettings) -> None:
        home.accept(pages.choose)

    def unlocking(self, asked: Asked) -> str:
        return "pages: {choose: {" + ", ".join(f'"{x}": "<the option>"' for x in asked.lists) + "}}"


class Accept:
    """A page to accept (terms, a notice), its heading listed in pages.accept: its boxes ticked and
    its button pressed."""

    key = "accept"

    def fits(self, asked: Asked) -> bool:
        return True

    def named(self, asked: Asked, pages: PagesSettings) -> bool:
        return bool(pages.accept) and whole_name(pages.accept).match(asked.heading) is not None

    def answer(self, home: HomePage, pages: PagesSettings) -> None:
        home.accept(None)

    def unlocking(self, asked: Asked) -> str:
        return f'pages: {{accept: ["{asked.heading or "<its heading>"}"]}}'


# In the order they are tried: a page with lists is a choice before it is anything to accept.
ANSWERS: tuple[PageAnswer, ...] = (Choose(), Accept())


def unlocking_yaml(asked: Asked) -> str:
    """The config that lets the run answer this page: the first kind it is of says."""
    return next(kind for kind in ANSWERS if kind.fits(asked)).unlocking(asked)


def district_answer(asked: Asked, pages: PagesSettings) -> PageAnswer | None:
    """How the config says the district answers the page, or None: the bot may not answer it."""
    return next((kind for kind in ANSWERS if kind.fits(asked) and kind.named(asked, pages)), None)


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
            session.step(f'answering "{asked.heading}"', partial(answer.answer, session.home, pages))
            if not until(session.page, session.timeout_ms / 1000, partial(self._went_on, asked)):
                shot = session.shot("page-stayed")
                raise PageNotPlaced(
                    f'the bot answered "{asked.heading}" as pages.{answer.key} says the district does, and the page '
                    f"stayed, asking the same ({asked.describe()}); see {shot}"
                )
            session.folder.event("accepted", detail=asked.describe())
            log.info('answered "%s" as pages.%s says the district does', asked.heading, answer.key)
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
