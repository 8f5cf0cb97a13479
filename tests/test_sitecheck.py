"""--check-site through main(), against a fake portal of page objects: what a coordinator reads in the
table (each element found, missing with the key to set, or not reached) and the option each manifest
entry would get. No browser: the portal says which elements it has and which controls its form shows;
the browser tier checks the same report on the sandbox's real pages."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest

from bot import cli
from bot.audit import FileRecord, RunFolder
from bot.camera import Recording
from bot.config import Config
from bot.credentials import Credentials
from bot.errors import EXIT_FILE_FAILED, EXIT_OK, ElementNotFound
from bot.site.form.file_input import FileTarget
from bot.site.form.plan import Control, FormPlan
from bot.site.matching import Option
from bot.site.pages import Focus
from bot.site.words import ELEMENTS
from tests.records import calpads, write

T = TypeVar("T")
ENV = {"CALPASS_USERNAME": "coordinator@district.example", "CALPASS_PASSWORD": "Not-A-Real-Password-9"}


@dataclass
class PortalPage:
    """One page of the fake portal: the words that find each of its elements; a key it lacks is missing."""

    has: dict[str, str]
    found: dict[str, str] = field(default_factory=dict)

    def _find(self, key: str) -> object:
        if key not in self.has:
            raise ElementNotFound(
                page=ELEMENTS[key][0], element=ELEMENTS[key][1], words=["?"], config_key=f"words.{key}"
            )
        self.found[key] = self.has[key]
        return object()

    def log_on_button(self) -> object:
        return self._find("log_on_button")

    def username_box(self) -> object:
        return self._find("username_label")

    def password_box(self) -> object:
        return self._find("password_label")

    def upload_data_button(self) -> object:
        return self._find("upload_data")

    def open_upload_data(self) -> None:
        pass

    def heading(self) -> object:
        return self._find("file_submission_heading")

    def wait_open(self) -> str:
        self.heading()
        return "https://portal.example/upload"

    def submit_button(self) -> object:
        return self._find("submit_button")


@dataclass
class PortalForm(PortalPage):
    controls: list[Control] = field(default_factory=list)
    # The form asks for the file on a later step, reached by this button.
    next_word: str | None = None

    def open_controls(self) -> list[Control]:
        return self.controls

    def showing(self) -> bool:
        return "file_submission_heading" in self.has

    def file_target(self, plan: FormPlan) -> FileTarget:
        if plan.file_input is None:
            raise ElementNotFound(page="File Submission", element="file", words=["Browse"], config_key="words.x")
        return FileTarget(found_by="input type=file")

    def next_button(self) -> object | None:
        if self.next_word is None:
            return None
        self.found["next_button"] = self.next_word
        return object()


EVERYTHING = {
    "log_on_button": "Log On",
    "username_label": "Username",
    "password_label": "Password",
    "upload_data": "Upload Data",
    "file_submission_heading": "File Submission",
    "submit_button": "Upload",
}


@dataclass
class Portal:
    has: dict[str, str] = field(default_factory=lambda: dict(EVERYTHING))
    controls: list[Control] = field(default_factory=list)
    next_word: str | None = None
    shots: list[str] = field(default_factory=list)

    def connect(self) -> Callable[..., AbstractContextManager[Any]]:
        portal = self

        @contextmanager
        def opened(
            config: Config, folder: RunFolder, credentials: Credentials, interactive: bool, recording: Recording
        ) -> Iterator[Any]:
            yield PortalSession(portal, folder)

        return opened


class NoPagesBetween:
    """The fake portal asks nothing between log-on and the form (the browser tier covers pages that do)."""

    def past(self, *, pressed: bool) -> bool:
        return False


class PortalSession:
    def __init__(self, portal: Portal, folder: RunFolder) -> None:
        self.portal, self.folder = portal, folder
        self.login = PortalPage(portal.has)
        self.home = PortalPage(portal.has)
        self.form = PortalForm(portal.has, controls=portal.controls, next_word=portal.next_word)
        self.between = NoPagesBetween()

    def open_login(self) -> None:
        pass

    def log_on(self) -> None:
        pass

    def press_upload_data(self) -> None:
        self.home.open_upload_data()

    def clear_banners(self) -> None:
        pass

    def dialog_in_the_way(self) -> None:
        return None

    def step(self, what: str, action: Callable[[], T]) -> T:
        return action()

    def shot(self, step: str, record: FileRecord | None = None, focus: Focus | None = None) -> str:
        self.portal.shots.append(step)
        return self.folder.screenshot_name(step, record)


def listing(index: int, name: str, *texts: str) -> Control:
    return Control(0, index, "select", name, "", tuple(Option(str(i), t) for i, t in enumerate(texts)))


TYPES = listing(0, "Data Type", "Select...", "Student Enrollment (SENR)", "Student Information (SINF)")
YEAR_BOX = Control(0, 1, "text", "School Year", hint="Format: 2023-2024")
FILE = Control(0, 2, "file", "Choose file")


def check(portal: Portal, *argv: str | Path) -> int:
    return cli.main(["--check-site", *(str(a) for a in argv)], ENV, connect=portal.connect())


def rows(out: str) -> dict[str, str]:
    """The table's lines, by the element each names."""
    return {element: line for line in out.splitlines() for _, element in ELEMENTS.values() if f" {element} " in line}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out"


def test_a_portal_with_every_element_is_reported_found_by_its_words(
    out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    portal = Portal(controls=[TYPES, YEAR_BOX, FILE])
    assert check(portal, "--out", out) == EXIT_OK
    said = capsys.readouterr().out
    assert "every element was found. Nothing was uploaded." in said
    table = rows(said)
    assert re.search(r'\bfound\s+"Upload Data"', table["Upload Data button"])
    assert '"Data Type": the file type list' in table["file type list"]
    assert 'typed as the page says ("Format: 2023-2024")' in table["academic year list"]
    assert portal.shots == ["file-submission"]


def test_a_missing_button_names_its_key_and_what_follows_is_not_reached(
    out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    portal = Portal(has={k: v for k, v in EVERYTHING.items() if k != "upload_data"})
    assert check(portal, "--out", out) == EXIT_FILE_FAILED
    table = rows(capsys.readouterr().out)
    assert " missing " in table["Upload Data button"] and "words.upload_data" in table["Upload Data button"]
    assert " not reached" in table["File Submission heading"]
    assert portal.shots == ["home-missing"]


def test_a_control_the_bot_cannot_place_is_named_with_the_yaml_that_places_it(
    out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    school = listing(3, "School", "Lincoln High", "Adams Middle")
    assert check(Portal(controls=[TYPES, YEAR_BOX, FILE, school]), "--out", out) == EXIT_FILE_FAILED
    said = capsys.readouterr().out
    assert 'form: {fields: {"School": "<one of its options>"}}' in said
    assert "some elements are missing or unclear" in said


def test_a_file_asked_for_on_a_later_step_is_found_there(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    has = {k: v for k, v in EVERYTHING.items() if k != "submit_button"}
    assert check(Portal(has=has, controls=[TYPES, YEAR_BOX], next_word="Next"), "--out", out) == EXIT_OK
    table = rows(capsys.readouterr().out)
    assert "on a later step (after Next)" in table["file input or drop zone"]


def test_with_a_manifest_each_file_shows_the_option_it_would_get(
    tmp_path: Path, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for code in ("SENR", "SPRG"):
        write(tmp_path / f"{code}.txt", calpads(code, copies=2))
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text(
        "school_year: 2018-19\nfiles:\n  - {type: SENR, path: SENR.txt}\n  - {type: SPRG, path: SPRG.txt}\n"
    )
    assert check(Portal(controls=[TYPES, YEAR_BOX, FILE]), manifest, "--out", out) == EXIT_FILE_FAILED
    lines = capsys.readouterr().out.splitlines()
    (senr,) = [line for line in lines if line.startswith("1: SENR 2018-19")]
    assert '"Student Enrollment (SENR)"' in senr and 'typed as "2018-2019"' in senr
    (sprg,) = [line for line in lines if line.startswith("2: SPRG 2018-19")]
    assert "no option for SPRG" in sprg
