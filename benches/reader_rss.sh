#!/usr/bin/env bash
# The reader's peak RSS (VmHWM) in a real terminal (tmux): when its library is loaded, and
# once its full-text token index is made (the index is made after a cold load, on a thread of
# its own; the peak of a cold start at 1,000,000 documents can come then). Samples
# VmHWM/VmRSS every 0.25 s to a trace file. Not run by `cargo test` or CI.
#
#   benches/reader_rss.sh VANBAN CORPUS XDG_CACHE_HOME
#   COLD=1      empty that cache first (a cache belongs to one build: give each its own)
#   WAIT_INDEX=0  stop 8 s after the load instead of waiting for the token index
#   LIMIT_MS=400000
# Needs tmux.
set -uo pipefail
B=$1; C=$2; X=$3; S=vanban-rss-$$
TRACE=$(mktemp /tmp/vanban-rss-trace.XXXXXX)
[ -n "${COLD:-}" ] && rm -rf "$X/vanban"
mkdir -p "$X"
t0=$(date +%s%N)
tmux new-session -d -s "$S" -x 120 -y 40 "env XDG_CACHE_HOME=$X $B $C; sleep 2"
sleep 0.3
pid=$(pgrep -f -n "^$B $C")
loaded=""; indexed=""; hwm_loaded=""; hwm=""
while :; do
  t=$(( ($(date +%s%N) - t0) / 1000000 ))
  now=$(awk '/VmHWM/{h=int($2/1024)} /VmRSS/{r=int($2/1024)} END{print h, r}' "/proc/$pid/status" 2>/dev/null) || break
  [ -n "$now" ] || break
  hwm=${now% *}
  echo "$t $now" >> "$TRACE"
  screen=$(tmux capture-pane -p -t "$S")
  if [ -z "$loaded" ] && grep -qE " [1-9][0-9.]* documents? " <<<"$screen" && ! grep -q loading <<<"$screen"; then
    loaded=$t; hwm_loaded=$hwm
  fi
  if [ -n "$loaded" ] && [ -z "$indexed" ] && ls "$X"/vanban/*.post >/dev/null 2>&1; then indexed=$t; fi
  if [ "${WAIT_INDEX:-1}" = 0 ] && [ -n "$loaded" ] && [ $((t - loaded)) -gt 8000 ]; then break; fi
  if [ -n "$indexed" ] && [ $((t - indexed)) -gt 3000 ]; then break; fi
  if [ "$t" -gt "${LIMIT_MS:-400000}" ]; then echo "timed out"; break; fi
  sleep 0.25
done
echo "loaded ${loaded:-?} ms (peak ${hwm_loaded:-?} MB), token index ${indexed:-not made} ms, peak ${hwm} MB, resident $(tail -1 "$TRACE" | cut -d' ' -f3) MB at the end; trace $TRACE"
tmux send-keys -t "$S" q
sleep 2
tmux kill-session -t "$S" 2>/dev/null || true
