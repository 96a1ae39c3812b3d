#!/usr/bin/env bash
# bench/compare.py at 20,000 and 100,000 tracks on SQLite and PostgreSQL, then bench/plot.py.
#   bash bench/compare.sh                      # label "after", results in bench/results/
#   LABEL=before OUT=/tmp/before bash bench/compare.sh
set -euo pipefail
cd "$(dirname "$0")/.."
LABEL=${LABEL:-after}
OUT=${OUT:-bench/results}
PLAYS=${BENCH_PLAYS:-500000}
HOT=${BENCH_HOT_PLAYS:-10000,30000,100000}
ROUNDS=${BENCH_ROUNDS:-100}
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
mkdir -p "$OUT"
for tracks in 20000 100000; do
  name="compare_${LABEL}_${tracks}"
  psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='$name'" \
    | grep -q 1 || psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE $name" >/dev/null
  for url in "sqlite:////tmp/$name.sqlite3" "$PG/$name"; do
    engine=${url%%:*}
    .venv/bin/python bench/compare.py --database-url "$url" --tracks "$tracks" --plays "$PLAYS" \
      --hot-plays "$HOT" --rounds "$ROUNDS" --label "$LABEL" \
      --out "$OUT/$LABEL-$engine-$tracks.json"
  done
done
.venv/bin/python bench/plot.py "$OUT"/*.json --out bench/figures
