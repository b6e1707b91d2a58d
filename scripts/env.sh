# Sourced by the scripts in this folder: the JDK and Maven settings every Lakeport command uses.
# Lakeport needs JDK 25. Prefer the machine's Temurin 25; otherwise keep the caller's JAVA_HOME.
if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25'; then
  echo "Lakeport needs JDK 25: set JAVA_HOME to a JDK 25 installation." >&2
  return 1 2>/dev/null || exit 1
fi
export PATH="$JAVA_HOME/bin:$PATH"
LAKEPORT_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Not exported: every exported LAKEPORT_* variable is a configuration override for Lakeport itself.
# Quieter, reproducible Maven output in scripts and CI.
export MAVEN_OPTS="${MAVEN_OPTS:-} -Djava.awt.headless=true"
MVN=(mvn -B --no-transfer-progress)
