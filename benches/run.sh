#!/usr/bin/env bash
# Every figure of BENCHMARKS.md, on the synthetic corpora (never run by `cargo test`).
#
#   benches/run.sh [OUT]      OUT: where corpora go (default /tmp/vanban-bench)
#
# Needs python3, hyperfine, fzf, tmux and GNU time (apt-get install -y hyperfine fzf tmux time).
# Corpora: OUT/corpus100k (100,000 documents, ~230 MB) from shared/bench/gen_corpus.py,
# and OUT/titles1m.tsv (the 1,000,000 titles that script would write, without the files).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-/tmp/vanban-bench}
GEN=${GEN_CORPUS:-../shared/bench/gen_corpus.py}
[ -f "$GEN" ] || GEN=/work/shared/bench/gen_corpus.py
Q="hoc tap bac"
mkdir -p "$OUT"

for tool in python3 hyperfine fzf tmux /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done

[ -f "$OUT/corpus100k/titles.tsv" ] || python3 "$GEN" "$OUT/corpus100k" --docs 100000
[ -f "$OUT/titles1m.tsv" ] || python3 benches/titles.py "$GEN" "$OUT/titles1m.tsv" 1000000
cut -f2 "$OUT/corpus100k/titles.tsv" > "$OUT/titles100k.txt"

cargo build --release --quiet
cargo bench --bench search --no-run --quiet 2>/dev/null
V=$PWD/target/release/vanban
B=$(ls -t target/release/deps/search-* | grep -v '\.d$' | head -1)
export XDG_CACHE_HOME=$OUT/xdg-cache
C=$OUT/corpus100k

# "Cold" below means vanban's cache is empty, not the system's page cache: the corpus is read
# once first, so every run reads the same files from memory.
find "$C" -name '*.txt' -print0 | xargs -0 cat > /dev/null

echo "## machine"
echo "$(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo

echo "## vanban list --filter \"$Q\", cold cache (load + extract + write cache)"
rm -rf "$XDG_CACHE_HOME"
/usr/bin/time -f "wall %e s, user %U s, sys %S s, peak RSS %M KB" \
  "$V" list --filter "$Q" "$C" > "$OUT/cold.txt"
hyperfine -N -r 3 --prepare "rm -rf $XDG_CACHE_HOME" "$V list --filter '$Q' $C" 2>&1 |
  grep -E "Time|Range"
echo

echo "## warm cache, side by side with fzf over the same titles"
"$V" list --filter "$Q" "$C" > /dev/null
/usr/bin/time -f "vanban warm: wall %e s, user %U s, sys %S s, peak RSS %M KB" \
  "$V" list --filter "$Q" "$C" > "$OUT/warm.txt"
hyperfine -w 2 -r 15 \
  "$V list --filter '$Q' $C" \
  "cut -f2 $C/titles.tsv | fzf --filter '$Q'" 2>&1 | grep -vE "^\s*$"
echo "matches: vanban $(wc -l < "$OUT/warm.txt"), fzf $(fzf --filter "$Q" < "$OUT/titles100k.txt" | wc -l)"
cmp -s "$OUT/cold.txt" "$OUT/warm.txt" && echo "cold and warm output identical"
echo

echo "## full text, whole corpus (CLI, warm cache)"
# A list leaves a cache of heads only; the first full-text run completes it.
"$V" list --full-text --filter "$Q" "$C" > /dev/null
/usr/bin/time -f "wall %e s, user %U s, sys %S s, peak RSS %M KB" \
  "$V" list --full-text --filter "$Q" "$C" | wc -l
echo

echo "## reader in tmux: first frame, full library, peak RSS (cold cache, then warm)"
rm -rf "$XDG_CACHE_HOME"
benches/first_frame.sh "$V" "$C" 1
benches/first_frame.sh "$V" "$C" 3
echo

echo "## load phases and memory (library API)"
rm -rf "$OUT/bench-cache"
VANBAN_BENCH_CACHE=$OUT/bench-cache "$B" memory "$C"
VANBAN_BENCH_CACHE=$OUT/bench-cache "$B" memory "$C"
"$B" discover "$C" | tail -2
echo

echo "## every keystroke of \"$Q\" (worker thread, narrowing), both scorers"
"$B" keys "$C" "$Q"
echo

echo "## full text, every keystroke"
"$B" fulltext "$C" "$Q"
echo

echo "## 1,000,000 titles"
"$B" titles "$OUT/titles1m.tsv" "$Q"
echo "fzf over the same 1,000,000 titles:"
cut -f2 "$OUT/titles1m.tsv" > "$OUT/titles1m.txt"
hyperfine -r 3 "fzf --filter '$Q' < $OUT/titles1m.txt" 2>&1 | grep -E "Time|Range"
echo "fzf matches: $(fzf --filter "$Q" < "$OUT/titles1m.txt" | wc -l)"
