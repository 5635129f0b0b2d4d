#!/usr/bin/env bash
# Hot spots of a Java Flight Recorder file (bench-proxy.sh JFR=<file>): the methods most often on top of the
# sampled stacks (self time), and the Confero methods most often anywhere in them (inclusive).
#   server/src/test/sipp/jfr-top.sh <file.jfr> [rows]
set -euo pipefail
FILE=$1
ROWS=${2:-25}
SAMPLES=$(mktemp)
trap 'rm -f "$SAMPLES"' EXIT
jfr print --stack-depth 64 --events jdk.ExecutionSample "$FILE" >"$SAMPLES"
TOTAL=$(grep -c '^jdk.ExecutionSample' "$SAMPLES" || true)
echo "$TOTAL samples"
echo "--- self (top frame)"
awk '/stackTrace = \[/{getline; sub(/^[ \t]+/, ""); sub(/[ \t]+line:.*/, ""); print}' "$SAMPLES" \
    | sort | uniq -c | sort -rn | head -n "$ROWS"
echo "--- inclusive (org.confero frames, once per sample)"
awk '/^jdk.ExecutionSample/{delete seen} /org\.confero\./{l=$0; sub(/^[ \t]+/, "", l); sub(/[ \t]+line:.*/, "", l);
     if (!(l in seen)) {seen[l]=1; print l}}' "$SAMPLES" | sort | uniq -c | sort -rn | head -n "$ROWS"
