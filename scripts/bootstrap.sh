#!/usr/bin/env bash
# Shared by scripts/demo.sh and scripts/test.sh: checks prerequisites, then creates or updates
# the virtual environment, the Python and npm dependencies and the GOV.UK Frontend assets.
# Safe to run again: each step is skipped when its inputs have not changed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

fail() { printf '\nError: %s\n' "$1" >&2; exit 1; }

PYTHON=${PYTHON:-}
if [ -z "$PYTHON" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
      PYTHON=$candidate; break
    fi
  done
fi
if [ -n "$PYTHON" ] && ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
  fail "PYTHON=$PYTHON is not Python 3.11. Point it at a Python 3.11 interpreter."
fi
[ -n "$PYTHON" ] || fail "Python 3.11 is needed (python3.11 or python3 on PATH). Install it, or set PYTHON=/path/to/python3.11."
command -v node >/dev/null 2>&1 || fail "Node.js is needed to build the GOV.UK Frontend assets. Install Node.js 20 or later (it includes npm)."
command -v npm >/dev/null 2>&1 || fail "npm is needed to install GOV.UK Frontend. Install npm (it comes with Node.js)."

stamp() { sha256sum "$@" | sha256sum | cut -c1-16; }

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "Creating the virtual environment in .venv"
  rm -rf .venv
  "$PYTHON" -m venv .venv || fail "could not create a virtual environment (on Debian: apt-get install python3.11-venv)."
fi

want=$(stamp pyproject.toml)
if [ "$(cat .venv/.installed 2>/dev/null)" != "$want" ]; then
  echo "Installing Python dependencies"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[dev]"
  echo "$want" > .venv/.installed
fi

want=$(stamp package.json package-lock.json)
if [ "$(cat node_modules/.installed 2>/dev/null)" != "$want" ]; then
  echo "Installing npm dependencies (GOV.UK Frontend)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > node_modules/.installed
fi

want=$(stamp package-lock.json scripts/build-frontend.mjs schools_platform/static_src/scss/*.scss)
if [ "$(cat schools_platform/static/.built 2>/dev/null)" != "$want" ] || [ ! -f schools_platform/static/css/app.css ]; then
  echo "Building the front-end assets"
  node scripts/build-frontend.mjs
  echo "$want" > schools_platform/static/.built
fi
