#!/usr/bin/env bash
# Fetches Apache Kafka's broker jars (org.apache.kafka:kafka_2.13 and its runtime dependencies)
# from Maven Central into a cache directory, once, and prints that directory. The Kafka tests of
# @snowpipe/kafka start a single-node KRaft broker from these jars (`java -cp DIR/* kafka.Kafka`).
#   usage: export SNOWPIPE_KAFKA_CLASSPATH_DIR="$(bash .ci/kafka.sh)"
set -euo pipefail
KAFKA_VERSION="${SNOWPIPE_KAFKA_VERSION:-4.1.1}"
CACHE="${XDG_CACHE_HOME:-${HOME:?set HOME or XDG_CACHE_HOME}/.cache}/snowpipe-ts/kafka-${KAFKA_VERSION}"
LIBS="${CACHE}/libs"
if [ -f "${CACHE}/.complete" ]; then
  echo "${LIBS}"
  exit 0
fi
mkdir -p "${CACHE}"
WORK="$(mktemp -d)"
trap 'rm -rf "${WORK}"' EXIT
cat >"${WORK}/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>snowpipe-ts</groupId>
  <artifactId>kafka-broker-fetch</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_2.13</artifactId>
      <version>${KAFKA_VERSION}</version>
    </dependency>
    <!-- the broker logs through slf4j; without a binding it warns and logs nothing -->
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-simple</artifactId>
      <version>1.7.36</version>
    </dependency>
  </dependencies>
</project>
POM
rm -rf "${LIBS}"
# Maven's own cache lives under the same cache directory, so a fresh HOME still fetches once.
mvn -q -B -f "${WORK}/pom.xml" \
  -Dmaven.repo.local="${CACHE}/m2" \
  dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="${LIBS}" >&2
ls "${LIBS}"/kafka_2.13-*.jar >/dev/null
touch "${CACHE}/.complete"
echo "${LIBS}"
