package io.lakeport.api.impl;

import io.lakeport.query.QuerySpec;
import io.lakeport.query.SqlParameter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every statement the API's fixed endpoints send, in one place. Values that come from a request are bound
 * as {@link SqlParameter}s ({@code ?}), never spliced into the text; the only things written into the text
 * are the configured schema name and the tables and columns below (all quoted as identifiers) and row
 * limits the server computed as integers.
 */
public final class Queries {

  /**
   * One demo table as the API lists it: its engine table, the key its pages are ordered and continued by,
   * the columns an item has (the data columns, without the lake's partition columns), and which of them
   * hold JSON text (the lake keeps a source's JSON columns as text; the API answers them as JSON).
   */
  public record Table(String engineTable, String key, boolean numericKey, List<String> columns,
                      Set<String> jsonColumns) {
    public Table {
      columns = List.copyOf(columns);
      jsonColumns = Set.copyOf(jsonColumns);
      if (!columns.contains(key) || !columns.containsAll(jsonColumns)) {
        throw new IllegalArgumentException(engineTable + ": key and JSON columns must be among its columns");
      }
    }

    Table(String engineTable, String key, boolean numericKey, List<String> columns) {
      this(engineTable, key, numericKey, columns, Set.of());
    }

    Table json(String... names) {
      return new Table(engineTable, key, numericKey, columns, Set.of(names));
    }
  }

  /** A paged listing: a table, optionally filtered by one column equal to a request value. */
  public record Listing(String operationId, Table table, String filterColumn) {
  }

  public static final Table USUARIOS = new Table("ms1_usuarios", "id", true, List.of(
      "id", "nombre", "apellidos", "email", "telefono", "fecha_nacimiento", "ciudad", "pais", "activo",
      "preferencias", "bio", "avatar_md5", "creado_en", "actualizado_en")).json("preferencias");
  public static final Table PRODUCTOS = new Table("ms1_productos", "id", true, List.of(
      "id", "sku", "nombre", "descripcion", "categoria", "precio", "peso_kg", "valoracion", "stock", "atributos",
      "activo", "fecha_alta", "creado_en", "actualizado_en")).json("atributos");
  public static final Table PEDIDOS = new Table("ms1_pedidos", "id", true, List.of(
      "id", "usuario_id", "producto_id", "cantidad", "precio_unitario", "descuento", "total", "estado",
      "metodo_pago", "direccion_envio", "notas", "fecha_pedido", "fecha_entrega", "creado_en", "actualizado_en"));
  public static final Table CLIENTES = new Table("ms2_clientes", "id", true, List.of(
      "id", "cliente_uuid", "tipo", "nombre", "nif", "email", "telefono", "ciudad", "provincia", "pais",
      "codigo_postal", "etiquetas", "preferencias", "limite_credito", "puntuacion_riesgo", "activo", "fecha_alta",
      "huella", "usuario_ms1_id", "creado_en", "actualizado_en")).json("preferencias");
  public static final Table FACTURAS = new Table("ms2_facturas", "id", true, List.of(
      "id", "numero", "cliente_id", "pedido_ms1_id", "estado", "moneda", "fecha_emision", "fecha_vencimiento",
      "base_imponible", "tipo_iva", "cuota_iva", "total", "lineas", "unidades", "notas", "emitida_en",
      "actualizado_en")).json("lineas");
  public static final Table PAGOS = new Table("ms2_pagos", "id", true, List.of(
      "id", "referencia", "factura_id", "estado", "metodo", "importe", "moneda", "tasa_cambio", "comision",
      "pagado_en", "registrado_en", "fecha_valor", "conciliado", "detalles", "codigos_respuesta", "actualizado_en"))
      .json("detalles");
  public static final Table LOGS = new Table("ms3_logs", "_id", false, List.of(
      "_id", "timestamp", "nivel", "servicio", "host", "mensaje", "usuario_id", "pedido_id", "request",
      "bytes_respuesta", "tags", "error"));
  public static final Table SESIONES = new Table("ms3_sesiones", "_id", false, List.of(
      "_id", "usuario_id", "inicio", "fin", "duracion_seg", "activa", "dispositivo", "ip", "token_hash", "idioma",
      "geo", "paginas", "carrito", "etiquetas", "actualizado_en"));
  public static final Table EVENTOS = new Table("ms3_eventos", "_id", false, List.of(
      "_id", "tipo", "fecha", "sesion_id", "usuario_id", "version", "producto_id", "segundos_en_pagina", "busqueda",
      "cantidad", "precio_unitario", "pedido_id", "importe", "moneda", "metodo_pago", "canal", "acepta_boletin",
      "valoracion", "origen", "etiquetas"));

  public static final List<Table> TABLES =
      List.of(USUARIOS, PEDIDOS, PRODUCTOS, CLIENTES, FACTURAS, PAGOS, LOGS, SESIONES, EVENTOS);

  /** The paged listings, by the operationId that serves them. */
  public static final Map<String, Listing> LISTINGS = List.of(
      new Listing("listUsuarios", USUARIOS, null),
      new Listing("listPedidos", PEDIDOS, null),
      new Listing("listProductos", PRODUCTOS, null),
      new Listing("listClientes", CLIENTES, null),
      new Listing("listFacturas", FACTURAS, null),
      new Listing("listPagos", PAGOS, null),
      new Listing("listLogs", LOGS, null),
      new Listing("listSesiones", SESIONES, null),
      new Listing("listEventos", EVENTOS, null),
      new Listing("listProductosPorCategoria", PRODUCTOS, "categoria"),
      new Listing("listFacturasPorCliente", FACTURAS, "cliente_id")
  ).stream().collect(Collectors.toUnmodifiableMap(Listing::operationId, Function.identity()));

  private final String schema;

  /** @param schema the engine schema (database) the demo tables live in: {@code engine.schema} */
  public Queries(String schema) {
    this.schema = schema;
  }

  /**
   * A page of {@code listing}: rows with a key after {@code afterKey} (all when null), in key order, at most
   * {@code rows} of them. {@code filterValue} is bound to the listing's filter column.
   */
  public QuerySpec page(Listing listing, SqlParameter filterValue, Object afterKey, int rows) {
    Table table = listing.table();
    List<String> conditions = new ArrayList<>();
    List<SqlParameter> parameters = new ArrayList<>();
    if (listing.filterColumn() != null) {
      conditions.add(quote(listing.filterColumn()) + " = ?");
      parameters.add(filterValue);
    }
    if (afterKey != null) {
      conditions.add(quote(table.key()) + " > ?");
      parameters.add(table.numericKey()
          ? SqlParameter.bigint((Long) afterKey)
          : SqlParameter.varchar((String) afterKey));
    }
    String sql = "SELECT " + columnList(table) + " FROM " + table(table)
        + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
        + " ORDER BY " + quote(table.key()) + " LIMIT " + rows;
    return new QuerySpec(sql, parameters, null);
  }

  /** One pedido by id (the first of its versions, should an incremental run have left several). */
  public QuerySpec pedido(long id) {
    return QuerySpec.of("SELECT " + columnList(PEDIDOS) + " FROM " + table(PEDIDOS)
        + " WHERE " + quote("id") + " = ? LIMIT 1", SqlParameter.bigint(id));
  }

  /**
   * The dashboard's figures in one statement and one row: one aggregate per table (a single scan each;
   * {@code histogram} counts by value), cross-joined. Column names are what {@code DashboardHandler} reads.
   */
  public QuerySpec dashboard() {
    String pending = "('emitida', 'parcial', 'vencida')";
    String sql = "SELECT * FROM "
        + "(SELECT count(*) AS usuarios_total, count_if(\"activo\") AS usuarios_activos FROM " + table(USUARIOS) + ") u"
        + " CROSS JOIN (SELECT count(*) AS productos_total, histogram(\"categoria\") AS productos_por_categoria FROM "
        + table(PRODUCTOS) + ") pr"
        + " CROSS JOIN (SELECT count(*) AS pedidos_total,"
        + " coalesce(sum(\"total\") FILTER (WHERE \"estado\" NOT IN ('cancelado', 'devuelto')), 0) AS pedidos_ingresos,"
        + " histogram(\"estado\") AS pedidos_por_estado FROM " + table(PEDIDOS) + ") pe"
        + " CROSS JOIN (SELECT count(*) AS clientes_total, count_if(\"activo\") AS clientes_activos FROM "
        + table(CLIENTES) + ") c"
        + " CROSS JOIN (SELECT count(*) AS facturas_total, count_if(\"estado\" IN " + pending + ") AS facturas_pendientes"
        + " FROM " + table(FACTURAS) + ") f"
        + " CROSS JOIN (SELECT coalesce(sum(f.\"total\" - coalesce(p.pagado, 0)), 0) AS facturas_importe_pendiente"
        + " FROM " + table(FACTURAS) + " f LEFT JOIN (SELECT \"factura_id\", sum(\"importe\") AS pagado FROM "
        + table(PAGOS) + " WHERE \"estado\" = 'confirmado' GROUP BY \"factura_id\") p ON p.\"factura_id\" = f.\"id\""
        + " WHERE f.\"estado\" IN " + pending + ") fp"
        + " CROSS JOIN (SELECT count(*) AS pagos_total,"
        + " coalesce(sum(\"importe\") FILTER (WHERE \"estado\" = 'confirmado'), 0) AS pagos_importe_confirmado FROM "
        + table(PAGOS) + ") pa"
        + " CROSS JOIN (SELECT count(*) AS logs_total, histogram(\"nivel\") AS logs_por_nivel FROM " + table(LOGS) + ") l"
        + " CROSS JOIN (SELECT count(*) AS sesiones_total FROM " + table(SESIONES) + ") s"
        + " CROSS JOIN (SELECT count(*) AS eventos_total, histogram(\"tipo\") AS eventos_por_tipo FROM "
        + table(EVENTOS) + ") e";
    return QuerySpec.of(sql);
  }

  private String table(Table table) {
    return quote(schema) + "." + quote(table.engineTable());
  }

  private static String columnList(Table table) {
    return table.columns().stream()
        .map(c -> table.jsonColumns().contains(c) ? asJson(c) + " AS " + quote(c) : quote(c))
        .collect(Collectors.joining(", "));
  }

  /**
   * A JSON column as JSON. The lake's reader hands the column its JSON text, except that a JSON string comes
   * as the bare string, which json_parse refuses: that one is cast to a JSON string instead.
   */
  private static String asJson(String column) {
    return "coalesce(try(json_parse(" + quote(column) + ")), CAST(" + quote(column) + " AS json))";
  }

  /** A quoted identifier; the names are this class's constants and the configured schema, never request text. */
  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
