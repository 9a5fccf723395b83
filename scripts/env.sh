# Sourced by ./ldnn, scripts/test and .ci/run: finds a JDK 25 and Maven, or says what to install.
# Sets LDNN_JAVA (the java binary) and exports JAVA_HOME.

ldnn_java_version() { # major version of a java binary, or 0
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n1
}

ldnn_find_jdk() {
  local cand
  for cand in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 \
              /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/java-25-openjdk /usr/lib/jvm/*25* /opt/java/openjdk \
              /usr/local/opt/openjdk@25 "$HOME"/.sdkman/candidates/java/25*; do
    [ -n "$cand" ] && [ -x "$cand/bin/java" ] && [ -x "$cand/bin/javac" ] || continue
    local v; v=$(ldnn_java_version "$cand/bin/java")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then
      export JAVA_HOME="$cand"
      LDNN_JAVA="$cand/bin/java"
      return 0
    fi
  done
  cat >&2 <<MSG
ldnn: no JDK 25 found (looked at \$JAVA_HOME and /usr/lib/jvm/*25*).
  Install one, e.g. Eclipse Temurin 25 (package temurin-25-jdk from the Adoptium apt repository,
  or a tarball from adoptium.net), then set JAVA_HOME to it and run this again.
MSG
  return 1
}

ldnn_find_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "ldnn: Maven (mvn) is not installed; on Debian/Ubuntu: sudo apt-get install maven" >&2
    return 1
  fi
}

# JVM flags every ldnn process needs: the Vector API and native access for OpenBLAS.
LDNN_JVM_FLAGS=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED)

# Heap and collector (measured in BENCHMARKS.md, "Memory"): the serial collector, whose heap grows only
# as far as the live data needs (MinHeapFreeRatio/MaxHeapFreeRatio keep 10-25% free), up to 75% of RAM
# so that a large net still fits. A training step reuses its memory and leaves ~1.7 MB of garbage
# (the data pipeline's batches), so a stop-the-world young collection is short, and on 2 cores it
# does not take a core from the step as a concurrent collector does: the main job trains faster
# (2,690 against 2,200-2,360 images/s with G1) in less memory (1.35 against 1.93 GB peak RSS). A young
# generation of 64 MB (-Xmn64m) holds a few seconds of that garbage: 1.23 GB at the same speed.
# LDNN_HEAP=8g sets the most heap a run may use (-Xmx); LDNN_JAVA_OPTS adds any JVM option after these.
LDNN_JVM_FLAGS+=(-XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=25 -Xmn64m)
if [ -n "${LDNN_HEAP:-}" ]; then
  LDNN_JVM_FLAGS+=("-Xmx$LDNN_HEAP")
else
  LDNN_JVM_FLAGS+=(-XX:MaxRAMPercentage=75)
fi

# The module options Spark's own launcher gives its JVMs (org.apache.spark.launcher.JavaModuleOptions), for
# `ldnn train --spark`, whose driver (and, with local[*], whose tasks) run in the ldnn process.
LDNN_SPARK_FLAGS=(-XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)
