package io.lakeport.ingest;

import io.lakeport.run.IngestAddresses;
import io.lakeport.run.RunStatus;
import io.lakeport.run.RunStatus.State;
import io.lakeport.run.RunStatus.TableStatus;
import io.lakeport.testing.IcebergSqlSource;
import io.lakeport.testing.TextRows;
import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.LocalStackExtension;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upsert and delete detection on the demo's {@code ms1.pedidos}, copied into a scratch MariaDB database and
 * ingested as an Iceberg table: after 3 rows updated, 1 deleted and 2 inserted in the source, an incremental
 * run then a delete detection ({@code mode: deletes}) leave the lake with exactly the source's rows, compared
 * value by value through the engine view the API reads, and the dashboard's {@code pedidos} figures (count,
 * revenue, count per state) equal the source's.
 */
@ExtendWith(LocalStackExtension.class)
class DeleteDetectionIT {

  private static final String NAMESPACE = LocalStack.uniqueSqlName("deletes");
  /** The dashboard's revenue: every order's total but the cancelled and returned ones (api Queries.DASHBOARD). */
  private static final String REVENUE_STATES = "('cancelado', 'devuelto')";

  private static IcebergSqlSource lake;

  @BeforeAll
  static void start() throws Exception {
    lake = IcebergSqlSource.start(LocalStack.MARIADB, NAMESPACE, "itdel", "deletes", "pedidos", "actualizado_en",
        new JsonObject(),
        "CREATE TABLE pedidos LIKE " + LocalStack.DEMO_MARIADB_DATABASE + ".pedidos",
        "INSERT INTO pedidos SELECT * FROM " + LocalStack.DEMO_MARIADB_DATABASE + ".pedidos",
        "CREATE TABLE sin_clave (nombre varchar(20), valor int)",
        "INSERT INTO sin_clave VALUES ('uno', 1), ('dos', 2)");
  }

  @AfterAll
  static void stop() throws Exception {
    if (lake != null) {
      lake.close();
    }
  }

  @Test
  void anIncrementalRunThenADeleteDetectionLeaveExactlyTheSourceRows() throws Exception {
    TableStatus full = succeeded("full");
    assertThat(lakeRows()).as("after the full run").isEqualTo(sourceRows());
    long deletedId = 17;
    List<String> beforeDeletes = lakeRow(deletedId);

    lake.db.execute(
        "UPDATE pedidos SET estado = 'cancelado', notas = 'anulado por el cliente' WHERE id = 5",
        "UPDATE pedidos SET total = total + 100.25, descuento = NULL WHERE id = 1234",
        "UPDATE pedidos SET estado = 'entregado', fecha_entrega = '2025-02-03' WHERE id = 3000",
        "DELETE FROM pedidos WHERE id = " + deletedId,
        "INSERT INTO pedidos (id, usuario_id, producto_id, cantidad, precio_unitario, descuento, total, estado, "
            + "metodo_pago, direccion_envio, notas, fecha_pedido, fecha_entrega) VALUES "
            + "(3001, 1, 1, 2, 10.50, NULL, 21.00, 'pendiente', 'tarjeta', 'Calle Nueva 1', NULL, '2025-03-01 10:00:00', NULL), "
            + "(3002, 2, 3, 1, 99.99, 9.99, 90.00, 'pagado', 'bizum', 'Avenida 2', 'urgente', '2025-03-02 11:30:00', '2025-03-05')");

    TableStatus incremental = succeeded("incremental");
    assertThat(incremental.rows()).as("rows past the watermark: 3 updated and 2 inserted").isEqualTo(5);
    assertThat(lakeRow(deletedId)).as("an incremental run keeps a row deleted in the source").isEqualTo(beforeDeletes);
    assertThat(lakeRows()).as("after the incremental run: the source's rows and the deleted one")
        .hasSize(sourceRows().size() + 1);
    long snapshotsBefore = snapshots();

    TableStatus deletes = succeeded("deletes");
    assertThat(deletes.rows()).as("the source's keys read").isEqualTo(full.rows() + 1);
    assertThat(deletes.deletedRows()).as("lake rows whose key is gone from the source").isEqualTo(1);
    assertThat(snapshots()).as("one snapshot for the deletes").isEqualTo(snapshotsBefore + 1);
    assertThat(lakeRows()).as("after the delete detection, row by row").isEqualTo(sourceRows());
    assertThat(lakeDashboard()).as("the dashboard's pedidos figures").isEqualTo(sourceDashboard());

    TableStatus nothingToDelete = succeeded("deletes");
    assertThat(nothingToDelete.deletedRows()).isZero();
    assertThat(snapshots()).as("a detection that deletes nothing commits nothing").isEqualTo(snapshotsBefore + 1);
    TableStatus nextIncremental = succeeded("incremental");
    assertThat(nextIncremental.rows()).as("the watermark is where the incremental run left it").isZero();
    assertThat(lakeRows()).isEqualTo(sourceRows());
  }

  @Test
  void aTableWithoutKeyFailsNamingTheKeyToSet() throws Exception {
    RunStatus status = lake.run("deletes", "sin_clave");
    assertThat(status.state()).isEqualTo(State.FAILED);
    assertThat(status.tables().getFirst().error()).contains("set sources.itdel.keys.sin_clave");
  }

  @Test
  void aTableNotInTheLakeYetHasNothingToCompare() throws Exception {
    lake.db.execute("CREATE TABLE nueva (id int PRIMARY KEY, actualizado_en datetime(6) NOT NULL)",
        "INSERT INTO nueva VALUES (1, now(6))");
    RunStatus status = lake.run("deletes", "nueva");
    assertThat(status.state()).as(String.valueOf(status.error())).isEqualTo(State.SUCCEEDED);
    assertThat(status.tables().getFirst().warnings()).anyMatch(w -> w.contains("nothing to compare"));
    assertThat(lake.trino("SELECT count(*) FROM iceberg.information_schema.tables WHERE table_schema = '"
        + NAMESPACE + "' AND table_name = 'itdel_nueva'").getFirst().getLong(0)).isZero();
  }

  @Test
  void anUnknownModeIsRefusedBeforeTheRunStarts() throws Exception {
    ReplyException refused = lake.bus.refusal(IngestAddresses.START, new JsonObject().put("source", "itdel")
        .put("mode", "sometimes").put("tables", new JsonArray().add("pedidos")));
    assertThat(refused.getMessage()).contains("mode must be full, incremental or deletes");
  }

  private static TableStatus succeeded(String mode) throws Exception {
    return lake.succeeded(mode).tables().getFirst();
  }

  private static long snapshots() throws Exception {
    return lake.trino("SELECT count(*) FROM iceberg." + NAMESPACE + ".\"itdel_pedidos$snapshots\"").getFirst().getLong(0);
  }

  /** Every column of every order as text, ordered by id: the source's (in UTC), formatted as Trino prints them. */
  private static List<List<String>> sourceRows() throws Exception {
    return mariadb("SELECT CAST(id AS char), CAST(usuario_id AS char), CAST(producto_id AS char), "
        + "CAST(cantidad AS char), CAST(precio_unitario AS char), CAST(descuento AS char), CAST(total AS char), "
        + "estado, metodo_pago, direccion_envio, notas, DATE_FORMAT(fecha_pedido, '%Y-%m-%d %H:%i:%s.%f'), "
        // creado_en is a TIMESTAMP: an instant, which the view answers with its zone; the DATETIMEs stay zone-less.
        + "CAST(fecha_entrega AS char), CONCAT(DATE_FORMAT(creado_en, '%Y-%m-%d %H:%i:%s.%f'), ' UTC'), "
        + "DATE_FORMAT(actualizado_en, '%Y-%m-%d %H:%i:%s.%f') FROM pedidos ORDER BY id");
  }

  /** The same through the engine view the API reads. */
  private static List<List<String>> lakeRows() throws Exception {
    return trino(lakeSelect() + " ORDER BY id");
  }

  private static List<String> lakeRow(long id) throws Exception {
    List<List<String>> rows = trino(lakeSelect() + " WHERE id = " + id);
    assertThat(rows).as("the lake's row " + id).hasSize(1);
    return rows.getFirst();
  }

  private static String lakeSelect() {
    return "SELECT CAST(id AS varchar), CAST(usuario_id AS varchar), CAST(producto_id AS varchar), "
        + "CAST(cantidad AS varchar), CAST(precio_unitario AS varchar), CAST(descuento AS varchar), "
        + "CAST(total AS varchar), estado, metodo_pago, direccion_envio, notas, CAST(fecha_pedido AS varchar), "
        + "CAST(fecha_entrega AS varchar), CAST(creado_en AS varchar), CAST(actualizado_en AS varchar) FROM "
        + lake.view;
  }

  /** The dashboard's pedidos figures: count, revenue and the count of each state. */
  private static List<List<String>> sourceDashboard() throws Exception {
    List<List<String>> figures = new ArrayList<>(mariadb("SELECT CAST(count(*) AS char), "
        + "CAST(coalesce(sum(CASE WHEN estado NOT IN " + REVENUE_STATES + " THEN total END), 0) AS char) FROM pedidos"));
    figures.addAll(mariadb("SELECT estado, CAST(count(*) AS char) FROM pedidos GROUP BY estado ORDER BY CAST(estado AS char)"));
    return figures;
  }

  private static List<List<String>> lakeDashboard() throws Exception {
    List<List<String>> figures = new ArrayList<>(trino("SELECT CAST(count(*) AS varchar), CAST(coalesce(sum(total) "
        + "FILTER (WHERE estado NOT IN " + REVENUE_STATES + "), 0) AS varchar) FROM " + lake.view));
    figures.addAll(trino("SELECT estado, CAST(count(*) AS varchar) FROM " + lake.view + " GROUP BY estado ORDER BY estado"));
    return figures;
  }

  private static List<List<String>> trino(String sql) throws Exception {
    return TextRows.of(lake.trino(sql));
  }

  private static List<List<String>> mariadb(String sql) throws Exception {
    return TextRows.jdbc(lake.db.jdbcUrl(), LocalStack.MARIADB.user(), LocalStack.MARIADB.password(), sql,
        "SET time_zone = '+00:00'");
  }
}
