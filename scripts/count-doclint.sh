#!/usr/bin/env bash
# Counts the Javadoc doclint warnings (doclint "all", as configured in the root pom) of every published module
# (the modules with src/main/java/module-info.java). Prints "<count> <module>" per module and the total.
# Usage: scripts/count-doclint.sh [extra mvn args]. Exits 0; the counts are the output.
set -euo pipefail
cd "$(dirname "$0")/.."
modules=$(for f in */src/main/java/module-info.java; do dirname "$(dirname "$(dirname "$(dirname "$f")")")"; done)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# clean: the javadoc plugin skips a module it thinks up to date, and would print nothing.
# -Djavadoc.failOnWarnings=false: count in every module instead of stopping at the first one that fails.
mvn -B -DskipTests -Djavadoc.failOnWarnings=false clean package -pl "$(echo $modules | tr ' ' ',')" -am "$@" >"$log" 2>&1 \
    || { tail -40 "$log"; exit 1; }
total=0
for m in $modules; do
    n=$(grep -E "^\[WARNING\] $PWD/$m/src/.*: warning:" "$log" | sort -u | wc -l || true)
    echo "$n $m"
    total=$((total + n))
done
echo "$total total"
