#!/usr/bin/env bash
# Issue #13 at scale: peak RSS, time and output size of the subcommands that write as they
# go (extract --json, awards --json/--csv, list --json, list), cold and warm cache, for two
# builds in the same run; and the warm list against fzf over the same titles.
# Not run by `cargo test` or CI (1,000,000 documents are 4 GB and take ~1.5 min to make).
#
# usage: benches/million.sh CORPUS [BEFORE_BIN] [AFTER_BIN]
#   CORPUS       made with shared/bench/gen_corpus.py --docs $DOCS unless it has titles.tsv
#   BEFORE_BIN   default /tmp/vanban-before (copy main's target/release/vanban there)
#   AFTER_BIN    default target/release/vanban
#   DOCS=1000000 size of the corpus to make
#   BEFORE_ALL=1 at 1,000,000 documents the before build runs only the lists (its awards
#                --json peaks near 22 GB, extract --json near 8 GB); this runs it all
# Needs /usr/bin/time (apt-get install time) and fzf. Caches go to a temporary folder and
# are removed after each command.
set -euo pipefail
CORPUS=${1:?usage: benches/million.sh CORPUS [BEFORE_BIN] [AFTER_BIN]}
BEFORE=${2:-/tmp/vanban-before}
AFTER=${3:-target/release/vanban}
DOCS=${DOCS:-1000000}
GEN=${GEN_CORPUS:-../shared/bench/gen_corpus.py}
[ -f "$GEN" ] || GEN=/work/shared/bench/gen_corpus.py
QUERY="hoc tap bac"

if [ ! -f "$CORPUS/titles.tsv" ]; then
    echo "making $DOCS documents in $CORPUS"
    python3 "$GEN" "$CORPUS" --docs "$DOCS"
fi
n=$(find "$CORPUS" -type f ! -name titles.tsv | wc -l)
# Read once, so "cold" means vanban's cache is empty, not the page cache.
find "$CORPUS" -type f -print0 | xargs -0 cat > /dev/null
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
echo "corpus: $CORPUS, $n files, $(du -sh "$CORPUS" | cut -f1); load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-7s %-22s %-5s %9s %10s %14s\n' build command cache seconds "peak RSS" "output bytes"

# run BUILD LABEL BIN KIND ARGS...: one run under /usr/bin/time with the cache in
# $WORK/cache (KIND says what it holds), its output counted.
run() {
    local build=$1 label=$2 bin=$3 cache=$4
    shift 4
    XDG_CACHE_HOME=$WORK/cache /usr/bin/time -f '%e %M' -o "$WORK/time" \
        "$bin" "$@" "$CORPUS" 2> "$WORK/err" | wc -c > "$WORK/bytes"
    read -r secs kb < <(tail -1 "$WORK/time")
    printf '%-7s %-22s %-5s %9s %7d MB %14d\n' "$build" "$label" "$cache" "$secs" \
        $((kb / 1024)) "$(cat "$WORK/bytes")"
}

big=$((n >= 1000000))
for build in before after; do
    bin=$BEFORE
    [ $build = after ] && bin=$AFTER
    for cmd in "list" "list --json" "extract --json" "awards --json" "awards --csv"; do
        case "$cmd" in list*) ;; *)
            if [ $build = before ] && [ $big = 1 ] && [ "${BEFORE_ALL:-0}" != 1 ]; then
                printf '%-7s %-22s %s\n' "$build" "$cmd" "not run (see BEFORE_ALL)"
                continue
            fi ;;
        esac
        # shellcheck disable=SC2086
        run $build "$cmd" "$bin" cold $cmd
        # shellcheck disable=SC2086
        run $build "$cmd" "$bin" warm $cmd
        rm -rf "$WORK/cache"
    done
    # The list against fzf: a warm list (the cache made once) and fzf over the same titles.
    XDG_CACHE_HOME=$WORK/cache "$bin" list "$CORPUS" > /dev/null
    for i in 1 2 3; do
        run $build "list --filter (run $i)" "$bin" warm list --filter "$QUERY"
    done
    rm -rf "$WORK/cache"
done
cut -f2 "$CORPUS/titles.tsv" > "$WORK/titles"
for i in 1 2 3; do
    /usr/bin/time -f '%e %M' -o "$WORK/time" fzf --filter "$QUERY" < "$WORK/titles" | wc -l > "$WORK/bytes"
    read -r secs kb < <(tail -1 "$WORK/time")
    printf '%-7s %-22s %-5s %9s %7d MB %14s\n' fzf "--filter (run $i)" - "$secs" $((kb / 1024)) "$(cat "$WORK/bytes") lines"
done
