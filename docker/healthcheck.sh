#!/bin/bash
# Container health by group: the api answers GET /health/ready (200 once it can serve: engine reachable);
# other groups are healthy while their ports accept connections (the bridge's TCP port, else the cluster
# port every clustered member opens). Liveness alone is GET /health/live, for orchestrators that probe it
# separately (docs/operations.md#probes).
set -euo pipefail
groups="${LAKEPORT_GROUPS:-api}"
probe_tcp() { exec 3<>"/dev/tcp/127.0.0.1/$1"; }
if [[ "$groups" == *api* ]]; then
  exec 3<>/dev/tcp/127.0.0.1/"${LAKEPORT_API__PORT:-8000}"
  printf 'GET /health/ready HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
  head -n 1 <&3 | grep -q ' 200 '
elif [[ "$groups" == *bridge* ]]; then
  probe_tcp "${LAKEPORT_BRIDGE__PORT:-7000}"
else
  probe_tcp "${LAKEPORT_CLUSTER__PORT:-5701}"
fi
