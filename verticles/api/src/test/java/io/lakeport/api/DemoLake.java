package io.lakeport.api;

import io.lakeport.catalog.Catalog;
import io.lakeport.catalog.Catalogs;
import io.lakeport.catalog.CommittedTable;
import io.lakeport.config.LakeportConfig;
import io.lakeport.run.RunMode;
import io.lakeport.store.LakeLayout;
import io.lakeport.query.EngineQueryService;
import io.lakeport.query.QueryEngine;
import io.lakeport.query.engines.QueryEngines;
import io.lakeport.query.QueryState;
import io.lakeport.query.QuerySpec;
import io.lakeport.schema.Column;
import io.lakeport.schema.LakeType;
import io.lakeport.schema.TableSchema;
import io.lakeport.testkit.LocalStack;
import io.lakeport.testkit.ScratchBucket;
import io.lakeport.testkit.StackConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The nine demo tables in a lake of the test's own: generated rows with the demo's documented columns,
 * counts and awkward values (quotes, emoji, newlines, NaN, nulls, nested documents), written as JSON Lines
 * in the lake's value format (docs/lake-format.md) to a scratch bucket, and registered in a schema of the
 * test's own through the real catalog ({@code Catalog.publish}: physical table, partition, view), exactly as
 * an ingest run registers them. Dropped again by {@link #close()}.
 *
 * <p>Why not the ingested demo data (the app module's DemoDataContractIT runs the API over that): these rows are
 * chosen to break things (every awkward value in one place, a category with quotes), they are known here in
 * memory so a test compares the API's answers with them exactly, and the api module's tests need no ingest
 * group to get them.
 */
final class DemoLake implements AutoCloseable {

  static final String[] CATEGORIAS = {"electronica", "hogar", "deportes", "libros", "ropa", "juguetes", "alimentacion", "belleza"};
  static final String[] ESTADOS_PEDIDO = {"pendiente", "pagado", "enviado", "entregado", "cancelado", "devuelto"};
  static final String[] ESTADOS_FACTURA = {"borrador", "emitida", "pagada", "parcial", "vencida", "anulada"};
  static final String[] ESTADOS_PAGO = {"confirmado", "confirmado", "confirmado", "rechazado", "reembolsado"};
  static final String[] NIVELES = {"INFO", "INFO", "INFO", "WARN", "DEBUG", "ERROR"};
  static final String[] TIPOS_EVENTO = {"vista_producto", "busqueda", "añadir_carrito", "valoracion", "compra", "registro"};
  /** Text with everything that breaks naive quoting or encoding. */
  static final String AWKWARD = "O'Connor \"2ºB\" \\ tab\t newline\n emoji 🎁👩‍💻🇪🇸 -- /* ; ’";

  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
  private static final LocalDateTime BASE = LocalDateTime.of(2025, 1, 1, 0, 0);
  private static final Instant RUN_START = Instant.parse("2026-11-27T08:00:00Z");

  /** The seed's nine listings ({@code /api/<name>}) and the engine table each one reads. */
  static final Map<String, String> SEED_LISTINGS = Map.of("usuarios", "ms1_usuarios", "pedidos", "ms1_pedidos",
      "productos", "ms1_productos", "clientes", "ms2_clientes", "facturas", "ms2_facturas", "pagos", "ms2_pagos",
      "logs", "ms3_logs", "sesiones", "ms3_sesiones", "eventos", "ms3_eventos");

  final String schema;
  final LakeportConfig config;
  /** Engine table to its rows, as written to the lake (lake names, lake values). */
  final Map<String, List<JsonObject>> rows = new LinkedHashMap<>();

  private final ScratchBucket bucket;
  private final S3AsyncClient s3;
  private final EngineQueryService service;
  private io.vertx.ext.web.client.WebClient client;
  private ContractResponses contract;
  private final QueryEngine engine;

  private DemoLake(String schema, LakeportConfig config, ScratchBucket bucket, S3AsyncClient s3, EngineQueryService service) {
    this.schema = schema;
    this.config = config;
    this.bucket = bucket;
    this.s3 = s3;
    this.service = service;
    this.engine = service.engine();
  }

  /** Writes and registers the nine tables; {@code api} holds the API settings of the returned config. */
  static DemoLake create(Vertx vertx, JsonObject api) throws Exception {
    return create(vertx, api, new JsonObject());
  }

  /** The same, with engine settings ({@code engine.*}) for the returned config. */
  static DemoLake create(Vertx vertx, JsonObject api, JsonObject engineSettings) throws Exception {
    String schema = LocalStack.uniqueSqlName("api_it");
    LakeportConfig config = TestApi.config(api, StackConfig.trinoEngine(schema).mergeIn(engineSettings, true));
    S3AsyncClient s3 = LocalStack.newS3AsyncClient();
    ScratchBucket bucket = ScratchBucket.create(s3, "api-it");
    DemoLake lake = new DemoLake(schema, config, bucket, s3, QueryEngines.service(vertx, config.engine()).await(60, TimeUnit.SECONDS));
    try {
      lake.publishAll();
    } catch (Exception e) {
      lake.close();
      throw e;
    }
    return lake;
  }

  /**
   * A DemoLake whose config has the API on a free port, with the {@code api} verticle group (found through
   * its service registration, as a process deploys it) deployed on {@code vertx} over it and a client of it
   * ({@link #client}, closed by {@link #close()}).
   */
  static DemoLake withApiGroup(Vertx vertx, JsonObject api) throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    DemoLake lake = create(vertx, api.copy().put("port", port));
    io.lakeport.deploy.VerticleGroup group = java.util.ServiceLoader.load(io.lakeport.deploy.VerticleGroup.class).stream()
        .map(java.util.ServiceLoader.Provider::get).filter(g -> g.group() == LakeportConfig.Group.API).findFirst().orElseThrow();
    group.deploy(vertx, lake.config).await(60, TimeUnit.SECONDS);
    lake.client = io.vertx.ext.web.client.WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(port).setFollowRedirects(false));
    lake.contract = ContractResponses.load(vertx).await(30, TimeUnit.SECONDS);
    return lake;
  }

  /** The client of the API {@link #withApiGroup} deployed, not following redirects. */
  io.vertx.ext.web.client.WebClient client() {
    return client;
  }

  /** The contract {@link #call} checks answers against. */
  ContractResponses contract() {
    return contract;
  }

  /**
   * A request to the API {@link #withApiGroup} deployed ({@code body} null for none), its answer checked against the
   * contract: status, media type and schema. Fails naming what the answer breaks.
   */
  io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> call(io.vertx.core.http.HttpMethod method, String uri,
      JsonObject body) throws Exception {
    var request = client.request(method, uri);
    var sent = body == null ? request.send() : request.sendJsonObject(body);
    var response = sent.await(120, TimeUnit.SECONDS);
    return contract.check(method, uri, response).await(60, TimeUnit.SECONDS);
  }

  List<JsonObject> rows(String engineTable) {
    return rows.get(engineTable);
  }

  /** Registers each table exactly as an ingest run does: {@code Catalog.publish} of a full run's commit. */
  private void publishAll() throws Exception {
    for (TableSchema table : schemas()) {
      String engineTable = table.source() + "_" + table.table();
      List<JsonObject> generated = generate(table);
      rows.put(engineTable, generated);
      commit(table, generated, table.source() + "-20261127T080000Z-0a1b2c");
    }
  }

  /**
   * Commits {@code changed} as a new full snapshot of {@code engineTable} (run id {@code runId}) the way an
   * ingest run does; {@link #rows} keeps the original rows.
   */
  void commitFullRun(String engineTable, List<JsonObject> changed, String runId) throws Exception {
    TableSchema table = schemas().stream().filter(t -> (t.source() + "_" + t.table()).equals(engineTable))
        .findFirst().orElseThrow();
    commit(table, changed, runId);
  }

  /**
   * Writes and registers a table of the test's own (engine table {@code source_table}), as a full run of
   * an ingest would; {@link #rows} keeps its rows.
   */
  void publish(TableSchema table, List<JsonObject> lakeRows) throws Exception {
    rows.put(table.source() + "_" + table.table(), List.copyOf(lakeRows));
    commit(table, lakeRows, table.source() + "-20261127T080000Z-0a1b2c");
  }

  /** The scratch bucket the lake's tables are written to (dropped by {@link #close()}). */
  String bucket() {
    return bucket.name();
  }

  /**
   * Publishes the view of an Iceberg table the test created itself ({@code source_table} over
   * {@code iceberg}), exactly as a format iceberg run of an ingest does once its snapshot is committed.
   */
  void publishIceberg(TableSchema table, CommittedTable.IcebergTable iceberg) throws Exception {
    Catalogs.create(config.engine(), service).publish(new CommittedTable(bucket.name(), table.source() + "_"
        + table.table(), table, table.source() + "-20261204T080000Z-1c3b0a", List.of(), RunMode.FULL, false,
        zoned(table), iceberg)).await(300, TimeUnit.SECONDS);
  }

  private void commit(TableSchema table, List<JsonObject> lakeRows, String snapshot) throws Exception {
    StringBuilder lines = new StringBuilder();
    lakeRows.forEach(row -> lines.append(row.encode()).append('\n'));
    String key = LakeLayout.objectKey(table.table(), snapshot, snapshot, RUN_START, 0, false);
    s3.putObject(b -> b.bucket(bucket.name()).key(key),
        AsyncRequestBody.fromString(lines.toString(), StandardCharsets.UTF_8)).get(60, TimeUnit.SECONDS);
    Catalogs.create(config.engine(), service).publish(new CommittedTable(bucket.name(), table.source() + "_"
        + table.table(), table, snapshot, List.of("2026-11-27"), RunMode.FULL, false, zoned(table), null))
        .await(300, TimeUnit.SECONDS);
  }

  /** Runs one statement on the engine and answers its rows (test set-up and checks). */
  List<List<Object>> sql(String statement) throws Exception {
    String id = engine.submit(QuerySpec.of(statement)).await(60, TimeUnit.SECONDS);
    for (int i = 0; i < 1200; i++) {
      var status = engine.status(id).await(60, TimeUnit.SECONDS);
      if (status.state() == QueryState.SUCCEEDED) {
        List<List<Object>> out = new ArrayList<>();
        String token = null;
        do {
          var page = engine.results(id, token, 1000).await(60, TimeUnit.SECONDS);
          out.addAll(page.rows());
          token = page.nextToken();
        } while (token != null);
        return out;
      }
      if (status.state().done()) {
        throw new IllegalStateException(statement + ": " + status.state() + " " + status.error());
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(statement + " did not finish");
  }

  @Override
  public void close() {
    try {
      for (List<Object> row : sql("SELECT table_name, table_type FROM " + LocalStack.TRINO_CATALOG
          + ".information_schema.tables WHERE table_schema = '" + schema + "'")) {
        String kind = "VIEW".equals(row.get(1)) ? "VIEW" : "TABLE";
        sql("DROP " + kind + " IF EXISTS " + LocalStack.TRINO_CATALOG + "." + schema + ".\"" + row.get(0) + "\"");
      }
      sql("DROP SCHEMA IF EXISTS " + LocalStack.TRINO_CATALOG + "." + schema);
    } catch (Exception e) {
      System.err.println("could not drop schema " + schema + ": " + e);
    } finally {
      if (client != null) {
        client.close();
      }
      bucket.close();
      s3.close();
      service.close().await();
    }
  }

  // --- the nine tables -------------------------------------------------------------------------------------

  /** The column type in {@link #schemas()} of a timestamp that holds instants. */
  private static final String ZONED = "timestamptz";

  static List<TableSchema> schemas() {
    return List.of(
        table("ms1", "usuarios", "id integer!", "nombre varchar!", "apellidos varchar!", "email varchar!",
            "telefono varchar", "fecha_nacimiento date", "ciudad varchar!", "pais varchar!", "activo boolean!",
            "preferencias json", "bio varchar", "avatar_md5 varbinary", "creado_en timestamptz!", "actualizado_en timestamp!"),
        table("ms1", "productos", "id integer!", "sku varchar!", "nombre varchar!", "descripcion varchar",
            "categoria varchar!", "precio decimal(12,2)!", "peso_kg decimal(8,3)", "valoracion double", "stock bigint!",
            "atributos json", "activo boolean!", "fecha_alta date!", "creado_en timestamptz!", "actualizado_en timestamp!"),
        table("ms1", "pedidos", "id bigint!", "usuario_id integer!", "producto_id integer!", "cantidad integer!",
            "precio_unitario decimal(12,2)!", "descuento decimal(12,2)", "total decimal(12,2)!", "estado varchar!",
            "metodo_pago varchar!", "direccion_envio varchar!", "notas varchar", "fecha_pedido timestamp!",
            "fecha_entrega date", "creado_en timestamptz!", "actualizado_en timestamp!"),
        table("ms2", "clientes", "id bigint!", "cliente_uuid varchar!", "tipo varchar!", "nombre varchar!", "nif varchar!",
            "email varchar", "telefono varchar", "ciudad varchar!", "provincia varchar", "pais varchar!",
            "codigo_postal varchar", "etiquetas array(varchar)", "preferencias json", "limite_credito decimal(12,2)!",
            "puntuacion_riesgo decimal(38,18)", "activo boolean!", "fecha_alta date!", "huella varbinary",
            "usuario_ms1_id integer", "creado_en timestamp!", "actualizado_en timestamptz!"),
        table("ms2", "facturas", "id bigint!", "numero varchar!", "cliente_id bigint!", "pedido_ms1_id bigint",
            "estado varchar!", "moneda varchar!", "fecha_emision date!", "fecha_vencimiento date",
            "base_imponible decimal(12,2)!", "tipo_iva decimal(5,2)!", "cuota_iva decimal(12,2)!", "total decimal(12,2)!",
            "lineas json!", "unidades array(integer)!", "notas varchar", "emitida_en timestamp", "actualizado_en timestamptz!"),
        table("ms2", "pagos", "id bigint!", "referencia varchar!", "factura_id bigint!", "estado varchar!", "metodo varchar!",
            "importe decimal(12,2)!", "moneda varchar!", "tasa_cambio double", "comision decimal(38,18)",
            "pagado_en timestamptz!", "registrado_en timestamp!", "fecha_valor date", "conciliado boolean", "detalles json",
            "codigos_respuesta array(integer)", "actualizado_en timestamptz!"),
        table("ms3", "logs", "_id varchar!", "timestamp timestamptz!", "nivel varchar!", "servicio varchar!", "host varchar!",
            "mensaje varchar!", "usuario_id integer", "pedido_id bigint",
            "request row(metodo varchar, ruta varchar, estado_http integer, duracion_ms double, ip varchar, user_agent varchar)",
            "bytes_respuesta bigint", "tags array(varchar)",
            "error row(tipo varchar, codigo varchar, traza array(varchar), reintentos integer, causa row(tipo varchar, mensaje varchar))"),
        table("ms3", "sesiones", "_id varchar!", "usuario_id integer", "inicio timestamptz!", "fin timestamptz",
            "duracion_seg bigint", "activa boolean!",
            "dispositivo row(tipo varchar, so varchar, navegador varchar, app row(version varchar, build integer), pantalla row(ancho integer, alto integer))",
            "ip varchar", "token_hash varbinary", "idioma varchar",
            "geo row(pais varchar, ciudad varchar, coordenadas array(double))",
            "paginas array(row(ruta varchar, entrada timestamp, segundos integer))",
            "carrito row(items array(row(producto_id integer, cantidad integer, precio_unitario decimal(38,18))), total decimal(38,18), moneda varchar)",
            "etiquetas array(varchar)", "actualizado_en timestamptz!"),
        table("ms3", "eventos", "_id varchar!", "tipo varchar!", "fecha timestamptz!", "sesion_id varchar!", "usuario_id integer",
            "version integer!", "producto_id integer", "segundos_en_pagina integer",
            "busqueda row(termino varchar, resultados integer, filtros row(categoria varchar, precio_max decimal(38,18)))",
            "cantidad integer", "precio_unitario decimal(38,18)", "pedido_id bigint", "importe decimal(38,18)",
            "moneda varchar", "metodo_pago varchar", "canal varchar", "acepta_boletin boolean",
            "valoracion row(estrellas integer, comentario varchar)",
            "origen row(canal varchar, campana varchar, utm row(source varchar, medium varchar))", "etiquetas array(varchar)"));
  }

  /** Counts as in init-scripts/README.md. */
  static int count(String table) {
    return switch (table) {
      case "usuarios" -> 500;
      case "productos" -> 200;
      case "pedidos" -> 3000;
      case "clientes" -> 400;
      case "facturas" -> 2000;
      case "pagos" -> 2630;
      case "logs" -> 3000;
      case "sesiones" -> 1000;
      case "eventos" -> 2500;
      default -> throw new IllegalArgumentException(table);
    };
  }

  /**
   * The columns of {@code table} that hold instants (PostgreSQL {@code timestamptz}, MySQL {@code TIMESTAMP},
   * Mongo dates, as in init-scripts/), which an ingest commits as zoned: written in UTC, answered with a zone.
   */
  static List<String> zoned(TableSchema table) {
    return table.columns().stream().filter(c -> ZONED.equals(c.sourceType())).map(Column::lakeName).toList();
  }

  private static TableSchema table(String source, String table, String... columns) {
    List<Column> cols = new ArrayList<>();
    for (String spec : columns) {
      boolean required = spec.endsWith("!");
      String text = required ? spec.substring(0, spec.length() - 1) : spec;
      int space = text.indexOf(' ');
      String name = text.substring(0, space);
      String type = text.substring(space + 1);
      // timestamptz: a timestamp column that holds instants, as the sources' own zoned types (see zoned).
      cols.add(new Column(name, name, LakeType.parse(type.equals(ZONED) ? "timestamp" : type), !required, type));
    }
    return new TableSchema(source, table, cols, List.of(cols.getFirst().lakeName()), List.of());
  }

  // --- rows --------------------------------------------------------------------------------------------------

  private static List<JsonObject> generate(TableSchema table) {
    List<JsonObject> out = new ArrayList<>();
    int n = count(table.table());
    for (int i = 1; i <= n; i++) {
      JsonObject row = new JsonObject();
      for (int c = 0; c < table.columns().size(); c++) {
        Column column = table.columns().get(c);
        Object special = special(table.table(), column.lakeName(), i);
        Object value = special != NONE ? special
            : column.nullable() && (i * 31 + c) % 11 == 5 ? null : value(column.type(), i, c);
        row.put(column.lakeName(), value);
      }
      out.add(row);
    }
    return out;
  }

  private static final Object NONE = new Object();

  /** Values with a meaning: keys, the columns filters and the dashboard use, the documented awkward cases. */
  private static Object special(String table, String column, int i) {
    return switch (table + "." + column) {
      case "usuarios.id", "productos.id", "pedidos.id", "clientes.id", "facturas.id", "pagos.id" -> i;
      case "logs._id", "sesiones._id", "eventos._id" -> objectId(table, i);
      case "usuarios.apellidos" -> i % 50 == 1 ? AWKWARD : "García " + i;
      case "usuarios.activo", "clientes.activo" -> i % 9 != 0;
      case "productos.categoria" -> CATEGORIAS[(i - 1) / 25];
      case "productos.precio" -> i == 1 ? new BigDecimal("0.01") : i == 200 ? new BigDecimal("9999999999.99")
          : BigDecimal.valueOf(i * 1234L + 99, 2);
      case "productos.valoracion" -> i % 10 == 3 ? null : 1.0 + (i % 40) / 10.0;
      case "pedidos.estado" -> ESTADOS_PEDIDO[i % ESTADOS_PEDIDO.length];
      case "pedidos.total" -> BigDecimal.valueOf(i * 777L % 1_000_000 + 1, 2);
      case "pedidos.notas" -> i % 97 == 0 ? AWKWARD : i % 31 == 0 ? "" : i % 5 == 0 ? "nota " + i : null;
      case "facturas.cliente_id" -> (i - 1) / 5 + 1;
      case "facturas.estado" -> ESTADOS_FACTURA[i % ESTADOS_FACTURA.length];
      case "facturas.total" -> BigDecimal.valueOf(i * 5353L % 2_000_000 + 100, 2);
      case "facturas.lineas" -> new JsonArray().add(new JsonObject().put("linea", 1).put("concepto", "Servicio " + i)
          .put("cantidad", 1 + i % 3).put("precio_unitario", 10.5));
      case "pagos.factura_id" -> (i - 1) % 2000 + 1;
      case "pagos.estado" -> ESTADOS_PAGO[i % ESTADOS_PAGO.length];
      case "pagos.importe" -> BigDecimal.valueOf(i * 3131L % 500_000 + 50, 2);
      case "pagos.tasa_cambio" -> i == 100 ? "Infinity" : i == 200 ? "-Infinity" : i == 300 ? "NaN"
          : i % 8 == 0 ? null : 1.0 + (i % 7) / 3.0;
      case "logs.nivel" -> NIVELES[i % NIVELES.length];
      case "logs.mensaje" -> i % 13 == 0 ? AWKWARD : "petición " + i + " servida";
      case "logs.bytes_respuesta" -> i == 1500 ? 9007199254740993L : (long) i * 100;
      case "eventos.tipo" -> TIPOS_EVENTO[i % TIPOS_EVENTO.length];
      case "eventos.sesion_id" -> objectId("sesiones", (i - 1) % 1000 + 1);
      default -> NONE;
    };
  }

  /** 24 hex digits that sort like i within a table (as the demo's ObjectIds sort by time). */
  static String objectId(String table, int i) {
    String tag = switch (table) {
      case "logs" -> "6c6f67";
      case "sesiones" -> "736573";
      default -> "657665";
    };
    return String.format("67e4%08x%s%06x", 0x10000000 + i * 7, tag, i).substring(0, 24);
  }

  private static Object value(LakeType type, int i, int c) {
    return switch (type) {
      case LakeType.Primitive p -> switch (p) {
        case BOOLEAN -> (i + c) % 3 != 0;
        case INTEGER -> (i * 7 + c) % 1000;
        case BIGINT -> (long) (i * 13 + c) * 1000;
        case DOUBLE -> (i % 97) / 4.0 + c;
        case VARCHAR -> (i + c) % 17 == 0 ? AWKWARD : "valor " + c + "-" + i + ((i + c) % 23 == 0 ? " ñandú 😁" : "");
        case DATE -> LocalDate.of(2024, 1, 1).plusDays((i * 3L + c) % 700).toString();
        case TIMESTAMP -> TIMESTAMP.format(BASE.plusSeconds(i * 61L + c).plusNanos((i % 1000) * 1000L));
        case VARBINARY -> Base64.getEncoder().encodeToString(md5(i + ":" + c));
        case JSON -> i % 17 == 0 ? new JsonObject()
            : new JsonObject().put("idioma", "es").put("newsletter", i % 2 == 0)
                .put("notificaciones", new JsonObject().put("email", true).put("push", i % 5 == 0))
                .put("categorias_favoritas", new JsonArray().add("libros").add("hogar"));
      };
      case LakeType.Decimal d -> decimal(d, (long) i * 1009 + c);
      case LakeType.Array a -> {
        JsonArray array = new JsonArray();
        for (int k = 0; k < (i + c) % 3; k++) {
          array.add(value(a.element(), i + k, c + k));
        }
        yield array;
      }
      case LakeType.Row r -> {
        JsonObject object = new JsonObject();
        for (int k = 0; k < r.fields().size(); k++) {
          LakeType.Field field = r.fields().get(k);
          object.put(field.name(), (i + k) % 5 == 4 ? null : value(field.type(), i, c + k + 1));
        }
        yield object;
      }
    };
  }

  /** A value that fits decimal(p,s), written plain (with exactly s decimals), as the lake writes decimals. */
  static BigDecimal decimal(LakeType.Decimal type, long seed) {
    int integerDigits = Math.min(type.precision() - type.scale(), 9);
    long integer = integerDigits == 0 ? 0 : seed % (long) Math.pow(10, integerDigits);
    StringBuilder fraction = new StringBuilder(Long.toString(seed % 1000));
    while (fraction.length() < type.scale()) {
      fraction.insert(0, '0');
    }
    String text = type.scale() == 0 ? Long.toString(integer) : integer + "." + fraction.substring(fraction.length() - type.scale());
    return new BigDecimal(text).setScale(type.scale(), RoundingMode.UNNECESSARY);
  }

  private static byte[] md5(String text) {
    try {
      return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  static Future<Void> done() {
    return Future.succeededFuture();
  }
}
