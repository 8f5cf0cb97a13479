#!/usr/bin/env bash
# Sets up everything calpass-bot needs in ./.venv, and makes sure a usable Chromium exists.
# Sourced by demo.sh and test.sh; safe to run again (it only installs what is missing).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON=${PYTHON:-python3}
as_root() { [ "$(id -u)" = 0 ]; }

if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    if as_root && command -v apt-get >/dev/null; then
      echo "setup: installing python3-venv (Debian's Python ships without it)"
      apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
      "$PYTHON" -m venv .venv
    else
      echo "setup: cannot create a virtualenv; install python3-venv (sudo apt-get install python3-venv)" >&2
      exit 1
    fi
  fi
fi
# Installed again only when pyproject.toml or constraints.txt changed since the last install: a
# second run takes seconds.
stamp=".venv/.calpass-installed"
wanted=$(.venv/bin/python -c 'import hashlib; print(hashlib.sha256(open("pyproject.toml","rb").read() + open("constraints.txt","rb").read()).hexdigest())')
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "setup: installing calpass-bot and its test tools into .venv"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[test]"
  echo "$wanted" > "$stamp"
else
  echo "setup: .venv is up to date"
fi

# Debian's Chromium for headless runs, beside the full one (Playwright's own download has it already).
# It draws no window, so each page of a run, and of the tests, costs less than half the processor
# time. Succeeds only when it installed it; $1 is the browser the bot found.
headless_shell() {
  case "$1" in *"(system Chromium:"*) ;; *) return 1 ;; esac
  as_root && command -v apt-get >/dev/null && ! command -v chromium-headless-shell >/dev/null || return 1
  echo "setup: installing Debian's chromium-headless-shell package, the Chromium for runs with no window"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null 2>&1 && return 0
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null \
    && return 0
  echo "setup: could not install chromium-headless-shell; the full Chromium does the same, more slowly"
  return 1
}

# A Chromium, in the order the bot itself prefers: Playwright's own, else a system one. Nothing is
# downloaded or installed when the bot already finds one that starts.
if found=$(.venv/bin/python -m bot --which-browser --quiet 2>/dev/null); then
  if headless_shell "$found"; then found=$(.venv/bin/python -m bot --which-browser --quiet); fi
  echo "setup: $found"
  exit 0
fi
echo "setup: trying Playwright's own Chromium download"
limit=""; command -v timeout >/dev/null && limit="timeout 900"
$limit .venv/bin/python -m playwright install chromium >/dev/null 2>&1 \
  || echo "setup: Playwright's download did not work here; looking for a system Chromium"
if ! .venv/bin/python -m bot --which-browser --quiet >/dev/null 2>&1; then
  if as_root && command -v apt-get >/dev/null; then
    echo "setup: installing Debian's chromium and chromium-headless-shell packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null 2>&1 || true
  else
    echo "setup: no usable Chromium. Install one, then run this again:" >&2
    echo "  Debian/Ubuntu: sudo apt-get install chromium   (or: .venv/bin/python -m playwright install --with-deps chromium)" >&2
    echo "  macOS/Windows: install Google Chrome, or run: .venv/bin/python -m playwright install chromium" >&2
    exit 1
  fi
fi
found=$(.venv/bin/python -m bot --which-browser --quiet)
if headless_shell "$found"; then found=$(.venv/bin/python -m bot --which-browser --quiet); fi
echo "setup: $found"
