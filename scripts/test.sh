#!/usr/bin/env bash
# The other command: run the whole test suite. Extra arguments go to pytest.
# DATABASE_URL=postgres://... runs it on PostgreSQL; browser tests need /usr/bin/chromium and
# the worker test needs Redis (both skip locally when missing, and fail the run in CI).
# TEST_PROCESSES=auto (one per CPU) or =N runs it in parallel with pytest-xdist; the default, 0,
# is one process until parallel runs are proven on both databases (docs/testing.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
exec .venv/bin/python -m pytest --numprocesses "${TEST_PROCESSES:-0}" "$@"
