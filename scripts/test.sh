#!/usr/bin/env bash
# The one test command: installs the real peers the integration tests drive (SIPp, baresip, ffmpeg, sox, tshark,
# Chromium with its driver, PostgreSQL, coturn, Redis, Kamailio) when they are missing, checks Java >= 17 and Maven,
# then runs every test of every module. Exits with Maven's exit code.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# baresip-ffmpeg: baresip's avcodec module (H.264); --no-install-recommends leaves it out of baresip
# fonts-dejavu-core, fontconfig: names and initials on video tiles are drawn with AWT
# postgresql: the storage tests start a throw-away cluster (initdb on a free 127.0.0.1 port) beside H2
# coturn: the TURN test relays a browser's media through a throw-away turnserver on loopback
# redis-server, redis-tools, kamailio, kamailio-redis-modules: the cluster tests place rooms in a throw-away Redis and
# call them through a throw-away Kamailio SIP front (deploy/kamailio/); kamailio is also the proxy benchmark's baseline
PEERS=(sip-tester baresip baresip-ffmpeg ffmpeg sox tshark chromium chromium-driver fonts-dejavu-core fontconfig
       postgresql coturn redis-server redis-tools kamailio kamailio-redis-modules)

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

is_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

apt_updated=no
apt_install() {
    if [ "$apt_updated" = no ]; then
        as_root apt-get update
        apt_updated=yes
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

java_major() {
    # "openjdk version "17.0.15" 2025-04-15" -> 17 ; "1.8.0_392" -> 1
    local major
    major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
    echo "${major:-0}"
}

if command -v dpkg-query >/dev/null && command -v apt-get >/dev/null; then
    missing=()
    for pkg in "${PEERS[@]}"; do
        is_installed "$pkg" || missing+=("$pkg")
    done
    if ! command -v java >/dev/null || [ "$(java_major)" -lt 17 ]; then
        missing+=(default-jdk-headless)
    fi
    command -v mvn >/dev/null || missing+=(maven)
    if [ "${#missing[@]}" -gt 0 ]; then
        echo "test.sh: installing ${missing[*]}"
        apt_install "${missing[@]}"
    fi
else
    echo "test.sh: not a Debian/Ubuntu system; install ${PEERS[*]} yourself" >&2
fi

if ! command -v java >/dev/null || [ "$(java_major)" -lt 17 ]; then
    echo "test.sh: Java 17 or newer is required (found: $(java -version 2>&1 | head -n 1 || echo none))" >&2
    exit 1
fi
if ! command -v mvn >/dev/null; then
    echo "test.sh: Maven is required (apt-get install maven)" >&2
    exit 1
fi

set +e
mvn -B verify "$@"
status=$?
set -e
exit "$status"
