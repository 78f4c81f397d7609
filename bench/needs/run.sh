#!/usr/bin/env bash
# The marketplace's pages under wrk against nginx serving the same bytes: the needs list (first
# page of 500 published needs), a need's page, and the proposals of a need that has 50 of them.
# Not a test: it reports ratios measured in one run each.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${BENCH_NEEDS:-500}
P=${BENCH_PROPOSALS:-50}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
build/samskap demo --database "sqlite://$work/needs.db" --outbox-dir "$work/outbox" >/dev/null
need=$(python3 bench/needs/seed.py "$work/needs.db" "$N" "$P")
for page in /behov "/behov/$need" "/behov/$need/forslag"; do
  echo "== $page ($N needs; need $need has $P proposals)"
  BENCH_DATABASE="sqlite://$work/needs.db" BENCH_PAGE="$page" bash bench/run.sh | tail -3
done
