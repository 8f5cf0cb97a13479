"""Set up, then run the demo or the tests, the same way on Windows, macOS and Linux.

    python scripts/dev.py demo    # set up, then submit the example files to the built-in sandbox
    python scripts/dev.py test    # set up, then ruff, mypy, the workflows and the fast tier of tests
    python scripts/dev.py test --all   # ... and the browser tier too
    python scripts/dev.py check-demo   # after demo: every file submitted, and stored by the sandbox

(On Windows: `py scripts\\dev.py demo`.) It makes .venv/ beside this folder, installs calpass-bot
with its test tools there, and makes sure a Chromium starts: one the bot already finds, else
Playwright's own download. A second run skips what is already installed. Linux machines may use
scripts/demo.sh and scripts/test.sh instead, which can also install Debian's chromium package.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
STAMP = VENV / ".calpass-installed"


def venv_python() -> Path:
    folder = "Scripts" if os.name == "nt" else "bin"
    return VENV / folder / ("python.exe" if os.name == "nt" else "python")


def run(*args: str | Path, check: bool = True) -> int:
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.run([str(a) for a in args], cwd=ROOT, check=check).returncode


def setup() -> Path:
    python = venv_python()
    if not python.exists():
        print("setup: making .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes() + (ROOT / "constraints.txt").read_bytes()
    ).hexdigest()
    if not STAMP.exists() or STAMP.read_text().strip() != wanted:
        print("setup: installing calpass-bot and its test tools into .venv", flush=True)
        run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--upgrade", "pip")
        pinned = ("-c", "constraints.txt")
        run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *pinned, "-e", ".[test]")
        STAMP.write_text(wanted)
    else:
        print("setup: .venv is up to date", flush=True)
    # A Chromium, in the order the bot itself prefers; downloaded only when none starts.
    if run(python, "-m", "bot", "--which-browser", "--quiet", check=False) != 0:
        print("setup: no Chromium starts here; downloading Playwright's own", flush=True)
        run(python, "-m", "playwright", "install", "chromium")
        run(python, "-m", "bot", "--which-browser", "--quiet")
    return python


def check_demo() -> int:
    """The demo's last run, judged by what the sandbox stored, not by what the bot printed: every file
    of its summary `submitted`, and held by the sandbox with its bytes' hash, type and year."""
    rehearsal = ROOT / "recordings" / "sandbox"  # where demo (and scripts/demo.sh) puts it
    runs = sorted(p for p in rehearsal.iterdir() if p.is_dir() and p.name[:1].isdigit())
    summary = json.loads((runs[-1] / "summary.json").read_text(encoding="utf-8"))
    held = json.loads((rehearsal / "site" / "submissions.json").read_text(encoding="utf-8"))
    stored = {(s["sha256"], s["file_type"], s["school_year"]) for s in held}
    wrong = [
        f"{f['path']}: {f['status']}"
        for f in summary["files"]
        if f["status"] != "submitted" or (f["sha256"], f["type"], f["school_year"]) not in stored
    ]
    for line in wrong:
        print(f"check-demo: {line} (or not stored by the sandbox)", file=sys.stderr)
    print(f"check-demo: {len(summary['files']) - len(wrong)} of {len(summary['files'])} files submitted and stored")
    return 1 if wrong or not summary["files"] else 0


def ci_example(python: Path) -> int:
    """The district's CI example, step by step, against this checkout: it must work as written. Its
    steps are bash, as the Ubuntu job it is written for runs them: skipped where there is no bash."""
    if os.name == "nt" or shutil.which("bash") is None:
        print("ci-example: skipped (its steps are bash, for an Ubuntu runner)", flush=True)
        return 0
    done = subprocess.run([str(python), "scripts/ci_example.py"], cwd=ROOT, capture_output=True, text=True, check=False)
    print(done.stdout if done.returncode else done.stdout.strip().splitlines()[-1], flush=True)
    if done.returncode:
        print(done.stderr, file=sys.stderr, flush=True)
    return done.returncode


def test(python: Path, *, browser_tier: bool) -> int:
    """Every check, in the one order scripts/test.sh (and so CI) runs them too: lint, types as each
    system, the workflows, the CI example, the fast tier (and, on Linux, as Windows and macOS would
    run it), then with --all the browser tier. Stops at the first that fails."""
    workflows = [str(p.relative_to(ROOT)) for p in sorted((ROOT / ".github" / "workflows").glob("*.yml"))]
    steps: list[tuple[str, list[str | Path]]] = [
        ("ruff", [python, "-m", "ruff", "check", "."]),
        ("ruff format", [python, "-m", "ruff", "format", "--check", "."]),
    ]
    for system in ("linux", "win32", "darwin"):
        steps.append((f"mypy as {system}", [python, "-m", "mypy", "--platform", system]))
    schema = ["--builtin-schema", "vendor.github-workflows", *workflows, "examples/ci/github-workflow.yml"]
    steps.append(("workflows", [python, "-m", "check_jsonschema", *schema]))
    for name, command in steps:
        print(f"== {name}", flush=True)
        if run(*command, check=False) != 0:
            return 1
    print("== the CI example", flush=True)
    if ci_example(python) != 0:
        return 1
    # The fast tier first (the run's decisions, no subprocess): it must cover 85% of the bot outside
    # the sandbox.
    print("== fast tier", flush=True)
    fast = ["-m", "pytest", "-m", "not e2e", "-n", "auto", "--cov=bot", "--cov-report=term", "--cov-fail-under=85"]
    if run(python, *fast, check=False) != 0:
        return 1
    # On Linux, the same tier as the other two systems would run it (sys.platform set, POSIX names
    # removed); on Windows and macOS the real system runs it.
    for system in ("win32", "darwin") if sys.platform.startswith("linux") else ():
        print(f"== fast tier as {system}", flush=True)
        if run(python, "-m", "pytest", "-m", "not e2e", "-n", "auto", "-q", "--as-system", system, check=False):
            return 1
    if not browser_tier:
        return 0
    # Two workers a core: each test spends about half its time waiting on its browser or the sandbox.
    workers = str(min(2 * (os.cpu_count() or 1), 8))
    print(f"== browser tier ({workers} workers)", flush=True)
    return run(python, "-m", "pytest", "-m", "e2e", "-n", workers, check=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["demo", "test", "setup", "check-demo"])
    parser.add_argument("--all", action="store_true", help="with test: the browser tier too")
    args = parser.parse_args(argv)
    if args.what == "check-demo":
        return check_demo()
    python = setup()
    if args.what == "demo":
        return run(
            python,
            "-m",
            "bot",
            "examples/manifest.yaml",
            "--sandbox",
            "--sandbox-reset",
            "--out",
            "recordings",
            check=False,
        )
    if args.what == "test":
        return test(python, browser_tier=args.all)
    return 0


if __name__ == "__main__":
    sys.exit(main())
