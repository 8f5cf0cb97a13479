"""The programs the page objects run inside the page: each reads in one call what would otherwise
take dozens of round trips, and none of them depends on an id or class. Each lives in its own file
in bot/site/js/, read once, with the helpers they share (helpers.js: clean, textOf, plainLabel,
shown, deepAll, tableTitle) put at the start of its body."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

_FOLDER = files("bot.site").joinpath("js")
_HELPERS = _FOLDER.joinpath("helpers.js").read_text(encoding="utf-8")


def _script(name: str) -> str:
    """One page script, an arrow function, with the shared helpers at the start of its body (a script
    whose body is one expression uses none of them)."""
    source = _FOLDER.joinpath(f"{name}.js").read_text(encoding="utf-8")
    head, arrow, body = source.partition("=> {\n")
    return head + arrow + _HELPERS + body if arrow else source


def in_every_frame(page: Page, script: str, timeout_ms: float) -> list[tuple[int, Any]]:
    """What a script reads in the page and in each of its frames (a form or a list kept in an
    iframe), by frame number, the page's own first; a frame that cannot be read is left out."""
    found = []
    for number, frame in enumerate(page.frames):
        try:
            if number == 0:
                # The page itself has loaded (its heading was seen): read in one round trip.
                found.append((number, frame.evaluate(script)))
            else:
                # A frame may still be loading, or never finish: waited for no longer than a page.
                found.append((number, frame.locator(":root").evaluate(script, timeout=timeout_ms)))
        except PlaywrightError:
            continue
    return found


# Reads the short blocks of text a person would read as a message, with whether each sits in an
# ARIA live region (where accessible sites put the outcome of an action) and where in the window it
# starts. Tables, menus, controls and field names are left out: a history table or a "Received:"
# label is not this upload's answer.
MESSAGES_JS = _script("messages")

# The browser's own refusal of a form (a required field left empty, a user name that is not an
# e-mail address): no request is sent, so the only trace is each field's validation message.
INVALID_JS = _script("invalid")

# Whether the page says it is still loading something: an element marked aria-busy, or a short line
# that starts with one of the words and ends in an ellipsis ("Loading your submissions...").
BUSY_JS = _script("busy")

# Every table on the page: its title (caption, label, or the heading just before it), whether it
# holds controls of a form (a form laid out in a table is no list), each row (its words, whether its
# table shows sizes, the cell of any column headed as an id or number (the site's submission id),
# the cell of a column headed Status), and whether a pager beside it says it goes on over other pages.
# None when the page has no table.
HISTORY_JS = _script("history")

# A row's table: [its title, how many rows of data it holds].
ROW_TABLE_JS = _script("row_table")

# Where a button stands beside the file input: [in the same table row as the file input, in another
# file's row: one holding a file input of its own, or in a table that does not hold the file input (a
# staged file's own Submit)]. A form laid out in a table keeps its button in a row of its own.
BUTTON_PLACE_JS = _script("button_place")

# Every form control a person could change on the page, with the name a person reads beside it:
# aria-labelledby, aria-label, its <label> (for= or wrapping, without the control's own text),
# title, placeholder, or the text just before it (the cell to its left in a table, or the element
# before it). Hidden inputs, buttons and disabled controls are left out; a file input counts even
# when a drop zone hides it, and so does a hidden list. Each row: [index among input/select/textarea,
# kind, name, value, options, inside a search form, required, hidden, the name it is posted under,
# a radio button's group question, what the page says of the value it wants, "aria" for an ARIA
# combobox that is no form control (its index then counts [role=combobox] elements), the file row
# it belongs to (-1: shared by all rows, or a form with one file input), whether a person can type
# into it]. ARIA comboboxes come first.
CONTROLS_JS = _script("controls")

# The band of the page a screenshot must show: [top, height, top in the window], or null when
# the thing is not on the page. "controls": the form's controls (by index among input, select and
# textarea; a hidden file input by the drop zone around it) with their labels and the button below;
# "text": the smallest element holding the text (the site's answer); "row": the table row holding
# it. A band, not the whole page: its cost does not grow with the site's list of submissions.
AREA_JS = _script("area")

# A first look at a page just loaded, in one round trip: whether a visible button or link is named
# by one of the words (a banner's accept button: by its text, value, aria-label, aria-labelledby or
# title), and whether a password box shows (the site may have sent us to its Log On page). Only
# what it sees sends the careful looks (by role and name, over the whole page and its frames).
FIRST_LOOK_JS = _script("first_look")

# How far the page's own progress bar says the upload has gone, from 0 to 1 (a <progress> element,
# or role=progressbar with its aria values); null when the page shows none. Drag-and-drop loaders
# show one, fed by the browser's upload progress; a plain form post shows none.
PROGRESS_JS = _script("progress")

# The element a person uses in place of a hidden native list: the nearest shown neighbour of the
# list (or of its wrapper), and inside it the part that opens it (something focusable, else the
# element itself). Null when nothing beside the list is shown.
STAND_IN_JS = _script("stand_in")

# After the stand-in was opened: the shown element whose own text is exactly the option's, nearest
# the stand-in first, never the opener itself (it may show the same words as the current choice).
STAND_IN_OPTION_JS = _script("stand_in_option")

# Before a stand-in is opened: every shown element whose text is the option's, remembered, so that
# only what opening it shows is taken for the option.
STAND_IN_BEFORE_JS = _script("stand_in_before")

# What the form holding the control at this index would post now, files left out: [[name, value]],
# or null when the control is in no form (a script sends what it gathers).
POSTED_JS = _script("posted")

# What a page asks of whoever reads it: its heading, its first sentences, and the controls it
# shows (the labels of its check boxes and lists, whether it asks for a password).
ASKS_JS = _script("asks")

# The value and shown text of the lists at these indices among input, select and textarea.
READ_BACK_JS = _script("read_back")

# From a hidden menu item up to the first ancestor that shows, and the control in it that opens
# the menu (a button, a link, anything with aria-haspopup); none found: that ancestor itself.
MENU_TRIGGER_JS = _script("menu_trigger")

# The text of the smallest block around an element that says more than a word or two.
SURROUNDING_JS = _script("surrounding")

# How many lists and comboboxes the page shows disabled: a list that waits for another to be chosen.
DISABLED_LISTS_JS = _script("disabled_lists")

# The words of the form holding the file input (the element at that index) that stand alone as a
# question, such as a "File Type" label tied to no control: each text that is one of the words.
ASKED_ALONE_JS = _script("asked_alone")

# Before a person-like choice: every element shown now, remembered, so that what opening a dropdown
# shows can be told from what the page showed already.
SHOWN_BEFORE_JS = _script("shown_before")

# What opening a dropdown showed: the words of each new element that holds words of its own and no
# child with the same words ([role=option] elements alone when there are any), in page order, each once.
NEW_CHOICES_JS = _script("new_choices")

# The new element whose words are the option's, for a person's click: an [role=option] first; null
# when none or several.
NEW_CHOICE_JS = _script("new_choice")

# Whether a control now shows a choice: in its own value or words, or in the element beside it that
# holds it (a toolkit's select shows the choice in a span next to an empty search box).
SHOWS_CHOICE_JS = _script("shows_choice")


# The modal dialogs that stand over the page and ask nothing of a form (no box, list or text box in
# them): a notice, a warning, a question. For each, its heading and its words.
MODALS_JS = _script("modals")
