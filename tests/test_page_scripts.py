"""Each program the bot runs inside a page, on a small page of its own: what it reads there is what a
person reads. One test per script (bot/site/js/), each on markup typed here, never the sandbox's."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from bot.site import scripts

pytestmark = pytest.mark.e2e


def test_every_script_is_tested_here_and_the_shared_helpers_reach_each_body() -> None:
    names = {n for n in dir(scripts) if n.endswith("_JS")}
    tested = {n for n in globals() if n.startswith("test_")}
    for name in names:
        assert any(name[:-3].lower() in t for t in tested), f"{name} has no test of its own"
    assert "const clean = " in scripts.CONTROLS_JS and "const deepAll = " in scripts.READ_BACK_JS
    assert "const clean" not in scripts.DISABLED_LISTS_JS, "an expression body takes no helpers"


def test_messages_reads_each_block_once_with_its_live_region_and_skips_tables(page: Page) -> None:
    page.set_content(
        "<h1>File   Submission</h1><div role='status'>File received:\u00a0SENR.txt</div>"
        "<table><tr><td>Earlier: SINF.txt</td></tr></table><p style='display:none'>hidden</p>"
    )
    read = [(text, live) for text, live, _top in page.evaluate(scripts.MESSAGES_JS)]
    assert read == [("File Submission", False), ("File received: SENR.txt", True)]


def test_invalid_gives_the_browsers_own_refusal_of_a_required_field(page: Page) -> None:
    page.set_content("<form><label for=u>User name</label><input id=u required><button>Log On</button></form>")
    said = page.locator("button").evaluate(scripts.INVALID_JS)
    assert said.startswith("User name: ") and len(said) > len("User name: ")
    page.set_content("<form novalidate><input required><button>Log On</button></form>")
    assert page.locator("button").evaluate(scripts.INVALID_JS) is None


def test_busy_sees_a_loading_line_or_aria_busy_and_nothing_else(page: Page) -> None:
    page.set_content("<p>Loading your submissions...</p>")
    assert page.evaluate(scripts.BUSY_JS, ["Loading"]) is True
    page.set_content("<p>Loaded 3 submissions.</p><div aria-busy='true' style='display:none'>x</div>")
    assert page.evaluate(scripts.BUSY_JS, ["Loading"]) is False
    page.set_content("<div aria-busy='true'>Table</div>")
    assert page.evaluate(scripts.BUSY_JS, ["Loading"]) is True


LIST = """
<h2>Your   submissions</h2>
<table>
  <tr><th>File</th><th>Size</th><th>Submission ID</th><th>Status</th><th></th></tr>
  <tr><td>SENR.txt</td><td>1,204</td><td>CPP-7</td><td>Accepted</td><td><a href='/errors/7'>Errors</a></td></tr>
</table>
<a href='#'>Next</a>
"""


def test_history_reads_the_title_ids_statuses_links_and_pager_of_each_table(page: Page) -> None:
    page.set_content(LIST)
    ((title, controls, rows, paged),) = page.evaluate(scripts.HISTORY_JS)
    assert (title, controls, paged) == ("Your submissions", False, True)
    ((text, sized, ref, status, link),) = rows
    assert text.startswith("SENR.txt") and sized and ref == "CPP-7" and status == "Accepted"
    assert link.endswith("/errors/7")
    page.set_content("<p>No table</p>")
    assert page.evaluate(scripts.HISTORY_JS) is None


def test_row_table_names_a_rows_table_and_counts_its_data_rows(page: Page) -> None:
    page.set_content(LIST)
    assert page.locator("tr").nth(1).evaluate(scripts.ROW_TABLE_JS) == ["Your submissions", 1]


def test_button_place_tells_the_file_inputs_own_row_from_another_files(page: Page) -> None:
    page.set_content(
        "<table><tr><td><input type=file id=a></td><td><button>Submit</button></td></tr>"
        "<tr><td><input type=file id=b></td><td><button>Submit</button></td></tr></table>"
    )
    file_a = page.locator("#a").element_handle()
    assert page.locator("button").nth(0).evaluate(scripts.BUTTON_PLACE_JS, file_a) == [True, False]
    assert page.locator("button").nth(1).evaluate(scripts.BUTTON_PLACE_JS, file_a) == [False, True]


FORM = """
<form>
  <label for=t>File   Type</label>
  <select id=t name=FileType><option value=''>Select</option><option value=SENR>Enrollment</option></select>
  <label>Academic Year <input name=year placeholder='YYYY-YY'></label>
  <select name=hidden style='display:none'><option>2023-24</option></select>
  <input type=file name=upload>
  <input type=hidden name=token value=x>
  <div id=host></div>
</form>
<script>
  const root = document.getElementById('host').attachShadow({mode: 'open'});
  root.innerHTML = "<label>Program <input name=program></label>";
</script>
"""


def test_controls_reads_each_control_as_a_person_names_it_shadow_roots_too(page: Page) -> None:
    page.set_content(FORM)
    rows = page.evaluate(scripts.CONTROLS_JS)
    # by the name each is posted under: [index (shadow roots last, as Playwright counts), kind, the
    # name a person reads, hidden, typable]
    read = {row[8]: (row[0], row[1], row[2], row[7], row[13]) for row in rows}
    assert read["FileType"] == (0, "select", "File Type", False, False)
    assert read["year"] == (1, "text", "Academic Year", False, True)
    assert read["hidden"][1] == "select" and read["hidden"][3], "a hidden list still counts"
    assert read["program"][:3] == (5, "text", "Program")
    assert read["upload"][1] == "file" and "token" not in read, "a hidden input is no question"
    assert page.locator("input, select, textarea").nth(5).get_attribute("name") == "program"


def test_area_bands_the_row_that_holds_the_words(page: Page) -> None:
    page.set_content("<div style='height:2000px'></div>" + LIST)
    band = page.evaluate(scripts.AREA_JS, {"kind": "row", "text": "SENR.txt", "indices": [], "height": 400})
    row_top = page.evaluate("window.scrollY + document.querySelectorAll('tr')[1].getBoundingClientRect().top")
    assert band is not None and band[0] <= row_top <= band[0] + band[1], "the band holds the row"
    nothing = {"kind": "text", "text": "not on the page", "indices": [], "height": 400}
    assert page.evaluate(scripts.AREA_JS, nothing) is None


def test_first_look_sees_an_accept_button_and_a_password_box(page: Page) -> None:
    page.set_content("<button>Accept cookies:</button><input type=password>")
    assert page.evaluate(scripts.FIRST_LOOK_JS, ["Accept Cookies"]) == [True, True]
    page.set_content("<button style='visibility:hidden'>Accept cookies</button>")
    assert page.evaluate(scripts.FIRST_LOOK_JS, ["accept cookies"]) == [False, False]


def test_progress_reads_a_bar_as_a_fraction(page: Page) -> None:
    page.set_content("<div role=progressbar aria-valuenow=30 aria-valuemax=60></div>")
    assert page.evaluate(scripts.PROGRESS_JS) == 0.5
    page.set_content("<p>Uploading</p>")
    assert page.evaluate(scripts.PROGRESS_JS) is None


STAND_IN = """
<select id=real style='display:none'><option>2022-23</option><option>2023-24</option></select>
<span class=drawn><span tabindex=0>Choose a year</span></span>
<ul><li>2022-23</li><li>2023-24</li></ul>
"""


def test_stand_in_finds_the_dropdown_drawn_beside_a_hidden_list(page: Page) -> None:
    page.set_content(STAND_IN)
    opener = page.locator("select").evaluate_handle(scripts.STAND_IN_JS)
    assert opener.evaluate("e => e.innerText") == "Choose a year"


def test_stand_in_option_finds_the_one_choice_opening_showed_and_stand_in_before_keeps_the_rest(
    page: Page,
) -> None:
    page.set_content(STAND_IN + "<p>Last year: 2023-24</p><p>2023-24</p>")
    page.evaluate(scripts.STAND_IN_BEFORE_JS, "2023-24")
    opener = page.locator("[tabindex]").element_handle()
    # Words the page showed already are no choice: the list's own item is.
    page.evaluate("document.querySelectorAll('p')[1].remove()")
    found = page.evaluate_handle(scripts.STAND_IN_OPTION_JS, [opener, "2023-24"]).as_element()
    assert found is not None and found.evaluate("e => e.tagName") == "LI"


def test_posted_gives_what_the_form_would_send(page: Page) -> None:
    page.set_content(FORM)
    posted = dict(page.evaluate(scripts.POSTED_JS, 0))
    assert posted == {"FileType": "", "year": "", "hidden": "2023-24", "token": "x"}


def test_asks_reads_what_a_page_on_the_way_asks(page: Page) -> None:
    page.set_content(
        "<main><h1>Data   Use\nAgreement</h1><p>Please read the agreement and accept its terms below.</p>"
        "<label><input type=checkbox> I accept</label><label>Organization <select></select></label></main>"
    )
    asked = page.evaluate(scripts.ASKS_JS)
    assert asked["heading"] == "Data Use Agreement", "white space collapsed"
    assert asked["boxes"] == ["I accept"] and asked["lists"] == ["Organization"] and not asked["password"]


def test_read_back_gives_each_lists_value_and_shown_text(page: Page) -> None:
    page.set_content(FORM)
    page.select_option("#t", "SENR")
    assert page.evaluate(scripts.READ_BACK_JS, [0, 9]) == [["SENR", "Enrollment"], ["", ""]]


def test_menu_trigger_finds_what_opens_a_hidden_menu_item(page: Page) -> None:
    page.set_content("<nav><button>Data</button><ul style='display:none'><li><a>Upload Data</a></li></ul></nav>")
    trigger = page.get_by_text("Upload Data").evaluate_handle(scripts.MENU_TRIGGER_JS)
    assert trigger.evaluate("e => e.innerText") == "Data"


def test_surrounding_gives_the_words_around_an_element(page: Page) -> None:
    page.set_content("<div><p>Your file SENR.txt was received and is waiting for validation.</p><b>OK</b></div>")
    assert "SENR.txt was received" in page.locator("b").evaluate(scripts.SURROUNDING_JS)


def test_disabled_lists_counts_shown_lists_waiting_for_another(page: Page) -> None:
    page.set_content(
        "<select disabled></select><div role=combobox aria-disabled=true>Type</div>"
        "<select disabled style='display:none'></select><select></select>"
    )
    assert page.evaluate(scripts.DISABLED_LISTS_JS) == 2


DROPDOWN = """
<div role=combobox tabindex=0 onclick="document.getElementById('menu').hidden = false">File type</div>
<p>SENR - Student Enrollment</p>
<div id=menu hidden><div role=option>SENR - Student Enrollment</div><div role=option>SINF</div></div>
"""


def test_shown_before_new_choices_and_new_choice_read_what_opening_a_dropdown_showed(page: Page) -> None:
    page.set_content(DROPDOWN)
    page.evaluate(scripts.SHOWN_BEFORE_JS)
    page.get_by_role("combobox").click()
    assert page.evaluate(scripts.NEW_CHOICES_JS) == ["SENR - Student Enrollment", "SINF"]
    choice = page.evaluate_handle(scripts.NEW_CHOICE_JS, "SENR - Student Enrollment").as_element()
    assert choice is not None and choice.get_attribute("role") == "option", "not the paragraph shown before"


def test_shows_choice_sees_the_chosen_words_in_the_control(page: Page) -> None:
    page.set_content("<div><div role=combobox>SENR\u200b - Student Enrollment</div></div>")
    box = page.get_by_role("combobox").element_handle()
    assert page.evaluate(scripts.SHOWS_CHOICE_JS, [box, "SENR - Student Enrollment"]) is True
    assert page.evaluate(scripts.SHOWS_CHOICE_JS, [box, "SINF"]) is False


def test_asked_alone_finds_words_that_ask_for_a_type_with_no_control(page: Page) -> None:
    page.set_content("<form><span>File type:</span><b>SENR</b><input type=file></form>")
    assert page.evaluate(scripts.ASKED_ALONE_JS, [0, ["File Type"]]) == ["File type"]
    page.set_content("<form><label for=t>File type</label><select id=t></select><input type=file></form>")
    assert page.evaluate(scripts.ASKED_ALONE_JS, [1, ["File Type"]]) == []


def test_modals_reads_a_dialog_that_asks_nothing_and_not_one_that_asks(page: Page) -> None:
    page.set_content(
        "<div role=dialog aria-modal=true aria-label='Maintenance'>Uploads are paused tonight.</div>"
        "<div role=dialog aria-modal=true><h2>Choose</h2><select><option>A</option></select></div>"
    )
    assert page.evaluate(scripts.MODALS_JS) == [["Maintenance", "Uploads are paused tonight."]]
