#!/usr/bin/env bash
# Time from starting the reader in a real terminal (tmux) to its first frame (the status
# bar's "documents"), to the list (a document count above 0), and to the full library (no
# progress shown); the peak RSS (GNU time) once quit, and the highest progress line seen.
#
#   benches/first_frame.sh VANBAN CORPUS [RUNS]
#
# The cache belongs to one build: give each binary its own XDG_CACHE_HOME (warmed with
# `XDG_CACHE_HOME=… VANBAN extract --json CORPUS >/dev/null`), or their runs turn each other's
# cache cold. COLD=1 empties that cache before each run (then give LIMIT_MS room: a cold
# start at 1,000,000 documents reads every file twice, titles first).
set -euo pipefail
V=$1; C=$2; RUNS=${3:-5}
S=vanban-ff-$$
# What the status bar says while the library loads (older builds: "loading").
LOADING='loading'
now() { date +%s%N; }
for _ in $(seq "$RUNS"); do
  tmux kill-session -t "$S" 2>/dev/null || true
  if [ -n "${COLD:-}" ]; then rm -rf "${XDG_CACHE_HOME:?COLD needs XDG_CACHE_HOME}/vanban"; fi
  t0=$(now)
  RSS=$(mktemp)
  tmux new-session -d -s "$S" -x 120 -y 40 \
    "env XDG_CACHE_HOME=${XDG_CACHE_HOME:-$HOME/.cache} /usr/bin/time -f %M -o $RSS $V $C"
  first=""; list=""; full=""; seen=""
  while :; do
    screen=$(tmux capture-pane -p -t "$S" 2>/dev/null || true)
    t=$(now)
    if [ -z "$first" ] && grep -q "documents" <<<"$screen"; then first=$(( (t - t0) / 1000000 )); fi
    if [ -z "$list" ] && grep -qE " [1-9][0-9.]* documents? " <<<"$screen"; then list=$(( (t - t0) / 1000000 )); fi
    bar=$(grep -oE "(reading titles|reading files|facts) ▕.*left" <<<"$screen" | head -1 || true)
    [ -n "$bar" ] && seen=$bar
    if [ -n "$list" ] && ! grep -qE "$LOADING" <<<"$screen"; then full=$(( (t - t0) / 1000000 )); break; fi
    if [ $(( (t - t0) / 1000000 )) -gt "${LIMIT_MS:-60000}" ]; then echo "timed out"; break; fi
    sleep 0.01
  done
  tmux send-keys -t "$S" q
  for _ in $(seq 100); do [ -s "$RSS" ] && break; sleep 0.05; done
  echo "first frame ${first} ms, list ${list} ms, full library ${full} ms, peak RSS $(( $(tail -1 "$RSS") / 1024 )) MB"
  [ -n "$seen" ] && echo "  progress seen: $seen"
  rm -f "$RSS"
  tmux kill-session -t "$S" 2>/dev/null || true
done
