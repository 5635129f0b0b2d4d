#!/usr/bin/env bash
# Registrar and proxy throughput of Confero against Kamailio 5.6 as the baseline, in one run on the same machine.
#
#   server/src/test/sipp/bench-proxy.sh
#
# For each server it steps the offered rate up and keeps the highest step that completes with < 1 % failures
# (and at >= 90 % of the offered rate):
#   REGISTER/s: SIPp REGISTERs with digest (401, authenticated REGISTER, 200), users and passwords from an
#               injection file, every REGISTER by the next user;
#   calls/s:    proxied calls INVITE -> 407 -> INVITE with digest -> 100/180/200 -> ACK -> BYE -> 200 from those
#               users to u1 and u2, each registered with a SIPp uas (bench-uas.xml) behind the server; ACK and
#               BYE follow the Record-Route.
# Each step runs $INSTANCES SIPp callers at rate/$INSTANCES each (one SIPp tops out near 1,000 calls/s).
# It then prints a table with both servers' figures and their ratio.
#
# Settings (environment):
#   TARGETS="confero kamailio"   which servers to measure
#   REG_RATES="1000 2000 ..."    REGISTER steps;  CALL_RATES="250 500 ..." call steps;  STEP_SECONDS=8
#   USERS=1000 INSTANCES=2 PORT=25060 (Confero; Kamailio on PORT+100; SIPp on PORT+10..PORT+19)
#   CONFERO_JAR=server/target/confero.jar (build it first: mvn -B -o -DskipTests package)
#   BEFORE_JAR=<older confero.jar> with TARGETS="confero-before confero kamailio": a before/after in one run
#   JAVA_OPTS="..."              extra JVM options for Confero
#   JFR=<file.jfr>               record Confero with Java Flight Recorder (print hot spots with jfr-top.sh)
#   KAMAILIO_CHILDREN=4          Kamailio UDP worker processes
#   KEEP=<dir>                   keep the servers' and SIPp's logs there
# It installs nothing (scripts/test.sh installs SIPp and Kamailio) and sends only to 127.0.0.1.
set -euo pipefail

TARGETS=${TARGETS:-confero kamailio}
REG_RATES=${REG_RATES:-1000 2000 3000 4000 5000 6000 8000}
CALL_RATES=${CALL_RATES:-250 500 750 1000 1250 1500 2000}
STEP_SECONDS=${STEP_SECONDS:-8}
USERS=${USERS:-1000}
INSTANCES=${INSTANCES:-2}
PORT=${PORT:-25060}
KPORT=$((PORT + 100))
KAMAILIO_CHILDREN=${KAMAILIO_CHILDREN:-4}
ROOT=$(cd "$(dirname "$0")/../../../.." && pwd)
CONFERO_JAR=${CONFERO_JAR:-$ROOT/server/target/confero.jar}
SCENARIOS="$ROOT/server/src/test/resources/sipp/proxy"
WORK=$(mktemp -d /tmp/bench-proxy.XXXXXX)
PIDS=()

cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
    if [[ -n "${KEEP:-}" ]]; then mkdir -p "$KEEP" && cp -r "$WORK"/*.log "$WORK"/*.cfg "$KEEP"/ 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

for tool in sipp bc ss; do command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }; done
port_taken() { [[ -n "$(ss -Hlnu "sport = :$1" 2>/dev/null)$(ss -Hlnt "sport = :$1" 2>/dev/null)" ]]; }
for p in "$PORT" "$KPORT" $(seq $((PORT + 10)) $((PORT + 19))); do
    if port_taken "$p"; then echo "port $p is in use: set PORT=..." >&2; exit 3; fi
done
udp_up() { for _ in $(seq 1 150); do port_taken "$1" && return 0; sleep 0.1; done; return 1; }

# users u1..uN with password pw-<n>; u1 and u2 are the callees, the others register and call
{ echo SEQUENTIAL; for i in $(seq 3 "$USERS"); do echo "u$i;[authentication username=u$i password=pw-$i]"; done; } >"$WORK/users.csv"

CLK=$(getconf CLK_TCK)
SERVER_PIDS=""
cpu_ticks() {  # user+system ticks of the server's processes
    local sum=0 p
    for p in $SERVER_PIDS; do
        [[ -r /proc/$p/stat ]] && sum=$((sum + $(awk '{print $14 + $15}' "/proc/$p/stat")))
    done
    echo "$sum"
}

start_confero() {  # jar
    local envs=(CONFERO_WEBRTC_PORT=0 CONFERO_GUARD_EXEMPT_SOURCES=127.0.0.1 CONFERO_SIP_DIGEST_ALGORITHMS=MD5)
    for i in $(seq 1 "$USERS"); do envs+=("CONFERO_USER_U${i}_PASSWORD=pw-$i"); done
    local jfr=()
    [[ -n "${JFR:-}" && $TARGET == confero ]] && jfr=("-XX:StartFlightRecording=filename=$JFR,settings=profile,dumponexit=true")
    # shellcheck disable=SC2086
    env "${envs[@]}" java -Xmx1g ${JAVA_OPTS:-} "${jfr[@]}" \
        -Dlogback.configurationFile="$ROOT/server/src/test/sipp/logback-bench.xml" -jar "$1" \
        --bind 127.0.0.1 --sip-port "$PORT" --sip-tls-port 0 --http-port 0 --https-port 0 \
        --data-dir "$WORK/data" >"$WORK/confero.log" 2>&1 &
    SERVER_PID=$!; PIDS+=("$SERVER_PID"); SERVER_PIDS=$SERVER_PID; TARGET_PORT=$PORT
    for _ in $(seq 1 150); do grep -q "Confero started" "$WORK/confero.log" && return 0; sleep 0.2; done
    echo "Confero did not start:" >&2; tail -20 "$WORK/confero.log" >&2; exit 4
}

start_kamailio() {
    command -v kamailio >/dev/null || { echo "missing: kamailio (apt-get install kamailio)" >&2; exit 2; }
    mkdir -p "$WORK/db" "$WORK/run"
    printf 'id(int,auto) table_name(string) table_version(int) \n0:subscriber:7\n' >"$WORK/db/version"
    { echo 'id(int,auto) username(string) domain(string) password(string) ha1(string) ha1b(string) '
      for i in $(seq 1 "$USERS"); do echo "$i:u$i:127.0.0.1:pw-$i:-:-"; done; } >"$WORK/db/subscriber"
    cp "$ROOT/server/src/test/sipp/kamailio-bench.cfg" "$WORK/kamailio.cfg"
    kamailio -f "$WORK/kamailio.cfg" -DD -E -n "$KAMAILIO_CHILDREN" -m 512 -M 16 -Y "$WORK/run" \
        -P "$WORK/run/kamailio.pid" -l "udp:127.0.0.1:$KPORT" -A "DBURL=\"text://$WORK/db\"" \
        >"$WORK/kamailio.log" 2>&1 &
    SERVER_PID=$!; PIDS+=("$SERVER_PID"); TARGET_PORT=$KPORT
    udp_up "$KPORT" || { echo "Kamailio did not start:" >&2; tail -20 "$WORK/kamailio.log" >&2; exit 4; }
    sleep 0.5
    SERVER_PIDS="$SERVER_PID $(pgrep -P "$SERVER_PID" | tr '\n' ' ')"
}

stop_server() {
    kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do port_taken "$TARGET_PORT" || break; sleep 0.1; done
}

# the last cumulative value of a row of SIPp's final statistics screen
stat() { grep -a "$1" "$2" | tail -1 | awk -F'|' '{gsub(/ /,"",$3); print $3+0}'; }

# step <name> <rate> <scenario> [sipp args...] -> sets STEP_OK STEP_FAILED STEP_RATE STEP_CPU, prints a line
step() {
    local name=$1 rate=$2 scenario=$3; shift 3
    local per=$((rate / INSTANCES)) count=$((rate * STEP_SECONDS / INSTANCES)) i before after t0 t1
    local pids=()
    before=$(cpu_ticks); t0=$(date +%s.%N)
    for i in $(seq 1 "$INSTANCES"); do
        timeout $((STEP_SECONDS * 4 + 60)) sipp 127.0.0.1:"$TARGET_PORT" -i 127.0.0.1 -p $((PORT + 9 + i)) \
            -sf "$scenario" -inf "$WORK/users.csv" -nostdin -r "$per" -m "$count" -l $((per * 4 + 100)) \
            -recv_timeout 5000 -timeout $((STEP_SECONDS * 4 + 30))s "$@" -key callee "u$(( (i - 1) % 2 + 1 ))" \
            >"$WORK/$TARGET-$name-$rate-$i.log" 2>&1 &
        pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p" || true; done
    t1=$(date +%s.%N); after=$(cpu_ticks)
    STEP_OK=0; STEP_FAILED=0
    for i in $(seq 1 "$INSTANCES"); do
        local log="$WORK/$TARGET-$name-$rate-$i.log" ok created
        ok=$(stat "Successful call" "$log"); created=$(stat "Outgoing calls created" "$log")
        STEP_OK=$((STEP_OK + ok)); STEP_FAILED=$((STEP_FAILED + count - ok))
        : "$created"
    done
    local secs; secs=$(echo "$t1 - $t0" | bc -l)
    STEP_RATE=$(echo "$STEP_OK / $secs" | bc -l)
    STEP_CPU=$(echo "100 * ($after - $before) / $CLK / $secs" | bc -l)
    STEP_PCT=$(echo "100 * $STEP_FAILED / ($rate * $STEP_SECONDS)" | bc -l)
    printf '  %-8s %-9s offered %5d/s  completed %6d in %5.1f s = %7.1f/s  failed %5d (%5.2f %%)  server CPU %3.0f %%\n' \
        "$TARGET" "$name" "$rate" "$STEP_OK" "$secs" "$STEP_RATE" "$STEP_FAILED" "$STEP_PCT" "$STEP_CPU"
}

# climb <name> <rates> <scenario> [args] -> BEST_RATE BEST_OFFERED BEST_CPU of the highest passing step
climb() {
    local name=$1 rates=$2 scenario=$3 rate; shift 3
    BEST_RATE=0; BEST_OFFERED=0; BEST_CPU=0
    for rate in $rates; do
        step "$name" "$rate" "$scenario" "$@"
        if (( $(echo "$STEP_PCT < 1 && $STEP_RATE >= 0.9 * $rate" | bc -l) )); then
            BEST_RATE=$STEP_RATE; BEST_OFFERED=$rate; BEST_CPU=$STEP_CPU
        else
            break
        fi
    done
}

UAS_STARTED=no
start_callees() {  # two SIPp uas, registered as the contacts of u1 and u2 on the server under test
    local i
    if [[ $UAS_STARTED == no ]]; then
        for i in 1 2; do
            sipp -sf "$SCENARIOS/bench-uas.xml" -i 127.0.0.1 -p $((PORT + 14 + i)) -nostdin -nd \
                >"$WORK/uas-$i.log" 2>&1 &
            PIDS+=($!)
            udp_up $((PORT + 14 + i)) || { echo "uas $i did not start" >&2; exit 5; }
        done
        UAS_STARTED=yes
    fi
    for i in 1 2; do
        sipp 127.0.0.1:"$TARGET_PORT" -i 127.0.0.1 -p $((PORT + 18)) -nostdin -m 1 \
            -sf "$SCENARIOS/register-contact.xml" -key user "u$i" -key contact "sip:u$i@127.0.0.1:$((PORT + 14 + i))" \
            -au "u$i" -ap "pw-$i" -timeout 10s >"$WORK/register-u$i-$TARGET.log" 2>&1 \
            || { echo "registering the uas failed:" >&2; tail -20 "$WORK/register-u$i-$TARGET.log" >&2; exit 5; }
    done
}

start_target() {
    case "$TARGET" in
        confero) start_confero "$CONFERO_JAR" ;;
        confero-before) start_confero "${BEFORE_JAR:?BEFORE_JAR=<jar> for confero-before}" ;;
        kamailio) start_kamailio ;;
        *) echo "unknown target $TARGET" >&2; exit 2 ;;
    esac
    echo "$TARGET on udp 127.0.0.1:$TARGET_PORT (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    # warm-up (JIT, caches), not counted
    step warmup 200 "$SCENARIOS/bench-register.xml" >/dev/null
}

declare -A RESULT
for TARGET in $TARGETS; do
    start_target
    climb register "$REG_RATES" "$SCENARIOS/bench-register.xml"
    RESULT[$TARGET,register]=$BEST_RATE; RESULT[$TARGET,register,cpu]=$BEST_CPU
    # A fresh server for the calls: Confero tracks the nonce-count of at most 100,000 nonces within their
    # lifetime and answers stale=true beyond that, which the REGISTER steps alone can reach.
    stop_server
    start_target
    start_callees
    climb calls "$CALL_RATES" "$SCENARIOS/bench-call.xml"
    RESULT[$TARGET,calls]=$BEST_RATE; RESULT[$TARGET,calls,cpu]=$BEST_CPU
    stop_server
done

echo
echo "| measure (< 1 % failures) | $(for t in $TARGETS; do printf '%s | ' "$t"; done)confero / kamailio |"
echo "|---|$(for _ in $TARGETS; do printf -- '---|'; done)---|"
for m in register calls; do
    label=$([[ $m == register ]] && echo "REGISTER with digest /s" || echo "proxied calls /s")
    row="| $label |"
    for t in $TARGETS; do row+=$(printf ' %.0f (CPU %.0f %%) |' "${RESULT[$t,$m]}" "${RESULT[$t,$m,cpu]}"); done
    ratio="-"
    if [[ " $TARGETS " == *" confero "* && " $TARGETS " == *" kamailio "* ]] \
            && (( $(echo "${RESULT[kamailio,$m]} > 0" | bc -l) )); then
        ratio=$(printf '%.2f' "$(echo "${RESULT[confero,$m]} / ${RESULT[kamailio,$m]}" | bc -l)")
    fi
    echo "$row $ratio |"
done
echo "(machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); SIPp runs on the same cores)"
