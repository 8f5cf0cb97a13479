"""Filling the form for one file, with a stand-in page held in memory: each widget's way to a value,
the read-back, what the form would post, and a form over several steps. No browser: the stand-in
keeps each control's value and what the page's own scripts do to it, and each test asserts what the
form would post (or that the file stopped with nothing posted). The browser tier runs the same
widgets on the sandbox's real pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from bot.errors import FileRefused
from bot.filetypes import FileType
from bot.manifest import PlannedFile
from bot.schoolyear import SchoolYear
from bot.site.form.controls import FORM_CONTROLS
from bot.site.form.filler import MAX_STEPS, FormFiller
from bot.site.form.plan import Control, FieldValue, FormPlan, plan_form, radio_groups
from bot.site.matching import Option
from bot.site.scripts import POSTED_JS, READ_BACK_JS
from bot.site.words import SiteWords

WORDS = SiteWords()


def sinf(year: int = 2023) -> PlannedFile:
    path = Path("/district/exports/SINF.txt")
    return PlannedFile(1, FileType.SINF, path, path.name, SchoolYear(year), None)


@dataclass
class Box:
    """One control of the stand-in page: what the census reads of it, and its value now."""

    control: Control
    value: str = ""
    checked: bool = False
    # The page's own script, run when a person sets this control (it may change others).
    on_set: Callable[[Box], None] = lambda box: None
    # What a text box keeps of what is typed (a mask that reformats it).
    keeps: Callable[[str], str] = lambda typed: typed

    def shown_text(self) -> str:
        return next((o.text for o in self.control.options if o.value == self.value), "")


@dataclass
class Options:
    """Options a combobox shows: found by role and name, clicked by a person."""

    page: StandInPage
    name: str | None = None

    def filter(self, visible: bool = True) -> Options:
        return self

    def _matching(self) -> list[str]:
        shown = self.page.listbox
        return [t for t in shown if self.name is None or t == self.name]

    def count(self) -> int:
        return len(self._matching())

    def all_inner_texts(self) -> list[str]:
        return self._matching()

    @property
    def first(self) -> Options:
        return self

    def click(self) -> None:
        (text,) = self._matching()
        box = self.page.open_combobox
        assert box is not None
        box.value = text
        self.page.listbox = []
        box.on_set(box)


@dataclass
class Element:
    """A locator of one control of the stand-in page."""

    page: StandInPage
    box: Box

    def select_option(self, value: str) -> None:
        self.box.value = value
        self.box.on_set(self.box)

    def fill(self, text: str) -> None:
        self.box.value = self.box.keeps(text)
        if self.box.control.kind == "combobox":
            self.page.open_combobox = self.box
            typed = text.casefold()
            self.page.listbox = [o.text for o in self.page.typeahead if typed in o.text.casefold()]
        self.box.on_set(self.box)

    def input_value(self) -> str:
        return self.box.value

    def inner_text(self) -> str:
        return self.box.value

    def click(self) -> None:
        if self.box.control.kind == "combobox":
            self.page.open_combobox = self.box
            offered = self.box.control.options or self.page.typeahead
            typed = self.box.value.casefold()
            self.page.listbox = [o.text for o in offered if typed in o.text.casefold()]

    def check(self) -> None:
        self.set_checked(True)

    def set_checked(self, on: bool) -> None:
        if self.box.control.kind == "radio":
            for other in self.page.boxes():
                if other.control.posted_as == self.box.control.posted_as:
                    other.checked = False
        self.box.checked = on
        self.box.on_set(self.box)

    def is_checked(self) -> bool:
        return self.box.checked

    def evaluate(self, script: str) -> Any:
        assert script == "e => e.value"
        return self.box.value


@dataclass
class Controls:
    page: StandInPage

    def nth(self, index: int) -> Element:
        return Element(self.page, self.page.boxes()[index])


@dataclass
class StandInPage:
    """The File Submission page, held in memory: its steps, each a list of controls; the form's
    hidden inputs; Next when a later step follows. It is its own frame and its own page object."""

    steps: list[list[Box]]
    hidden: dict[str, str] = field(default_factory=dict)
    fields: dict[str, FieldValue] = field(default_factory=dict)
    # A combobox that shows its options only as you type: every option it may show.
    typeahead: tuple[Option, ...] = ()
    step: int = 0
    next_shows_nothing: bool = False
    pictured: list[str] = field(default_factory=list)
    found: dict[str, str] = field(default_factory=dict)
    listbox: list[str] = field(default_factory=list)
    open_combobox: Box | None = None
    timeout_ms: float = 300
    words: SiteWords = WORDS
    year_formats: dict[str, tuple[str, str]] = field(default_factory=dict)
    unstated_year: str | None = None
    # A list the page shows disabled (and the census leaves out) until the year list is chosen.
    waits_for_year: Box | None = None

    # --- the page object's side ---
    @property
    def page(self) -> StandInPage:
        return self

    @property
    def frames(self) -> list[StandInPage]:
        return [self]

    def on_step(self, name: str) -> None:
        self.pictured.append(name)

    def boxes(self) -> list[Box]:
        shown, waiting = self.steps[self.step], self.waits_for_year
        year_chosen = any(b.value for b in shown if b.control.name == "Academic Year")
        if waiting is not None and year_chosen and waiting not in shown:
            shown.append(waiting)
        return shown

    def disabled_lists(self) -> int:
        return int(self.waits_for_year is not None and self.waits_for_year not in self.boxes())

    def controls(self) -> list[Control]:
        now = []
        for box in self.boxes():
            value = ("true" if box.checked else "false") if box.control.kind in ("radio", "checkbox") else box.value
            now.append(replace(box.control, value=value))
        return radio_groups(now)

    def understand(self, file_type: FileType | None = None) -> FormPlan:
        return plan_form(self.controls(), WORDS, self.fields, file_type)

    def locate(self, control: Control) -> Element:
        return Element(self, self.boxes()[control.index])

    def next_button(self) -> Element | None:
        if self.step + 1 >= len(self.steps):
            return None
        self.found["next_button"] = "Next"
        return Next(self)  # type: ignore[return-value]

    # --- the frame's side ---
    def locator(self, selector: str) -> Controls:
        assert selector == FORM_CONTROLS
        return Controls(self)

    def get_by_role(self, role: str, name: str | None = None, exact: bool = False) -> Options:
        assert role == "option"
        return Options(self, name)

    def evaluate(self, script: str, arg: Any = None) -> Any:
        if script == READ_BACK_JS:
            return [[self.boxes()[i].value, self.boxes()[i].shown_text()] for i in arg]
        if script == POSTED_JS:
            return self.posted()
        raise AssertionError(f"a script the stand-in does not run: {script[:40]}")

    def wait_for_timeout(self, ms: float) -> None:
        pass

    def posted(self) -> list[tuple[str, str]]:
        """What the form would post now, as FormData reads it."""
        sent = []
        for box in (b for step in self.steps[: self.step + 1] for b in step):
            name, kind = box.control.posted_as, box.control.kind
            if not name or kind == "file" or (kind in ("radio", "checkbox") and not box.checked):
                continue
            sent.append((name, box.value))
        return sent + list(self.hidden.items())


@dataclass
class Next:
    page: StandInPage

    def click(self) -> None:
        if not self.page.next_shows_nothing:
            self.page.step += 1


def listing(index: int, name: str, texts: list[str], posted_as: str, values: list[str] | None = None) -> Box:
    options = tuple(Option(v, t) for v, t in zip(values or texts, texts, strict=True))
    return Box(Control(0, index, "select", name, options=options, posted_as=posted_as), value=options[0].value)


def file_box(index: int) -> Box:
    return Box(Control(0, index, "file", "File", posted_as="upload"))


def types(index: int = 0) -> Box:
    return listing(
        index,
        "File Type",
        ["-- choose --", "Student Enrollment", "Student Information"],
        "FileType",
        ["", "SENR", "SINF"],
    )


def years(index: int = 1) -> Box:
    return listing(index, "Academic Year", ["-- choose --", "2022-2023", "2023-2024"], "AcademicYear", ["", "22", "23"])


def fill(page: StandInPage, planned: PlannedFile | None = None) -> FormPlan:
    # As the page does: the formats learned go in, the year written whole comes out.
    filler = FormFiller(page, page.year_formats, on_step=page.on_step)  # type: ignore[arg-type]
    plan = filler.fill(planned or sinf())
    page.unstated_year = filler.unstated_year
    return plan


def test_native_lists_get_the_files_type_and_year_and_the_form_posts_them() -> None:
    page = StandInPage([[types(), years(), file_box(2)]])
    plan = fill(page)
    assert plan.file_input is not None
    assert page.posted() == [("FileType", "SINF"), ("AcademicYear", "23")]


def test_a_page_script_that_resets_the_type_when_the_year_changes_stops_the_file() -> None:
    kind, year = types(0), years(1)
    year.on_set = lambda box: setattr(kind, "value", "SENR")  # the page reloads its types for the year
    page = StandInPage([[kind, year, file_box(2)]])
    with pytest.raises(
        FileRefused, match=r'type list shows "Student Enrollment" after the bot chose "Student Information"; nothing'
    ):
        fill(page)


def test_a_hidden_field_for_the_type_that_a_script_forgot_stops_the_file() -> None:
    kind = types()
    kind.control = replace(kind.control, posted_as="ddlType")
    page = StandInPage([[kind, years(), file_box(2)]], hidden={"file_type": "SENR"})
    with pytest.raises(FileRefused, match=r'would post "SENR" in its field "file_type" for the file type'):
        fill(page)


def radio(index: int, text: str, value: str) -> Box:
    return Box(Control(0, index, "radio", text, group="Which file is this?", posted_as="kind"), value=value)


def test_a_radio_group_posts_the_value_of_the_button_for_the_files_type() -> None:
    buttons = [radio(0, "Student Enrollment (SENR)", "1"), radio(1, "Student Information (SINF)", "2")]
    page = StandInPage([[*buttons, years(2), file_box(3)]])
    fill(page)
    assert ("kind", "2") in page.posted() and buttons[1].checked and not buttons[0].checked


def year_box(hint: str, keeps: Callable[[str], str] = lambda typed: typed) -> Box:
    return Box(Control(0, 1, "text", "Academic Year", hint=hint, posted_as="year"), keeps=keeps)


def test_a_year_box_is_written_as_the_page_says_and_read_back() -> None:
    page = StandInPage([[types(), year_box("Format: YYYY-YY"), file_box(2)]])
    fill(page, sinf(2019))
    assert ("year", "2019-20") in page.posted()


def test_a_year_box_that_states_no_format_gets_the_year_whole_or_as_a_refusal_said() -> None:
    page = StandInPage([[types(), year_box(""), file_box(2)]])
    fill(page)
    assert ("year", "2023-2024") in page.posted() and page.unstated_year == "Academic Year"
    page.year_formats["Academic Year"] = ("short", "/")
    fill(page)
    assert ("year", "2023/24") in page.posted()


def test_a_year_box_that_keeps_something_else_stops_the_file() -> None:
    page = StandInPage([[types(), year_box("e.g. 2023-2024", keeps=lambda typed: typed[:4]), file_box(2)]])
    with pytest.raises(FileRefused, match=r'the year box shows "2023" after the bot typed "2023-2024"'):
        fill(page)


def combobox(options: tuple[Option, ...] = ()) -> Box:
    return Box(Control(0, 0, "combobox", "File type", options=options, posted_as="type", typable=True))


def test_a_combobox_is_opened_and_its_option_clicked() -> None:
    names = tuple(Option(t, t) for t in ("Student Enrollment", "Student Information", "Student Program"))
    box = combobox(names)
    page = StandInPage([[box, years(), file_box(2)]])
    fill(page)
    assert box.value == "Student Information"


def test_a_combobox_that_shows_options_only_as_you_type_is_typed_into() -> None:
    box = combobox()
    page = StandInPage(
        [[box, years(), file_box(2)]],
        typeahead=tuple(Option(t, t) for t in ("SENR - Student Enrollment", "SINF - Student Information")),
    )
    fill(page)
    assert box.value == "SINF - Student Information"


def test_a_combobox_that_offers_nothing_for_the_file_stops_it_naming_what_it_offers() -> None:
    page = StandInPage([[combobox(), years(), file_box(2)]], typeahead=(Option("CAASPP", "CAASPP"),))
    with pytest.raises(FileRefused, match=r"the file type list has no option for SINF"):
        fill(page)


def test_configured_fields_are_filled_from_the_files_own_facts() -> None:
    certify = Box(Control(0, 2, "checkbox", "I certify this data", posted_as="certify"), value="on")
    note = Box(Control(0, 3, "text", "Description", posted_as="note"))
    fields: dict[str, FieldValue] = {"I certify this data": True, "Description": "{type} for {school_year}"}
    page = StandInPage([[types(), years(), certify, note, file_box(4)]], fields=fields)
    fill(page)
    assert ("certify", "on") in page.posted() and ("note", "SINF for 2023-24") in page.posted()


def test_a_box_that_will_not_stay_ticked_stops_the_file() -> None:
    stubborn = Box(Control(0, 2, "checkbox", "I certify this data", posted_as="certify"))
    stubborn.on_set = lambda box: setattr(box, "checked", False)
    page = StandInPage([[types(), years(), stubborn, file_box(3)]], fields={"I certify this data": True})
    with pytest.raises(FileRefused, match=r'form.fields "I certify this data": the box would not stay ticked'):
        fill(page)


def test_a_type_list_enabled_only_once_the_year_is_chosen_is_filled_then() -> None:
    page = StandInPage([[years(0), file_box(1)]], waits_for_year=types(2))
    fill(page)
    assert ("FileType", "SINF") in page.posted() and ("AcademicYear", "23") in page.posted()


def test_a_form_over_two_steps_is_followed_and_each_step_pictured() -> None:
    page = StandInPage([[types(), years()], [file_box(0)]])
    plan = fill(page)
    assert plan.file_input is not None and page.pictured == ["step-2"]
    assert page.posted() == [("FileType", "SINF"), ("AcademicYear", "23")]


def test_a_next_that_shows_no_next_step_stops_the_file() -> None:
    page = StandInPage([[types(), years()], [file_box(0)]], next_shows_nothing=True)
    with pytest.raises(FileRefused, match=r"pressing Next showed no next step"):
        fill(page)


def test_a_form_that_goes_on_for_ever_stops_the_file() -> None:
    steps = []
    for number in range(MAX_STEPS + 2):
        kind = types()
        kind.control = replace(kind.control, name=f"File Type ({number + 1} of {MAX_STEPS + 2})")
        steps.append([kind, years()])
    with pytest.raises(FileRefused, match=rf"the form goes on for more than {MAX_STEPS + 1} steps"):
        fill(StandInPage(steps))
