"""The shortest hand-written Playwright script that does the bot's clicks and screenshots on the
sandbox's classic form: what a coordinator might write instead of using the bot.

python bench/minimal.py BASE_URL USERNAME PASSWORD SHOTS_DIR TYPE:YEAR:PATH ...
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from bot.browser import QUIET_ARGS, find_system_chromium


def main() -> None:
    base, username, password, shots = sys.argv[1:5]
    files = [entry.split(":", 2) for entry in sys.argv[5:]]
    out = Path(shots)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(find_system_chromium()), args=QUIET_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "/User/Login")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.screenshot(path=out / "01-login.png", full_page=True, mask=[page.get_by_label("Password")])
        page.get_by_role("button", name="Log On").click()
        page.get_by_role("link", name="Upload Data").click()
        page.screenshot(path=out / "02-file-submission.png", full_page=True)
        for n, (code, year, path) in enumerate(files):
            if n:
                page.goto(base + "/FileSubmission")
            page.get_by_label("File Type").select_option(value=code)
            page.get_by_label("Academic Year").select_option(value=year)
            page.locator("input[type=file]").set_input_files(path)
            page.screenshot(path=out / f"{n:02d}-{code}-filled.png", full_page=True)
            page.get_by_role("button", name="Upload", exact=True).click()
            page.get_by_text("received successfully").wait_for()
            page.screenshot(path=out / f"{n:02d}-{code}-result.png", full_page=True)
        browser.close()


if __name__ == "__main__":
    main()
