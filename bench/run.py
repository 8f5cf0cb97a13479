"""Speed and memory of the bot against the shortest hand-written script, on the sandbox.

    .venv/bin/python bench/run.py [--runs 5] [--big-mb 1024] [--report docs/benchmarks.md]

1. Nine ~1 MB CALPADS files, submitted by the bot and by bench/minimal.py (the same clicks and
   screenshots, nothing else), alternately, --runs times each: median wall time of each and
   their ratio. Target: at most 1.25.
2. One --big-mb file sent by the bot: peak memory of the bot's Python process and of its whole
   process tree (Playwright's driver and Chromium), sampled from /proc. Target: bot at most 150 MB.
3. The bot's pre-flight on that file (--dry-run: every check and the hash) against sha256sum.
   Target: at most 1.5 times.

Benchmarks, not tests: CI runs none of this. Linux only (it reads /proc).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.browser import find_system_chromium  # noqa: E402
from bot.sandbox import DEMO_PASSWORD, DEMO_USERNAME, Sandbox  # noqa: E402
from bot.schoolyear import SchoolYear  # noqa: E402
from examples.generate import calpads_records, write_calpads  # noqa: E402

YEAR = SchoolYear(2018)
NINE = ["SENR", "SINF", "SPRG", "SELA", "CRSC", "SCSC", "SCTE", "SDIS", "STAS"]
ENV = {**os.environ, "CALPASS_USERNAME": DEMO_USERNAME, "CALPASS_PASSWORD": DEMO_PASSWORD}


def nine_files(folder: Path) -> list[Path]:
    files = []
    for code in NINE:
        # About 1 MB: records run 150 to 250 bytes.
        path = write_calpads(folder / f"{code}.txt", code, YEAR, count=7700)
        files.append(path)
    return files


def big_file(path: Path, megabytes: int) -> Path:
    """A valid SENR file of the given size, written by repeating a block of records."""
    block = "".join(calpads_records("SENR", YEAR, 40_000)).encode("ascii")
    target = megabytes * 1024 * 1024
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        for _ in range(target // len(block)):
            out.write(block)
        rest = block[: target % len(block)]
        out.write(rest[: rest.rfind(b"\r\n") + 2])  # whole records only
    return path


def manifest(folder: Path, files: list[tuple[str, Path]]) -> Path:
    lines = ["school_year: 2018-19", "files:"] + [f"  - {{type: {code}, path: {path}}}" for code, path in files]
    path = folder / "manifest.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            with contextlib.suppress(OSError):  # the process may end while it is read
                todo += [int(c) for c in (task / "children").read_text().split()]
    return found


def status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def peak_memory(command: list[str]) -> tuple[float, float, float]:
    """Runs a command; returns (seconds, peak MB of its own process, peak MB of its process tree)."""
    start = time.perf_counter()
    child = subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    own = whole = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal own, whole
        while not done.is_set():
            own = max(own, status_kb(child.pid, "VmHWM"))
            whole = max(whole, sum(status_kb(p, "VmRSS") for p in tree(child.pid)))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, err = child.communicate()
    done.set()
    sampler.join()
    if child.returncode != 0:
        raise SystemExit(f"the bot failed: {err.decode()[-500:]}")
    return time.perf_counter() - start, own / 1024, whole / 1024


def pair(work: Path, run: int, nine: Path, files: list[Path], config: Path) -> tuple[float, float]:
    """One run of the bot and one of the minimal script, each on a fresh site, so both face the same
    page however many runs came before."""
    python = sys.executable
    with Sandbox("classic", storage=work / f"site-bot-{run}") as site:
        config.write_text(f"site:\n  base_url: {site.url}\n")
        bot = timed([python, "-m", "bot", str(nine), "--config", str(config), "--out", str(work / f"bot-{run}"), "-q"])
    with Sandbox("classic", storage=work / f"site-minimal-{run}") as site:
        entries = [f"{p.stem}:{YEAR.long}:{p}" for p in files]
        script = [python, str(ROOT / "bench" / "minimal.py"), site.url, DEMO_USERNAME, DEMO_PASSWORD]
        minimal = timed([*script, str(work / f"minimal-{run}"), *entries])
    return bot, minimal


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--big-mb", type=int, default=1024)
    parser.add_argument("--report", type=Path, help="also write the figures as Markdown to this file")
    args = parser.parse_args()
    python = sys.executable
    lines = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    with tempfile.TemporaryDirectory(prefix="calpass-bench-") as tmp:
        work = Path(tmp)
        files = nine_files(work / "nine")
        config = work / "config.yaml"
        nine = manifest(work / "nine", [(p.stem, p) for p in files])
        times = [pair(work, run, nine, files, config) for run in range(args.runs)]
        bot_times, minimal_times = [t[0] for t in times], [t[1] for t in times]
        bot_median, minimal_median = statistics.median(bot_times), statistics.median(minimal_times)
        size = sum(p.stat().st_size for p in files) / 1e6
        say(f"## Nine files ({size:.1f} MB in all), {args.runs} runs each, alternating, a fresh site each run")
        say()
        say("| | median wall time | runs |")
        say("|---|---|---|")
        say(f"| calpass-bot | {bot_median:.2f} s | {', '.join(f'{t:.2f}' for t in bot_times)} |")
        say(f"| minimal script | {minimal_median:.2f} s | {', '.join(f'{t:.2f}' for t in minimal_times)} |")
        say()
        say(f"Ratio bot / minimal script: **{bot_median / minimal_median:.2f}** (target at most 1.25)")
        say()

        big = big_file(work / "big" / "SENR.txt", args.big_mb)
        big_manifest = manifest(work / "big", [("SENR", big)])
        with Sandbox("classic", storage=work / "site-big") as site:
            config.write_text(f"site:\n  base_url: {site.url}\n")
            command = [python, "-m", "bot", str(big_manifest), "--config", str(config), "--out", str(work / "big-out")]
            seconds, own, whole = peak_memory([*command, "-q"])
        say(f"## One {big.stat().st_size / 2**20:,.0f} MiB file")
        say()
        say(f"- sent in {seconds:.1f} s")
        say(f"- peak memory of the bot's Python process: **{own:.0f} MB** (target at most 150 MB)")
        say(f"- peak memory of the whole process tree (bot, Playwright's driver, Chromium): {whole:.0f} MB")
        timed(["sha256sum", str(big)])  # warm the page cache for both
        sha = statistics.median(timed(["sha256sum", str(big)]) for _ in range(3))
        pre = statistics.median(timed([python, "-m", "bot", str(big_manifest), "--dry-run"]) for _ in range(3))
        say(
            f"- pre-flight (`--dry-run`: every check and the SHA-256): {pre:.2f} s; `sha256sum`: {sha:.2f} s; "
            f"ratio **{pre / sha:.2f}** (target at most 1.5)"
        )
        say()
        chromium = subprocess.run(
            [str(find_system_chromium()), "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
        say(
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}, Playwright {version('playwright')}, {chromium}"
        )
    if args.report:
        args.report.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
