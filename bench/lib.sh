# Shell helpers that the start-up benchmarks share; sourced, it only defines functions.

# wait_answer <url> <pid> <log>: polls <url> every 5 ms until it answers 2xx; fails, printing the
# launch's output from <log>, when the process <pid> is gone or 30 s have passed.
wait_answer() {
  local url=$1 pid=$2 log=$3 i=0
  until curl -m 5 -sf -o /dev/null "$url"; do
    i=$((i+1))
    if [ $i -gt 6000 ] || ! kill -0 "$pid" 2>/dev/null; then
      echo "no answer from $url; its output:" >&2; cat "$log" >&2; exit 1
    fi
    sleep 0.005
  done
}
