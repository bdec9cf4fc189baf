#!/bin/sh
# Creates a Kafka Connect connector from a JSON file ({"name": ..., "config": {...}}) through the
# worker's REST API. Succeeds when the connector exists already, so the stack can be restarted.
# Connect answers 409 both when the connector exists and while its workers rebalance, so a 409 is
# retried until GET /connectors/<name> shows the connector.
set -eu

: "${CONNECT_URL:?set CONNECT_URL, e.g. http://kafka-connect:8083}"
: "${CONNECTOR_NAME:?set CONNECTOR_NAME to the name in the config file}"
: "${CONNECTOR_CONFIG:?set CONNECTOR_CONFIG to the connector JSON file}"
: "${CONNECTOR_CLASS:=AlertmanagerSinkConnector}"
attempts="${ATTEMPTS:-30}"
interval="${RETRY_INTERVAL:-2}"

i=1
until curl -fsS "$CONNECT_URL/connector-plugins" | grep -q "$CONNECTOR_CLASS"; do
  if [ "$i" -ge "$attempts" ]; then
    echo "The worker at $CONNECT_URL has no plugin with $CONNECTOR_CLASS. Build it with"
    echo "  ./mvnw -B -pl connectors -am package -DskipTests"
    echo "so that connectors/target/driftwatch-connectors-0.1.0-plugin exists, then restart kafka-connect."
    exit 1
  fi
  i=$((i + 1))
  sleep "$interval"
done

i=1
while :; do
  code=$(curl -sS -o /tmp/response -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    --data @"$CONNECTOR_CONFIG" "$CONNECT_URL/connectors") || true
  case "$code" in
    201)
      echo "Created connector $CONNECTOR_NAME."
      break
      ;;
    409)
      if curl -fsS -o /dev/null "$CONNECT_URL/connectors/$CONNECTOR_NAME"; then
        echo "Connector $CONNECTOR_NAME exists already."
        break
      fi
      ;;
    4??)
      echo "Connect refused $CONNECTOR_CONFIG (HTTP $code):"
      cat /tmp/response
      echo
      exit 1
      ;;
  esac
  if [ "$i" -ge "$attempts" ]; then
    echo "Gave up creating $CONNECTOR_NAME after $attempts attempts; last answer HTTP $code:"
    cat /tmp/response 2>/dev/null || true
    echo
    exit 1
  fi
  i=$((i + 1))
  sleep "$interval"
done

curl -fsS "$CONNECT_URL/connectors/$CONNECTOR_NAME/status" || true
echo
