"""The failures the bot expects, each with the exit code the CLI turns it into.

Anything else that escapes is a bug and is allowed to show its traceback.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FILE_FAILED = 1
EXIT_INVALID_INPUT = 2
EXIT_SITE = 3
# `status` and --wait-verdict: some file still pending (or its words unplaced); some file rejected,
# not found, never sent or stored under another type or year.
EXIT_PENDING = 4
EXIT_REJECTED = 5
EXIT_INTERRUPTED = 130


def one_line(text: str) -> str:
    """A problem line that stays one line: control characters from a manifest or file are escaped."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def first_line(exc: BaseException) -> str:
    """An exception's first line (Playwright's errors carry a call log below it), or its name."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class BotError(Exception):
    """An expected failure: its message is one clear line for the coordinator."""

    exit_code = EXIT_SITE


class InputError(BotError):
    """The manifest, config, credentials or files are wrong; nothing was sent."""

    exit_code = EXIT_INVALID_INPUT

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class ManifestError(InputError):
    pass


class ConfigError(InputError):
    pass


class CredentialsError(InputError):
    pass


class RunInProgress(InputError):
    """Another run holds the ledger: two runs at once would send every file twice."""


class OutputError(BotError):
    """The run folder or the ledger could not be written (a full disk, a read-only folder).

    Before any contact with the site nothing was sent (exit 2); after, the run stops where it is
    and says so (exit 1), the files already confirmed being safe in the ledger.
    """

    def __init__(self, message: str, *, contacted: bool = False) -> None:
        super().__init__(message)
        self.exit_code = EXIT_FILE_FAILED if contacted else EXIT_INVALID_INPUT


class SiteError(BotError):
    """The site could not be reached, logged into, or walked to the form."""

    exit_code = EXIT_SITE


class BrowserNotFound(SiteError):
    pass


class DriverFailed(SiteError):
    """Playwright's driver would not start or stopped as it started."""


class InsecureSite(SiteError):
    pass


class SiteUnreachable(SiteError):
    pass


class LoginRejected(SiteError):
    pass


class LoginNeedsPerson(SiteError):
    """The site asks for a verification code or a CAPTCHA: a person must finish the log-on."""


class ElementNotFound(SiteError):
    """A word the bot looks for is not on the page.

    On the way to the form it ends the run; inside the form it fails one file.
    """

    def __init__(  # noqa: PLR0913  # what the one-line message names: page, element, words, config key, seen
        self,
        *,
        page: str,
        element: str,
        words: list[str],
        config_key: str,
        seen: str = "",
        screenshot: str | None = None,
    ) -> None:
        self.page = page
        self.element = element
        self.words = words
        self.config_key = config_key
        self.seen = seen
        self.screenshot = screenshot
        super().__init__(self._message())

    def _message(self) -> str:
        tried = ", ".join(f'"{w}"' for w in self.words) or "(no words)"
        seen = f"; {self.seen}" if self.seen else ""
        shot = f"; see {self.screenshot}" if self.screenshot else ""
        return (
            f"on the {self.page} page, could not find the {self.element} (tried {tried}{seen}); "
            f"if the site uses other words, set {self.config_key} in the config{shot}"
        )

    def with_screenshot(self, name: str) -> ElementNotFound:
        return ElementNotFound(
            page=self.page,
            element=self.element,
            words=self.words,
            config_key=self.config_key,
            seen=self.seen,
            screenshot=name,
        )


class FormUnknown(SiteError):
    """The File Submission page asks for something the bot does not know: nothing is sent."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        # Printed a line each at the CLI: a short list of the controls, then what places them.
        self.problems = problems or []


class FormUnusable(SiteError):
    """The first file failed for the form itself (a control the bot could not operate): the run stops
    before the next, instead of failing every file the same way."""


class Interrupted(BotError):
    """Ctrl-C or SIGTERM: the run stopped after its current step."""

    exit_code = EXIT_INTERRUPTED


class PageNotPlaced(SiteError):
    """Between log-on and the form, the site asks the district something the bot may not answer."""


class DialogInTheWay(SiteError):
    """A dialog the bot cannot place stands over the page: the run stops before the next send, with
    its words, rather than act behind it or close it unread."""

    @classmethod
    def over_form(cls, heading: str, said: str, shot: str) -> DialogInTheWay:
        words = heading or " ".join(said.split()[:4])
        return cls(
            f'a dialog over the File Submission page that the bot cannot place says: "{said}" (see {shot}); '
            "nothing more was sent. Read it in a browser; if the district may close it whenever it shows, "
            "add to the config: "
            f'pages: {{dismiss: ["{words}"]}}'
        )


class BrowserFailed(SiteError):
    """The browser died again and again: the run stops, every file not yet sent left for a rerun."""

    exit_code = EXIT_FILE_FAILED


class OutcomeUnknown(SiteError):
    """The site's answer to an upload could not be read: the run stops rather than send blind."""


class ListUnreadable(SiteError):
    """The site's list of submissions did not finish loading: a list read early proves nothing, so the
    run stops before sending anything more."""


class StoredWrongly(SiteError):
    """The site holds a file under another type or year than the one chosen: the run stops before the
    next file, which the same way would misfile too."""

    exit_code = EXIT_FILE_FAILED

    @classmethod
    def stopping(cls, label: str, error: str) -> StoredWrongly:
        """The one line a run ends with, whether the site's answer or its list said so."""
        return cls(
            f"{label}: {error}; the run stopped before the next file, which would be filed the same way: ask the "
            "site to withdraw or refile it, and check which control of the form sets the type and year "
            "(python -m bot --check-site)"
        )


class FileRefused(BotError):
    """The site answered the upload of one file with an error; the run goes on."""

    exit_code = EXIT_FILE_FAILED


class FormBroken(FileRefused):
    """A control of the form the bot could not operate (not the file's fault): every file would fail
    the same way, so the run stops before the next one when no file has gone yet."""
