#!/usr/bin/env bash
# Follows README.md's "Install" section literally, on an empty local Maven repository: clones this checkout (its
# committed state, in place of the README's GitHub URL), runs the section's install command, then builds a
# consumer project made of the section's <dependencyManagement>/<dependencies> snippet and compiles and runs every
# ```java block between "## Quick start" and "## Spring Boot" in it (the JDBC example included).
#
# Slow (it downloads every plugin and dependency the install needs: several minutes), so it is not part of
# `mvn verify`; run it before a release or after changing the README's Install section:
#     scripts/check-install.sh            # KEEP=1 keeps the work folder
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
readme="$root/README.md"
work="$(mktemp -d)"
if [ "${KEEP:-0}" != 1 ]; then trap 'rm -rf "$work"' EXIT; fi
echo "work folder: $work"
# An empty local repository for every mvn below, without changing the README's commands.
export MAVEN_OPTS="${MAVEN_OPTS:-} -Dmaven.repo.local=$work/m2"

section() { # the lines of README section $1, up to the next "## "
  awk -v title="## $1" '$0 == title {on = 1; next} on && /^## / {exit} on' "$readme"
}
blocks() { # the fenced blocks of language $1 on stdin, each ended by a line "@@END@@"
  awk -v fence="\`\`\`$1" '$0 == fence {on = 1; next} on && $0 == "```" {on = 0; print "@@END@@"; next} on'
}

install="$(section Install | blocks sh | grep -v '^@@END@@$')"
snippet="$(section Install | blocks xml | grep -v '^@@END@@$')"
[ -n "$install" ] && [ -n "$snippet" ] || { echo "README's Install section has no sh or xml block" >&2; exit 1; }

cd "$work"
while IFS= read -r line; do
  case "$line" in
    "git clone "*)
      # The README's clone, of this checkout; then the rest of the line (e.g. "&& cd kairos").
      git clone -q "$root" kairos
      rest="${line#*&&}"
      [ "$rest" != "$line" ] && eval "$rest"
      ;;
    *) echo "+ $line"; eval "$line" ;;
  esac
done <<< "$install"

mkdir -p "$work/consumer/src/main/java"
cd "$work/consumer"
cat > pom.xml <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>kairos-consumer</artifactId>
  <version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <build>
    <plugins>
      <plugin>
        <!-- Maven 3.8's default compiler plugin (3.1) ignores maven.compiler.release and compiles for Java 5. -->
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>3.13.0</version>
      </plugin>
    </plugins>
  </build>
$snippet
</project>
POM

# Each java block: its imports at the top of a class, the rest in main() (as ReadmeSamplesTest does).
awk '/^## Quick start$/ {on = 1} /^## Spring Boot/ {on = 0} on' "$readme" | blocks java > samples.txt
n=0
imports="" body=""
while IFS= read -r line; do
  if [ "$line" = "@@END@@" ]; then
    printf '%s\npublic class Sample%d {\n  public static void main(String[] args) throws Exception {\n%s\n  }\n}\n' \
      "$imports" "$n" "$body" > "src/main/java/Sample$n.java"
    n=$((n + 1)); imports="" body=""
  elif [[ "$line" == import\ * ]]; then
    imports+="$line"$'\n'
  else
    body+="$line"$'\n'
  fi
done < samples.txt
[ "$n" -gt 0 ] || { echo "no java block between Quick start and Spring Boot" >&2; exit 1; }

mvn -B compile dependency:build-classpath -Dmdep.outputFile=classpath.txt
for ((i = 0; i < n; i++)); do
  echo "--- Sample$i"
  java -cp "target/classes:$(cat classpath.txt)" "Sample$i"
done
echo "check-install: the README's Install section works on an empty local repository ($n samples ran)"
