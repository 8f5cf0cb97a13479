"""The examples' synthetic files: `python examples/generate.py` writes this folder's extracts/ and
scores/ for 2018-19; every option of `python -m bot.samples` works here too (--out defaults to this
folder)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.samples import main

if __name__ == "__main__":
    argv = sys.argv[1:]
    sys.exit(main(argv if "--out" in argv else [*argv, "--out", str(Path(__file__).parent)]))
