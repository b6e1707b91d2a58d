#!/usr/bin/env bash
# Ingest benchmark (not a test): bench/ingest/run.sh [ROWS]   (default 1000000)
#
# Builds an N-row table in PostgreSQL and in MariaDB (database lakeport_bench, table bench_t: bigint id,
# two ints, numeric(12,2), varchar, timestamp, a 50-character text), then times in the same run
#   (a)  the database's own JSON export to /dev/null,
#   (b)  Lakeport's ingest of that table as JSON Lines (format jsonl) into a private S3Proxy, gzip off and on,
#        each in a fresh JVM with -Xmx256m,
#   (b') Lakeport's ingest of that table as an Iceberg table of Parquet files (format iceberg: row groups
#        16 MiB, files 128 MiB, zstd) into the same S3Proxy, committed in a real Iceberg JDBC catalog (a
#        PostgreSQL database of this run's own, BENCH_DATABASE_catalog, created and dropped here), same JVM
#        settings; the snapshot commit is inside the time,
#   (c)  the original project's approach (SeedIngestBench: every row in memory, one PutObject) on the same
#        table and store, and
#   (d)  a reference for what writing Parquet costs: the database's own CSV export (PostgreSQL's COPY ... CSV,
#        MariaDB's --batch TSV) staged to a file, then DuckDB (npm @duckdb/node-api, bench/duckdb, installed
#        with npm ci when missing) turning it into one Parquet file (zstd), timed as export + convert,
# and prints rows/s, MB/s (of JSON Lines), the ratios (b)/(a), (b')/(a) and (b')/(d) of the times, and the
# ingest JVM's peak RSS (VmHWM) and peak heap (used, and live after GC). Results also go to
# bench/results/ingest-ROWS-TIMESTAMP.txt.
# (b) and (b') run twice, ranges off (one cursor) and on (RANGES_ON cursors, default one per core, each over a
# range of the table, all under one snapshot).
# SKIP_GZIP=1 leaves out the gzip-on line of (b), SKIP_SEED=1 leaves out (c) (which holds the whole table in
# memory: 8 GiB of heap at 5M rows), so that a 5M-row run stays affordable.
# JFR=1 records a JFR profile (settings=profile) of every Lakeport JVM of (b) and (b') next to the results
# (bench/results/ingest-ROWS-TIMESTAMP-<line>.jfr) and prints each one's hottest methods (jfr view hot-methods).
# DIAGNOSE=1 also times each end alone (source only: read and encode, chunks dropped; writer only: the same
# bytes through the lake writer into S3Proxy). KEEP=1 keeps the bench databases for the next run (a table
# that already has ROWS rows is not built again). BENCH_DATABASE names the bench databases (default
# lakeport_bench); BENCH_PREBUILT=1 uses what the build compiled instead of building (the suite's smoke run);
# BENCH_CLASSPATH, a class path used as is (a copy of the build's, safe from builds in the same checkout).
# Needs: psql, mariadb, python3, node and npm (Node 20), the machine's PostgreSQL and MariaDB.
set -euo pipefail
source "$(dirname "$0")/../../scripts/env.sh"
cd "$LAKEPORT_HOME"
ROWS="${1:-1000000}"
# The "ranges on" lines read the table by this many cursors under one snapshot (default: one per core).
RANGES_ON=${RANGES_ON:-$(nproc)}
DB=${BENCH_DATABASE:-lakeport_bench}
# The Iceberg JDBC catalog of (b'): a database of this run's own, dropped at the end whatever happens.
CATALOG_DB=${DB}_catalog
WORK="$(mktemp -d /tmp/lakeport-bench-XXXXXX)"
mkdir -p bench/results
OUT="bench/results/ingest-${ROWS}-$(date -u +%Y%m%dT%H%M%SZ).txt"
S3PROXY_PID=""
CATALOG_CREATED=0
cleanup() {
  if [ -n "$S3PROXY_PID" ]; then kill "$S3PROXY_PID" 2>/dev/null || true; wait "$S3PROXY_PID" 2>/dev/null || true; fi
  if [ "$CATALOG_CREATED" = 1 ]; then
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $CATALOG_DB WITH (FORCE)" > /dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "$*" | tee -a "$OUT"; }

log "# Lakeport ingest benchmark, $ROWS rows, $(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

if [ -n "${BENCH_CLASSPATH:-}" ]; then
  # A class path given as is: e.g. a copy of bench/target/classes and the jars, so that a build running in the
  # same checkout meanwhile cannot swap classes under a running benchmark.
  CP=$BENCH_CLASSPATH
elif [ "${BENCH_PREBUILT:-0}" = 1 ]; then
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
  CP="bench/target/classes:verticles/ingest/target/classes:verticles/api/target/classes:verticles/core/target/classes:$(tr ':' '\n' <<< "$CP" | grep -v '/.m2/repository/io/lakeport/' | paste -sd:)"
fi

if [ ! -d bench/duckdb/node_modules/@duckdb/node-api ]; then
  echo "installing DuckDB (bench/duckdb: npm ci) ..."
  (cd bench/duckdb && npm ci --no-audit --no-fund --loglevel=error > /dev/null)
fi

source bench/bench-table.sh
pg_bench_table $DB "$ROWS"
my_bench_table $DB "$ROWS"

echo "creating the Iceberg JDBC catalog database $CATALOG_DB ..."
psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $CATALOG_DB WITH (FORCE)" -c "CREATE DATABASE $CATALOG_DB"
CATALOG_CREATED=1
psql -q -h 127.0.0.1 -U postgres -d $CATALOG_DB -v ON_ERROR_STOP=1 -f docker/catalog-db/iceberg-catalog.sql

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

# The JDK's warnings about native access (Netty) and sun.misc.Unsafe (Caffeine) would fill the output.
JVM_QUIET=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
# JFR=1: the recording options of one Lakeport JVM line, and its hottest methods once it has ended.
jfr_options() { [ "${JFR:-0}" = 1 ] && echo "-XX:StartFlightRecording=filename=${OUT%.txt}-$1.jfr,settings=profile" || true; }
jfr_top() {
  if [ "${JFR:-0}" = 1 ] && [ -f "${OUT%.txt}-$1.jfr" ]; then
    log "    hottest methods of $1 (JFR execution samples, ${OUT%.txt}-$1.jfr):"
    jfr view --width 150 hot-methods "${OUT%.txt}-$1.jfr" | sed -n '4,16p' | sed 's/^/      /' | tee -a "$OUT"
  fi
}
seconds() { python3 -c "import sys; print(f'{float(sys.argv[1]):.3f}')" "$1"; }
timed() { local t0 t1; t0=$(date +%s.%N); "$@"; t1=$(date +%s.%N); python3 -c "print(f'{$t1-$t0:.3f}')"; }

export_pg() { psql -h 127.0.0.1 -U postgres -d $DB -c "COPY (SELECT row_to_json(t) FROM bench_t t) TO STDOUT" > /dev/null; }
export_my() { mariadb -h 127.0.0.1 -u root --quick -N $DB -e "SELECT JSON_OBJECT('id', id, 'qty', qty, 'status', status, 'price', price, 'name', name, 'created', created, 'note', note) FROM bench_t" > /dev/null; }

declare -A EXPORT LAKEPORT_SECONDS ICEBERG_SECONDS
log ""
log "(a) the database's own JSON export to /dev/null"
for db in pg my; do
  export_$db > /dev/null   # warm the cache: both sides then read from memory
  t=$(timed export_$db)
  EXPORT[$db]=$t
  log "$(python3 -c "print(f'  $db: {$t:.3f} s, {$ROWS/$t:,.0f} rows/s')")"
done

log ""
log "(b) Lakeport ingest as JSON Lines into S3Proxy, JVM -Xmx256m, defaults: chunk 1 MiB, 4 credits, parts 8 MiB x 2 in flight; ranges off (1 cursor) and on ($RANGES_ON cursors under one snapshot)"
for db in pg my; do
  if [ $db = pg ]; then kind=postgresql; port=5432; else kind=mysql; port=3306; fi
  GZIPS=(false true)
  [ "${SKIP_GZIP:-0}" = 1 ] && GZIPS=(false)
  for gzip in "${GZIPS[@]}"; do
    for ranges in 1 $RANGES_ON; do
      line=$(java "${JVM_QUIET[@]}" $(jfr_options $db-jsonl-gzip$gzip-cursors$ranges) -Xmx256m -Dlogback.configurationFile=bench/ingest/logback.xml -cp "$CP" IngestBench --kind $kind --port $port --database $DB \
        --table bench_t --endpoint "http://127.0.0.1:$PORT" --bucket bench-$db --gzip $gzip --ranges $ranges | grep -E '^(RESULT|FAILED)')
      echo "  $line" >> "$OUT"
      if [[ $line == FAILED* ]]; then log "  $db gzip=$gzip ranges=$ranges: $line"; continue; fi
      # The seed's approach (c) is compared with the default: gzip off, ranges on.
      [ "$gzip" = false ] && [ "$ranges" = "$RANGES_ON" ] && LAKEPORT_SECONDS[$db]=$(sed 's/.* seconds=\([0-9.]*\).*/\1/' <<< "$line")
      python3 - "$line" "${EXPORT[$db]}" "$db" <<'PY' | tee -a "$OUT"
import sys
fields = dict(kv.split("=", 1) for kv in sys.argv[1].split()[1:])
export, db = float(sys.argv[2]), sys.argv[3]
s, rows, mb = float(fields["seconds"]), int(fields["rows"]), int(fields["jsonBytes"]) / 1e6
print(f"  {db} gzip={fields['gzip']:5} cursors={fields['cursors']}: {s:.3f} s, {rows/s:,.0f} rows/s, {mb/s:.1f} MB/s of JSON ({mb:.0f} MB), "
      f"ratio (b)/(a) {s/export:.2f}, peak RSS {fields['rssPeakMiB']} MiB, peak heap {fields['heapPeakMiB']} MiB "
      f"(live after GC {fields['liveHeapPeakMiB']} MiB)")
PY
      jfr_top $db-jsonl-gzip$gzip-cursors$ranges
    done
  done
done
log ""
log "(b') Lakeport ingest as Iceberg (Parquet, zstd, row groups 16 MiB, files 128 MiB) into S3Proxy, committed in an Iceberg JDBC catalog, JVM -Xmx256m"
for db in pg my; do
  if [ $db = pg ]; then kind=postgresql; port=5432; else kind=mysql; port=3306; fi
  for ranges in 1 $RANGES_ON; do
  bucket=bench-$db-iceberg-$ranges
  line=$(java "${JVM_QUIET[@]}" $(jfr_options $db-iceberg-cursors$ranges) -Xmx256m -Dlogback.configurationFile=bench/ingest/logback.xml -cp "$CP" IngestBench --kind $kind --port $port \
    --database $DB --table bench_t --endpoint "http://127.0.0.1:$PORT" --bucket $bucket --gzip false --ranges $ranges \
    --format iceberg --catalogUri "jdbc:postgresql://127.0.0.1:5432/$CATALOG_DB" --catalogUser postgres \
    --catalogPassword lakeport --namespace bench_${db}_$ranges | grep -E '^(RESULT|FAILED)' || echo "FAILED the Iceberg ingest did not finish")
  echo "  $line" >> "$OUT"
  if [[ $line == FAILED* ]]; then log "  $db iceberg ranges=$ranges: $line"; continue; fi
  [ "$ranges" = "$RANGES_ON" ] && ICEBERG_SECONDS[$db]=$(sed 's/.* seconds=\([0-9.]*\).*/\1/' <<< "$line")
  # What the table holds in the store: S3Proxy keeps each object as a file under its bucket's folder.
  parquet=$(find "$WORK/s3/$bucket" -name '*.parquet' -printf '%s\n' | awk '{n++; s+=$1} END {print n+0, s+0}')
  python3 - "$line" "${EXPORT[$db]}" "$db" "$parquet" <<'PY' | tee -a "$OUT"
import sys
fields = dict(kv.split("=", 1) for kv in sys.argv[1].split()[1:])
export, db = float(sys.argv[2]), sys.argv[3]
files, size = (int(x) for x in sys.argv[4].split())
s, rows = float(fields["seconds"]), int(fields["rows"])
print(f"  {db} iceberg cursors={fields['cursors']}: {s:.3f} s, {rows/s:,.0f} rows/s, ratio (b')/(a) {s/export:.2f}, peak RSS {fields['rssPeakMiB']} MiB, "
      f"peak heap {fields['heapPeakMiB']} MiB (live after GC {fields['liveHeapPeakMiB']} MiB), "
      f"{files} Parquet file(s), {size/1e6:.1f} MB")
PY
  jfr_top $db-iceberg-cursors$ranges
  done
done

if [ "${SKIP_SEED:-0}" != 1 ]; then
log ""
log "(c) the seed's approach (fetch every row, serialize the whole file in memory, one PutObject), JVM -Xmx8g"
for db in pg my; do
  if [ $db = pg ]; then kind=postgresql; port=5432; else kind=mysql; port=3306; fi
  line=$(java "${JVM_QUIET[@]}" -Xmx8g -Dlogback.configurationFile=bench/ingest/logback.xml -cp "$CP" SeedIngestBench --kind $kind \
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
fi

log ""
log "(d) reference for writing Parquet: the database's own CSV export staged to a file, then DuckDB $(node -p "require('./bench/duckdb/node_modules/@duckdb/node-api/package.json').version") turning it into one Parquet file (zstd)"
export_csv_pg() { psql -h 127.0.0.1 -U postgres -d $DB -c "COPY bench_t TO STDOUT (FORMAT csv)" > "$WORK/bench-pg.csv"; }
export_csv_my() { mariadb -h 127.0.0.1 -u root --batch --quick -N $DB -e "SELECT * FROM bench_t" > "$WORK/bench-my.csv"; }
for db in pg my; do
  if [ $db = pg ]; then csvkind=csv; else csvkind=tsv; fi
  t_export=$(timed export_csv_$db)
  t0=$(date +%s.%N)
  line=$(node bench/duckdb/csv-to-parquet.mjs "$WORK/bench-$db.csv" "$WORK/bench-$db.parquet" $csvkind | grep '^RESULT' \
    || echo "FAILED DuckDB did not convert the export")
  t1=$(date +%s.%N)
  t_convert=$(python3 -c "print(f'{$t1-$t0:.3f}')")
  csv_bytes=$(stat -c %s "$WORK/bench-$db.csv")
  rm -f "$WORK/bench-$db.csv" "$WORK/bench-$db.parquet"
  echo "  $db export=$t_export convert=$t_convert csvBytes=$csv_bytes $line" >> "$OUT"
  if [[ $line == FAILED* ]]; then log "  $db duckdb: $line"; continue; fi
  python3 - "$line" "$t_export" "$t_convert" "$csv_bytes" "${ICEBERG_SECONDS[$db]:-0}" "$db" <<'PY' | tee -a "$OUT"
import sys
f = dict(kv.split("=", 1) for kv in sys.argv[1].split()[1:])
export, convert, csv_bytes, iceberg, db = float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
total = export + convert
ratio = f", Lakeport Iceberg (b')/(d) {iceberg/total:.2f}" if iceberg > 0 else ""
print(f"  {db} csv+duckdb: export {export:.3f} s ({csv_bytes/1e6:.0f} MB) + convert {convert:.3f} s (DuckDB's COPY alone "
      f"{float(f['seconds']):.3f} s) = {total:.3f} s, {int(f['rows'])/total:,.0f} rows/s, "
      f"{int(f['parquetBytes'])/1e6:.1f} MB of Parquet{ratio}")
PY
done
if [ "${DIAGNOSE:-0}" = 1 ]; then
  log ""
  log "each end alone (gzip off), same JVM settings"
  for db in pg my; do
    if [ $db = pg ]; then kind=postgresql; port=5432; else kind=mysql; port=3306; fi
    for mode in source writer; do
      line=$(java "${JVM_QUIET[@]}" -Xmx256m -Dlogback.configurationFile=bench/ingest/logback.xml -cp "$CP" IngestBench --mode $mode --kind $kind --port $port --database $DB \
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
