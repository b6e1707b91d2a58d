package io.lakeport.ingest;

import io.lakeport.testing.ScratchTable;

/** The table story against the machine's MariaDB (MySQL protocol). */
class MariadbIngestIT extends DatabaseIngestITBase {

  @Override
  ScratchTable table() {
    return ScratchTable.mariadb();
  }
}
