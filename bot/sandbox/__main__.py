"""Run the sandbox alone, for a person to rehearse the submission in a browser."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bot.sandbox import DEMO_PASSWORD, DEMO_USERNAME, VARIANTS, Sandbox


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.sandbox",
        description="Serve the local replica of the Cal-PASS Plus submission flow on 127.0.0.1.",
        epilog="Example: python -m bot.sandbox --variant loader --port 8000, then open http://127.0.0.1:8000",
    )
    parser.add_argument(
        "--variant", choices=VARIANTS, default="classic", help="which markup to serve (default classic)"
    )
    parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000; 0 picks a free one)")
    parser.add_argument("--storage", type=Path, help="folder that keeps uploaded files (default: a temporary one)")
    args = parser.parse_args(argv)
    with Sandbox(args.variant, port=args.port, storage=args.storage) as site:
        print(f"Sandbox ({args.variant}) at {site.url}/User/Login")
        print(f"Demo account: user name {DEMO_USERNAME}, password {DEMO_PASSWORD}")
        print("Uploads are kept in", site.state.storage, "- press Ctrl-C to stop.")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print("\nstopped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
