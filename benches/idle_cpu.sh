#!/usr/bin/env bash
# The reader's CPU while idle, with the folders watched and without (--no-watch), in the
# same run: start it in tmux, wait until the full library is in, then count its CPU ticks
# (utime + stime of /proc/PID/stat, all threads) over IDLE seconds with no key pressed.
# Then copy a file into the folder and time until its title is listed (watching on), and
# give the peak RSS of each run (GNU time).
#
#   benches/idle_cpu.sh VANBAN CORPUS [IDLE]
set -euo pipefail
V=$1; C=$2; IDLE=${3:-10}
S=vanban-idle-$$
tmux() { command tmux -L "$S" "$@"; } # a private server: its own environment
ENV="XDG_CACHE_HOME=${XDG_CACHE_HOME:-$HOME/.cache} XDG_STATE_HOME=${XDG_STATE_HOME:-$HOME/.local/state}"
trap 'tmux kill-server 2>/dev/null || true; rm -f "$C"/zz-idle-cpu-$$.txt' EXIT
now() { date +%s%N; }
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
wait_for() { # text, seconds
  local t0; t0=$(now)
  until tmux capture-pane -p -t "$S" | grep -q "$1"; do
    if [ $(( ($(now) - t0) / 1000000000 )) -gt "$2" ]; then echo "timed out waiting for $1"; exit 1; fi
    sleep 0.05
  done
}
for mode in watch --no-watch; do
  flag=""; [ "$mode" = --no-watch ] && flag=--no-watch
  PIDF=$(mktemp); RSS=$(mktemp)
  tmux new-session -d -s "$S" -x 120 -y 40 \
    "env $ENV /usr/bin/time -f %M -o $RSS sh -c 'echo \$\$ > $PIDF; exec $V $flag $C'"
  wait_for documents 120
  # The full library has loaded when "loading" is gone.
  until ! tmux capture-pane -p -t "$S" | grep -q loading; do sleep 0.1; done
  sleep 2
  PID=$(cat "$PIDF")
  a=$(ticks "$PID"); sleep "$IDLE"; b=$(ticks "$PID")
  echo "$mode: $(( b - a )) CPU ticks in ${IDLE} s idle ($(getconf CLK_TCK)/s), threads: $(ls /proc/$PID/task | wc -l)"
  if [ "$mode" = watch ] && [ -d "$C" ]; then
    NEW="$C/zz-idle-cpu-$$.txt"
    printf 'Tin mới %s: khen thưởng 3 tập thể điển hình học tập và làm theo Bác\n\nNội dung.\n' "$$" > "$NEW.tmp"
    t0=$(now); mv "$NEW.tmp" "$NEW"
    # Listed last (off screen in a large folder): the status bar says it came.
    wait_for "read again: 1 added" 60
    echo "watch: a new file listed after $(( ($(now) - t0) / 1000000 )) ms"
    c=$(ticks "$PID"); sleep "$IDLE"; d=$(ticks "$PID")
    echo "watch: $(( d - c )) CPU ticks in ${IDLE} s idle after that reload"
    rm -f "$NEW"
  fi
  tmux send-keys -t "$S" q
  for _ in $(seq 100); do [ -s "$RSS" ] && break; sleep 0.05; done
  echo "$mode: peak RSS $(( $(tail -1 "$RSS") / 1024 )) MB"
  tmux kill-server 2>/dev/null || true
  rm -f "$PIDF" "$RSS"
done
