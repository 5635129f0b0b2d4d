#!/usr/bin/env bash
# Call-setup throughput of the SIP focus: two SIPp instances place INVITE/ACK/BYE calls (no media) to the
# room "demo" and the script prints calls/s and the failure ratio.
#
#   server/src/test/sipp/bench-call-setup.sh [rate-per-instance] [calls-per-instance]
#
# SERVER=jar (default) starts the packaged server, `java -jar server/target/confero.jar`, on 127.0.0.1:$PORT
#   with the real mixer behind every call (build it first: mvn -B -DskipTests package);
# SERVER=none measures a server already listening on 127.0.0.1:$PORT.
# Everything stays on 127.0.0.1.
set -euo pipefail

RATE=${1:-600}
CALLS=${2:-12000}
PORT=${PORT:-15060}
SERVER=${SERVER:-jar}
ROOT=$(cd "$(dirname "$0")/../../../.." && pwd)
SCENARIO="$ROOT/server/src/test/resources/sipp/call-setup-no-media.xml"
WORK=$(mktemp -d)
SERVER_PID=""

cleanup() {
    if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

case "$SERVER" in
    jar)
        # One room takes every call: demo's default limit of 50 participants would answer 486 under load.
        CONFERO_WEBRTC_PORT=0 CONFERO_ROOM_DEMO_MAX_PARTICIPANTS=10000 CONFERO_GUARD_EXEMPT_SOURCES=127.0.0.1 java -Xmx2g -Dlogback.configurationFile="$ROOT/server/src/test/sipp/logback-bench.xml" \
            -jar "$ROOT/server/target/confero.jar" --bind 127.0.0.1 --sip-port "$PORT" --http-port 0 \
            --https-port 0 --data-dir "$WORK/data" >"$WORK/server.log" 2>&1 &
        SERVER_PID=$!
        ;;
    none) ;;
    *) echo "SERVER must be jar or none" >&2; exit 2 ;;
esac

# Wait (bounded) until the server listens (it binds TCP and UDP together).
for _ in $(seq 1 60); do
    if timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT" 2>/dev/null; then break; fi
    sleep 0.5
done

# Warm-up (not measured): the JIT compiles the call path before the figures are taken.
sipp 127.0.0.1:"$PORT" -sf "$SCENARIO" -s demo -i 127.0.0.1 -p $((PORT + 20)) -mi 127.0.0.1 -r 200 -m 3000 \
    -timeout 60 -nostdin >"$WORK/warmup.out" 2>&1 || true

START=$(date +%s.%N)
for i in 1 2; do
    sipp 127.0.0.1:"$PORT" -sf "$SCENARIO" -s demo -i 127.0.0.1 -p $((PORT + 20 + i)) -mi 127.0.0.1 \
        -r "$RATE" -m "$CALLS" -l $((RATE * 4)) -timeout $((CALLS / RATE * 3 + 30)) -nostdin \
        >"$WORK/sipp$i.out" 2>&1 &
    PIDS[$i]=$!
done
STATUS=0
for i in 1 2; do wait "${PIDS[$i]}" || STATUS=$?; done
END=$(date +%s.%N)

ok=0; failed=0
for i in 1 2; do
    s=$(grep -a "Successful call" "$WORK/sipp$i.out" | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3}')
    f=$(grep -a "Failed call" "$WORK/sipp$i.out" | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3}')
    ok=$((ok + ${s:-0})); failed=$((failed + ${f:-0}))
done
awk -v ok="$ok" -v failed="$failed" -v s="$START" -v e="$END" -v rate="$RATE" 'BEGIN {
    secs = e - s; total = ok + failed;
    printf "offered %d calls/s (2 x %d); %d calls in %.1f s: %.0f calls/s successful, %.2f %% failed\n",
        2 * rate, rate, total, secs, ok / secs, total ? 100 * failed / total : 0 }'
exit "$STATUS"
