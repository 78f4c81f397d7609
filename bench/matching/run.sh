#!/usr/bin/env bash
# Matching at scale: 10 000 published solutions from 500 social enterprises; latency (p50/p99) of
# the suggestions for one need (target p99 under 20 ms) and of the fitting needs for an
# organisation, on SQLite and, when a server can be started, PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${BENCH_SOLUTIONS:-10000}
cmake --build build --target samskap_bench_matching -j2 >/dev/null
work=$(mktemp -d)
trap 'bash tests/support/pg.sh stop "$work/pg" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

echo "== SQLite, $N solutions"
build/samskap_bench_matching "sqlite://$work/match.db" "$N"

if bash tests/support/pg.sh start "$work/pg" >/dev/null 2>&1; then
  echo "== PostgreSQL, $N solutions"
  build/samskap_bench_matching "$(cat "$work/pg/url")" "$N"
fi
