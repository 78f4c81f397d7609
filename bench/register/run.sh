#!/usr/bin/env bash
# The register at national scale. Generates 1.5 million units in Enhetsregisteret's CSV format
# (cached between runs), then in one run:
#   1. `sqlite3 db '.mode csv' '.import FILE t'` of that file into a plain table, and
#      `samskap import-brreg FILE` into a fresh database: both times, the ratio (target <= 1.5)
#      and the peak memory (RSS) of our import (target < 200 MB);
#   2. name search over the imported register (bench/register/search_bench.cpp, in process):
#      p50/p99 for one-word and prefix queries, with and without a municipality filter
#      (target p99 < 10 ms).
# Not a test: it reports. Settings: SAMSKAP_BIN (default build/samskap), SAMSKAP_LIB (default
# libsamskap_core.a beside it), BENCH_UNITS (1500000), BENCH_CACHE (where the generated file is
# kept), BENCH_QUERIES (per kind, 2000).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${SAMSKAP_BIN:-build/samskap}
UNITS=${BENCH_UNITS:-1500000}
CACHE=${BENCH_CACHE:-${TMPDIR:-/tmp}/samskap-bench-register}
QUERIES=${BENCH_QUERIES:-2000}

if [[ ! -x $BIN ]]; then
  echo "fant ikke $BIN; bygg først (make build) eller sett SAMSKAP_BIN" >&2
  exit 1
fi
need=()
command -v sqlite3 >/dev/null || need+=(sqlite3)
[[ -x /usr/bin/time ]] || need+=(time)
if ((${#need[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

mkdir -p "$CACHE"
CSV=$CACHE/enheter-$UNITS.csv
if [[ ! -s $CSV ]]; then
  echo "lager $UNITS enheter i $CSV …"
  python3 bench/register/gen.py "$UNITS" "$CSV.tmp"
  mv "$CSV.tmp" "$CSV"
fi
echo "fil: $CSV ($(du -h "$CSV" | cut -f1), $UNITS enheter)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The search driver, compiled against the library the program was built from.
LIB=${SAMSKAP_LIB:-$(dirname "$BIN")/libsamskap_core.a}
[[ -f $LIB ]] || LIB=build/libsamskap_core.a
SEARCH=$work/search_bench
g++ -std=c++20 -O2 -Isrc bench/register/search_bench.cpp "$LIB" \
  -lsqlite3 -lpq -lz -lstemmer $(pkg-config --libs icu-uc icu-i18n) -ldate-tz -pthread -o "$SEARCH"

# Elapsed seconds and peak RSS (KB) from GNU time's -v report.
elapsed() { awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$1"; }
peak_kb() { awk -F': ' '/Maximum resident set size/ {print $2}' "$1"; }

echo "== import: sqlite3 .import mot samskap import-brreg (samme fil, hver sin nye database)"
/usr/bin/time -v -o "$work/sqlite3.time" sqlite3 "$work/plain.db" '.mode csv' ".import $CSV t" >/dev/null
rows=$(sqlite3 "$work/plain.db" 'SELECT count(*) FROM t')
/usr/bin/time -v -o "$work/ours.time" "$BIN" import-brreg --database "sqlite://$work/ours.db" \
  --log-level warn "$CSV" >"$work/ours.out" 2>"$work/ours.err" || {
  cat "$work/ours.err" >&2
  exit 1
}
t_sqlite=$(elapsed "$work/sqlite3.time")
t_ours=$(elapsed "$work/ours.time")
rss=$(peak_kb "$work/ours.time")
printf '  sqlite3 .import        %8.2f s  (%s rader i en vanlig tabell)\n' "$t_sqlite" "$rows"
printf '  samskap import-brreg   %8.2f s  (%s)\n' "$t_ours" "$(head -n 1 "$work/ours.out")"
awk -v a="$t_ours" -v b="$t_sqlite" 'BEGIN { r = a / b; printf "  forhold                %8.2f x  (mål <= 1.5: %s)\n", r, r <= 1.5 ? "nådd" : "IKKE nådd" }'
awk -v k="$rss" 'BEGIN { printf "  toppminne (RSS)        %8.1f MB (mål < 200 MB: %s)\n", k / 1024, k / 1024 < 200 ? "nådd" : "IKKE nådd" }'
printf '  databasefiler          %s (samskap), %s (sqlite3)\n' "$(du -h "$work/ours.db" | cut -f1)" "$(du -h "$work/plain.db" | cut -f1)"
rm -f "$work/plain.db"

echo "== en ny import av samme fil (alt uendret, oppdatering på stedet)"
/usr/bin/time -v -o "$work/rerun.time" "$BIN" import-brreg --database "sqlite://$work/ours.db" \
  --log-level warn "$CSV" >"$work/rerun.out" 2>"$work/rerun.err"
printf '  samskap import-brreg   %8.2f s, toppminne %.1f MB  (%s)\n' "$(elapsed "$work/rerun.time")" \
  "$(awk -v k="$(peak_kb "$work/rerun.time")" 'BEGIN { print k / 1024 }')" "$(head -n 1 "$work/rerun.out")"

echo "== navnesøk (autofullføring) i registeret"
"$SEARCH" "sqlite://$work/ours.db" "$QUERIES"
