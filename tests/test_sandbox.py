"""The sandbox must be realistic where the bot could trip: tokens, cookies, redirects, a hidden input."""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bot.sandbox import DEMO_PASSWORD, DEMO_USERNAME, Sandbox

pytestmark = pytest.mark.e2e


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def fetch(url: str, data: bytes | None = None) -> tuple[int, dict[str, str]]:
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, data=data)) as answer:
            return answer.status, dict(answer.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def submit_log_on_form(page: Page, password: str = DEMO_PASSWORD) -> None:
    """Fill the log-on form on the page showing now (not the Join form beside it) and send it."""
    form = page.locator("form").filter(has=page.locator("[type=submit]")).first
    form.locator("input:not([type=hidden]):not([type=password]):not([type=checkbox])").first.fill(DEMO_USERNAME)
    form.locator("input[type=password]").fill(password)
    form.locator("[type=submit]").click()


def log_on(page: Page, site: Sandbox) -> None:
    page.goto(site.url + "/User/Login")
    submit_log_on_form(page)
    expect(
        page.get_by_role("button", name="Upload Data").or_(page.get_by_role("link", name="Upload Data"))
    ).to_be_visible()


def test_every_page_redirects_to_log_on_when_not_logged_on(sandbox: Sandbox) -> None:
    for path in ("/", "/FileSubmission"):
        status, headers = fetch(sandbox.url + path)
        assert status == 302
        assert headers["Location"] == "/User/Login?ReturnUrl=" + path.replace("/", "%2F")


def test_log_on_without_the_anti_forgery_token_is_refused(sandbox: Sandbox) -> None:
    body = f"UserName={DEMO_USERNAME}&Email={DEMO_USERNAME}&Password={DEMO_PASSWORD}".encode()
    status, headers = fetch(sandbox.url + "/User/Login", data=body)
    assert status == 400
    assert "Set-Cookie" not in headers
    assert sandbox.state.sessions == {}


def test_log_on_sets_an_http_only_session_cookie_and_returns_to_the_page_asked_for(
    sandbox: Sandbox, page: Page
) -> None:
    page.goto(sandbox.url + "/FileSubmission")
    assert "/User/Login?ReturnUrl=" in page.url
    submit_log_on_form(page)
    page.wait_for_url(sandbox.url + "/FileSubmission")
    (session,) = [c for c in page.context.cookies() if c["name"] == ".CalPASSPlus.Session"]
    assert session["httpOnly"]


def test_the_drop_zone_hides_the_file_input_and_an_upload_is_stored_with_its_hash(
    sandbox: Sandbox, page: Page, tmp_path: Path
) -> None:
    log_on(page, sandbox)
    page.goto(sandbox.url + "/FileSubmission")
    file_input = page.locator("input[type=file]")
    expect(file_input).to_be_hidden()
    sample = tmp_path / "SENR.txt"
    sample.write_bytes(b"SENR^^x^2023-2024\r\n" * 1000)
    page.get_by_label("File Type", exact=False).or_(page.get_by_label("File type")).first.select_option(index=1)
    page.get_by_label("Academic Year").or_(page.get_by_label("School Year")).first.select_option(index=2)
    file_input.set_input_files(sample)
    page.get_by_role("button", name="Upload", exact=True).or_(page.get_by_role("button", name="Submit File")).click()
    expect(page.get_by_text("received").first).to_be_visible()
    (stored,) = sandbox.submissions
    assert stored.bytes == sample.stat().st_size
    assert stored.sha256 == hashlib.sha256(sample.read_bytes()).hexdigest()
    assert stored.account == DEMO_USERNAME


def test_a_wrong_password_shows_an_error_and_no_session(sandbox: Sandbox, page: Page) -> None:
    page.goto(sandbox.url + "/User/Login")
    submit_log_on_form(page, password="wrong")
    expect(page.get_by_text("Invalid user name or password.")).to_be_visible()
    assert sandbox.state.sessions == {}


def test_the_account_locks_after_five_failed_log_ons(page: Page) -> None:
    with Sandbox("classic") as site:
        for _ in range(5):
            page.goto(site.url + "/User/Login")
            submit_log_on_form(page, password="wrong")
        page.goto(site.url + "/User/Login")
        submit_log_on_form(page)
        expect(page.get_by_text("Your account is locked")).to_be_visible()
        assert site.state.sessions == {}
