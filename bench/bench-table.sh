# Sourced by bench/ingest/run.sh and bench/query/run: the bench table bench_t with N rows (bigint id, two
# ints, numeric(12,2), varchar, timestamp, a 50-character text), in a database of its own, rebuilt only when
# it does not hold exactly N rows.

# pg_bench_table DB ROWS: bench_t in PostgreSQL database DB (dropped and created when rebuilt).
pg_bench_table() {
  local db=$1 rows=$2 have
  have=$(psql -h 127.0.0.1 -U postgres -d "$db" -Atc "SELECT count(*) FROM bench_t" 2>/dev/null || echo 0)
  [ "$have" = "$rows" ] && return 0
  echo "building $rows rows in PostgreSQL ..."
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  psql -q -h 127.0.0.1 -U postgres -d "$db" <<SQL
CREATE TABLE bench_t (id bigint PRIMARY KEY, qty int NOT NULL, status int NOT NULL, price numeric(12,2) NOT NULL,
  name varchar(64) NOT NULL, created timestamp NOT NULL, note text NOT NULL);
INSERT INTO bench_t SELECT g, g % 1000, g % 7, (g % 100000) * 1.37, 'customer-' || g,
  timestamp '2024-01-01' + g * interval '1 second', substr(md5(g::text) || md5((g + 1)::text), 1, 50)
  FROM generate_series(1, $rows) g;
VACUUM ANALYZE bench_t;
SQL
}

# my_bench_table DB ROWS: the same table in MariaDB database DB.
my_bench_table() {
  local db=$1 rows=$2 have
  have=$(mariadb -h 127.0.0.1 -u root -N "$db" -e "SELECT count(*) FROM bench_t" 2>/dev/null || echo 0)
  [ "$have" = "$rows" ] && return 0
  echo "building $rows rows in MariaDB ..."
  mariadb -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db"
  mariadb -h 127.0.0.1 -u root "$db" > /dev/null <<SQL
CREATE TABLE bench_t (id bigint PRIMARY KEY, qty int NOT NULL, status int NOT NULL, price decimal(12,2) NOT NULL,
  name varchar(64) NOT NULL, created datetime NOT NULL, note text NOT NULL);
INSERT INTO bench_t SELECT seq, seq % 1000, seq % 7, (seq % 100000) * 1.37, CONCAT('customer-', seq),
  TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq SECOND, SUBSTR(CONCAT(MD5(seq), MD5(seq + 1)), 1, 50)
  FROM mysql.seq_1_to_$rows;
ANALYZE TABLE bench_t;
SQL
}
