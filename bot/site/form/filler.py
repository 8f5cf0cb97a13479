"""Filling the File Submission form for one file, through whatever widget carries each control: a
native list, a radio group, an ARIA combobox (one that filters as you type too), a custom dropdown
beside a hidden list, a typed year, a checkbox, a text box; over as many steps as the form takes.
Every choice is read back from the page before anything is sent."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Protocol

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

from bot.errors import FileRefused, FormBroken
from bot.filetypes import FileType
from bot.manifest import PlannedFile
from bot.site.form.options import Chosen, Wanted, one_option, posted_problem, read_back_problem, wanted_for
from bot.site.form.plan import (
    UNSTATED,
    Control,
    FieldValue,
    FormNotUnderstood,
    FormPlan,
    field_value,
    option_for_field,
    write_year,
    year_format,
    year_unclear,
)
from bot.site.form.widgets import Hands, Widget, tick, widget_for
from bot.site.matching import Option
from bot.site.scripts import POSTED_JS, READ_BACK_JS
from bot.site.waits import until
from bot.site.words import SiteWords

log = logging.getLogger(__name__)
# Where a control is: its frame, its index in the census, and its widget.
Where = tuple[int, int, str]
# Steps after the first that a form may take before it asks for the file.
MAX_STEPS = 3


class FormView(Protocol):
    """What the filler reads of the File Submission page, and asks it to find; the page's state is
    its own, and the filler writes none of it."""

    @property
    def page(self) -> Page: ...

    @property
    def timeout_ms(self) -> float: ...

    @property
    def words(self) -> SiteWords: ...

    @property
    def found(self) -> Mapping[str, str]: ...

    def controls(self) -> list[Control]: ...

    def understand(self, file_type: FileType | None = None) -> FormPlan: ...

    def disabled_lists(self) -> int: ...

    def locate(self, control: Control) -> Locator: ...

    def next_button(self) -> Locator | None: ...


class FormFiller:
    """One file's way through the form: each step understood, filled, read back, then the next."""

    def __init__(
        self,
        form: FormView,
        year_formats: Mapping[str, tuple[str, str]],
        on_step: Callable[[str], object] | None = None,
    ) -> None:
        self.form = form
        # The formats the site's refusals stated for year boxes whose page states none: the run's to keep.
        self.year_formats = year_formats
        # The year box written whole in this fill, because its page states no format: a refusal of the
        # file may teach its format.
        self.unstated_year: str | None = None
        # Told when the form goes on to another step ("step-2"), to take its picture.
        self.on_step = on_step
        self.page = form.page
        self.timeout_ms = form.timeout_ms
        # The choices made since the last read-back, each with the widget it was made in.
        self._chosen: list[tuple[Widget, Chosen]] = []
        self.hands = Hands(self.page, self.timeout_ms, form.locate)

    def fill(self, planned: PlannedFile) -> FormPlan:
        """Every step filled for the file; returns the plan of the step that asks for the file."""
        for step in range(MAX_STEPS + 1):
            self._chosen = []
            where = f" (step {step + 1})" if step else ""
            plan = self._understood(where, planned)
            waiting = self.form.disabled_lists()
            done = self._fill_plan(plan, planned, set())
            if waiting and (plan.file_type is None or plan.year is None):
                # A list the page enables only once another is chosen (the types of the year chosen):
                # read the form again once it is enabled, and fill what it now asks.
                plan = self._after_enabled(waiting, where, planned)
                self._fill_plan(plan, planned, done)
            self._check_posted(plan, self._read_back())
            onward = None if plan.file_input is not None else self.form.next_button()
            if onward is None:
                return plan
            if step == MAX_STEPS:
                break
            self._next_step(onward, step + 2)
        raise FileRefused(f"nothing was sent: the form goes on for more than {MAX_STEPS + 1} steps")

    def _understood(self, where: str, planned: PlannedFile) -> FormPlan:
        try:
            return self.form.understand(planned.type)
        except FormNotUnderstood as exc:
            raise FormBroken(f"nothing was sent{where}: {exc}") from None

    def _after_enabled(self, waiting: int, where: str, planned: PlannedFile) -> FormPlan:
        """The form read again once fewer of its lists are disabled; a list still disabled after the
        page timeout stops the file, since the form would go without what it asks."""
        if until(self.page, self.timeout_ms / 1000, lambda: self.form.disabled_lists() < waiting):
            return self._understood(where, planned)
        raise FileRefused(
            f"nothing was sent{where}: the form has no file type or year list the bot can use, and a list of "
            "it stayed disabled after the others were chosen"
        )

    def _fill_plan(self, plan: FormPlan, planned: PlannedFile, done: set[Where]) -> set[Where]:
        """Fill each control of the plan not yet filled (by where it is); returns those filled."""
        year = planned.school_year
        kind_wanted, year_wanted = wanted_for(planned, plan, self.form.words)
        todo: list[tuple[Control, FieldValue | None]] = [*plan.fields]
        todo += [(c, None) for c in (plan.file_type, plan.year) if c is not None]
        filled = set(done)
        for control, value in todo:
            where = (control.frame, control.index, control.widget)
            if where in filled:
                continue
            filled.add(where)
            if value is not None:
                self._set_field(control, field_value(value, planned.type, year, planned.path.name))
            elif control is plan.file_type:
                self._choose(control, kind_wanted)
            elif control.choice is not None:
                self._choose(control, year_wanted)
            else:
                self._type_year(control, write_year(year, self._year_form(control)))
        return filled

    def _year_form(self, control: Control) -> tuple[str, str]:
        """How to write the year in a box: as its page says, else as the site's refusal said, else
        whole (remembered, so that a refusal stating the format can be learned from)."""
        stated = year_format(control.hint) or self.year_formats.get(control.name)
        if stated is not None:
            return stated
        if year_unclear(control):  # the census stopped the run before this; kept for a page that changed
            raise FileRefused(f"nothing was sent: the year box {control.name!r} does not say its format")
        self.unstated_year = control.name
        return UNSTATED

    def _type_year(self, control: Control, text: str) -> None:
        box = self.form.locate(control)
        box.fill(text)
        shown = box.input_value()
        if shown != text:
            raise FileRefused(f'the year box shows "{shown}" after the bot typed "{text}"; nothing was sent')

    def _next_step(self, onward: Locator, number: int) -> None:
        """Press Next and wait for the next step: a new page, or new controls on this one."""
        before = [(c.kind, c.name) for c in self.form.controls()]

        def moved_on() -> bool:
            try:
                return [(c.kind, c.name) for c in self.form.controls()] != before
            except PlaywrightError:
                return False  # the next page is on its way

        onward.click()
        if not until(self.page, self.timeout_ms / 1000, moved_on):
            pressed = self.form.found.get("next_button", "Next")
            raise FileRefused(f"nothing was sent: pressing {pressed} showed no next step")
        log.info("File Submission: step %d", number)
        if self.on_step is not None:
            self.on_step(f"step-{number}")

    def _widget(self, control: Control) -> Widget:
        choice = control.choice
        if choice is None:  # the plan gives a choice only to a control that offers one
            raise FormBroken(f"nothing was sent: {control.describe()} offers no choice to make")
        return widget_for(choice, self.hands)

    def _choose(self, control: Control, wanted: Wanted) -> None:
        """The option that names the file, in whatever widget offers it: opened or typed into first
        when it shows its options only then."""
        widget = self._widget(control)
        offered = widget.offered(control, wanted)
        self._chose(widget, offered, one_option(offered, wanted, wanted.matching(list(offered.options))), wanted.what)

    def _chose(self, widget: Widget, control: Control, option: Option, what: str) -> None:
        posted = widget.choose(control, option, what)
        self._chosen.append((widget, Chosen(control, posted, what)))

    def _check_posted(self, plan: FormPlan, chosen: list[Chosen]) -> None:
        """What the form will post, read just before the file goes (see options.posted_problem)."""
        anchor = plan.file_input or plan.file_type or plan.year
        if anchor is None or not chosen:
            return
        posted = self.page.frames[anchor.frame].evaluate(POSTED_JS, anchor.index)
        if posted is None:
            return  # no form: a script gathers the fields, and the read-back has checked them
        problem = posted_problem([(str(k), str(v)) for k, v in posted], chosen, self.form.words)
        if problem is not None:
            raise FileRefused(problem)

    def _read_back(self) -> list[Chosen]:
        """Every list the bot chose in, read back from the page in one look after the last choice: a
        script may change one list when another changes. Returns what was chosen."""
        made, self._chosen = self._chosen, []
        chosen = [c for _, c in made]
        lists = [c for widget, c in made if widget.read_back_later]
        for number in sorted({c.control.frame for c in lists}):
            mine = [c for c in lists if c.control.frame == number]
            shown = self.page.frames[number].evaluate(READ_BACK_JS, [c.control.index for c in mine])
            for choice, (value, text) in zip(mine, shown, strict=True):
                problem = read_back_problem(choice, str(value), str(text))
                if problem is not None:
                    raise FileRefused(problem)
        return chosen

    def _set_field(self, control: Control, value: FieldValue) -> None:
        what = f'form.fields "{control.name}"'
        if control.choice is not None:
            option = option_for_field(control, value)
            if option is None:
                offered = ", ".join(o.text for o in control.options if o.text)
                raise FileRefused(f'{what}: the list has no option "{value}" (it offers: {offered})')
            self._chose(self._widget(control), control, option, what)
        elif control.kind in ("checkbox", "radio"):
            on = value if isinstance(value, bool) else str(value).strip().casefold() in ("true", "yes", "on")
            box = self.form.locate(control)
            tick(box, control, on=on)
            if box.is_checked() != on:
                raise FileRefused(f"{what}: the box would not stay {'ticked' if on else 'clear'}")
        else:
            self.form.locate(control).fill(str(value))
