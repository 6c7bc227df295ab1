#!/usr/bin/env bash
# `make run`: the CLI on the sample document (a coffee lot from Lâm Đồng: harvest, roasting,
# packing, shipping). From the repository issue on, `make run` starts the server instead.
set -euo pipefail
txng="${1:-build/release/txng}"
sample="examples/coffee-lam-dong.jsonld"
out_dir="build/sample"
mkdir -p "$out_dir"

echo "== txng validate $sample"
"$txng" validate "$sample"
echo
echo "== txng hash $sample   (CBV 2.0 event hash IDs / mã băm sự kiện)"
"$txng" hash "$sample"
echo
echo "== txng convert --to xml $sample -o $out_dir/coffee-lam-dong.xml"
"$txng" convert --to xml "$sample" -o "$out_dir/coffee-lam-dong.xml"
head -n 12 "$out_dir/coffee-lam-dong.xml"
echo "   ..."
echo
echo "== txng validate $out_dir/coffee-lam-dong.xml   (the XML gives the same hashes)"
"$txng" validate "$out_dir/coffee-lam-dong.xml"
if diff <("$txng" hash "$sample") <("$txng" hash "$out_dir/coffee-lam-dong.xml") >/dev/null; then
    echo "same hash IDs for JSON-LD and XML / mã băm trùng khớp"
else
    echo "hash IDs differ between JSON-LD and XML / mã băm khác nhau" >&2
    exit 1
fi
