"""A local replica of the Cal-PASS Plus submission flow, for rehearsals, tests and CI.

It behaves like the real thing where the bot could trip: an anti-forgery token on every form,
a session cookie, a redirect to the log-on page for anyone not logged on, a drag-and-drop
loader that hides its file input, and uploads streamed to disk. Two markup variants show the
same flow in different clothes, so the bot is proven not to depend on one markup.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import shutil
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape

from bot.sandbox.drift import SiteText, site_text
from bot.sandbox.faults import LOCK_AFTER_FAILED_LOGINS, Fault, fault_for
from bot.sandbox.multipart import read_form

# The two markups, and designs built on the classic one that each once fooled a careless bot.
VARIANTS = (
    "classic",
    "loader",
    "toolbar",
    "organization",
    "certify",
    "table",
    "autoupload",
    "cookie",
    "iframe",
    "menu",
    "alertbox",
    "renaming",
    "dropdown",
    "radio",
    "typedyear",
    "twostep",
    "combobox",
    "terms",
    "filerows",
    "dialogform",
    "typeahead",
    "orgchoice",
    "yearmessage",
    "helptext",
    "yearradio",
    "cards",
    "shortnames",
    "review",
    "newsubmission",
    "lazylist",
    "filterform",
    "dependent",
    "divdropdown",
    "combined",
    "staged",
    "typerows",
    "nolist",
    "sessionwarning",
    "dialogpage",
    "category",
    "addrow",
    "select2",
    "newtab",
    "framedform",
    "shadowform",
    "muiselect",
    "antselect",
    "spa",
    "framedlist",
    "notice",
)
BASE = {"loader": "loader", "autoupload": "loader", "alertbox": "loader", "spa": "loader"}
# The single-page app's list answers this slowly: until then the page shows the list it cached last.
SPA_LIST_DELAY_S = 1.5
ORGANIZATIONS = ["Lincoln High School", "Lodi Unified - District Office", "Tokay High School"]
DEMO_USERNAME = "coordinator@sandbox-usd.example"
DEMO_PASSWORD = "Sandbox-Demo-Only-1"

# The other host of the http-redirect fault: a name, never an address, that tests map to 127.0.0.1.
ELSEWHERE = "calpass-elsewhere.test"
SAVED_NAME = "submissions.json"
SESSION_COOKIE = ".CalPASSPlus.Session"
CONSENT_COOKIE = "cookie-consent"
MFA_COOKIE = ".CalPASSPlus.Verify"
MFA_CODE = "123456"
EXPIRED = "Your session has expired. Please log on again."
TOKEN_COOKIE = "__RequestVerificationToken"
TOKEN_FIELD = "__RequestVerificationToken"
# The sandbox's own tables, typed from the CALPADS File Specification and the test vendors' names.
# Nothing here comes from the bot: a passing test proves the bot reads a list it did not write.
# Each row: (option value, option text, the code the site files it under).
CLASSIC_FILE_TYPES = [
    ("SENR", "SENR - Student Enrollment", "SENR"),
    ("SINF", "SINF - Student Information", "SINF"),
    ("SPRG", "SPRG - Student Program", "SPRG"),
    ("SELA", "SELA - Student English Language Acquisition", "SELA"),
    ("CRSC", "CRSC - Course Section Completion", "CRSC"),
    ("SCSC", "SCSC - Student Course Section Completion", "SCSC"),
    ("SCTE", "SCTE - Student Career Technical Education", "SCTE"),
    ("SDIS", "SDIS - Student Discipline", "SDIS"),
    ("STAS", "STAS - Student Absence Summary", "STAS"),
    ("CAHSEE", "CAHSEE - California High School Exit Examination", "CAHSEE"),
    ("STAR", "STAR - Standardized Testing and Reporting", "STAR"),
    ("CAASPP", "CAASPP - Student Score Data File (Smarter Balanced)", "CAASPP"),
    ("CALPASS", "Cal-PASS Extract (before 2011-12)", "CALPASS"),
]
# The loader names types the other way round and keys them by number, as many sites do.
LOADER_FILE_TYPES = [
    ("11", "Student Enrollment (SENR)", "SENR"),
    ("12", "Student Information (SINF)", "SINF"),
    ("13", "Student Program (SPRG)", "SPRG"),
    ("14", "Student English Language Acquisition (SELA)", "SELA"),
    ("15", "Course Section Completion (CRSC)", "CRSC"),
    ("16", "Student Course Section Completion (SCSC)", "SCSC"),
    ("17", "Student Career Technical Education (SCTE)", "SCTE"),
    ("18", "Student Discipline (SDIS)", "SDIS"),
    ("19", "Student Absence Summary (STAS)", "STAS"),
    ("20", "California High School Exit Examination (CAHSEE)", "CAHSEE"),
    ("21", "Standardized Testing and Reporting (STAR)", "STAR"),
    ("22", "Student Score Data File (CAASPP)", "CAASPP"),
    ("23", "Legacy Cal-PASS Extract (CALPASS)", "CALPASS"),
]
# Long names only, as the specification writes them; CAASPP "replaces STAR" and no STAR is offered.
TABLE_FILE_TYPES = [
    ("1", "Student Enrollment", "SENR"),
    ("2", "Student Information", "SINF"),
    ("3", "Student Program", "SPRG"),
    ("4", "Student English Language Acquisition", "SELA"),
    ("5", "Course Section Completion", "CRSC"),
    ("6", "Student Course Section Completion", "SCSC"),
    ("7", "Student Career Technical Education", "SCTE"),
    ("8", "Student Discipline", "SDIS"),
    ("9", "Student Absence Summary", "STAS"),
    ("10", "California High School Exit Examination", "CAHSEE"),
    ("11", "CAASPP - Student Score Data File (replaces STAR)", "CAASPP"),
    ("12", "Cal-PASS Extract", "CALPASS"),
]
# How the renaming design lists each type: the specification's long name alone.
TYPE_NAMES = {
    "SENR": "Student Enrollment",
    "SINF": "Student Information",
    "SPRG": "Student Program",
    "SELA": "Student English Language Acquisition",
    "CRSC": "Course Section Completion",
    "SCSC": "Student Course Section Completion",
    "SCTE": "Student Career Technical Education",
    "SDIS": "Student Discipline",
    "STAS": "Student Absence Summary",
    "CAHSEE": "California High School Exit Examination",
    "STAR": "Standardized Testing and Reporting",
    "CAASPP": "Student Score Data File (CAASPP)",
    "CALPASS": "Legacy Cal-PASS Extract",
}
# The category design's Data Category list: (value, text, the codes of the File Type options it shows).
CATEGORIES = [
    ("1", "CALPADS", ["SENR", "SINF", "SPRG", "SELA", "CRSC", "SCSC", "SCTE", "SDIS", "STAS"]),
    ("2", "Test Vendor", ["CAHSEE", "STAR", "CAASPP"]),
    ("3", "Legacy Cal-PASS Extract", ["CALPASS"]),
]
# Where each CALPADS file holds the SSID (1-based), by the CALPADS File Specification: right after the
# Academic Year ID. CRSC has none. The validation drift rejects a file with a record whose SSID is not
# ten digits, as the state's own validation does.
SSID_FIELD = {"SENR": 8, "SINF": 9, "SPRG": 7, "SELA": 7, "SCSC": 7, "SCTE": 7, "SDIS": 7, "STAS": 7}
# Years as the sites write them; the third column is how the sandbox records the year: 2023-24.
CLASSIC_YEARS = [(f"{y}-{y + 1}", f"{y}-{y + 1}", f"{y}-{(y + 1) % 100:02d}") for y in range(2025, 2002, -1)]
LOADER_YEARS = [(str(y), f"{y}-{(y + 1) % 100:02d}", f"{y}-{(y + 1) % 100:02d}") for y in range(2025, 2002, -1)]


@dataclass
class Submission:
    """What the site received: the type and year as codes, whatever the options were called."""

    id: str
    account: str
    file_type: str
    school_year: str
    filename: str
    bytes: int
    sha256: str
    received_at: str
    stored_as: str
    organization: str = ""
    # The name the site lists it under: its own name, or (renaming design) one the site makes up.
    stored_name: str = ""
    # The answer the site gave in its own words, where a design or fault words it so.
    said: str = ""
    # The validation drift: why the file fails validation ("" when it passes), once it was looked at.
    problem: str | None = None


@dataclass
class Staged:
    """The staged design: a file chosen and held, not yet submitted."""

    id: str
    fields: dict[str, str]
    upload: Any
    file_type: str
    school_year: str
    filename: str
    bytes: int


@dataclass
class SandboxState:
    variant: str
    storage: Path
    accounts: dict[str, str]
    text: SiteText
    faults: tuple[Fault, ...] = ()
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    sessions: dict[str, str] = field(default_factory=dict)
    awaiting_code: dict[str, str] = field(default_factory=dict)
    submissions: list[Submission] = field(default_factory=list)
    login_attempts: int = 0
    failed_logins: dict[str, int] = field(default_factory=dict)
    uploads: int = 0
    # Whether what the site holds outlives it (rehearsals that show resume), in storage/submissions.json.
    persist: bool = False
    # Every Host header seen, so a test can prove a request never reached another name.
    hosts: set[str] = field(default_factory=set)
    post_hosts: set[str] = field(default_factory=set)
    # How often each path was asked for, so a test can act at a chosen moment of a run.
    paths: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # The terms design: the accounts that accepted its data use agreement.
    accepted_terms: set[str] = field(default_factory=set)
    # The review design: uploads held until their Confirm Submission, by a key of their own.
    pending: dict[str, tuple[dict[str, str], Any]] = field(default_factory=dict)
    # The staged design: files chosen and held until their row's Submit is pressed.
    staged: list[Staged] = field(default_factory=list)

    def save(self) -> None:
        path = self.storage / SAVED_NAME
        part = path.with_suffix(".part")
        part.write_text(json.dumps([asdict(s) for s in self.submissions], indent=1))
        part.replace(path)

    def load(self) -> None:
        path = self.storage / SAVED_NAME
        if path.is_file():
            self.submissions = [Submission(**row) for row in json.loads(path.read_text())]

    def list_status(self, submission: Submission) -> tuple[str, str]:
        """What the list says of a submission, and the link to its error report ("" for none): always
        Received, or with the validation drift Pending validation, then Accepted or Rejected."""
        wait = self.text.validate_s
        if not wait:
            return "Received", ""
        received = datetime.fromisoformat(submission.received_at)
        if (datetime.now(timezone.utc) - received).total_seconds() < wait:
            return "Pending validation", ""
        if submission.problem is None:
            submission.problem = validation_problem(Path(submission.stored_as), submission.file_type)
            if self.persist:
                with self.lock:
                    self.save()
        if submission.problem:
            return f"Rejected: {submission.problem}", f"/FileSubmission/Errors/{submission.id}"
        return "Accepted", ""

    def form_token(self, cookie_token: str) -> str:
        # The form token is bound to the cookie token, so neither works without the other.
        return hmac.new(self.secret, cookie_token.encode(), hashlib.sha256).hexdigest()

    def token_ok(self, cookie_token: str | None, form_token: str | None) -> bool:
        return bool(cookie_token and form_token) and hmac.compare_digest(
            self.form_token(cookie_token or ""), form_token or ""
        )


_templates = Environment(loader=PackageLoader("bot.sandbox", "templates"), autoescape=select_autoescape(["html"]))


def _file_types(variant: str) -> list[tuple[str, str, str]]:
    if variant == "table":
        return TABLE_FILE_TYPES
    return LOADER_FILE_TYPES if BASE.get(variant) == "loader" else CLASSIC_FILE_TYPES


def _years(variant: str) -> list[tuple[str, str, str]]:
    return LOADER_YEARS if BASE.get(variant) == "loader" else CLASSIC_YEARS


def _typed_year(text: str) -> str | None:
    """The typed-year design takes the year only as its placeholder says: YYYY-YY, consecutive."""
    parts = text.strip().split("-")
    if len(parts) != 2 or len(parts[0]) != 4 or len(parts[1]) != 2 or not (parts[0] + parts[1]).isdigit():
        return None
    start = int(parts[0])
    return text.strip() if (start + 1) % 100 == int(parts[1]) else None


def _titled(code: str) -> str:
    """A type as the sandbox's answers name it: "Student Enrollment (SENR)"."""
    name = TYPE_NAMES[code]
    return name if "(" in name else f"{name} ({code})"


def validation_problem(path: Path, file_type: str) -> str:
    """Why a stored file fails the sandbox's validation, or "" when it passes: every record of a
    CALPADS student file must carry a ten-digit SSID. Names the line and field, never the value."""
    field_at = SSID_FIELD.get(file_type)
    if field_at is None:
        return ""
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            line = raw.decode("cp1252", errors="replace").strip().lstrip("\ufeff\u00ef\u00bb\u00bf")
            if not line:
                continue
            fields = line.split("^") if "^" in line else line.split(",")
            if len(fields) < field_at:
                continue
            ssid = fields[field_at - 1].strip()
            if len(ssid) != 10 or not ssid.isdigit():
                return f"Record {number}: the SSID (field {field_at}) is not ten digits"
    return ""


def _long_year(short: str) -> str:
    return next(text for _, text, year in CLASSIC_YEARS if year == short)


class Handler(BaseHTTPRequestHandler):
    server: SandboxServer
    protocol_version = "HTTP/1.1"

    # --- plumbing -------------------------------------------------------------------------
    @property
    def state(self) -> SandboxState:
        return self.server.state

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def _cookies(self) -> dict[str, str]:
        jar = SimpleCookie(self.headers.get("Cookie", ""))
        return {key: morsel.value for key, morsel in jar.items()}

    def _account(self) -> str | None:
        token = self._cookies().get(SESSION_COOKIE)
        return self.state.sessions.get(token) if token else None

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str,
        headers: dict[str, str] | None = None,
        cookies: list[str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        for cookie in cookies or []:
            self.send_header("Set-Cookie", cookie)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _page(self, name: str, status: int = 200, cookies: list[str] | None = None, **context: Any) -> None:
        # A page both variants show alike lives in shared/ and extends the variant's own layout.
        variant = self.state.variant
        base = BASE.get(variant, "classic")
        template = _templates.select_template([f"{variant}/{name}.html", f"{base}/{name}.html", f"shared/{name}.html"])
        consent = self._cookies().get(CONSENT_COOKIE) == "yes"
        html = template.render(
            account=self._account(),
            t=self.state.text,
            variant=variant,
            consent=consent,
            organizations=ORGANIZATIONS,
            type_names=TYPE_NAMES,
            long_years={short: text for _, text, short in CLASSIC_YEARS},
            status_of=self._status_of,
            categories=CATEGORIES,
            **context,
        )
        self._send(status, html.encode(), "text/html; charset=utf-8", cookies=cookies)

    def _status_of(self, submission: Submission) -> tuple[str, str]:
        return self.state.list_status(submission)

    def _error_report(self, submission_id: str) -> None:
        with self.state.lock:
            found = [s for s in self.state.submissions if s.id == submission_id and s.account == self._account()]
        if not found or not found[0].problem:
            return self._page("notfound", status=404)
        s = found[0]
        body = (
            f"Cal-PASS Plus validation report\r\nSubmission: {s.id}\r\nFile: {s.filename}\r\n"
            f"File Type: {s.file_type}\r\nAcademic Year: {s.school_year}\r\nResult: Rejected\r\n{s.problem}\r\n"
        )
        disposition = {"Content-Disposition": f'attachment; filename="{s.id}-errors.txt"'}
        self._send(200, body.encode(), "text/plain; charset=utf-8", headers=disposition)

    def _fragment(self, name: str, **context: Any) -> None:
        """A piece of a page that a page's script fetches and puts in place (the lazy list's table)."""
        template = _templates.get_template(f"{self.state.variant}/{name}.html")
        html = template.render(t=self.state.text, variant=self.state.variant, status_of=self._status_of, **context)
        self._send(200, html.encode(), "text/html; charset=utf-8")

    def _json(self, status: int, data: dict[str, Any]) -> None:
        self._send(status, json.dumps(data).encode(), "application/json")

    def _redirect(self, location: str, status: int = 302, cookies: list[str] | None = None) -> None:
        self._send(status, b"", "text/html", headers={"Location": location}, cookies=cookies)

    def _to_login(self) -> None:
        self._redirect("/User/Login?ReturnUrl=" + quote(self.path, safe=""))

    def _drain(self) -> None:
        remaining = int(self.headers.get("Content-Length") or 0)
        while remaining > 0:
            chunk = self.rfile.read(min(remaining, 65536))
            if not chunk:
                break
            remaining -= len(chunk)

    def _token_cookie(self) -> tuple[str, list[str]]:
        existing = self._cookies().get(TOKEN_COOKIE)
        if existing:
            return existing, []
        token = secrets.token_hex(16)
        return token, [f"{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"]

    # --- routes ---------------------------------------------------------------------------
    def do_GET(self) -> None:
        self.state.hosts.add((self.headers.get("Host") or "").split(":")[0])
        path = urlsplit(self.path).path
        self.state.paths[path] += 1
        if path.startswith("/static/"):
            return self._static(path.removeprefix("/static/"))
        if path == "/User/Login":
            host = (self.headers.get("Host") or "").split(":")[0]
            if any(f.kind == "http-redirect" for f in self.state.faults) and host != ELSEWHERE:
                port = self.server.server_address[1]
                return self._redirect(f"http://{ELSEWHERE}:{port}{self.path}")
            return self._login_page()
        if path == "/User/LoginFrame":
            return self._login_page(name="loginframe")
        if path == "/User/LogOff":
            return self._log_off()
        if path == "/User/Verify":
            return self._verify_page()
        if self._account() is None:
            return self._to_login()
        if path == "/Terms":
            return self._terms_page()
        if self.state.variant in ("terms", "orgchoice") and self._account() not in self.state.accepted_terms:
            return self._redirect("/Terms?ReturnUrl=" + quote(self.path, safe=""))
        if self.state.variant == "dialogpage":
            # The dashboard is the form's page: its form is a dialog that Upload Data opens.
            if path == "/FileSubmission":
                return self._redirect("/")
            if path in ("/", "/Home"):
                received = parse_qs(urlsplit(self.path).query).get("received", [""])[0]
                return self._submission_page(message=self._received_notice(received))
        if path in ("/", "/Home"):
            return self._page("home")
        if path == "/FileSubmission":
            return self._submission_page()
        if path == "/FileSubmission/Frame" and self.state.variant in ("framedform", "framedlist"):
            token, cookies = self._token_cookie()
            with self.state.lock:
                history = [s for s in self.state.submissions if s.account == self._account()]
            return self._page(
                "frame",
                cookies=cookies,
                token=self.state.form_token(token),
                error=None,
                history=list(reversed(history)),
                file_types=[o[:2] for o in _file_types(self.state.variant)],
                years=[o[:2] for o in _years(self.state.variant)],
            )
        if path == "/api/History" and self.state.variant == "spa":
            time.sleep(SPA_LIST_DELAY_S)
            with self.state.lock:
                history = [s for s in self.state.submissions if s.account == self._account()]
            rows = [
                {k: getattr(s, k) for k in ("id", "file_type", "school_year", "filename", "bytes", "received_at")}
                for s in reversed(history)
            ]
            return self._send(200, json.dumps(rows).encode(), "application/json")
        if path.startswith("/FileSubmission/Errors/"):
            return self._error_report(path.rsplit("/", 1)[-1])
        if path.startswith("/FileSubmission/Receipt/"):
            return self._receipt(path.rsplit("/", 1)[-1])
        if path == "/FileSubmission/History" and self.state.variant == "lazylist":
            with self.state.lock:
                history = [s for s in self.state.submissions if s.account == self._account()]
            return self._fragment("historypartial", history=list(reversed(history)))
        return self._page("notfound", status=404)

    def do_POST(self) -> None:
        self.state.hosts.add((self.headers.get("Host") or "").split(":")[0])
        self.state.post_hosts.add((self.headers.get("Host") or "").split(":")[0])
        path = urlsplit(self.path).path
        if path == "/User/Login":
            return self._login()
        if path == "/User/Verify":
            return self._verify()
        if self._account() is None:
            self._drain()
            if path.startswith("/api/"):
                return self._json(401, {"ok": False, "message": EXPIRED})
            return self._to_login()
        loader = BASE.get(self.state.variant) == "loader"
        if path == "/FileSubmission/Upload" and not loader:
            return self._upload(api=False)
        if path == "/Terms" and self.state.variant in ("terms", "orgchoice"):
            return self._accept_terms()
        if path == "/FileSubmission/Step2" and self.state.variant == "twostep":
            return self._step2()
        if path == "/FileSubmission/Confirm" and self.state.variant == "review":
            return self._confirm()
        if path == "/FileSubmission/Stage" and self.state.variant == "staged":
            return self._stage()
        if path == "/FileSubmission/SubmitStaged" and self.state.variant == "staged":
            return self._submit_staged()
        if path == "/api/FileSubmission" and loader:
            return self._upload(api=True)
        self._drain()
        return self._page("notfound", status=404)

    def _static(self, name: str) -> None:
        resource = files("bot.sandbox").joinpath("static").joinpath(name)
        if "/" in name or not resource.is_file():
            return self._send(404, b"not found", "text/plain")
        kind = "text/css" if name.endswith(".css") else "text/javascript"
        self._send(200, resource.read_bytes(), kind)

    def _login_page(self, error: str | None = None, status: int = 200, name: str = "login") -> None:
        token, cookies = self._token_cookie()
        query = parse_qs(urlsplit(self.path).query)
        return_url = query.get("ReturnUrl", ["/"])[0]
        self._page(
            name,
            status=status,
            cookies=cookies,
            token=self.state.form_token(token),
            error=error,
            return_url=return_url,
        )

    def _posted_form(self) -> dict[str, str] | None:
        """A posted urlencoded form, if its anti-forgery token is good; else the error page is sent."""
        length = int(self.headers.get("Content-Length") or 0)
        fields = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode("utf-8", "replace")).items()}
        if not self.state.token_ok(self._cookies().get(TOKEN_COOKIE), fields.get(TOKEN_FIELD)):
            self._page("error", status=400, message="The anti-forgery token could not be validated.")
            return None
        return fields

    @staticmethod
    def _return_url(fields: dict[str, str]) -> str:
        """Where to go after logging on: a path on this site only, never another site."""
        url = fields.get("ReturnUrl") or "/"
        return url if url.startswith("/") and not url.startswith("//") else "/"

    def _login(self) -> None:
        fields = self._posted_form()
        if fields is None:
            return None
        username = fields.get("UserName") or fields.get("Email") or ""
        password = fields.get("Password", "")
        expected = self.state.accounts.get(username)
        with self.state.lock:
            self.state.login_attempts += 1
            locked = self.state.failed_logins.get(username, 0) >= LOCK_AFTER_FAILED_LOGINS
            # Both compared in constant time; user IDs and passwords are case-sensitive.
            right = expected is not None and hmac.compare_digest(expected.encode(), password.encode())
            if not right and not locked:
                failures = self.state.failed_logins.get(username, 0) + 1
                self.state.failed_logins[username] = failures
                locked = failures >= LOCK_AFTER_FAILED_LOGINS
        if locked:
            return self._login_page(error="Your account is locked after too many failed log-on attempts.")
        if not right:
            return self._login_page(error="Invalid user name or password.")
        return_url = self._return_url(fields)
        if any(f.kind == "mfa" for f in self.state.faults):
            pending = secrets.token_urlsafe(24)
            with self.state.lock:
                self.state.awaiting_code[pending] = username
            cookie = f"{MFA_COOKIE}={pending}; Path=/; HttpOnly; SameSite=Lax"
            return self._redirect("/User/Verify?ReturnUrl=" + quote(return_url, safe=""), cookies=[cookie])
        self._start_session(username, return_url)

    def _start_session(self, username: str, return_url: str) -> None:
        session = secrets.token_urlsafe(24)
        with self.state.lock:
            self.state.sessions[session] = username
        self._redirect(return_url, cookies=[f"{SESSION_COOKIE}={session}; Path=/; HttpOnly; SameSite=Lax"])

    def _verify_page(self, error: str | None = None) -> None:
        if self._cookies().get(MFA_COOKIE) not in self.state.awaiting_code:
            return self._redirect("/User/Login")
        token, cookies = self._token_cookie()
        query = parse_qs(urlsplit(self.path).query)
        self._page(
            "verify",
            cookies=cookies,
            token=self.state.form_token(token),
            error=error,
            code=MFA_CODE,
            return_url=query.get("ReturnUrl", ["/"])[0],
        )

    def _verify(self) -> None:
        fields = self._posted_form()
        if fields is None:
            return None
        with self.state.lock:
            username = self.state.awaiting_code.get(self._cookies().get(MFA_COOKIE) or "")
        if username is None:
            return self._redirect("/User/Login")
        if fields.get("Code", "").strip() != MFA_CODE:
            return self._verify_page(error="That verification code is not valid.")
        self._start_session(username, self._return_url(fields))

    def _log_off(self) -> None:
        session = self._cookies().get(SESSION_COOKIE)
        with self.state.lock:
            self.state.sessions.pop(session or "", None)
        self._redirect("/User/Login", cookies=[f"{SESSION_COOKIE}=; Path=/; Max-Age=0"])

    def _submission_page(
        self, error: str | None = None, status: int = 200, message: str = "", said: tuple[str, ...] = ()
    ) -> None:
        token, cookies = self._token_cookie()
        account = self._account()
        with self.state.lock:
            history = [s for s in self.state.submissions if s.account == account]
            staged = list(self.state.staged)
        self._page(
            "submit",
            status=status,
            cookies=cookies,
            token=self.state.form_token(token),
            error=error,
            file_types=[o[:2] for o in _file_types(self.state.variant)],
            years=[o[:2] for o in _years(self.state.variant)],
            history=list(reversed(history)),
            new="new" in parse_qs(urlsplit(self.path).query) or self.command == "POST",
            staged=staged,
            message=message,
            said=said,
        )

    def _terms_page(self, error: str | None = None) -> None:
        token, cookies = self._token_cookie()
        query = parse_qs(urlsplit(self.path).query)
        return_url = query.get("ReturnUrl", ["/"])[0]
        self._page("terms", cookies=cookies, token=self.state.form_token(token), error=error, return_url=return_url)

    def _accept_terms(self) -> None:
        fields = self._posted_form()
        if fields is None:
            return None
        if self.state.variant == "orgchoice" and fields.get("Organization") not in ORGANIZATIONS:
            return self._terms_page(error="Choose an organization to continue.")
        if self.state.variant == "terms" and fields.get("Agree") != "on":
            return self._terms_page(error="You must accept the agreement to continue.")
        with self.state.lock:
            self.state.accepted_terms.add(self._account() or "")
        return self._redirect(self._return_url(fields), status=303)

    def _step2(self) -> None:
        """The two-step design: the file type and year are posted first, and the second step asks
        for the file, carrying them in hidden fields."""
        fields = self._posted_form()
        if fields is None:
            return None
        types, years = _file_types(self.state.variant), _years(self.state.variant)
        chosen_type = next((row for row in types if row[0] == fields.get("FileType")), None)
        chosen_year = next((row for row in years if row[0] == fields.get("AcademicYear")), None)
        if chosen_type is None or chosen_year is None:
            return self._submission_page(error="Error: choose the file type and the academic year.", status=400)
        step2 = {
            "type": chosen_type[0],
            "type_text": chosen_type[1],
            "year": chosen_year[0],
            "year_text": chosen_year[1],
        }
        token, cookies = self._token_cookie()
        self._page("submit", cookies=cookies, token=self.state.form_token(token), error=None, step2=step2, history=[])

    def _review(self, fields: dict[str, str], upload: Any) -> None:
        """The review design: the upload is held, not submitted, until Confirm Submission is pressed."""
        chosen_type = next((row for row in _file_types(self.state.variant) if row[0] == fields.get("FileType")), None)
        chosen_year = next((row for row in _years(self.state.variant) if row[0] == fields.get("AcademicYear")), None)
        if chosen_type is None or chosen_year is None or upload is None or not upload.filename:
            if upload is not None:
                upload.path.unlink(missing_ok=True)
            return self._submission_page(error="Error: choose the file type, the academic year and a file.", status=400)
        pending = secrets.token_hex(8)
        with self.state.lock:
            self.state.pending[pending] = (fields, upload)
        token, cookies = self._token_cookie()
        self._page(
            "review",
            cookies=cookies,
            token=self.state.form_token(token),
            pending=pending,
            filename=Path(upload.filename).name,
            size=upload.size,
            type_text=chosen_type[1],
            year_text=chosen_year[1],
        )

    def _confirm(self) -> None:
        fields = self._posted_form()
        if fields is None:
            return None
        with self.state.lock:
            held = self.state.pending.pop(fields.get("Pending", ""), None)
        if held is None:
            gone = "Error: that submission is no longer waiting to be confirmed."
            return self._submission_page(error=gone, status=400)
        submission, error = self._accept(*held)
        if submission is None:
            return self._submission_page(error=error, status=400)
        return self._redirect(f"/FileSubmission/Receipt/{submission.id}", status=303)

    def _received_notice(self, submission_id: str) -> str:
        with self.state.lock:
            found = [s for s in self.state.submissions if s.id == submission_id and s.account == self._account()]
        if not found:
            return ""
        return self.state.text.confirmation.format(id=found[0].id, filename=found[0].filename)

    def _receipt(self, submission_id: str) -> None:
        with self.state.lock:
            found = [s for s in self.state.submissions if s.id == submission_id and s.account == self._account()]
        if not found:
            return self._page("notfound", status=404)
        self._page("receipt", submission=found[0])

    def _read_upload(self, form_token: str | None = None) -> tuple[dict[str, str], Any, str | None]:
        """Read the posted form; returns its fields, the file (or None) and an error message."""
        length = int(self.headers.get("Content-Length") or 0)
        content_type = self.headers.get("Content-Type", "")
        if not content_type.startswith("multipart/form-data"):
            self._drain()
            return {}, None, "The upload must be sent as a file."
        form = read_form(content_type, self.rfile, length, self.state.storage)
        upload = form.files.get("File")
        if self.state.variant in ("filerows", "nolist"):
            form.fields, upload = self._rows(form.fields, form.files)
        if self.state.variant == "typerows":
            form.fields, upload = self._type_row(form.fields, form.files)
        token = form_token if form_token is not None else form.fields.get(TOKEN_FIELD)
        if not self.state.token_ok(self._cookies().get(TOKEN_COOKIE), token):
            return form.fields, upload, "The anti-forgery token could not be validated."
        return form.fields, upload, None

    def _rows(self, fields: dict[str, str], files: dict[str, Any]) -> tuple[dict[str, str], Any]:
        """The file-rows design: each row with a file is one submission of its own type; empty rows
        are ignored. Returns the first row as the upload, the others to accept after it."""
        rows = []
        for row in (1, 2, 3):
            upload = files.get(f"File{row}")
            if upload is None or not upload.filename:
                if upload is not None:
                    upload.path.unlink(missing_ok=True)
                continue
            rows.append(
                ({"FileType": fields.get(f"FileType{row}", ""), "AcademicYear": fields.get("AcademicYear", "")}, upload)
            )
        if not rows:
            return fields, None
        first_fields, first = rows[0]
        self.more_rows = rows[1:]
        return {**fields, **first_fields}, first

    @staticmethod
    def _type_row(fields: dict[str, str], files: dict[str, Any]) -> tuple[dict[str, str], Any]:
        """The type-rows design: the row whose Upload was pressed is the type; its own file input holds
        the file. Files given to other rows are dropped, as a browser posting one form drops nothing but
        the site ignores them."""
        row = fields.get("Row", "")
        upload = None
        for name, part in files.items():
            if name == f"File_{row}" and part.filename:
                upload = part
            else:
                part.path.unlink(missing_ok=True)
        return {**fields, "FileType": row}, upload

    def _stage(self) -> None:
        """The staged design: the chosen file is held in the staged table, not submitted."""
        fields, upload, error = self._read_upload()
        file_type = self._lookup(_file_types(self.state.variant), fields.get("FileType", ""))
        year = self._lookup(_years(self.state.variant), fields.get("AcademicYear", ""))
        if error is None and (file_type is None or year is None):
            error = "Error: choose the file type and the academic year before the file."
        if error is None and (upload is None or not upload.filename):
            error = "Error: please choose a file to upload."
        if error is not None or file_type is None or year is None or upload is None:
            if upload is not None:
                upload.path.unlink(missing_ok=True)
            return self._submission_page(error=error, status=400)
        name = Path(upload.filename).name
        with self.state.lock:
            self.state.staged.append(Staged(secrets.token_hex(6), fields, upload, file_type, year, name, upload.size))
        self._submission_page(message=f"File staged: {name}. Press Submit in its row to send it to Cal-PASS Plus.")

    def _submit_staged(self) -> None:
        """The staged design: a row's Submit (or Submit all staged) sends what is staged."""
        fields = self._posted_form()
        if fields is None:
            return None
        wanted = fields.get("Staged", "")
        with self.state.lock:
            going = [s for s in self.state.staged if wanted in (s.id, "all")]
            self.state.staged = [s for s in self.state.staged if s not in going]
        if not going:
            return self._submission_page(error="Error: that file is no longer staged.", status=400)
        said = []
        for staged in going:
            submission, error = self._accept(staged.fields, staged.upload)
            said.append(
                f"{submission.filename} was submitted for processing. Confirmation number: {submission.id}"
                if submission is not None
                else f"{staged.filename}: {error}"
            )
        self._submission_page(message=" ".join(said))

    def _accept(self, fields: dict[str, str], upload: Any) -> tuple[Submission | None, str | None]:
        if self.state.variant == "combined":
            # One list for both: "SENR|2018-2019".
            kind, _, period = fields.get("Submission", "").partition("|")
            fields = {**fields, "FileType": kind, "AcademicYear": period}
        file_type = self._lookup(_file_types(self.state.variant), fields.get("FileType", ""))
        year = self._lookup(_years(self.state.variant), fields.get("AcademicYear", ""))
        if self.state.variant in ("typedyear", "yearmessage", "helptext"):
            year = _typed_year(fields.get("AcademicYear", ""))
        error = None
        variant = self.state.variant
        organization = fields.get("Organization", "") if variant == "organization" else ""
        if variant == "certify" and fields.get("Certify") != "on":
            error = "Error: you must certify that the data is accurate and complete."
        elif variant == "category" and not any(
            value == fields.get("DataCategory") and file_type in codes for value, _text, codes in CATEGORIES
        ):
            error = "Error: the File Type does not belong to the chosen Data Category."
        elif variant == "yearmessage" and year is None and fields.get("AcademicYear", "").strip():
            # The page says nothing of the format until a year is written in another one.
            error = "Error: the Academic Year must be written as YYYY-YY."
        elif file_type is None:
            error = "Error: the File Type field is required."
        elif year is None:
            error = "Error: the Academic Year field is required."
        elif upload is None or not upload.filename:
            error = "Error: please choose a file to upload."
        elif upload.size == 0:
            error = "Error: the file is empty and could not be accepted."
        if error or file_type is None or year is None:
            if upload is not None:
                upload.path.unlink(missing_ok=True)
            return None, error
        with self.state.lock:
            number = len(self.state.submissions) + 1
            submission_id = f"CPP-{datetime.now(timezone.utc):%Y}-{number:05d}"
            name = Path(upload.filename).name
            if variant == "renaming":
                long_year = next(text for _, text, short in CLASSIC_YEARS if short == year)
                name = f"{file_type}_{long_year}_{submission_id}{Path(name).suffix}"
            stored = self.state.storage / f"{submission_id}-{Path(upload.filename).name}"
            upload.path.rename(stored)
            submission = Submission(
                id=submission_id,
                account=self._account() or "",
                file_type=file_type,
                school_year=year,
                filename=Path(upload.filename).name,
                bytes=upload.size,
                sha256=upload.sha256,
                received_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                stored_as=str(stored),
                organization=organization,
                stored_name=name,
            )
            self.state.submissions.append(submission)
            if self.state.persist:
                self.state.save()
        return submission, None

    def _answered_on_page(self, submission: Submission, extras: list[Submission | None], *, misfiled: bool) -> bool:
        """The type-rows and no-list designs answer on the form's own page, naming each file; the
        type-rows design and a misfiled upload name the type it is filed under (kept for the receipt)."""
        if misfiled or self.state.variant == "typerows":
            submission.said = f"{_titled(submission.file_type)}: {submission.filename} was received for " + (
                f"{_long_year(submission.school_year)}. Confirmation number: {submission.id}"
            )
        if self.state.variant == "typerows":
            self._submission_page(message=submission.said)
            return True
        if self.state.variant == "nolist":
            said = [
                f"{s.filename} ({s.file_type}, {_long_year(s.school_year)}, {s.bytes:,} bytes) was received: "
                f"confirmation number {s.id}"
                for s in (submission, *extras)
                if s is not None
            ]
            self._submission_page(said=tuple(said))
            return True
        return False

    def _misfiled(self, fields: dict[str, str]) -> dict[str, str]:
        """The misfile fault: the upload is filed under another type than the one chosen (SENR, or SINF
        for an SENR file), as a site with a broken form would."""
        types = _file_types(self.state.variant)
        chosen = self._lookup(types, fields.get("FileType", ""))
        other = "SINF" if chosen == "SENR" else "SENR"
        value = next(key for key, _text, meaning in types if meaning == other)
        return {**fields, "FileType": value}

    @staticmethod
    def _lookup(options: list[tuple[str, str, str]], value: str) -> str | None:
        for key, _text, meaning in options:
            if key == value:
                return meaning
        return None

    def _upload(self, *, api: bool) -> None:
        """One upload, through the fault planned for its number, if any."""
        with self.state.lock:
            self.state.uploads += 1
            fault = fault_for(self.state.faults, self.state.uploads)
        kind = fault.kind if fault else None
        if kind == "expire":
            self._drain()
            with self.state.lock:
                self.state.sessions.pop(self._cookies().get(SESSION_COOKIE) or "", None)
            return self._json(401, {"ok": False, "message": EXPIRED}) if api else self._to_login()
        if kind == "server-error":
            self._drain()
            if api:
                return self._json(500, {"ok": False, "message": "An unexpected error occurred. Please try again."})
            return self._page(
                "error", status=500, message="Server Error: something went wrong. Please try again later."
            )
        fields, upload, error = self._read_upload(self.headers.get("RequestVerificationToken") if api else None)
        if error is None and kind == "refuse":
            upload.path.unlink(missing_ok=True)
            error = "Error: the file was rejected: its records do not match the chosen file type."
        if error is None and kind == "already-received":
            upload.path.unlink(missing_ok=True)
            error = (
                f"The file was not uploaded: a file named {upload.filename} was already received for this "
                "period. Contact support to replace it."
            )
        submission = None
        if error is None and fault is not None and kind == "stall":
            time.sleep(fault.seconds)
        if error is None and self.state.variant == "review":
            return self._review(fields, upload)
        if error is None and kind == "misfile":
            fields = self._misfiled(fields)
        if error is None:
            submission, error = self._accept(fields, upload)
        extras = [self._accept(f, extra)[0] for f, extra in (getattr(self, "more_rows", []) if error is None else [])]
        if submission is None:
            if api:
                return self._json(400, {"ok": False, "message": error})
            return self._submission_page(error=error, status=400)
        if fault is not None and kind == "slow":
            time.sleep(fault.seconds)
        if kind == "resend":
            # Kept, and the connection closed before any byte of the answer.
            self.close_connection = True
            return None
        if kind == "drop":
            # Kept, but the answer is cut off midway. (Cut before its first byte, Chromium would
            # silently send the POST again on a fresh connection: a real risk, but not this fault.)
            self.send_response(200)
            self.send_header("Content-Type", "application/json" if api else "text/html; charset=utf-8")
            self.send_header("Content-Length", "4096")
            self.end_headers()
            self.wfile.write(b'{"ok": tr' if api else b"<!doctype html><html><body><p>Proces")
            self.wfile.flush()
            self.close_connection = True
            return None
        if self._answered_on_page(submission, extras, misfiled=kind == "misfile"):
            return None
        if api:
            message = submission.said or self.state.text.confirmation.format(
                id=submission.id, filename=submission.filename
            )
            detail = None
            if self.state.text.receipt_heading:
                message, detail = "Submission Received", f"Confirmation number: {submission.id}"
            answer = {"ok": True, "message": message, "detail": detail}
            return self._json(200, answer | {"submission": asdict(submission) | {"stored_as": None}})
        if self.state.variant == "dialogpage":
            return self._redirect(f"/?received={submission.id}", status=303)
        return self._redirect(f"/FileSubmission/Receipt/{submission.id}", status=303)


class SandboxServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: SandboxState, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.state = state


class Sandbox:
    """The sandbox site on a free loopback port, in a background thread.

    with Sandbox("loader") as site:
        site.url, site.submissions
    """

    def __init__(
        self,
        variant: str = "classic",
        *,
        port: int = 0,
        storage: Path | None = None,
        accounts: dict[str, str] | None = None,
        drift: frozenset[str] | set[str] = frozenset(),
        faults: tuple[Fault, ...] | list[Fault] = (),
        persist: bool = False,
    ) -> None:
        if variant not in VARIANTS:
            raise ValueError(f"unknown sandbox variant {variant!r}; choose one of {', '.join(VARIANTS)}")
        self._own_storage = storage is None
        storage = Path(tempfile.mkdtemp(prefix="calpass-sandbox-")) if storage is None else storage
        storage.mkdir(parents=True, exist_ok=True)
        text = site_text(variant, frozenset(drift))
        self.state = SandboxState(variant, storage, accounts or {DEMO_USERNAME: DEMO_PASSWORD}, text, tuple(faults))
        if persist:
            self.state.persist = True
            self.state.load()
        self._server = SandboxServer(self.state, port)
        self._thread = threading.Thread(target=self._server.serve_forever, name="calpass-sandbox", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def submissions(self) -> list[Submission]:
        with self.state.lock:
            return list(self.state.submissions)

    def status_of(self, submission: Submission) -> str:
        """What the sandbox's list says of a submission now, for tests to judge by."""
        return self.state.list_status(submission)[0]

    def start(self) -> Sandbox:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._own_storage:
            shutil.rmtree(self.state.storage, ignore_errors=True)

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
