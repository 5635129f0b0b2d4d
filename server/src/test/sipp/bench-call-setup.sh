#!/usr/bin/env bash
# Call-setup throughput of the SIP focus: two SIPp instances place INVITE/ACK/BYE calls (no media) to the
# room "demo"; the script prints the offered rate, goodput (calls answered, confirmed and hung up per second),
# calls refused with 503 (admission control) and why, other failures, the server's CPU and the legs still open
# after the run.
#
#   server/src/test/sipp/bench-call-setup.sh [rate-per-instance] [calls-per-instance]
#
# SERVER=jar (default) starts the packaged server, `java -jar server/target/confero.jar`, on 127.0.0.1:$PORT
#   with the real mixer behind every call (build it first: mvn -B -DskipTests package). It refuses to run when
#   $PORT or $HTTP_PORT is already taken: the figures must come from the server this script started.
#   MAX_RATE sets sip.max-call-setup-rate (default: the server's default).
# SERVER=none measures a server already listening on 127.0.0.1:$PORT (/metrics on $HTTP_PORT if it serves
#   HTTP; SERVER_PID=<pid> to report its CPU).
# Everything stays on 127.0.0.1.
set -euo pipefail

RATE=${1:-150}
CALLS=${2:-3000}
PORT=${PORT:-15060}
HTTP_PORT=${HTTP_PORT:-$((PORT + 1))}
SERVER=${SERVER:-jar}
ROOT=$(cd "$(dirname "$0")/../../../.." && pwd)
SCENARIO="$ROOT/server/src/test/resources/sipp/overload-call.xml"
WORK=$(mktemp -d)
SERVER_PID=${SERVER_PID:-}
STARTED_PID=""

cleanup() {
    if [[ -n "$STARTED_PID" ]]; then kill "$STARTED_PID" 2>/dev/null || true; wait "$STARTED_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

port_taken() { # UDP or TCP port $1 bound by anyone on this machine
    [[ -n "$(ss -Hlnu "sport = :$1" 2>/dev/null)$(ss -Hlnt "sport = :$1" 2>/dev/null)" ]]
}

case "$SERVER" in
    jar)
        for p in "$PORT" "$HTTP_PORT" $((PORT + 21)) $((PORT + 22)) $((PORT + 20)); do
            if port_taken "$p"; then
                echo "port $p is already in use: stop whatever listens there or set PORT=… (refusing to measure" \
                    "a server this script did not start)" >&2
                exit 3
            fi
        done
        extra=()
        if [[ -n "${MAX_RATE:-}" ]]; then extra+=(CONFERO_SIP_MAX_CALL_SETUP_RATE="$MAX_RATE"); fi
        # One room takes every call: demo's default limit of 50 participants would answer 486 under load.
        env CONFERO_WEBRTC_PORT=0 CONFERO_GUARD_EXEMPT_SOURCES=127.0.0.1 CONFERO_ROOM_DEMO_MAX_PARTICIPANTS=10000 "${extra[@]}" java -Xmx2g \
            -Dlogback.configurationFile="$ROOT/server/src/test/sipp/logback-bench.xml" \
            -jar "$ROOT/server/target/confero.jar" --bind 127.0.0.1 --sip-port "$PORT" --http-port "$HTTP_PORT" \
            --https-port 0 --data-dir "$WORK/data" >"$WORK/server.log" 2>&1 &
        STARTED_PID=$!
        SERVER_PID=$STARTED_PID
        ;;
    none) ;;
    *) echo "SERVER must be jar or none" >&2; exit 2 ;;
esac

metric() { # value of one /metrics line, or "?" when the server serves no HTTP
    curl -s --max-time 2 "http://127.0.0.1:$HTTP_PORT/metrics" 2>/dev/null | awk -v n="$1" '$1 == n { print $2 }' \
        | grep . || echo "?"
}
cpu_ticks() { # user + system clock ticks of the server process
    if [[ -n "$SERVER_PID" && -r /proc/$SERVER_PID/stat ]]; then
        awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"
    else echo 0; fi
}

# Wait (bounded) until the server listens, and make sure it is ours.
for _ in $(seq 1 60); do
    if [[ -n "$STARTED_PID" ]] && grep -q "Confero started" "$WORK/server.log"; then break; fi
    if [[ -z "$STARTED_PID" ]] && timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT" 2>/dev/null; then break; fi
    if [[ -n "$STARTED_PID" ]] && ! kill -0 "$STARTED_PID" 2>/dev/null; then
        echo "the server exited; its log:" >&2; tail -20 "$WORK/server.log" >&2; exit 1
    fi
    sleep 0.5
done
if [[ -n "$STARTED_PID" ]] && ! grep -q "Confero started" "$WORK/server.log"; then
    echo "the server did not start; its log:" >&2; tail -20 "$WORK/server.log" >&2; exit 1
fi

sipp_run() { # $1 instance, $2 rate, $3 calls, $4 output
    sipp 127.0.0.1:"$PORT" -sf "$SCENARIO" -s demo -i 127.0.0.1 -p $((PORT + 20 + $1)) -mi 127.0.0.1 -r "$2" \
        -m "$3" -d 0 -l $(($2 * 4 + 100)) -timeout $(($3 / $2 * 3 + 30)) -nostdin >"$4" 2>&1
}
count() { # last count of a SIPp screen row: $1 file, $2 row regexp
    # the first number after the arrow: a response row starts with its code (503 <----------  12 …)
    grep -aE "$2" "$1" | tail -1 | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /-->|<--/) {
        for (j = i + 1; j <= NF; j++) if ($j ~ /^[0-9]+$/) { print $j; exit } } }'
}

# Warm-up (not measured): the JIT compiles the call path before the figures are taken.
sipp_run 0 50 500 "$WORK/warmup.out" || true

HZ=$(getconf CLK_TCK)
CPU0=$(cpu_ticks)
START=$(date +%s.%N)
for i in 1 2; do
    sipp_run "$i" "$RATE" "$CALLS" "$WORK/sipp$i.out" &
    PIDS[$i]=$!
done
STATUS=0
for i in 1 2; do wait "${PIDS[$i]}" || STATUS=$?; done
END=$(date +%s.%N)
CPU1=$(cpu_ticks)

ok=0; refused=0; failed=0
for i in 1 2; do
    b=$(count "$WORK/sipp$i.out" '^ *BYE -+>'); r=$(count "$WORK/sipp$i.out" '^ *503 <-+')
    f=$(grep -a "Failed call" "$WORK/sipp$i.out" | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3}')
    ok=$((ok + ${b:-0})); refused=$((refused + ${r:-0})); failed=$((failed + ${f:-0}))
done
sleep 2 # calls hung up at the very end leave the room within a tick; a leak stays
awk -v ok="$ok" -v refused="$refused" -v failed="$failed" -v s="$START" -v e="$END" -v rate="$RATE" \
    -v calls="$CALLS" -v cpu="$(( CPU1 - CPU0 ))" -v hz="$HZ" -v legs="$(metric confero_audio_legs_open)" \
    -v unconfirmed="$(metric confero_audio_legs_unconfirmed)" -v overruns="$(metric confero_mix_overruns)" \
    -v why="$(printf 'rate %s, mix clock %s, setup queue %s, awaiting ACK %s' "$(metric sip_invites_refused_rate_total)" \
        "$(metric sip_invites_refused_media_total)" "$(metric sip_invites_refused_backlog_total)" \
        "$(metric sip_invites_refused_unconfirmed_total)")" 'BEGIN {
    secs = e - s; total = 2 * calls;
    printf "offered %d calls/s (2 x %d), %d calls in %.1f s: goodput %.0f calls/s (%d calls), %d refused with 503" \
        " (%.1f %%; %s, warm-up included), %d failed otherwise; server CPU %.0f %% of one core; legs open 2 s after: %s (%s of them answered, awaiting" \
        " their ACK: not mixed); mix overruns: %s\n",
        2 * rate, rate, total, secs, ok / secs, ok, refused, 100 * refused / total, why, failed,
        100 * cpu / hz / secs, legs, unconfirmed, overruns }'
exit "$STATUS"
