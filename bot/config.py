"""Settings, read once from an optional YAML file into typed objects. No credentials here."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, field_validator

from bot.errors import ConfigError, one_line
from bot.site.words import SiteWords
from bot.yamlmodels import StrictModel, describe_errors, dotted, read_yaml, secret_keys

DEFAULT_BASE_URL = "https://www.calpassplus.org"


class SiteSettings(StrictModel):
    base_url: str = DEFAULT_BASE_URL
    login_path: str = "/User/Login"

    @field_validator("base_url")
    @classmethod
    def _url(cls, value: str) -> str:
        # Refused where Python and the browser would read the address differently: the browser
        # takes "http://a\\@b/" to mean host a, Python's parser host b.
        if "\\" in value or any(not ch.isprintable() or ch.isspace() for ch in value):
            raise ValueError("the address holds a backslash, a space or a control character; write it plainly")
        parts = urlsplit(value)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise ValueError(f'"{value}" is not a web address; write it as https://www.calpassplus.org')
        if "@" in parts.netloc:
            raise ValueError(
                "the address holds a user name or an @; write only the site, as https://www.calpassplus.org"
            )
        return value.rstrip("/")

    @field_validator("login_path")
    @classmethod
    def _path(cls, value: str) -> str:
        return value if value.startswith("/") else "/" + value

    @property
    def login_url(self) -> str:
        return self.base_url + self.login_path


# Playwright's channels: its own Chromium (or a system one), Google Chrome, Microsoft Edge.
Channel = Literal["chromium", "chrome", "msedge"]


class BrowserSettings(StrictModel):
    headless: bool = True
    executable_path: str | None = None
    # Which browser: "chrome" or "msedge" use the one installed on the machine, with no download;
    # unset, the bot tries Chromium (Playwright's, then a system one), then Chrome, then Edge.
    channel: Channel | None = None
    slow_mo_ms: int = Field(default=0, ge=0)


class Timeouts(StrictModel):
    page_s: float = Field(default=30, gt=0, description="for a page to load or an element to appear")
    upload_s: float = Field(default=900, gt=0, description="for the site to answer an upload")
    settle_s: float = Field(
        default=10, ge=0, description="to keep looking in the site's list for a file that may have arrived"
    )
    person_s: float = Field(default=300, gt=0, description="for a person to finish an --interactive-login")


class Retries(StrictModel):
    attempts: int = Field(default=3, ge=1, le=10)
    initial_wait_s: float = Field(default=2, ge=0)
    max_wait_s: float = Field(default=60, ge=0)


class FormSettings(StrictModel):
    """Fields the File Submission form asks for beyond the type, year and file: each label as the
    page shows it, and the value to give it (an option's text, true or false for a check box, or
    text). Each is filled for every file."""

    fields: dict[str, str | bool] = Field(default_factory=dict)

    @field_validator("fields")
    @classmethod
    def _labels(cls, value: dict[str, str | bool]) -> dict[str, str | bool]:
        if any(not label.strip() for label in value):
            raise ValueError("a field's label is empty; write the label the page shows")
        return value


class PagesSettings(StrictModel):
    """Pages the site may show between log-on and the form that ask something of the district. The
    bot never accepts an agreement or a notice by itself: each heading listed here is one the
    district accepts, and the bot then ticks its boxes and presses its button, with a screenshot."""

    accept: list[str] = Field(default_factory=list)
    # A page that asks the district to choose (an organisation, a school): each list's label, and
    # the option to choose in it, as the page shows them.
    choose: dict[str, str] = Field(default_factory=dict)
    # Dialogs the district has read and may close whenever they stand over the page (a notice of
    # maintenance, news): each by words of its heading or text. Any other one stops the run.
    dismiss: list[str] = Field(default_factory=list)

    @field_validator("accept", "dismiss")
    @classmethod
    def _headings(cls, value: list[str]) -> list[str]:
        if any(not heading.strip() for heading in value):
            raise ValueError("a heading is empty; write the page's heading as it shows it")
        return value


class OutputSettings(StrictModel):
    dir: str = "recordings"


class Config(StrictModel):
    site: SiteSettings = Field(default_factory=SiteSettings)
    browser: BrowserSettings = Field(default_factory=BrowserSettings)
    timeouts: Timeouts = Field(default_factory=Timeouts)
    retries: Retries = Field(default_factory=Retries)
    output: OutputSettings = Field(default_factory=OutputSettings)
    form: FormSettings = Field(default_factory=FormSettings)
    pages: PagesSettings = Field(default_factory=PagesSettings)
    words: SiteWords = Field(default_factory=SiteWords)

    def replace(self, section: str, **changes: Any) -> Config:
        """A copy with some keys of one section changed (command-line flags win over the file)."""
        current = getattr(self, section)
        return self.model_copy(update={section: current.model_copy(update=changes)})


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    data = read_yaml(path, ConfigError)
    if data is None:
        return Config()
    if not isinstance(data, dict):
        raise ConfigError(f"{path.name}: the config must be a mapping, as in config.example.yaml")
    secrets_found = secret_keys(data)
    problems = [
        f"{path.name}: {dotted(key)}: the config never holds credentials; "
        "set CALPASS_USERNAME and CALPASS_PASSWORD instead"
        for key in secrets_found
    ]
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        problems += [f"{path.name}: {line}" for line in describe_errors(exc, Config, reported=secrets_found)]
    if problems:
        raise ConfigError(f"{path.name}: {len(problems)} problem(s) in the config", [one_line(p) for p in problems])
    return config
