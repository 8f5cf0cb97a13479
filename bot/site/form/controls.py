"""The census of a page's controls: every input, list and combobox in every frame, with the name a
person reads beside it, and the way back from a counted control to the element itself."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from playwright.sync_api import Locator, Page

from bot.site.form.plan import DRAWN, Control, radio_groups
from bot.site.matching import Option
from bot.site.scripts import CONTROLS_JS, in_every_frame

# The controls the census counts by position, and the ARIA comboboxes it counts apart.
FORM_CONTROLS = "input, select, textarea"
ARIA_COMBOBOXES = "[role=combobox]:not(input):not(select):not(textarea)"


def controls_from_rows(frame: int, rows: Iterable[Sequence[Any]]) -> list[Control]:
    """The controls CONTROLS_JS read in one frame, one row each."""
    found = []
    for index, kind, name, value, options, search, required, hidden, field, group, hint, widget, row, typable in rows:
        found.append(
            Control(
                frame=frame,
                index=int(index),
                kind=str(kind),
                name=str(name),
                value=str(value),
                options=tuple(Option(value=str(v), text=str(t)) for v, t in options),
                search=bool(search),
                required=bool(required),
                hidden=bool(hidden),
                posted_as=str(field),
                group=str(group),
                hint=str(hint),
                widget=DRAWN.get(str(widget), ""),
                file_row=int(row),
                typable=bool(typable),
            )
        )
    return found


def read_controls(page: Page, timeout_ms: float) -> list[Control]:
    """Every control of the page, in its frames too; a radio group counts as one control."""
    found: list[Control] = []
    for number, rows in in_every_frame(page, CONTROLS_JS, timeout_ms):
        found += controls_from_rows(number, rows)
    return radio_groups(found)


def form_control(page: Page, frame: int, index: int) -> Locator:
    """The index-th input, select or textarea of a frame: how the census counts them."""
    return page.frames[frame].locator(FORM_CONTROLS).nth(index)


def locate(page: Page, control: Control) -> Locator:
    """The element a control of the census stands for."""
    if control.widget == "aria":
        return page.frames[control.frame].locator(ARIA_COMBOBOXES).nth(control.index)
    return form_control(page, control.frame, control.index)


def asks_now(control: Control) -> bool:
    """A shown control that asks for a choice: a form that shows none may be kept in a dialog."""
    return control.choice is not None and not control.hidden
