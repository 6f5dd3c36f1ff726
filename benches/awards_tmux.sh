#!/usr/bin/env bash
# The awards table (`a`) in a real terminal (tmux) on a large library: time from the key
# to the table on screen, to a sort (`s`) shown, and to a typed filter character shown;
# with the reader's peak RSS. Times include tmux's polling (10 ms).
#
#   benches/awards_tmux.sh VANBAN CORPUS [RUNS]      (the cache should be warm)
#
# AFTER_LOAD=S waits S seconds after the load before `a` (the reader's background work,
# the search fields and the title ranks, is done by then).
#
# The cache belongs to one build: give each binary its own XDG_CACHE_HOME (warmed with
# `XDG_CACHE_HOME=… VANBAN extract --json CORPUS >/dev/null`), or their runs turn each other's
# cache cold.
set -euo pipefail
V=$1; C=$2; RUNS=${3:-3}
S=vanban-aw-$$
LOADING='loading'  # every progress line starts with it
now() { date +%s%N; }
screen() { tmux capture-pane -p -t "$S" 2>/dev/null || true; }
# wait_change BEFORE: poll until the screen differs from BEFORE; print the ms it took.
wait_until() {
  local t0=$1 test=$2
  while :; do
    s=$(screen)
    if eval "$test"; then echo $(( ($(now) - t0) / 1000000 )); return; fi
    if [ $(( ($(now) - t0) / 1000000 )) -gt 120000 ]; then echo timeout; return; fi
    sleep 0.01
  done
}
for _ in $(seq "$RUNS"); do
  tmux kill-session -t "$S" 2>/dev/null || true
  RSS=$(mktemp)
  tmux new-session -d -s "$S" -x 160 -y 45 \
    "env XDG_CACHE_HOME=${XDG_CACHE_HOME:-$HOME/.cache} /usr/bin/time -f %M -o $RSS $V --no-watch $C"
  wait_until "$(now)" '[[ $s == *" documents "* && ! $s =~ $LOADING ]]' > /dev/null
  sleep "${AFTER_LOAD:-0}"  # seconds between the end of the load and the key
  t0=$(now); tmux send-keys -t "$S" a
  open=$(wait_until "$t0" '[[ $s == *"┏ Awards:"* ]]')
  before=$(screen)
  t0=$(now); tmux send-keys -t "$S" s
  sort=$(wait_until "$t0" '[[ $s != "$before" ]]')
  before=$(screen)
  # one filter character at a time, the last one timed ("cao lanh": a place in the titles)
  tmux send-keys -t "$S" / c a o " " l a n
  wait_until "$(now)" '[[ $s == *"/cao lan"* ]]' > /dev/null
  sleep 3
  before=$(screen)
  t0=$(now); tmux send-keys -t "$S" h
  filter=$(wait_until "$t0" '[[ $s == *"/cao lanh"* ]]')
  # the filter's result: the statement count in the title changes
  title() { grep -o "┏ Awards: [0-9.]* statements" <<<"$1" || true; }
  t1=$(title "$before")
  result=$(wait_until "$t0" '[[ "$(title "$s")" != "$t1" ]]')
  tmux send-keys -t "$S" Escape Escape q
  for _ in $(seq 100); do [ -s "$RSS" ] && break; sleep 0.05; done
  echo "awards table: open ${open} ms, sort ${sort} ms, filter typed ${filter} ms, filtered ${result} ms, peak RSS $(( $(tail -1 "$RSS") / 1024 )) MB"
  rm -f "$RSS"
  tmux kill-session -t "$S" 2>/dev/null || true
done
