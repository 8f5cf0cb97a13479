"""Run the shell steps of examples/ci/github-workflow.yml's smoke job against this checkout, so the
example a district copies cannot rot: the install line takes the local package instead of the git
URL, and Playwright's browser download is left out (setup has found a Chromium already).

    .venv/bin/python scripts/ci_example.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / "examples" / "ci" / "github-workflow.yml"
GIT_INSTALL = '"calpass-bot[sandbox] @ git+https://github.com/YOUR-ORG/calpass-bot"'


def local(line: str) -> str | None:
    """The step's line as it runs here; None to leave it out."""
    if line.strip().startswith("python -m playwright install"):
        return None
    return line.replace(GIT_INSTALL, f'-e "{ROOT}[sandbox]" --quiet --disable-pip-version-check')


def main() -> int:
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["smoke"]["steps"]
    scripts = [(s.get("name", "step"), s["run"]) for s in steps if "run" in s]
    if GIT_INSTALL not in "".join(run for _, run in scripts):
        print(f"ci-example: the install line no longer reads {GIT_INSTALL}; update this script", file=sys.stderr)
        return 1
    # The venv's python and pip, as setup-python puts them first on the PATH.
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    with tempfile.TemporaryDirectory(prefix="calpass-ci-example-") as work:
        for name, run in scripts:
            lines = [kept for line in run.splitlines() if (kept := local(line)) is not None]
            print(f"ci-example: {name}", flush=True)
            done = subprocess.run(["bash", "-euo", "pipefail", "-c", "\n".join(lines)], cwd=work, env=env, check=False)
            if done.returncode != 0:
                print(f"ci-example: the step {name!r} failed (exit {done.returncode})", file=sys.stderr)
                return done.returncode
    print("ci-example: every step of the smoke job passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
