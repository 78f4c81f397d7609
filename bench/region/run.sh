#!/usr/bin/env bash
# The region view under wrk against nginx serving the same bytes: 1 000 organisations × 5 years ×
# 20 shared indicators (two measurements a year each), Ferd's figures for every year; the whole
# region, and one municipality and year. Not a test: it reports ratios measured in one run each.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${BENCH_ORGANISATIONS:-1000}
Y=${BENCH_YEARS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
build/samskap demo --database "sqlite://$work/region.db" --outbox-dir "$work/outbox" >/dev/null
python3 bench/region/seed.py "$work/region.db" "$N" "$Y"
for page in /effekt/region "/effekt/region?kommune=3907&aar=2026"; do
  echo "== $page ($N organisations × $Y years × 20 indicators)"
  BENCH_DATABASE="sqlite://$work/region.db" BENCH_PAGE="$page" bash bench/run.sh | tail -4
done
