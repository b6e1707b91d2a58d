#!/usr/bin/env python3
"""Engine-side latency of the queries one Trino user ran in a time window (Trino's own query stats).

usage: trino_stats.py TRINO_URL USER START_ISO END_ISO
Prints: ENGINE queries=N p50_ms=.. p99_ms=.. failed=N  (end - created of each query, from
system.runtime.queries, which Trino keeps for recently finished queries).
"""
import json
import sys
import time
import urllib.request

url, user, start, end = sys.argv[1:5]
sql = f"""
SELECT count(*),
       approx_percentile(to_milliseconds("end" - created), 0.5),
       approx_percentile(to_milliseconds("end" - created), 0.99),
       count_if(state <> 'FINISHED')
FROM system.runtime.queries
WHERE "user" = '{user}' AND created >= from_iso8601_timestamp('{start}')
  AND created < from_iso8601_timestamp('{end}') AND "end" IS NOT NULL
  AND query NOT LIKE '%system.runtime.queries%'
"""
request = urllib.request.Request(f"{url}/v1/statement", data=sql.encode(), method="POST",
                                 headers={"X-Trino-User": "lakeport-bench-stats"})
response = json.load(urllib.request.urlopen(request, timeout=30))
rows = []
while True:
    rows.extend(response.get("data") or [])
    if "error" in response:
        sys.exit("trino: " + response["error"]["message"])
    next_uri = response.get("nextUri")
    if not next_uri:
        break
    time.sleep(0.05)
    response = json.load(urllib.request.urlopen(next_uri, timeout=30))
count, p50, p99, failed = rows[0]
fmt = lambda v: "n/a" if v is None else f"{v:.0f}"
print(f"ENGINE queries={count} p50_ms={fmt(p50)} p99_ms={fmt(p99)} failed={failed}")
