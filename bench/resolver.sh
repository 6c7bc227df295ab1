#!/usr/bin/env bash
# Resolver benchmark (bench/README.md, "GS1 Digital Link resolver"): wrk (keep-alive, 64
# connections, 2 threads) against a real `txng serve` on loopback for a serialised code's linkset
# (?linkType=linkset), its redirect (307) and a product page (HTML, for a product without a default
# link), against nginx (Debian) serving static files of the same sizes, in the same run; and the
# linkset again on a second node with the scan log turned off (TXNG_SCAN_LOG=off), for what
# logging every scan costs. The targets take turns, round after round, so that a noisy neighbour
# slows them alike; the table gives each target's median and the median of its per-round ratios
# to nginx. Installs the Debian `wrk` and `nginx-light` packages when missing (as root, or with
# sudo). Usage: bench/resolver.sh [BUILD_DIR] [SECONDS] [ROUNDS]
set -euo pipefail
build="${1:-build/release}"
seconds="${2:-10}"
rounds="${3:-3}"
txng="$build/txng"
[ -x "$txng" ] || { echo "resolver.sh: $txng not built (make bench builds it)" >&2; exit 1; }

"$(dirname "$0")/../scripts/apt-ensure.sh" wrk nginx-light

dir="$(mktemp -d)"
txng_pid=""
nolog_pid=""
nginx_pid=""
cleanup() {
    [ -n "$txng_pid" ] && kill "$txng_pid" 2>/dev/null && wait "$txng_pid" 2>/dev/null || true
    [ -n "$nolog_pid" ] && kill "$nolog_pid" 2>/dev/null && wait "$nolog_pid" 2>/dev/null || true
    [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
    rm -rf "$dir"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# A node with one enterprise, its product and three links.
key="$("$txng" admin create-key --db "sqlite:$dir/txng.db" --role national-admin --name bench | tail -n 1)"
start_txng() {  # port, then environment assignments
    local p="$1"
    shift
    env "$@" "$txng" serve --db "sqlite:$dir/txng.db" --listen "127.0.0.1:$p" --log-level warn >>"$dir/txng.log" 2>&1 &
    txng_pid=$!
    for _ in $(seq 1 100); do
        curl -fs "http://127.0.0.1:$p/healthz" >/dev/null && break
        sleep 0.1
    done
}
port="$(free_port)"
start_txng "$port" TXNG_SCAN_LOG=on
api() {
    curl -fs -X POST -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
        "http://127.0.0.1:$port$1" --data "$2" >/dev/null
}
api /api/v1/enterprises '{"taxCode":"0314409058","name":{"vi":"HTX Cà phê Cầu Đất","en":"Cau Dat Coffee"},
  "address":{"street":"Thôn Trường Thọ","provinceCode":"68"},"gs1CompanyPrefixes":["8934567"]}'
gtin=08934567000123
for link in \
    '{"anchor":"https://id.gs1.org/01/'$gtin'","linkType":"gs1:pip","href":"https://caudat.vn/vi","title":"Cà phê Cầu Đất","hreflang":["vi"],"default":true}' \
    '{"anchor":"https://id.gs1.org/01/'$gtin'","linkType":"gs1:pip","href":"https://caudat.vn/en","title":"Cau Dat coffee","hreflang":["en"]}' \
    '{"anchor":"https://id.gs1.org/01/'$gtin'","linkType":"gs1:certificationInfo","href":"https://caudat.vn/vietgap.pdf","title":"VietGAP"}'; do
    api /api/v1/links "$link"
done
# A second product, without a default link: browsers get its product page.
page_gtin=08934567000130
api /api/v1/products '{"gtin":"'$page_gtin'","name":{"vi":"Cà phê Arabica Cầu Đất rang xay 500 g","en":"Cau Dat Arabica, roasted and ground, 500 g"},
  "brand":"Cầu Đất","netContent":{"value":500,"unitCode":"GRM"},"shelfLifeDays":365,
  "origin":{"countryCode":"VN","provinceCode":"68"},"standards":["TCVN 4193:2014","VietGAP"]}'
# The linkset's GTIN is a registered product too, so that a serial nobody issued is judged a
# signal (unknown_serial).
api /api/v1/products '{"gtin":"'$gtin'","name":{"vi":"Cà phê Cầu Đất","en":"Cau Dat coffee"}}'
linkset_path="/01/$gtin/10/L1/21/S9?linkType=linkset"
# The same linkset for a new serial at every request (wrk's Lua): what real traffic looks like
# to the scan log, every scan a code of its own to judge (here each an unknown serial: a signal).
cat >"$dir/serials.lua" <<EOF
counter = 0
request = function()
    counter = counter + 1
    return wrk.format("GET", string.format("/01/$gtin/10/L1/21/N%d%d?linkType=linkset", math.random(1, 999999999), counter))
end
EOF
redirect_path="/01/$gtin/10/L1/21/S9"
page_path="/01/$page_gtin/10/L1"  # a lot of a registered product: 200, no warning (an unknown serial would be 404)
curl -fs "http://127.0.0.1:$port$linkset_path" >"$dir/linkset.json"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$redirect_path")" = 307 ] ||
    { echo "resolver.sh: the resolver does not redirect" >&2; exit 1; }
curl -s -H 'Accept: text/html' "http://127.0.0.1:$port$page_path" >"$dir/page.html"
grep -q 'Cầu Đất' "$dir/page.html" || { echo "resolver.sh: no product page" >&2; exit 1; }
bytes="$(wc -c <"$dir/linkset.json")"
page_bytes="$(wc -c <"$dir/page.html")"

# nginx serving a file of the same size, as a static JSON document.
mkdir -p "$dir/www" "$dir/nginx"
chmod 755 "$dir" "$dir/www"  # nginx's workers run as an unprivileged user when started as root
head -c "$bytes" "$dir/linkset.json" >"$dir/www/linkset.json"
cp "$dir/page.html" "$dir/www/page.html"
nginx_port="$(free_port)"
cat >"$dir/nginx/nginx.conf" <<EOF
worker_processes 2;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/error.log warn;
daemon off;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $dir/nginx; proxy_temp_path $dir/nginx; fastcgi_temp_path $dir/nginx;
    uwsgi_temp_path $dir/nginx; scgi_temp_path $dir/nginx;
    keepalive_requests 1000000;
    types { application/linkset+json json; text/html html; }
    server { listen 127.0.0.1:$nginx_port; root $dir/www; }
}
EOF
/usr/sbin/nginx -c "$dir/nginx/nginx.conf" &
nginx_pid=$!
for _ in $(seq 1 50); do
    curl -fs "http://127.0.0.1:$nginx_port/linkset.json" >/dev/null && break
    sleep 0.1
done
cmp -s "$dir/linkset.json" <(curl -fs "http://127.0.0.1:$nginx_port/linkset.json") ||
    { echo "resolver.sh: nginx does not serve the file" >&2; exit 1; }

# Waits (at most a minute) until the scan log of the node on port $1 has stored what it accepted,
# so that its writer catching up does not slow the next target.
drained() {
    local metrics
    for _ in $(seq 1 600); do
        metrics="$(curl -fs "http://127.0.0.1:$1/metrics")"
        awk '/^txng_scans_recorded / {r=$2} /^txng_scans_stored / {s=$2} END {exit !(s >= r)}' <<<"$metrics" && return
        sleep 0.1
    done
    echo "resolver.sh: the scan log did not catch up within a minute" >&2
}
# CPU time (clock ticks: user + system) of processes $@ and their children threads.
ticks() {
    local total=0 pid
    for pid in "$@"; do
        total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
    done
    echo "$total"
}
# Requests/s, p99 (ms) and server CPU microseconds per request of one wrk run against the server
# processes $2 (a space-separated list); extra arguments go to wrk, e.g. -H 'Accept: text/html'.
# CPU per request counts what the server spent whatever else ran on the machine: it is steadier
# than requests/s on a shared machine.
run() {
    local url="$1" pids="$2" out rps p99 requests before after
    shift 2
    before="$(ticks $pids)"
    out="$(wrk -t2 -c64 -d"${seconds}s" --latency "$@" "$url")"
    # With drain_port set, the CPU the scan log spends catching up after the run counts too.
    [ -n "${drain_port:-}" ] && drained "$drain_port"
    after="$(ticks $pids)"
    rps="$(awk '/^Requests\/sec/ {print $2}' <<<"$out")"
    requests="$(awk '/requests in/ {print $1}' <<<"$out")"
    p99="$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")"
    if grep -q "Non-2xx or 3xx" <<<"$out"; then
        echo "resolver.sh: errors in the run of $url:" >&2
        echo "$out" >&2
        exit 1
    fi
    echo "$rps $p99 $(awk -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN {print t / hz * 1e6 / n}')"
}

# The same linkset on a second node, on the same database, that does not log scans.
first_pid="$txng_pid"
nolog_port="$(free_port)"
start_txng "$nolog_port" TXNG_SCAN_LOG=off
nolog_pid="$txng_pid"
txng_pid="$first_pid"
cmp -s "$dir/linkset.json" <(curl -fs "http://127.0.0.1:$nolog_port$linkset_path") ||
    { echo "resolver.sh: the second node answers differently" >&2; exit 1; }

echo "== GS1 Digital Link resolver, wrk -t2 -c64 -d${seconds}s x $rounds rounds, linkset $bytes bytes," \
    "page $page_bytes bytes =="
names=(nginx_linkset linkset nolog serials redirect nginx_page page)
nginx_pids="$nginx_pid $(pgrep -P "$nginx_pid" | tr '\n' ' ')"
declare -A rps p99 cpu
for r in $(seq 1 "$rounds"); do
    read -r rps[nginx_linkset,$r] p99[nginx_linkset,$r] cpu[nginx_linkset,$r] < <(run "http://127.0.0.1:$nginx_port/linkset.json" "$nginx_pids")
    drained "$port"
    read -r rps[linkset,$r] p99[linkset,$r] cpu[linkset,$r] < <(run "http://127.0.0.1:$port$linkset_path" "$txng_pid")
    read -r rps[nolog,$r] p99[nolog,$r] cpu[nolog,$r] < <(run "http://127.0.0.1:$nolog_port$linkset_path" "$nolog_pid")
    drained "$port"
    read -r rps[serials,$r] p99[serials,$r] cpu[serials,$r] < <(drain_port="$port" run "http://127.0.0.1:$port" "$txng_pid" -s "$dir/serials.lua")
    read -r rps[redirect,$r] p99[redirect,$r] cpu[redirect,$r] < <(run "http://127.0.0.1:$port$redirect_path" "$txng_pid")
    read -r rps[nginx_page,$r] p99[nginx_page,$r] cpu[nginx_page,$r] < <(run "http://127.0.0.1:$nginx_port/page.html" "$nginx_pids")
    read -r rps[page,$r] p99[page,$r] cpu[page,$r] < <(run "http://127.0.0.1:$port$page_path" "$txng_pid" -H 'Accept: text/html')
    line="round $r:"
    for n in "${names[@]}"; do line+=" $n ${rps[$n,$r]}/s p99 ${p99[$n,$r]} ms ${cpu[$n,$r]} us;"; done
    echo "$line"
done
scans="$(curl -fs "http://127.0.0.1:$port/metrics" | awk '/^txng_scans_recorded / {print $2}')"
dropped="$(curl -fs "http://127.0.0.1:$port/metrics" | awk '/^txng_scans_dropped / {print $2}')"
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
# median over the rounds of one measure (rps or p99) of target $2
of() {
    local -n table="$1"
    local values=()
    for r in $(seq 1 "$rounds"); do values+=("${table[$2,$r]}"); done
    median "${values[@]}"
}
# median over the rounds of target $1's requests/s divided by baseline $2's in the same round
ratio_of() {
    local values=()
    for r in $(seq 1 "$rounds"); do values+=("$(awk -v a="${rps[$1,$r]}" -v b="${rps[$2,$r]}" 'BEGIN {print a / b}')"); done
    median "${values[@]}"
}
# median over the rounds of target $1's CPU per request divided by nginx's ($2) in the same round
cpu_ratio_of() {
    local values=()
    for r in $(seq 1 "$rounds"); do values+=("$(awk -v a="${cpu[$1,$r]}" -v b="${cpu[$2,$r]}" 'BEGIN {print a / b}')"); done
    median "${values[@]}"
}
printf '%-38s %11s %8s %7s %10s %9s\n' "target (medians of $rounds rounds)" "requests/s" "p99 ms" "ratio" \
    "CPU us/req" "CPU ratio"
row() {
    printf '%-38s %11.0f %8.2f %7.2f %10.1f %9.2f\n' "$1" "$(of rps "$2")" "$(of p99 "$2")" "$(ratio_of "$2" "$3")" \
        "$(of cpu "$2")" "$(cpu_ratio_of "$2" "$3")"
}
row "nginx, static linkset file (baseline)" nginx_linkset nginx_linkset
row "txng linkset (serial -> product)" linkset nginx_linkset
row "txng linkset, scan log off" nolog nginx_linkset
row "txng linkset, a new serial each time" serials nginx_linkset
row "txng redirect 307" redirect nginx_linkset
row "nginx, static page file (baseline)" nginx_page nginx_page
row "txng product page (HTML)" page nginx_page
echo "scan log: $scans scans recorded, $dropped dropped (queue full); logging costs" \
    "$(awk -v a="$(ratio_of linkset nolog)" 'BEGIN {printf "%.1f", (1 - a) * 100}') % of linkset requests/s and" \
    "$(awk -v a="$(cpu_ratio_of linkset nolog)" 'BEGIN {printf "%.1f", (a - 1) * 100}') % more CPU per request" \
    "(medians of the per-round ratios)"
