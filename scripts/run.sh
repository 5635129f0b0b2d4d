#!/usr/bin/env bash
# The one run command: builds the runnable jar (tests skipped) and starts Confero with the given options,
# e.g. scripts/run.sh --config docker/confero.properties --bind 127.0.0.1
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -q -DskipTests package
exec java -jar server/target/confero.jar "$@"
