// bench/ingest/run.sh's reference (d) for what writing Parquet costs: DuckDB turns the database's own CSV
// (PostgreSQL) or TSV (MariaDB) export of bench_t, staged in a file, into one Parquet file (zstd, as
// Lakeport's data files). Prints one line: RESULT rows=N parquetBytes=N seconds=S (DuckDB's COPY alone; the
// caller times the whole process too).
//
// usage: node csv-to-parquet.mjs INPUT OUTPUT.parquet csv|tsv
import { DuckDBInstance } from '@duckdb/node-api';
import { statSync } from 'node:fs';

const [input, output, kind] = process.argv.slice(2);
if (!input || !output || !['csv', 'tsv'].includes(kind)) {
  console.error('usage: node csv-to-parquet.mjs INPUT OUTPUT.parquet csv|tsv');
  process.exit(2);
}
const quoted = (text) => `'${text.replaceAll("'", "''")}'`;
// bench_t's columns and types (bench/ingest/run.sh), so DuckDB neither sniffs nor guesses.
const columns = "{'id': 'BIGINT', 'qty': 'INTEGER', 'status': 'INTEGER', 'price': 'DECIMAL(12,2)', "
  + "'name': 'VARCHAR', 'created': 'TIMESTAMP', 'note': 'VARCHAR'}";
const format = kind === 'csv'
  ? "delim = ',', quote = '\"', escape = '\"'"
  // mariadb --batch: tab-separated, backslash escapes, no quoting (bench_t's text has no tab or newline).
  : "delim = '\\t', quote = '', escape = ''";
const sql = `COPY (SELECT * FROM read_csv(${quoted(input)}, header = false, ${format}, columns = ${columns})) `
  + `TO ${quoted(output)} (FORMAT parquet, COMPRESSION zstd)`;

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const start = process.hrtime.bigint();
const result = await connection.run(sql);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const rows = result.rowsChanged;
connection.closeSync();
instance.closeSync();
console.log(`RESULT rows=${rows} parquetBytes=${statSync(output).size} seconds=${seconds.toFixed(3)}`);
