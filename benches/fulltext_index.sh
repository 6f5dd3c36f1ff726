#!/usr/bin/env bash
# Issue #13's full-text token index against today's scan, same library, same run: every
# keystroke of a few queries through the search worker (as the reader types), p50/p95;
# the index built again alone (time, file sizes, peak RSS); the cache updated after a few
# files are touched (their mtime moved, then put back). Not run by `cargo test` or CI.
#
# usage: benches/fulltext_index.sh [CORPUS...]    default: /work/corpus100k /work/corpus1m
#   CACHE=/work/cache-index   where the caches go (one folder per corpus), removed at the end
#                             unless KEEP=1 (the first run at 1,000,000 documents makes a
#                             ~3 GB cache in ~5 min)
#   ROUNDS=5 SCAN_ROUNDS=1    rounds of typing for the index and the scan (a scan keystroke
#                             at 1,000,000 documents takes seconds)
# Needs /usr/bin/time (apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE=${CACHE:-/work/cache-index}
export VANBAN_BENCH_ROUNDS=${ROUNDS:-5} VANBAN_BENCH_SCAN_ROUNDS=${SCAN_ROUNDS:-1}
QUERIES=("hoc tap bac" "thi dua" "05-ct/tw" "khen thuong")
[ $# -gt 0 ] || set -- /work/corpus100k /work/corpus1m
mkdir -p "$CACHE"

cargo bench --bench search --no-run --quiet 2>/dev/null
B=$(ls -t target/release/deps/search-* | grep -v '\.d$' | head -1)
# A copy run from the cache folder: a cache names the build that wrote it (the binary's size
# and mtime), so rebuilding the benches does not throw a large cache away.
BIN=$CACHE/search-bench
cmp -s "$B" "$BIN" || cp "$B" "$BIN"

echo "$(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
for corpus in "$@"; do
    dir=$CACHE/$(basename "$corpus")
    echo
    echo "## $corpus: every keystroke, index vs scan (the first run makes the cache)"
    VANBAN_BENCH_CACHE=$dir /usr/bin/time -f "whole run: wall %e s, peak RSS %M KB" \
        "$BIN" index "$corpus" "${QUERIES[@]}"
    echo
    echo "## $corpus: the index built again, alone"
    VANBAN_BENCH_CACHE=$dir /usr/bin/time -f "wall %e s, peak RSS %M KB" \
        "$BIN" index-build "$corpus"
    echo
    echo "## $corpus: 5 files touched, the cache and its index updated"
    VANBAN_BENCH_CACHE=$dir "$BIN" index-update "$corpus" 5
    echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
done
[ "${KEEP:-0}" = 1 ] || rm -rf "$CACHE"
