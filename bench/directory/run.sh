#!/usr/bin/env bash
# The directory at national scale: 10 000 organisations; search latency (p50/p99) for one-word
# and prefix queries with a filter on SQLite and, when a server can be started, PostgreSQL;
# then the directory list page under wrk against nginx serving the same bytes.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${BENCH_ORGANISATIONS:-10000}
cmake --build build --target samskap_bench_directory -j2 >/dev/null
work=$(mktemp -d)
trap 'bash tests/support/pg.sh stop "$work/pg" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

echo "== SQLite, $N organisations"
build/samskap demo --database "sqlite://$work/dir.db" --outbox-dir "$work/outbox" >/dev/null
build/samskap_bench_directory "sqlite://$work/dir.db" "$N"

if bash tests/support/pg.sh start "$work/pg" >/dev/null 2>&1; then
  echo "== PostgreSQL, $N organisations"
  build/samskap_bench_directory "$(cat "$work/pg/url")" "$N"
fi

echo "== /aktorer (first page of $N) against nginx"
BENCH_DATABASE="sqlite://$work/dir.db" BENCH_PAGE=/aktorer bash bench/run.sh
