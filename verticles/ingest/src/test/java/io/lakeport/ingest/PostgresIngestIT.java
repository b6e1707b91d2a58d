package io.lakeport.ingest;

import io.lakeport.testing.ScratchTable;

/** The table story against the machine's PostgreSQL. */
class PostgresIngestIT extends DatabaseIngestITBase {

  @Override
  ScratchTable table() {
    return ScratchTable.postgres();
  }
}
