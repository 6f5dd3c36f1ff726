#!/usr/bin/env bash
# Time from starting the reader in a real terminal (tmux) to its first frame showing the
# list (the status bar's "N documents"), and to the full library ("loading" gone); and the
# reader's peak RSS (GNU time) once quit.
#
#   benches/first_frame.sh VANBAN CORPUS [RUNS]
set -euo pipefail
V=$1; C=$2; RUNS=${3:-5}
S=vanban-ff-$$
now() { date +%s%N; }
for _ in $(seq "$RUNS"); do
  tmux kill-session -t "$S" 2>/dev/null || true
  t0=$(now)
  RSS=$(mktemp)
  tmux new-session -d -s "$S" -x 120 -y 40 \
    "env XDG_CACHE_HOME=${XDG_CACHE_HOME:-$HOME/.cache} /usr/bin/time -f %M -o $RSS $V $C"
  first=""; full=""
  while :; do
    screen=$(tmux capture-pane -p -t "$S" 2>/dev/null || true)
    t=$(now)
    if [ -z "$first" ] && grep -q "documents" <<<"$screen"; then first=$(( (t - t0) / 1000000 )); fi
    if [ -n "$first" ] && ! grep -q "loading" <<<"$screen"; then full=$(( (t - t0) / 1000000 )); break; fi
    if [ $(( (t - t0) / 1000000 )) -gt 60000 ]; then echo "timed out"; break; fi
    sleep 0.01
  done
  tmux send-keys -t "$S" q
  for _ in $(seq 100); do [ -s "$RSS" ] && break; sleep 0.05; done
  echo "first frame ${first} ms, full library ${full} ms, peak RSS $(( $(tail -1 "$RSS") / 1024 )) MB"
  rm -f "$RSS"
  tmux kill-session -t "$S" 2>/dev/null || true
done
