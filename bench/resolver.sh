#!/usr/bin/env bash
# Resolver benchmark (bench/README.md, "GS1 Digital Link resolver"): wrk (keep-alive, 64
# connections, 2 threads) against a real `txng serve` on loopback for a serialised code's linkset
# (?linkType=linkset), its redirect (307) and a product page (HTML, for a product without a default
# link), against nginx (Debian) serving static files of the same sizes, in the same run; and the
# linkset again on a second node with the scan log turned off (TXNG_SCAN_LOG=off), for what
# logging every scan costs. Installs the Debian `wrk` and `nginx-light` packages when
# missing (as root, or with sudo). Usage: bench/resolver.sh [BUILD_DIR] [SECONDS]
set -euo pipefail
build="${1:-build/release}"
seconds="${2:-15}"
txng="$build/txng"
[ -x "$txng" ] || { echo "resolver.sh: $txng not built (make bench builds it)" >&2; exit 1; }

"$(dirname "$0")/../scripts/apt-ensure.sh" wrk nginx-light

dir="$(mktemp -d)"
txng_pid=""
nginx_pid=""
cleanup() {
    [ -n "$txng_pid" ] && kill "$txng_pid" 2>/dev/null && wait "$txng_pid" 2>/dev/null || true
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
linkset_path="/01/$gtin/10/L1/21/S9?linkType=linkset"
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

# Requests/s and p99 (ms) of one wrk run (extra arguments go to wrk, e.g. -H 'Accept: text/html').
run() {
    local url="$1" out rps p99
    shift
    out="$(wrk -t2 -c64 -d"${seconds}s" --latency "$@" "$url")"
    rps="$(awk '/^Requests\/sec/ {print $2}' <<<"$out")"
    p99="$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")"
    if grep -q "Non-2xx or 3xx" <<<"$out"; then
        echo "resolver.sh: errors in the run of $url:" >&2
        echo "$out" >&2
        exit 1
    fi
    echo "$rps $p99"
}

echo "== GS1 Digital Link resolver, wrk -t2 -c64 -d${seconds}s, linkset $bytes bytes, page $page_bytes bytes =="
read -r nginx_rps nginx_p99 < <(run "http://127.0.0.1:$nginx_port/linkset.json")
read -r linkset_rps linkset_p99 < <(run "http://127.0.0.1:$port$linkset_path")
read -r redirect_rps redirect_p99 < <(run "http://127.0.0.1:$port$redirect_path")
read -r nginx_page_rps nginx_page_p99 < <(run "http://127.0.0.1:$nginx_port/page.html")
read -r page_rps page_p99 < <(run "http://127.0.0.1:$port$page_path" -H 'Accept: text/html')
scans="$(curl -fs "http://127.0.0.1:$port/metrics" | awk '/^txng_scans_recorded / {print $2}')"
dropped="$(curl -fs "http://127.0.0.1:$port/metrics" | awk '/^txng_scans_dropped / {print $2}')"
# The same linkset on a node that does not log scans.
kill "$txng_pid" && wait "$txng_pid" 2>/dev/null || true
port="$(free_port)"
start_txng "$port" TXNG_SCAN_LOG=off
read -r nolog_rps nolog_p99 < <(run "http://127.0.0.1:$port$linkset_path")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {print a / b}'; }
printf '%-38s %12s %10s %8s\n' "target" "requests/s" "p99 ms" "ratio"
printf '%-38s %12.0f %10.2f %8.2f\n' "nginx, static linkset file (baseline)" "$nginx_rps" "$nginx_p99" 1
printf '%-38s %12.0f %10.2f %8.2f\n' "txng linkset (serial -> product)" "$linkset_rps" "$linkset_p99" \
    "$(ratio "$linkset_rps" "$nginx_rps")"
printf '%-38s %12.0f %10.2f %8.2f\n' "txng redirect 307" "$redirect_rps" "$redirect_p99" \
    "$(ratio "$redirect_rps" "$nginx_rps")"
printf '%-38s %12.0f %10.2f %8.2f\n' "nginx, static page file (baseline)" "$nginx_page_rps" "$nginx_page_p99" 1
printf '%-38s %12.0f %10.2f %8.2f\n' "txng product page (HTML)" "$page_rps" "$page_p99" \
    "$(ratio "$page_rps" "$nginx_page_rps")"
printf '%-38s %12.0f %10.2f %8.2f\n' "txng linkset, scan log off" "$nolog_rps" "$nolog_p99" \
    "$(ratio "$nolog_rps" "$nginx_rps")"
echo "scan log: $scans scans recorded, $dropped dropped (queue full); logging costs" \
    "$(awk -v a="$linkset_rps" -v b="$nolog_rps" 'BEGIN {printf "%.1f", (1 - a / b) * 100}') % of linkset requests/s"
