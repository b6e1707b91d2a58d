#!/usr/bin/env bash
# Ingest benchmark (not a test): bench/ingest/run.sh [ROWS]   (default 1000000)
#
# Builds an N-row table in PostgreSQL and in MariaDB (database lakeport_bench, table bench_t: bigint id,
# two ints, numeric(12,2), varchar, timestamp, a 50-character text), then times in the same run
#   (a) the database's own JSON export to /dev/null, and
#   (b) Lakeport's ingest of that table into a private S3Proxy, gzip off and on, each in a fresh JVM with
#       -Xmx256m, and
#   (c) the original project's approach (SeedIngestBench: every row in memory, one PutObject) on the same
#       table and store,
# and prints rows/s, MB/s (of JSON Lines), the ratio (b)/(a) of the times, and the ingest JVM's peak RSS
# (VmHWM) and peak heap (used, and live after GC). Results also go to bench/results/ingest-ROWS-TIMESTAMP.txt.
# DIAGNOSE=1 also times each end alone (source only: read and encode, chunks dropped; writer only: the same
# bytes through the lake writer into S3Proxy). KEEP=1 keeps the bench databases for the next run (a table
# that already has ROWS rows is not built again). BENCH_DATABASE names the bench databases (default
# lakeport_bench); BENCH_PREBUILT=1 uses what the build compiled instead of building (the suite's smoke run).
set -euo pipefail
source "$(dirname "$0")/../../scripts/env.sh"
cd "$LAKEPORT_HOME"
ROWS="${1:-1000000}"
DB=${BENCH_DATABASE:-lakeport_bench}
WORK="$(mktemp -d /tmp/lakeport-bench-XXXXXX)"
mkdir -p bench/results
OUT="bench/results/ingest-${ROWS}-$(date -u +%Y%m%dT%H%M%SZ).txt"
S3PROXY_PID=""
cleanup() {
  if [ -n "$S3PROXY_PID" ]; then kill "$S3PROXY_PID" 2>/dev/null || true; wait "$S3PROXY_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "$*" | tee -a "$OUT"; }

log "# Lakeport ingest benchmark, $ROWS rows, $(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "${BENCH_PREBUILT:-0}" = 1 ]; then
  # The build compiled IngestBench (the bench module) and wrote its class path (the suite's smoke run).
  [ -f bench/target/bench.classpath ] || { echo "BENCH_PREBUILT=1 but bench/target/bench.classpath is missing: build first" >&2; exit 1; }
  CP="bench/target/classes:$(cat bench/target/bench.classpath)"
else
  echo "building the bench module (IngestBench) and what it needs ..."
  # Compiled ahead, so that javac's memory is not counted in the ingest JVM's peak RSS.
  "${MVN[@]}" -q -pl bench -am package -DskipTests
  CP="bench/target/classes:$(cat bench/target/bench.classpath)"
fi
if tr ':' '\n' <<< "$CP" | grep -q '/.m2/repository/io/lakeport/'; then
  # Not this checkout's code: a stale install of Lakeport in ~/.m2 would be measured instead.
  CP="bench/target/classes:verticles/ingest/target/classes:verticles/core/target/classes:$(tr ':' '\n' <<< "$CP" | grep -v '/.m2/repository/io/lakeport/' | paste -sd:)"
fi

have_pg=$(psql -h 127.0.0.1 -U postgres -d $DB -Atc "SELECT count(*) FROM bench_t" 2>/dev/null || echo 0)
have_my=$(mariadb -h 127.0.0.1 -u root -N $DB -e "SELECT count(*) FROM bench_t" 2>/dev/null || echo 0)
if [ "$have_pg" != "$ROWS" ]; then
echo "building $ROWS rows in PostgreSQL ..."
psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
psql -q -h 127.0.0.1 -U postgres -d $DB <<SQL
CREATE TABLE bench_t (id bigint PRIMARY KEY, qty int NOT NULL, status int NOT NULL, price numeric(12,2) NOT NULL,
  name varchar(64) NOT NULL, created timestamp NOT NULL, note text NOT NULL);
INSERT INTO bench_t SELECT g, g % 1000, g % 7, (g % 100000) * 1.37, 'customer-' || g,
  timestamp '2024-01-01' + g * interval '1 second', substr(md5(g::text) || md5((g + 1)::text), 1, 50)
  FROM generate_series(1, $ROWS) g;
VACUUM ANALYZE bench_t;
SQL
fi
if [ "$have_my" != "$ROWS" ]; then
echo "building $ROWS rows in MariaDB ..."
mariadb -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB"
mariadb -h 127.0.0.1 -u root $DB <<SQL
CREATE TABLE bench_t (id bigint PRIMARY KEY, qty int NOT NULL, status int NOT NULL, price decimal(12,2) NOT NULL,
  name varchar(64) NOT NULL, created datetime NOT NULL, note text NOT NULL);
INSERT INTO bench_t SELECT seq, seq % 1000, seq % 7, (seq % 100000) * 1.37, CONCAT('customer-', seq),
  TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq SECOND, SUBSTR(CONCAT(MD5(seq), MD5(seq + 1)), 1, 50)
  FROM mysql.seq_1_to_$ROWS;
ANALYZE TABLE bench_t;
SQL
fi

echo "starting a private S3Proxy ..."
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$WORK/s3"
cat > "$WORK/s3proxy.properties" <<EOP
s3proxy.endpoint=http://127.0.0.1:$PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=lakeport
s3proxy.credential=lakeport-secret
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem
jclouds.filesystem.basedir=$WORK/s3
# The seed's approach (c) sends the whole table in one PutObject, past S3Proxy's default 32 MB limit.
s3proxy.v4-max-non-chunked-request-size=17179869184
EOP
java -Xmx256m -jar "$HOME/.m2/repository/org/gaul/s3proxy/4.1.0/s3proxy-4.1.0-jar-with-dependencies.jar" \
  --properties "$WORK/s3proxy.properties" > "$WORK/s3proxy.log" 2>&1 &
S3PROXY_PID=$!
for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.2; done

seconds() { python3 -c "import sys; print(f'{float(sys.argv[1]):.3f}')" "$1"; }
timed() { local t0 t1; t0=$(date +%s.%N); "$@"; t1=$(date +%s.%N); python3 -c "print(f'{$t1-$t0:.3f}')"; }

export_pg() { psql -h 127.0.0.1 -U postgres -d $DB -c "COPY (SELECT row_to_json(t) FROM bench_t t) TO STDOUT" > /dev/null; }
export_my() { mariadb -h 127.0.0.1 -u root --quick -N $DB -e "SELECT JSON_OBJECT('id', id, 'qty', qty, 'status', status, 'price', price, 'name', name, 'created', created, 'note', note) FROM bench_t" > /dev/null; }

declare -A EXPORT LAKEPORT_SECONDS
log ""
log "(a) the database's own JSON export to /dev/null"
for db in pg my; do
  export_$db > /dev/null   # warm the cache: both sides then read from memory
  t=$(timed export_$db)
  EXPORT[$db]=$t
  log "$(python3 -c "print(f'  $db: {$t:.3f} s, {$ROWS/$t:,.0f} rows/s')")"
done

log ""
log "(b) Lakeport ingest into S3Proxy, JVM -Xmx256m, defaults: chunk 1 MiB, 4 credits, parts 8 MiB x 2 in flight"
for db in pg my; do
  if [ $db = pg ]; then kind=postgresql; port=5432; else kind=mysql; port=3306; fi
  for gzip in false true; do
    line=$(java -Xmx256m -Dlogback.configurationFile=bench/ingest/logback.xml -cp "$CP" IngestBench --kind $kind --port $port --database $DB \
      --table bench_t --endpoint "http://127.0.0.1:$PORT" --bucket bench-$db --gzip $gzip | grep -E '^(RESULT|FAILED)')
    echo "  $line" >> "$OUT"
    if [[ $line == FAILED* ]]; then log "  $db gzip=$gzip: $line"; continue; fi
    [ "$gzip" = false ] && LAKEPORT_SECONDS[$db]=$(sed 's/.* seconds=\([0-9.]*\).*/\1/' <<< "$line")
    python3 - "$line" "${EXPORT[$db]}" "$db" <<'PY' | tee -a "$OUT"
import sys
fields = dict(kv.split("=", 1) for kv in sys.argv[1].split()[1:])
export, db = float(sys.argv[2]), sys.argv[3]
s, rows, mb = float(fields["seconds"]), int(fields["rows"]), int(fields["jsonBytes"]) / 1e6
print(f"  {db} gzip={fields['gzip']:5}: {s:.3f} s, {rows/s:,.0f} rows/s, {mb/s:.1f} MB/s of JSON ({mb:.0f} MB), "
      f"ratio (b)/(a) {s/export:.2f}, peak RSS {fields['rssPeakMiB']} MiB, peak heap {fields['heapPeakMiB']} MiB "
      f"(live after GC {fields['liveHeapPeakMiB']} MiB)")
PY
  done
done
log ""
log "(c) the seed's approach (fetch every row, serialize the whole file in memory, one PutObject), JVM -Xmx8g"
for db in pg my; do
  if [ $db = pg ]; then kind=postgresql; port=5432; else kind=mysql; port=3306; fi
  line=$(java -Xmx8g -Dlogback.configurationFile=bench/ingest/logback.xml -cp "$CP" SeedIngestBench --kind $kind \
    --port $port --database $DB --table bench_t --endpoint "http://127.0.0.1:$PORT" --bucket seed-$db 2>&1 \
    | grep -E '^RESULT' || echo "FAILED the seed's approach did not finish")
  echo "  $line" >> "$OUT"
  if [[ $line == FAILED* ]]; then log "  $db: $line"; continue; fi
  python3 - "$line" "${LAKEPORT_SECONDS[$db]:-0}" "$db" <<'PY' | tee -a "$OUT"
import sys
f = dict(kv.split("=", 1) for kv in sys.argv[1].split()[1:])
lakeport, db = float(sys.argv[2]), sys.argv[3]
s, rows = float(f["seconds"]), int(f["rows"])
speedup = f", {s/lakeport:.2f} times Lakeport's time (gzip off)" if lakeport > 0 else ""
print(f"  {db} seed: {s:.3f} s, {rows/s:,.0f} rows/s, peak RSS {f['rssPeakMiB']} MiB{speedup}")
PY
done
if [ "${DIAGNOSE:-0}" = 1 ]; then
  log ""
  log "each end alone (gzip off), same JVM settings"
  for db in pg my; do
    if [ $db = pg ]; then kind=postgresql; port=5432; else kind=mysql; port=3306; fi
    for mode in source writer; do
      line=$(java -Xmx256m -Dlogback.configurationFile=bench/ingest/logback.xml -cp "$CP" IngestBench --mode $mode --kind $kind --port $port --database $DB \
        --table bench_t --endpoint "http://127.0.0.1:$PORT" --bucket bench-$db --gzip false | grep -E '^RESULT')
      python3 - "$line" <<'PY' | tee -a "$OUT"
import sys
f = dict(kv.split("=", 1) for kv in sys.argv[1].split()[1:])
s, rows, mb = float(f["seconds"]), int(f["rows"]), int(f["jsonBytes"]) / 1e6
print(f"  {f['kind']:10} {f['mode']:6} only: {s:.3f} s, {rows/s:,.0f} rows/s, {mb/s:.1f} MB/s, peak RSS {f['rssPeakMiB']} MiB, "
      f"live heap {f['liveHeapPeakMiB']} MiB")
PY
    done
  done
fi
log ""
log "results: $OUT"
if [ "${KEEP:-0}" != 1 ]; then
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $DB"
  mariadb -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $DB"
fi
