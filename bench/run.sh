#!/usr/bin/env bash
# Benchmarks at authority scale; arguments go to bench/run.py (see docs/benchmarks.md).
#   bash bench/run.sh [--skip-load] [--skip-import] [--strict] [--database-url postgres://...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -x .venv/bin/gunicorn ] || [ ! -f schools_platform/static/css/app.css ]; then
  bash scripts/bootstrap.sh
fi
exec .venv/bin/python bench/run.py "$@"
