"""The command line: reads arguments and the environment, calls the core, turns errors into exit codes."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import bot
from bot.config import Config, load_config
from bot.console import check_site_tables, configure_logging, outcome_line, plan_table, verdict_table
from bot.credentials import Credentials, resolve, system_keyring
from bot.errors import (
    EXIT_FILE_FAILED,
    EXIT_INTERRUPTED,
    EXIT_INVALID_INPUT,
    EXIT_OK,
    BotError,
    ConfigError,
    ManifestError,
    one_line,
)
from bot.manifest import load_manifest
from bot.platforms import printable, stop_signals

if TYPE_CHECKING:
    from bot.plan import Target
    from bot.ports import Connect, RunRequest
from bot.preflight import Preflight, preflight
from bot.schoolyear import SchoolYear, SchoolYearError

log = logging.getLogger("bot")
T = TypeVar("T")

DESCRIPTION = """\
Submit the files listed in a YAML manifest to Cal-PASS Plus through its website: log on, press
Upload Data, fill the File Submission form once per file, and keep a screenshot of every step.

Credentials come from the environment: CALPASS_USERNAME and CALPASS_PASSWORD.
Each run writes a folder OUT/<run id>/ with the screenshots, summary.json and report.html."""

USAGE = """\
calpass-bot [options] [MANIFEST]
       calpass-bot [options] status MANIFEST
       calpass-bot [-v | -q] init FOLDER [-o PATH] [--force] [--school-year YEAR]

commands:
  MANIFEST              send the files a manifest lists (or, with --dry-run, check them and show the plan)
  status MANIFEST       log on and say what the site made of each file: accepted, pending, rejected (with
                        the site's reason), not found or not sent; sends nothing
  init FOLDER           write FOLDER/manifest.yaml from the exports there (calpass-bot init --help)"""

EPILOG = """\
examples:
  python -m bot init exports/                     write exports/manifest.yaml from the files there
                                                  (python -m bot init --help for more)
  python -m bot manifest.yaml                     submit to the real site
  python -m bot manifest.yaml --dry-run           check the manifest and show the plan; no browser
  python -m bot manifest.yaml --sandbox           rehearse against the built-in sandbox (no account)
  python -m bot manifest.yaml --config site.yaml  use other site words, timeouts or output folder
  python -m bot status manifest.yaml              a week later: did every file load? (sends nothing)
  python -m bot status manifest.yaml --wait-verdict 30
                                                  look again until the site judges every file, up to 30 min
  python -m bot --check-site                      log on and check every element; send nothing
  python -m bot --check-site --sandbox --sandbox-drift upload-data
                                                  see what a redesigned site looks like to the bot
  python -m bot --which-browser                   show the Chromium the bot would use

exit codes:
  0  every file submitted          1  at least one file failed, unknown or stored under another type
                                      or year (--check-site: an element is missing)
  2  invalid input, nothing sent   3  could not log on, reach the site or reach the form
  4  (status, --wait-verdict) no file rejected, but some still pending or shown in words the bot
     cannot place: look again later
  5  (status, --wait-verdict) some file rejected by the site, not found in its list, never sent, or
     listed under another type or year: the district must act (see the report)
  130 interrupted"""


def build_parser(*, describe_sandbox: bool = False) -> argparse.ArgumentParser:
    """The parser; only a request for --help loads the sandbox, to list its drifts. (Long: one
    declaration per flag, and --help is the documentation; splitting it would only scatter them.)"""
    drifts = variants = ""
    if describe_sandbox:
        from bot.sandbox.drift import DRIFTS
        from bot.sandbox.server import VARIANTS

        drifts = ": " + ", ".join(DRIFTS)
        variants = ": " + ", ".join(VARIANTS[2:])
    parser = argparse.ArgumentParser(
        prog="calpass-bot",
        usage=USAGE,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "words",
        nargs="*",
        metavar="MANIFEST",
        help="the YAML manifest listing the files to send; or status MANIFEST",
    )
    parser.add_argument("--config", type=Path, metavar="FILE", help="YAML settings (see config.example.yaml)")
    parser.add_argument(
        "--sandbox", action="store_true", help="run against the built-in sandbox site with its demo account"
    )
    parser.add_argument(
        "--sandbox-variant",
        metavar="NAME",
        help="with --sandbox: the sandbox's markup: classic (the default: a form posting to a receipt page), "
        "loader (a script-driven loader), or a design built on them" + variants,
    )
    parser.add_argument(
        "--sandbox-drift",
        action="append",
        default=[],
        metavar="NAME",
        help="with --sandbox: change the sandbox as a redesign might (repeatable)" + drifts,
    )
    parser.add_argument(
        "--sandbox-fault",
        action="append",
        default=[],
        metavar="FAULT",
        help="with --sandbox: inject a failure (repeatable): server-error@N, drop@N, slow@N:SECONDS, stall@N:SECONDS, "
        "expire@N, refuse@N, already-received@N, resend@N, misfile@N (N counts uploads), or mfa",
    )
    parser.add_argument(
        "--sandbox-reset",
        action="store_true",
        help="with --sandbox: start the rehearsal from an empty sandbox and ledger (OUT/sandbox/)",
    )
    parser.add_argument(
        "--force", action="store_true", help="send files again even if the ledger says they are on the site"
    )
    parser.add_argument(
        "--interactive-login",
        action="store_true",
        help="show the browser so a person can finish a log-on that asks for a code or a CAPTCHA",
    )
    parser.add_argument(
        "--trace",
        action="store_true",
        help="record a Playwright trace into the run folder (trace-N.zip), with every log-on left out",
    )
    parser.add_argument(
        "--video", action="store_true", help="keep a video of the whole run in the run folder (video.webm)"
    )
    parser.add_argument(
        "--check-site",
        action="store_true",
        help="log on, walk to the File Submission form and report every element and control the bot needs; "
        "with a manifest, also the option each file would get; uploads nothing",
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="where run folders and the ledger go (default: recordings/ beside the manifest)",
    )
    parser.add_argument("--dry-run", action="store_true", help="check the manifest and print the plan; no browser")
    parser.add_argument(
        "--wait-verdict",
        type=_minutes,
        metavar="MINUTES",
        help="after the last send (or with status), keep reading the site's list until it has accepted or "
        "rejected every file, up to MINUTES, then show what it made of each (exit codes 4 and 5)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="treat files missing for a year, or several files of one type and year (warnings by default), as errors",
    )
    parser.add_argument("--headed", action="store_true", help="show the browser window")
    parser.add_argument("--slow-mo", type=int, metavar="MS", help="pause MS milliseconds between browser actions")
    parser.add_argument("--which-browser", action="store_true", help="print the Chromium the bot would use and exit")
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument(
        "-v", "--verbose", action="store_true", help="log every step in detail: each element found, each request"
    )
    loudness.add_argument("-q", "--quiet", action="store_true", help="print only errors and the final result")
    parser.add_argument("--version", action="version", version=f"calpass-bot {bot.__version__}")
    return parser


class StopSignal:
    """The first Ctrl-C or SIGTERM asks the run to stop after its current step; a second stops now."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def __call__(self, signum: int, frame: object) -> None:
        if self.event.is_set():
            raise KeyboardInterrupt
        self.event.set()
        print("calpass-bot: stopping after the current step (press Ctrl-C again to stop now)", file=sys.stderr)


# The global flags that mean something to init, which may stand before it: calpass-bot -v init FOLDER.
_INIT_GLOBALS = frozenset({"-v", "--verbose", "-q", "--quiet"})


def init_at(argv: Sequence[str]) -> int | None:
    """Where the init command stands in argv, when the words before it are only global flags it
    takes; None when this is a manifest run (a manifest may well be named init.yaml, never "init")."""
    for position, word in enumerate(argv):
        if word == "init":
            return position
        if word not in _INIT_GLOBALS:
            return None
    return None


def _minutes(text: str) -> float:
    try:
        minutes = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of minutes") from None
    if not 0 <= minutes <= 24 * 60:
        raise argparse.ArgumentTypeError("give a number of minutes from 0 to 1440")
    return minutes


def _command(parser: argparse.ArgumentParser, words: Sequence[str]) -> tuple[bool, Path | None]:
    """The command the words name: (whether it is status, the manifest)."""
    if not words:
        return False, None
    if len(words) == 1 and not (words[0] == "status" and not Path(words[0]).is_file()):
        return False, Path(words[0])
    if len(words) == 2 and words[0] == "status":
        return True, Path(words[1])
    if words == ["status"]:
        parser.error("status needs a manifest, as in: calpass-bot status manifest.yaml")
    parser.error(f"one manifest at a time (given: {' '.join(words)})")
    return False, None


def _wants_help(argv: Sequence[str]) -> bool:
    return any(a == "-h" or (a.startswith("--hel") and "--help".startswith(a)) for a in argv)


def main(
    argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None, connect: Connect | None = None
) -> int:
    """The command line. `connect` opens a session on the site (a browser by default; the fast
    tests give a fake one)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # Windows' console or a pipe in its code page (cp1252) cannot encode every file name.
    printable(sys.stdout)
    printable(sys.stderr)
    command = init_at(argv)
    if command is not None:
        loud = argv[:command]
        configure_logging("-v" in loud or "--verbose" in loud, "-q" in loud or "--quiet" in loud)
        return init_command(argv[command + 1 :])
    parser = build_parser(describe_sandbox=_wants_help(argv))
    args = parser.parse_intermixed_args(argv)
    args.status, args.manifest = _command(parser, args.words)
    environ = os.environ if environ is None else environ
    args.connect = connect
    args.live = configure_logging(args.verbose, args.quiet, live=sys.stderr.isatty() and not environ.get("CI"))
    # Everything the bot writes names students' files and the account: owner-only, whatever the umask.
    umask = os.umask(0o077)
    stop = StopSignal()
    args.stop = stop.event.is_set
    previous = []
    if threading.current_thread() is threading.main_thread():
        previous = [(sig, signal.signal(sig, stop)) for sig in stop_signals()]
    try:
        return _main(args, environ)
    except BotError as exc:
        for line in getattr(exc, "problems", None) or [str(exc)]:
            print(f"calpass-bot: error: {one_line(line)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("calpass-bot: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        os.umask(umask)
        for sig, handler in previous:
            signal.signal(sig, handler)


INIT_DESCRIPTION = """\
Write a manifest from a folder of exports: each file's type is read from its first records, and a
CALPADS file's school years from every record (it is placed under its latest: a Fall SENR carries
last year's exits); CAASPP score files by their layout and test dates or TOMS' spring-year names,
legacy Cal-PASS extracts by name and year column, CAHSEE and STAR by their vendors' names. The
same reading --dry-run checks them by. Files that cannot be placed (UTF-16, quoted fields, a header
row, XML, the second form of a CAASPP result set...) are listed as commented-out entries saying why
and what to change, never guessed. Nothing is sent; no browser opens.

Then: read the manifest, run python -m bot MANIFEST --dry-run, and send."""


def init_command(argv: Sequence[str]) -> int:
    """`calpass-bot init FOLDER`: parsing and printing only; the work is in bot.init."""
    parser = argparse.ArgumentParser(
        prog="calpass-bot init", description=INIT_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", type=Path, help="the folder holding this year's exports (read recursively)")
    parser.add_argument("-o", "--output", type=Path, help="where to write the manifest (default FOLDER/manifest.yaml)")
    parser.add_argument("--force", action="store_true", help="replace an existing manifest")
    parser.add_argument(
        "--school-year",
        metavar="YEAR",
        help="the year (2023-24) of files whose content holds none (CAASPP, CAHSEE, STAR) and whose name "
        "and folder name none; a CALPADS file of another year is then not placed",
    )
    args = parser.parse_args(list(argv))
    from bot import init

    try:
        stated = _stated_year(args.school_year)
        if not args.folder.is_dir():
            raise ManifestError(f"{args.folder} is not a folder")
        target = args.output or args.folder / init.MANIFEST_NAME
        # Said before the folder is read, not after.
        init.refuse_existing(target, force=args.force)
        paths = list(init.exports(args.folder))
        with _init_progress(len(paths)) as progress:
            inventory = init.take_inventory(args.folder, paths, progress, stated)
        init.write_manifest(inventory, target, force=args.force)
    except BotError as exc:
        print(f"calpass-bot: error: {one_line(str(exc))}", file=sys.stderr)
        return exc.exit_code
    for placed in inventory.placed:
        print(f"placed: {placed.type} {placed.year} {placed.path.relative_to(args.folder).as_posix()} ({placed.how})")
    for unplaced in inventory.unplaced:
        print(f"not placed: {unplaced.path.relative_to(args.folder).as_posix()}: {unplaced.why}")
    for line in inventory.missing:
        print(f"missing: {line}")
    print(f"wrote {target} ({len(inventory.placed)} file(s)); check it with: python -m bot {target} --dry-run")
    return EXIT_OK


def _stated_year(text: str | None) -> SchoolYear | None:
    if text is None:
        return None
    try:
        return SchoolYear.parse(text)
    except SchoolYearError as exc:
        raise ManifestError(f"--school-year: {exc}") from None


@contextmanager
def _init_progress(total: int) -> Iterator[Callable[[Path], None] | None]:
    """A progress bar over a large folder, on a terminal only."""
    if not sys.stderr.isatty() or total < 20:
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("reading the exports", total=total)
        yield lambda _: bar.advance(task)


def _main(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    rehearsal = [flag for flag, given in _sandbox_flags(args) if given]
    if rehearsal and not args.sandbox:
        raise ConfigError(f"{', '.join(rehearsal)} only go with --sandbox; without it the bot would use the real site")
    config = _apply_flags(load_config(args.config), args)
    _check_machine(args, environ)
    if args.which_browser:
        from bot.browser import describe_chromium

        print(describe_chromium(config.browser))
        return EXIT_OK
    if args.check_site:
        return _check_site(config, args, environ)
    if args.manifest is None:
        print("calpass-bot: error: give a manifest, as in: python -m bot manifest.yaml", file=sys.stderr)
        return EXIT_INVALID_INPUT
    if args.status:
        return _status(config, args, environ)
    checked = preflight(load_manifest(args.manifest))
    name = args.manifest.name
    missing = [f"{name}: {line}" for line in checked.missing]
    problems = checked.problems + (missing if args.strict else [])
    if problems:
        for warning in checked.warnings + ([] if args.strict else missing):
            print(f"calpass-bot: warning: {warning}", file=sys.stderr)
        raise ManifestError(f"{len(problems)} problem(s)", problems)
    if args.dry_run:
        from bot.plan import plan, target_for

        # The same plan a run makes, from the same ledger: a rehearsal's own with --sandbox.
        account = None if args.sandbox else environ.get("CALPASS_USERNAME")
        target = target_for(
            _out_dir(config, checked.manifest.path), config.site.base_url, sandbox=args.sandbox, account=account
        )
        print(plan_table(checked, missing, plan(checked.files, target, force=args.force)))
        return EXIT_OK
    for warning in checked.warnings + missing:
        print(f"calpass-bot: warning: {warning}", file=sys.stderr)
    return _submit(checked, config, args, environ)


def _status(config: Config, args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    from bot.plan import target_for
    from bot.status_run import StatusRun
    from bot.verdict_look import exit_code

    if args.dry_run or args.sandbox_reset or args.force:
        flag = "--dry-run" if args.dry_run else "--sandbox-reset" if args.sandbox_reset else "--force"
        raise ConfigError(f"{flag} goes with a send, not with status, which only reads the site's list")
    checked = preflight(load_manifest(args.manifest))
    if checked.problems:
        raise ManifestError(f"{len(checked.problems)} problem(s)", checked.problems)
    target = target_for(_out_dir(config, checked.manifest.path), config.site.base_url, sandbox=args.sandbox)
    # A rehearsal's status reads the sandbox that the rehearsals keep in OUT/sandbox/site.
    rehearsal = target.ledger_dir if args.sandbox else None
    with _site(config, args, environ, rehearsal) as (site_config, credentials):
        run = StatusRun(_request(checked, site_config, credentials, target, args), wait_s=(args.wait_verdict or 0) * 60)
        report = run.folder.path / "report.html"
        summary = _pointing_at(report, run.execute)
    print(verdict_table(summary, report))
    return exit_code(summary.files)


def _check_machine(args: argparse.Namespace, environ: Mapping[str, str]) -> None:
    """What this machine lacks for the flags given, said before anything starts (exit 2)."""
    showing = [
        flag for flag, given in (("--headed", args.headed), ("--interactive-login", args.interactive_login)) if given
    ]
    if showing and sys.platform.startswith("linux") and not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY")):
        raise ConfigError(
            f"{showing[0]} shows a browser window, and this session has no display (DISPLAY is not set); "
            "run it from a desktop session, or under xvfb-run"
        )
    if args.video:
        from bot.browser import find_ffmpeg
        from bot.errors import BrowserNotFound

        try:
            find_ffmpeg()
        except BrowserNotFound as exc:
            raise ConfigError(str(exc)) from None


def _sandbox_flags(args: argparse.Namespace) -> list[tuple[str, bool]]:
    return [
        ("--sandbox-variant", args.sandbox_variant is not None),
        ("--sandbox-drift", bool(args.sandbox_drift)),
        ("--sandbox-fault", bool(args.sandbox_fault)),
        ("--sandbox-reset", args.sandbox_reset),
    ]


def _apply_flags(config: Config, args: argparse.Namespace) -> Config:
    if args.headed or args.interactive_login:
        config = config.replace("browser", headless=False)
    if args.slow_mo is not None:
        config = config.replace("browser", slow_mo_ms=max(0, args.slow_mo))
    if args.out is not None:
        config = config.replace("output", dir=str(args.out.resolve()))
    return config


@contextmanager
def _site(
    config: Config, args: argparse.Namespace, environ: Mapping[str, str], rehearsal: Path | None = None
) -> Iterator[tuple[Config, Credentials]]:
    """The site to use and how to log on: the sandbox with its demo account, or the real one. Given a
    rehearsal folder, the sandbox keeps what it holds there from one rehearsal to the next."""
    if not args.sandbox:
        yield config, _credentials(environ)
        return
    try:
        from bot.sandbox import DEMO_PASSWORD, DEMO_USERNAME, Sandbox
        from bot.sandbox.drift import DRIFTS
        from bot.sandbox.faults import Fault
    except ImportError as exc:
        raise ConfigError(
            f"the sandbox needs a package that is not installed ({exc.name}): pip install 'calpass-bot[sandbox]'"
        ) from None
    from bot.sandbox.server import VARIANTS

    if args.sandbox_variant is not None and args.sandbox_variant not in VARIANTS:
        raise ConfigError(
            f"--sandbox-variant: no variant named {args.sandbox_variant}; choose from {', '.join(VARIANTS)}"
        )
    unknown = [name for name in args.sandbox_drift if name not in DRIFTS]
    if unknown:
        raise ConfigError(f"--sandbox-drift: no drift named {', '.join(unknown)}; choose from {', '.join(DRIFTS)}")
    try:
        faults = [Fault.parse(spec) for spec in args.sandbox_fault]
    except ValueError as exc:
        raise ConfigError(f"--sandbox-fault: {exc}") from None
    variant = args.sandbox_variant or "classic"
    storage = rehearsal / "site" if rehearsal is not None else None
    with Sandbox(
        variant, drift=set(args.sandbox_drift), faults=faults, storage=storage, persist=storage is not None
    ) as site:
        log.info("sandbox (%s) running at %s", variant, site.url)
        yield config.replace("site", base_url=site.url), Credentials(DEMO_USERNAME, DEMO_PASSWORD)


def _credentials(environ: Mapping[str, str]) -> Credentials:
    """The environment, else the keyring (if installed), else a prompt when a person is at the terminal."""
    import getpass

    person = sys.stdin.isatty()
    return resolve(
        environ, keyring=system_keyring(), ask=input if person else None, ask_secret=getpass.getpass if person else None
    )


def _submit(checked: Preflight, config: Config, args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    from bot.plan import target_for
    from bot.submission import SubmissionRun

    target = target_for(_out_dir(config, checked.manifest.path), config.site.base_url, sandbox=args.sandbox)
    rehearsal = target.ledger_dir if args.sandbox else None
    if rehearsal is not None and args.sandbox_reset:
        # Rehearsals keep their own ledger and their own site, apart from real runs.
        shutil.rmtree(rehearsal, ignore_errors=True)
    with _site(config, args, environ, rehearsal) as (site_config, credentials):
        run = SubmissionRun(_request(checked, site_config, credentials, target, args))
        report = run.folder.path / "report.html"
        summary = _pointing_at(report, run.execute)
    if args.wait_verdict is not None:
        print(verdict_table(summary, report))
    print(outcome_line(summary, report))
    trouble = summary.duplicated_on_site or any(
        f.status in ("failed", "unknown", "stored_wrongly") for f in summary.files
    )
    if trouble:
        return EXIT_FILE_FAILED
    if args.wait_verdict is not None:
        from bot.verdict_look import exit_code

        return exit_code(summary.files)
    return EXIT_OK


def _request(
    checked: Preflight, config: Config, credentials: Credentials, target: Target, args: argparse.Namespace
) -> RunRequest:
    """What a run of the manifest needs, from the flags: the same for a send and for status."""
    from bot.camera import Recording
    from bot.ports import RunRequest

    return RunRequest(
        checked.manifest,
        checked.files,
        config,
        credentials,
        target.ledger_dir,
        force=args.force,
        interactive_login=args.interactive_login,
        recording=Recording(trace=args.trace, video=args.video),
        stop=args.stop,
        connect=args.connect,
        site_key=target.site,
        live=args.live,
        wait_verdict_s=None if args.wait_verdict is None else args.wait_verdict * 60,
    )


def _out_dir(config: Config, manifest: Path) -> Path:
    """Where run folders and the ledger go: --out as given, else the config's folder, which when
    relative is taken beside the manifest. So the same manifest run from any folder finds the same
    ledger and sends nothing twice."""
    folder = Path(config.output.dir).expanduser()
    return folder if folder.is_absolute() else manifest.resolve().parent / folder


def _pointing_at(report: Path, execute: Callable[[], T]) -> T:
    """Runs a browser run; if it stops, its report still shows how far it got and what the site showed."""
    try:
        return execute()
    except BotError:
        print(f"calpass-bot: report: {report}", file=sys.stderr)
        raise


def _check_site(config: Config, args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    from bot.camera import Recording
    from bot.sitecheck import SiteCheck

    files = []
    if args.manifest is not None:
        checked = preflight(load_manifest(args.manifest))
        if checked.problems:
            raise ManifestError(f"{len(checked.problems)} problem(s)", checked.problems)
        files = [item.planned for item in checked.files]
    with _site(config, args, environ) as (site_config, credentials):
        out = _out_dir(config, args.manifest) if args.manifest is not None else Path(config.output.dir)
        recording = Recording(trace=args.trace, video=args.video)
        check = SiteCheck(site_config, credentials, out, recording=recording, files=files, connect=args.connect)
        report = check.folder.path / "report.html"
        result = _pointing_at(report, check.execute)
    print(check_site_tables(result))
    verdict = "every element was found" if result.all_found else "some elements are missing or unclear"
    print(f"\nSite check: {verdict}. Nothing was uploaded. Report: {report}")
    return EXIT_OK if result.all_found else EXIT_FILE_FAILED
