#!/usr/bin/env bash
# The other command: run the whole test suite. Extra arguments go to pytest.
# DATABASE_URL=postgres://... runs it on PostgreSQL; browser tests need /usr/bin/chromium and
# the worker test needs Redis (both skip locally when missing, and fail the run in CI).
# In parallel (pytest-xdist, docs/testing.md): one process per CPU, or TEST_PROCESSES of them
# (TEST_PROCESSES=0: one process, no xdist); tests that use Redis run one at a time in one
# process (their xdist group, --dist loadgroup).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
exec .venv/bin/python -m pytest --numprocesses "${TEST_PROCESSES:-auto}" --dist loadgroup "$@"
