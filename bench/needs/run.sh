#!/usr/bin/env bash
# The marketplace's pages under wrk against nginx serving the same bytes: the needs list (first
# page of 500 published needs), a need's page (as its manager, a visitor and an entrepreneur), and
# the proposals of a need that has 50 of them.
# Not a test: it reports ratios measured in one run each.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${BENCH_NEEDS:-500}
P=${BENCH_PROPOSALS:-50}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
build/samskap demo --database "sqlite://$work/needs.db" --outbox-dir "$work/outbox" >/dev/null
need=$(python3 bench/needs/seed.py "$work/needs.db" "$N" "$P")
# Each page as the demo coordinator (who manages every need); the need's page also as a visitor
# and as a signed-in entrepreneur (who may send a proposal), the page's most common readers.
for case in "/behov admin@example.no" "/behov/$need admin@example.no" "/behov/$need none" \
            "/behov/$need grunder@example.no" "/behov/$need/forslag admin@example.no"; do
  read -r page who <<<"$case"
  echo "== $page as ${who/none/a visitor} ($N needs; need $need has $P proposals)"
  BENCH_DATABASE="sqlite://$work/needs.db" BENCH_PAGE="$page" BENCH_EMAIL="$who" bash bench/run.sh | tail -3
done
