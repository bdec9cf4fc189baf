#!/usr/bin/env bash
# Installs the Debian tools the test suite talks to for real: Prometheus (promtool and
# a scraping server), Alertmanager (and amtool), docker-compose (to validate the compose
# file without an engine), kcat and curl, and checks that a Java 21+ runtime is there for
# Apicurio Registry. Idempotent: installs nothing when the tools are present.
set -euo pipefail

# Apicurio Registry, the Schema Registry of the integration tests, needs Java 21+ beside the build's
# Java 17, and Debian 12 packages none: nothing to install from here. The tests look for one
# themselves (DRIFTWATCH_JAVA21_HOME, /usr/lib/jvm/temurin-25-jdk-amd64, any /usr/lib/jvm/*/release
# saying 21+); say now, rather than at the end of the build, when there is none.
java21=""
if [ -n "${DRIFTWATCH_JAVA21_HOME:-}" ]; then
  java21="$DRIFTWATCH_JAVA21_HOME"
else
  for home in /usr/lib/jvm/*/; do
    version=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null || true)
    if [ -n "$version" ] && [ "$version" -ge 21 ] && [ -x "$home/bin/java" ]; then
      java21="${home%/}"
    fi
  done
fi
if [ -n "$java21" ]; then
  echo "install-tools: Java 21+ for Apicurio Registry: $java21"
else
  echo "install-tools: WARNING: no Java 21+ runtime found; the Schema Registry integration tests will" \
    "fail under DRIFTWATCH_REQUIRE_TOOLS=1. Install a JDK 21+ and set DRIFTWATCH_JAVA21_HOME to it." >&2
fi

need=()
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v prometheus-alertmanager >/dev/null 2>&1 || need+=(prometheus-alertmanager)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
command -v kcat >/dev/null 2>&1 || need+=(kcat)
command -v curl >/dev/null 2>&1 || need+=(curl)

if [ ${#need[@]} -eq 0 ]; then
  echo "install-tools: prometheus, alertmanager, docker-compose, kcat and curl are present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
# Packages' service scripts must not start daemons here: tests start their own.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
echo "install-tools: installing ${need[*]}"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  $(printf '%s\n' "${need[@]}" | sort -u) >/dev/null
