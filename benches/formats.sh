#!/usr/bin/env bash
# The figures of BENCHMARKS.md's "Formats" section (never run by `cargo test`):
# 10,000 documents from shared/bench/gen_corpus.py as .txt, as HTML pages and as DOCX,
# each read cold (no vanban cache) by `vanban extract --json`.
#
#   benches/formats.sh [OUT]      OUT: where corpora go (default /tmp/vanban-formats)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-/tmp/vanban-formats}
GEN=${GEN_CORPUS:-../shared/bench/gen_corpus.py}
[ -f "$GEN" ] || GEN=/work/shared/bench/gen_corpus.py
N=${DOCS:-10000}
mkdir -p "$OUT"
[ -f "$OUT/txt/titles.tsv" ] || python3 "$GEN" "$OUT/txt" --docs "$N"
rm -f "$OUT/txt/titles.tsv.bak"
[ -d "$OUT/html" ] || python3 benches/formats_corpus.py "$OUT/txt" "$OUT/html" "$OUT/docx"
cargo build --release --quiet
V=$PWD/target/release/vanban
export VANBAN_NO_CACHE=1
for kind in txt html docx; do
  bytes=$(find "$OUT/$kind" -type f -name "*.$kind" -printf '%s\n' | awk '{s+=$1} END {print s}')
  files=$(find "$OUT/$kind" -type f -name "*.$kind" | wc -l)
  "$V" extract --json "$OUT/$kind" > /dev/null   # warm the page cache
  best=999999
  for run in 1 2 3; do
    s=$(date +%s.%N)
    "$V" extract --json "$OUT/$kind" > "$OUT/$kind.json"
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    best=$(echo "if ($t < $best) $t else $best" | bc -l)
  done
  docs=$(python3 -c "import json; print(len(json.load(open('$OUT/$kind.json'))['documents']))")
  printf '%-5s %6d files %7.1f MB  best of 3: %6.3f s  %7.1f MB/s  %8.0f docs/s  (%d read)\n' \
    "$kind" "$files" "$(echo "$bytes/1048576" | bc -l)" "$best" \
    "$(echo "$bytes/1048576/$best" | bc -l)" "$(echo "$files/$best" | bc -l)" "$docs"
done
