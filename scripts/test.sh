#!/usr/bin/env bash
# The other command: run the whole test suite. Extra arguments go to pytest.
# DATABASE_URL=postgres://... runs it on PostgreSQL; browser tests need /usr/bin/chromium and
# the worker test needs Redis (both skip locally when missing, and fail the run in CI).
# It runs in parallel with pytest-xdist, one worker per CPU up to four (each worker's Celery tests
# use a Redis database of their own, 12 to 15; docs/testing.md). TEST_PROCESSES=N picks another
# number, TEST_PROCESSES=0 runs it in one process (easier to debug with pdb).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
if [ -z "${TEST_PROCESSES:-}" ]; then
  cpus=$(nproc 2>/dev/null || echo 1)
  if [ "$cpus" -gt 4 ]; then TEST_PROCESSES=4; elif [ "$cpus" -lt 2 ]; then TEST_PROCESSES=0; else TEST_PROCESSES=$cpus; fi
fi
exec .venv/bin/python -m pytest --numprocesses "$TEST_PROCESSES" "$@"
