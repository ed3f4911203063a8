#!/usr/bin/env bash
# Checks that the build is reproducible: builds the working tree twice, in two copies at different paths
# (mvn -q clean package -DskipTests), and compares the sha256 of every published jar (main, sources, javadoc of
# each module with src/main/java/module-info.java) and of every published POM (target/.flattened-pom.xml).
# Prints one line per file and exits 1 if any file differs (or is missing in one build), 0 if all are identical.
# Usage: scripts/check-reproducible.sh [extra mvn args, e.g. -o]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for copy in a b; do
    mkdir -p "$work/$copy"
    # The files git knows, as they are in the working tree (uncommitted edits included), no build output.
    (cd "$root" && git ls-files -z --cached --others --exclude-standard \
        | xargs -0 cp --parents -t "$work/$copy" 2>/dev/null || true)
done
for copy in a b; do
    echo "building copy $copy in $work/$copy ..."
    (cd "$work/$copy" && mvn -q -B clean package -DskipTests "$@") >"$work/$copy.log" 2>&1 \
        || { echo "build $copy failed:"; tail -40 "$work/$copy.log"; exit 2; }
done

published=$(cd "$work/a" && for f in */src/main/java/module-info.java; do echo "${f%%/*}"; done)
# The BOM has no jar; its POM is published.
[ -f "$work/a/bom/pom.xml" ] && published="$published bom"

status=0
count=0
for m in $published; do
    for f in $(cd "$work/a" && ls "$m"/target/*.jar "$m"/target/.flattened-pom.xml 2>/dev/null); do
        count=$((count + 1))
        a=$(sha256sum "$work/a/$f" | cut -d' ' -f1)
        if [ ! -f "$work/b/$f" ]; then
            echo "MISSING in second build: $f"; status=1; continue
        fi
        b=$(sha256sum "$work/b/$f" | cut -d' ' -f1)
        if [ "$a" = "$b" ]; then
            echo "same     $a  $f"
        else
            echo "DIFFERS  $f"
            status=1
            if command -v unzip >/dev/null && [ "${f##*.}" = jar ]; then
                diff <(cd "$work/a" && unzip -lv "$f" | awk '{print $1, $5, $6, $7, $8}') \
                     <(cd "$work/b" && unzip -lv "$f" | awk '{print $1, $5, $6, $7, $8}') | head -10 || true
            fi
        fi
    done
done
if [ "$count" -eq 0 ]; then
    echo "no published artifacts found"; exit 2
fi
if [ "$status" -eq 0 ]; then
    echo "reproducible: all $count published files identical across two clean builds"
else
    echo "NOT reproducible: see the files marked DIFFERS above"
fi
exit "$status"
