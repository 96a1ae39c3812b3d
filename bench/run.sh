#!/usr/bin/env bash
# Seed a benchmark catalogue, serve it with gunicorn in production mode and measure the APIs.
# PostgreSQL and Redis on this machine by default; results go to stdout as Markdown tables.
#   bash bench/run.sh                  # 2,000 users, 20,000 tracks, 1,000,000 plays
#   BENCH_PLAYS=200000 bash bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DB_NAME=${BENCH_DB_NAME:-musewave_bench}
PORT=${BENCH_PORT:-5055}
WORKERS=${BENCH_WORKERS:-2}
export DATABASE_URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/$DB_NAME}
export REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/3}
export DEBUG=false SECRET_KEY=benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz
export ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=false
# Measure the application, not the abuse limits: one client address sends every request.
export THROTTLE_WRITE_IP=off THROTTLE_WRITE_USER=off PLAY_REPLAY_SECONDS=0

make install >/dev/null
if [[ $DATABASE_URL == postgres* ]]; then
  psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'" \
    | grep -q 1 || psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE $DB_NAME" >/dev/null
fi
.venv/bin/python manage.py migrate --noinput -v0
echo "## Seeding"
/usr/bin/time -f "seed_demo: %e s wall, %M KiB max RSS" .venv/bin/python manage.py seed_demo \
  --users "${BENCH_USERS:-2000}" --tracks "${BENCH_TRACKS:-20000}" --plays "${BENCH_PLAYS:-1000000}" \
  2>&1 | grep -v '%|' || true
.venv/bin/python manage.py collectstatic --noinput -v0

.venv/bin/gunicorn config.wsgi --workers "$WORKERS" --bind "127.0.0.1:$PORT" \
  --pid /tmp/musewave-bench.pid --daemon --log-level warning
trap 'kill "$(cat /tmp/musewave-bench.pid)" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PORT/musewave/tracks/?limit=1" >/dev/null && break; sleep 0.2; done

echo "## Load ($WORKERS gunicorn workers, 8 client threads)"
.venv/bin/python bench/load.py --base "http://127.0.0.1:$PORT" --concurrency 8 \
  --requests "${BENCH_REQUESTS:-2000}" --seconds "${BENCH_SECONDS:-20}"
