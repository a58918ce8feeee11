#!/usr/bin/env bash
# One command: set up everything and run the platform with demo data on SQLite, Celery eager.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh

export DJANGO_SETTINGS_MODULE=schools_platform.settings.dev
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py setup_roles
.venv/bin/python manage.py seed_demo --scale small --seed "${SEED:-2026}"

cat <<TXT

The platform is starting at  http://$HOST:$PORT/
  Sign in at                  http://$HOST:$PORT/accounts/login/
  Council officers' admin at  http://$HOST:$PORT/admin/
Stop it with Ctrl+C. Run this command again at any time; it keeps your data.

TXT
exec .venv/bin/python manage.py runserver "$HOST:$PORT"
