#!/usr/bin/env bash
# Throughput of a database-backed list page (the admin's user list, 50 rows, signed in)
# against nginx serving the same bytes as a static file, interleaved in one run.
# Prints requests/s, p50/p99 latency and the ratio. Not a test: it reports.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${SAMSKAP_BIN:-build/samskap}
DURATION=${BENCH_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
ROUNDS=${BENCH_ROUNDS:-2}
PAGE=${BENCH_PAGE:-/admin/brukere}
DATABASE=${BENCH_DATABASE:-}  # an existing database URL; default: a fresh one with demo data

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v curl >/dev/null || need+=(curl)
if ((${#need[@]})); then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d)
trap 'kill $(cat "$work"/*.pid 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
APP_PORT=$(free_port); NGINX_PORT=$(free_port)

# The application with demo data, access log off (nginx's is off too).
SAMSKAP_ACCESS_LOG=false SAMSKAP_THREADS=2 SAMSKAP_LOG_LEVEL=warn \
  "$BIN" serve --demo --database "${DATABASE:-sqlite://$work/bench.db}" --listen "127.0.0.1:$APP_PORT" \
  --outbox-dir "$work/outbox" >"$work/app.log" 2>&1 &
echo $! >"$work/app.pid"
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$APP_PORT/healthz" >/dev/null && break; sleep 0.1; done

# Sign in (as the demo admin unless BENCH_EMAIL names another demo user; BENCH_EMAIL=none stays a
# visitor) to get a session cookie.
EMAIL=${BENCH_EMAIL:-admin@example.no}
cookie=""
if [ "$EMAIL" != none ]; then
  jar="$work/cookies"
  token=$(curl -fs -c "$jar" "http://127.0.0.1:$APP_PORT/logg-inn" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
  curl -fs -b "$jar" -c "$jar" -o /dev/null --data-urlencode "_csrf=$token" \
    --data-urlencode "email=$EMAIL" --data-urlencode "password=demo-passord-2026" \
    "http://127.0.0.1:$APP_PORT/logg-inn"
  sid=$(awk '$6=="sid"{print $7}' "$jar" | tail -1)
  cookie="Cookie: sid=$sid; in=1"
fi
curl -fs ${cookie:+-H "$cookie"} "http://127.0.0.1:$APP_PORT$PAGE" >"$work/page.html"
rows=$(grep -cE '<tr><td>|class="ds-card site-result"' "$work/page.html" || true)
echo "page $PAGE: $(wc -c <"$work/page.html") bytes, $rows rows"

mkdir -p "$work/www"
chmod 755 "$work" "$work/www"  # nginx workers run as www-data
cp "$work/page.html" "$work/www/page.html"
cat >"$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server { listen 127.0.0.1:$NGINX_PORT; root $work/www; default_type text/html; }
}
CONF
mkdir -p "$work/tmp"
"$NGINX" -c "$work/nginx.conf"
sleep 0.3

run_wrk() {  # url [header] -> "rps p50 p99"
  local out
  if [ -n "${2:-}" ]; then out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "$2" "$1")
  else out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$1"); fi
  local rps p50 p99
  rps=$(awk '/Requests\/sec/{print $2}' <<<"$out")
  p50=$(awk '$1=="50%"{print $2}' <<<"$out")
  p99=$(awk '$1=="99%"{print $2}' <<<"$out")
  local non2xx
  non2xx=$(awk '/Non-2xx/{print $NF}' <<<"$out")
  [ -z "$non2xx" ] || echo "warning: $non2xx non-2xx responses" >&2
  echo "$rps $p50 $p99"
}

total_app=0; total_nginx=0
for round in $(seq "$ROUNDS"); do
  read -r n_rps n_p50 n_p99 < <(run_wrk "http://127.0.0.1:$NGINX_PORT/page.html")
  read -r a_rps a_p50 a_p99 < <(run_wrk "http://127.0.0.1:$APP_PORT$PAGE" "$cookie")
  printf 'round %d  nginx static: %10.0f req/s  p50 %-8s p99 %-8s | samskap: %10.0f req/s  p50 %-8s p99 %-8s\n' \
    "$round" "$n_rps" "$n_p50" "$n_p99" "$a_rps" "$a_p50" "$a_p99"
  total_app=$(awk -v a="$total_app" -v b="${a_rps:-0}" 'BEGIN{print a+b}')
  total_nginx=$(awk -v a="$total_nginx" -v b="${n_rps:-0}" 'BEGIN{print a+b}')
done
awk -v a="$total_app" -v n="$total_nginx" 'BEGIN{ if (n > 0) printf "ratio samskap/nginx: %.2f  (target >= 0.50)\n", a/n }'
