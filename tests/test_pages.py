"""The page objects in a real browser, in-process, against both sandbox markups: the browser tier, and
what the sandbox stored decides each test."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest

from bot.audit import RunFolder
from bot.credentials import Credentials
from bot.sandbox import DEMO_USERNAME
from bot.session import session_on
from bot.submission import new_summary
from tests.conftest import InProcess, assert_held_once, make_sandbox

pytestmark = pytest.mark.e2e

VARIANTS = ["classic", "loader"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_files_reach_the_site_with_their_bytes_type_and_year(
    variant: str, tmp_path: Path, two_files: Path, inprocess: InProcess
) -> None:
    with make_sandbox(tmp_path, variant) as site:
        summary = inprocess.run(site, two_files)
        assert_held_once(site, two_files)
        ids = {s.filename: s.id for s in site.submissions}
    assert [f.status for f in summary.files] == ["submitted", "submitted"]
    assert [f.submission_id for f in summary.files] == [ids["SENR.txt"], ids["caaspp_student_score_data_DLMTR.csv"]]
    assert {f.evidence for f in summary.files} == {"the site's words and its list"}


def test_check_site_says_how_each_list_was_recognised(tmp_path: Path, inprocess: InProcess) -> None:
    with make_sandbox(tmp_path, "classic", drift={"file-type-label"}) as site:
        check = inprocess.check(site)
    rows = {c.key: c for c in check.checks}
    assert rows["file_type_label"].status == "found"
    assert rows["file_type_label"].found_by == '"Data Type": the file type list (its options are file types)'
    assert rows["academic_year_label"].found_by.startswith('"Academic Year": the year list (named as in')
    assert rows["form_controls"].status == "found"


_PIXELS_JS = """
async ([src, x, y, w, h]) => {
  const img = new Image();
  img.src = src;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  const context = canvas.getContext('2d');
  context.drawImage(img, 0, 0);
  const data = context.getImageData(x, y, w, h).data;
  const colours = new Set();
  for (let i = 0; i < data.length; i += 4) colours.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
  return [...colours];
}
"""


def test_the_password_box_is_blanked_in_every_picture(tmp_path: Path, inprocess: InProcess, page: Any) -> None:
    with make_sandbox(tmp_path, "loader") as site:
        config = inprocess.config(site)
        folder = RunFolder(tmp_path / "out", new_summary(config, DEMO_USERNAME))
        with session_on(inprocess.browser, config, folder, Credentials(DEMO_USERNAME, "x")) as session:
            session.open_login()
            session.login.fill(DEMO_USERNAME, "Visible-If-Not-Masked-1234567890")
            boxes = {
                "password": session.login.password_box().bounding_box(),
                "user name": session.login.username_box().bounding_box(),
            }
            name = session.shot("login")
    src = "data:image/png;base64," + base64.b64encode((folder.path / name).read_bytes()).decode()

    def colours(box: Any) -> list[str]:
        inside = [int(box["x"]) + 2, int(box["y"]) + 2, int(box["width"]) - 4, int(box["height"]) - 4]
        return list(page.evaluate(_PIXELS_JS, [src, *inside]))

    assert colours(boxes["password"]) == ["255,0,255"], "the password box is one solid mask"
    assert len(colours(boxes["user name"])) > 2, "the user name box shows its text: the check can see text"


def test_a_field_from_the_config_is_filled_for_every_file(tmp_path: Path, one_file: Path, inprocess: InProcess) -> None:
    fields = {"form": {"fields": {"Organization": "Lodi Unified - District Office"}}}
    with make_sandbox(tmp_path, "organization") as site:
        inprocess.run(site, one_file, fields)
        assert_held_once(site, one_file)
        assert {s.organization for s in site.submissions} == {"Lodi Unified - District Office"}


def test_the_filled_picture_shows_the_type_year_and_file_chosen(tmp_path: Path, inprocess: InProcess) -> None:
    from bot.site.pages import Focus, area

    with make_sandbox(tmp_path, "classic") as site:
        config = inprocess.config(site)
        folder = RunFolder(tmp_path / "out", new_summary(config, DEMO_USERNAME))
        with session_on(inprocess.browser, config, folder, Credentials(DEMO_USERNAME, "x")) as session:
            session.page.goto(site.url + "/User/Login")
            session.page.set_content(
                "<h1>File Submission</h1>" + "<p style='height:60px'>notice</p>" * 40 + "<form>"
                "<label for=t>File Type</label><select id=t><option>SENR</option></select>"
                "<label for=y>Academic Year</label><select id=y><option>2018-2019</option></select>"
                "<input type=file id=f></form>" + "<p style='height:60px'>history</p>" * 80
            )
            plan = session.form.understand()
            indices = tuple(c.index for c in (plan.file_type, plan.year, plan.file_input) if c is not None)
            band = area(session.page, Focus("controls", indices=indices))
            assert band is not None and not band.beyond_window, "a band that fits is shot in the window"
            clip = band.clip
            for box in (session.page.locator(s).bounding_box() for s in ("#t", "#y", "#f")):
                assert box is not None  # in the window, where the band was scrolled
                assert clip["y"] <= box["y"] and box["y"] + box["height"] <= clip["y"] + clip["height"]
            assert clip["height"] < 600, "the band holds the form, not the page around it"


def test_a_word_that_found_a_button_is_tried_first_and_the_others_still_count(
    tmp_path: Path, inprocess: InProcess
) -> None:
    with make_sandbox(tmp_path, "classic") as site:
        config = inprocess.config(site, {"words": {"submit_button": ["Upload", "Send file"]}})
        folder = RunFolder(tmp_path / "out", new_summary(config, DEMO_USERNAME))
        with session_on(inprocess.browser, config, folder, Credentials(DEMO_USERNAME, "x")) as session:
            session.page.goto(site.url + "/User/Login")
            form = session.form
            session.page.set_content("<button>Send file</button>")
            assert form.submit_button().inner_text() == "Send file"
            assert form.found["submit_button"] == "Send file"
            # The page changed its words: the remembered one finds nothing, the list still does.
            session.page.set_content("<button>Upload</button><button>Cancel</button>")
            assert form.submit_button().inner_text() == "Upload"
            assert form.found["submit_button"] == "Upload"
