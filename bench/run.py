"""Speed and memory of the bot against the shortest honest script, on the sandbox.

    .venv/bin/python bench/run.py [--sizes 1 9 30 100] [--runs 3] [--big-mb 1024] [--report FILE]

1. For each manifest size (small CALPADS files, nine types over as many years as it takes), the bot
   and bench/minimal.py (the same clicks and screenshots with the fewest calls: the sandbox's own
   ids, viewport screenshots) run alternately, --runs times each, each on a fresh sandbox site so
   both face the same growing list of submissions. Reported: median wall time of each, their
   ratio, and the peak memory of the bot's Python process. Then wall = a + b * files is fitted to
   the medians of both, and the per-file costs b are compared.
   Targets: ratio at most 1.25 at 9 files and 1.3 at 30 and 100; per-file cost at most 1.3 times
   the script's; peak memory at most 80 MB at 100 files.
2. One --big-mb file sent by the bot: the peak memory of its Python process (target 150 MB) and of
   the whole process tree; its pre-flight (every record's year read) against 10 s and sha256sum.
3. The run folder: report.html with its images against the screenshots it shows (target 1.1).

Benchmarks, not tests: CI runs none of this. Linux only (it reads /proc).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.browser import describe_chromium  # noqa: E402
from bot.config import BrowserSettings  # noqa: E402
from bot.samples import calpads_records, write_calpads  # noqa: E402
from bot.sandbox import DEMO_PASSWORD, DEMO_USERNAME, Sandbox  # noqa: E402
from bot.schoolyear import SchoolYear  # noqa: E402

NINE = ["SENR", "SINF", "SPRG", "SELA", "CRSC", "SCSC", "SCTE", "SDIS", "STAS"]
ENV = {**os.environ, "CALPASS_USERNAME": DEMO_USERNAME, "CALPASS_PASSWORD": DEMO_PASSWORD}
PYTHON = sys.executable


@dataclass(frozen=True)
class Item:
    code: str
    year: SchoolYear
    path: Path


def files_for(folder: Path, count: int) -> list[Item]:
    """count small files (about 20 KB): the nine CALPADS types, then the same for the year before."""
    items = []
    for n in range(count):
        code, year = NINE[n % 9], SchoolYear(2023 - n // 9)
        path = write_calpads(folder / year.short / f"{code}.txt", code, year, count=100)
        items.append(Item(code, year, path))
    return items


def big_file(path: Path, megabytes: int) -> Path:
    """A valid SENR file of the given size, written by repeating a block of records."""
    year = SchoolYear(2018)
    block = "".join(calpads_records("SENR", year, 40_000)).encode("ascii")
    target = megabytes * 1024 * 1024
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        for _ in range(target // len(block)):
            out.write(block)
        rest = block[: target % len(block)]
        out.write(rest[: rest.rfind(b"\r\n") + 2])  # whole records only
    return path


def manifest(folder: Path, items: list[Item]) -> Path:
    lines = ["files:"] + [f"  - {{type: {i.code}, school_year: {i.year.short}, path: {i.path}}}" for i in items]
    path = folder / "manifest.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


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


def measured(command: list[str]) -> tuple[float, float, float]:
    """Runs a command; returns (seconds, peak MB of its own process, peak MB of its process tree)."""
    start = time.perf_counter()
    child = subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    own = whole = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal own, whole
        while not done.is_set():
            # VmHWM is the kernel's own high-water mark: no peak between two samples is missed.
            own = max(own, status_kb(child.pid, "VmHWM"))
            whole = max(whole, sum(status_kb(p, "VmRSS") for p in tree(child.pid)))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, err = child.communicate()
    done.set()
    sampler.join()
    if child.returncode != 0:
        raise SystemExit(f"{command[1]} failed: {err.decode()[-800:]}")
    return time.perf_counter() - start, own / 1024, whole / 1024


@dataclass
class Size:
    files: int
    bot: list[float]
    script: list[float]
    memory: list[float]
    report_ratio: float

    @property
    def ratio(self) -> float:
        return statistics.median(self.bot) / statistics.median(self.script)


def one_size(work: Path, count: int, runs: int) -> Size:
    folder = work / f"files-{count}"
    items = files_for(folder, count)
    plan = manifest(folder, items)
    config = work / "config.yaml"
    bot, script, memory, report = [], [], [], 0.0
    for run in range(runs):
        with Sandbox("classic", storage=work / f"site-bot-{count}-{run}") as site:
            config.write_text(f"site:\n  base_url: {site.url}\n")
            out = work / f"bot-{count}-{run}"
            seconds, own, _ = measured(
                [PYTHON, "-m", "bot", str(plan), "--config", str(config), "--out", str(out), "-q"]
            )
            stored = len(site.submissions)
        if stored != count:
            raise SystemExit(f"the bot left {stored} of {count} files on the site")
        bot.append(seconds)
        memory.append(own)
        report = report_size_ratio(next(p for p in out.iterdir() if (p / "report.html").is_file()))
        with Sandbox("classic", storage=work / f"site-script-{count}-{run}") as site:
            entries = [f"{i.code}:{i.year.long}:{i.path}" for i in items]
            command = [PYTHON, str(ROOT / "bench" / "minimal.py"), site.url, DEMO_USERNAME, DEMO_PASSWORD]
            seconds, _, _ = measured([*command, str(work / f"script-{count}-{run}"), *entries])
        script.append(seconds)
        print(f"  {count} files, run {run + 1}: bot {bot[-1]:.2f} s ({own:.0f} MB), script {seconds:.2f} s", flush=True)
    return Size(count, bot, script, memory, report)


def report_size_ratio(run_folder: Path) -> float:
    """report.html and every image it shows, against the screenshots themselves."""
    html = (run_folder / "report.html").read_text()
    shown = set(re.findall(r'src="([^":]+\.png)"', html))
    pictures = sum((run_folder / name).stat().st_size for name in shown)
    screenshots = sum(p.stat().st_size for p in run_folder.glob("*.png"))
    return (len(html.encode()) + pictures) / max(screenshots, 1)


def fit(sizes: list[int], walls: list[float]) -> tuple[float, float]:
    slope, intercept = statistics.linear_regression(sizes, walls)
    return intercept, slope


def big_one(work: Path, megabytes: int, say: Callable[[str], None]) -> None:
    big = big_file(work / "big" / "SENR.txt", megabytes)
    big_manifest = manifest(work / "big", [Item("SENR", SchoolYear(2018), big)])
    config = work / "config.yaml"
    with Sandbox("classic", storage=work / "site-big") as site:
        config.write_text(f"site:\n  base_url: {site.url}\n")
        command = [PYTHON, "-m", "bot", str(big_manifest), "--config", str(config), "--out", str(work / "big-out")]
        seconds, own, whole = measured([*command, "-q"])
    say(f"## One {big.stat().st_size / 2**20:,.0f} MiB file")
    say("")
    say(f"- sent in {seconds:.1f} s")
    say(f"- peak memory of the bot's Python process: **{own:.0f} MB** (target at most 150 MB)")
    say(f"- peak memory of the whole process tree (bot, Playwright's driver, Chromium): {whole:.0f} MB")
    subprocess.run(["sha256sum", str(big)], check=True, capture_output=True)  # warm the page cache
    sha = statistics.median(measured(["sha256sum", str(big)])[0] for _ in range(3))
    dry = [PYTHON, "-m", "bot", str(big_manifest), "--dry-run"]
    pre = statistics.median(measured(dry)[0] for _ in range(3))
    say(
        f"- pre-flight (`--dry-run`: every check and the SHA-256): {pre:.2f} s; `sha256sum`: {sha:.2f} s; "
        f"ratio {pre / sha:.2f}; target: under 10 s ({'met' if pre < 10 else 'missed'})"
    )
    say("")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 9, 30, 100])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--big-mb", type=int, default=1024, help="0 to skip the big file")
    parser.add_argument("--report", type=Path, help="also write the figures as Markdown to this file")
    args = parser.parse_args()
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    with tempfile.TemporaryDirectory(prefix="calpass-bench-") as tmp:
        work = Path(tmp)
        results = [one_size(work, count, args.runs) for count in args.sizes]
        say(f"## Wall time and memory, {args.runs} runs each, alternating, a fresh site each run")
        say()
        say("| files | bot, median | script, median | bot / script | bot's peak memory | report / screenshots |")
        say("|---|---|---|---|---|---|")
        for r in results:
            target = {9: "(≤ 1.25)", 30: "(≤ 1.3)", 100: "(≤ 1.3)"}.get(r.files, "(no target)")
            say(
                f"| {r.files} | {statistics.median(r.bot):.2f} s | {statistics.median(r.script):.2f} s "
                f"| **{r.ratio:.2f}** {target} | {max(r.memory):.0f} MB | {r.report_ratio:.2f} |"
            )
        say()
        if len(results) > 1:
            counts = [r.files for r in results]
            a_bot, b_bot = fit(counts, [statistics.median(r.bot) for r in results])
            a_script, b_script = fit(counts, [statistics.median(r.script) for r in results])
            say(f"- bot: wall = {a_bot:.2f} s + {b_bot:.3f} s × files")
            say(f"- script: wall = {a_script:.2f} s + {b_script:.3f} s × files")
            say(f"- per-file cost, bot / script: **{b_bot / b_script:.2f}** (target at most 1.3)")
            say()
        say("Every run, in seconds:")
        say()
        for r in results:
            say(
                f"- {r.files} files: bot {', '.join(f'{t:.2f}' for t in r.bot)}; "
                f"script {', '.join(f'{t:.2f}' for t in r.script)}"
            )
        say()

        if args.big_mb:
            big_one(work, args.big_mb, say)
        # The browser both the bot and the script took, named as --which-browser names it.
        say(
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}, {describe_chromium(BrowserSettings())}"
        )
    if args.report:
        args.report.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
