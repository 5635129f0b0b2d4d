#!/usr/bin/env bash
# Registrar and proxy throughput: SIPp REGISTERs with digest (401 then the authenticated REGISTER) for many
# users, then proxied calls INVITE -> 407 -> INVITE with digest -> 200 -> ACK -> BYE from SIPp callers to a user
# registered with a SIPp uas as its contact (the uas answers behind Confero). Prints, for each phase, the offered
# rate, the completed transactions or calls per second, the failures and the server's CPU.
#
#   server/src/test/sipp/bench-proxy.sh [register-rate] [registers] [call-rate] [calls]
#
# SERVER=jar (default) starts the packaged server, `java -jar server/target/confero.jar` (build it first:
#   mvn -B -o -DskipTests package), on 127.0.0.1:$PORT with $USERS users u1..uN (password pw-<n>): u3 registers
#   over and over, u2 calls u1, whose contact is the SIPp uas.
# SERVER=none measures a server already listening on 127.0.0.1:$PORT with those users (SERVER_PID for its CPU).
# KEEP=<dir> keeps the server's and SIPp's logs there. Everything stays on 127.0.0.1.
set -euo pipefail

REG_RATE=${1:-1000}
REGS=${2:-20000}
CALL_RATE=${3:-300}
CALLS=${4:-6000}
PORT=${PORT:-25060}
USERS=${USERS:-10}
SERVER=${SERVER:-jar}
ROOT=$(cd "$(dirname "$0")/../../../.." && pwd)
SCENARIOS="$ROOT/server/src/test/resources/sipp/proxy"
WORK=$(mktemp -d)
SERVER_PID=${SERVER_PID:-}
STARTED_PID=""
UAS_PID=""

cleanup() {
    if [[ -n "$UAS_PID" ]]; then kill "$UAS_PID" 2>/dev/null || true; wait "$UAS_PID" 2>/dev/null || true; fi
    if [[ -n "$STARTED_PID" ]]; then kill "$STARTED_PID" 2>/dev/null || true; wait "$STARTED_PID" 2>/dev/null || true; fi
    if [[ -n "${KEEP:-}" ]]; then mkdir -p "$KEEP" && cp -r "$WORK"/*.log "$KEEP"/ 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

port_taken() { [[ -n "$(ss -Hlnu "sport = :$1" 2>/dev/null)$(ss -Hlnt "sport = :$1" 2>/dev/null)" ]]; }


case "$SERVER" in
    jar)
        for p in "$PORT" $((PORT + 1)) $((PORT + 2)); do
            if port_taken "$p"; then echo "port $p is in use: set PORT=…" >&2; exit 3; fi
        done
        envs=(CONFERO_WEBRTC_PORT=0 CONFERO_GUARD_EXEMPT_SOURCES=127.0.0.1 CONFERO_SIP_DIGEST_ALGORITHMS=MD5)
        for i in $(seq 1 "$USERS"); do envs+=("CONFERO_USER_U${i}_PASSWORD=pw-$i"); done
        env "${envs[@]}" java -Xmx1g -Dlogback.configurationFile="$ROOT/server/src/test/sipp/logback-bench.xml" \
            -jar "$ROOT/server/target/confero.jar" --bind 127.0.0.1 --sip-port "$PORT" --http-port 0 \
            --https-port 0 --data-dir "$WORK/data" >"$WORK/server.log" 2>&1 &
        STARTED_PID=$!
        SERVER_PID=$STARTED_PID
        for _ in $(seq 1 100); do grep -q "Confero started" "$WORK/server.log" && break; sleep 0.2; done
        grep -q "Confero started" "$WORK/server.log" || { echo "server did not start:"; tail -20 "$WORK/server.log"; exit 4; }
        ;;
    none) ;;
    *) echo "SERVER must be jar or none" >&2; exit 2 ;;
esac

cpu_ticks() { [[ -n "$SERVER_PID" ]] && awk '{print $14 + $15}' "/proc/$SERVER_PID/stat" || echo 0; }
CLK=$(getconf CLK_TCK)

# phase <name> <rate> <count> <sipp args...>: runs SIPp to the end and prints its figures
phase() {
    local name=$1 rate=$2 count=$3; shift 3
    local before after start end
    before=$(cpu_ticks); start=$(date +%s.%N)
    sipp 127.0.0.1:"$PORT" -i 127.0.0.1 -nostdin -r "$rate" -m "$count" -l $((rate * 8)) \
        -timeout $((count / rate + 60))s "$@" >"$WORK/$name.log" 2>&1 || true
    end=$(date +%s.%N); after=$(cpu_ticks)
    local ok failed # the last "Successful call" and "Failed call" rows of SIPp's final screen (cumulative column)
    ok=$(grep -a "Successful call" "$WORK/$name.log" | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3+0}')
    failed=$(grep -a "Failed call" "$WORK/$name.log" | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3+0}')
    local secs; secs=$(echo "$end - $start" | bc -l)
    printf '%-9s offered %5d/s  completed %6d in %6.1f s = %7.1f/s  failed %d (%.2f %%)  server CPU %.0f %%\n' \
        "$name" "$rate" "$ok" "$secs" "$(echo "$ok / $secs" | bc -l)" "$failed" \
        "$(echo "100 * $failed / ($ok + $failed + 0.000001)" | bc -l)" \
        "$(echo "100 * ($after - $before) / $CLK / $secs" | bc -l)"
}

phase register "$REG_RATE" "$REGS" -sf "$SCENARIOS/bench-register.xml" -key user u3 -au u3 -ap pw-3 \
    -p $((PORT + 1))

# u1 answers every call: a SIPp uas registered as u1's contact
UAS_PORT=$((PORT + 2))
sipp -sn uas -i 127.0.0.1 -p "$UAS_PORT" -nostdin >"$WORK/uas.log" 2>&1 &
UAS_PID=$!
sipp 127.0.0.1:"$PORT" -i 127.0.0.1 -nostdin -m 1 -sf "$SCENARIOS/register-contact.xml" -key user u1 \
    -key contact "sip:u1@127.0.0.1:$UAS_PORT" -au u1 -ap pw-1 -timeout 10s >"$WORK/register-uas.log" 2>&1 \
    || { echo "registering the uas failed"; tail -20 "$WORK/register-uas.log"; exit 5; }
phase calls "$CALL_RATE" "$CALLS" -sf "$SCENARIOS/bench-call.xml" -key user u2 -au u2 -ap pw-2 -key callee u1 \
    -p $((PORT + 1))
echo "(machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
