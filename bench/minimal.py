"""The shortest honest Playwright script that does the bot's clicks and screenshots on the
sandbox's classic form: what a coordinator might write instead of using the bot, with the fewest
calls that do the job (the sandbox's own ids, viewport screenshots, one wait for the answer).

python bench/minimal.py BASE_URL USERNAME PASSWORD SHOTS_DIR TYPE:YEAR:PATH ...
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from bot.browser import QUIET_ARGS, candidates


def main() -> None:
    base, username, password, shots = sys.argv[1:5]
    files = [entry.split(":", 2) for entry in sys.argv[5:]]
    out = Path(shots)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        # The Chromium the bot itself would take (a headless shell, when the machine has one).
        choice = candidates(p, None)[0]
        executable = str(choice.executable) if choice.executable else None
        browser = p.chromium.launch(executable_path=executable, channel=choice.channel, args=QUIET_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "/User/Login")
        page.fill("#UserName", username)
        page.fill("#Password", password)
        page.screenshot(path=out / "01-login.png", mask=[page.locator("#Password")])
        page.click('form[action="/User/Login"][method=post] input[type=submit]')
        page.click("text=Upload Data")
        page.screenshot(path=out / "02-file-submission.png")
        for n, (code, year, path) in enumerate(files):
            if n:
                page.goto(base + "/FileSubmission")
            page.select_option("#FileType", code)
            page.select_option("#AcademicYear", year)
            page.set_input_files("#File", path)
            page.screenshot(path=out / f"{n:03d}-{code}-filled.png")
            page.click("input[type=submit]")
            page.wait_for_selector(".alert-success")
            page.screenshot(path=out / f"{n:03d}-{code}-result.png")
        browser.close()


if __name__ == "__main__":
    main()
