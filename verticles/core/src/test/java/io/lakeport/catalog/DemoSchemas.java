package io.lakeport.catalog;

import io.lakeport.config.LakeportConfig.SourceKind;
import io.lakeport.run.RunMode;
import io.lakeport.schema.Column;
import io.lakeport.schema.LakeNames;
import io.lakeport.schema.LakeType;
import io.lakeport.schema.TableSchema;
import io.lakeport.schema.ZonedColumns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nine demo tables as the sources discover them, written from init-scripts/README.md (source types)
 * and the sources' type mapping (MysqlSource, PostgresSource, MongoShape): TINYINT(1) is boolean, INT UNSIGNED
 * and SMALLINT widen to bigint and integer, ENUM/uuid/char are varchar, JSON/jsonb are json, BINARY/bytea/BSON
 * Binary are varbinary, every timestamp kind is timestamp, unconstrained numeric is decimal(38,9), Decimal128
 * is decimal(38, the sample's scale) (2 in the demo data), a Mongo field seen as Int32 and Double is double,
 * nested documents are rows with the union of the fields seen. Mongo field order may differ from the
 * discovered one (the sample decides it); the DDL's shape does not depend on it.
 */
final class DemoSchemas {

  static final String SNAPSHOT = "ms0-20261127T080000Z-0a1b2c";
  static final String DAY = "2026-11-27";

  private DemoSchemas() {
  }

  /** Engine table name to the commit of its first full run. */
  static Map<String, CommittedTable> firstFullRuns() {
    Map<String, CommittedTable> tables = new LinkedHashMap<>();
    for (TableSchema schema : all()) {
      String engineTable = schema.source() + "_" + schema.table();
      tables.put(engineTable, new CommittedTable("raw-" + schema.source(), engineTable, schema,
          SNAPSHOT.replace("ms0", schema.source()), List.of(DAY), RunMode.FULL, false,
          ZonedColumns.of(schema, kind(schema.source())), null));
    }
    return tables;
  }

  /** The kind of each demo source: ms1 MySQL, ms2 PostgreSQL, ms3 MongoDB. */
  static SourceKind kind(String source) {
    return switch (source) {
      case "ms1" -> SourceKind.MYSQL;
      case "ms2" -> SourceKind.POSTGRESQL;
      case "ms3" -> SourceKind.MONGODB;
      default -> throw new IllegalArgumentException(source);
    };
  }

  static List<TableSchema> all() {
    return List.of(usuarios(), productos(), pedidos(), clientes(), facturas(), pagos(), logs(), sesiones(), eventos());
  }

  static TableSchema usuarios() {
    return table("ms1", "usuarios", List.of("id"))
        .col("id", "integer", "int")
        .col("nombre", "varchar", "varchar(100)")
        .col("apellidos", "varchar", "varchar(150)")
        .col("email", "varchar", "varchar(255)")
        .col("telefono", "varchar", "varchar(20)")
        .col("fecha_nacimiento", "date", "date")
        .col("ciudad", "varchar", "varchar(80)")
        .col("pais", "varchar", "char(2)")
        .col("activo", "boolean", "tinyint(1)")
        .col("preferencias", "json", "json")
        .col("bio", "varchar", "text")
        .col("avatar_md5", "varbinary", "binary(16)")
        .col("creado_en", "timestamp", "timestamp")
        .col("actualizado_en", "timestamp", "datetime(6)")
        .build();
  }

  static TableSchema productos() {
    return table("ms1", "productos", List.of("id"))
        .col("id", "integer", "int")
        .col("sku", "varchar", "varchar(20)")
        .col("nombre", "varchar", "varchar(150)")
        .col("descripcion", "varchar", "text")
        .col("categoria", "varchar", "enum('electronica','hogar','deportes','libros','ropa','juguetes','alimentacion','belleza')")
        .col("precio", "decimal(12,2)", "decimal(12,2)")
        .col("peso_kg", "decimal(8,3)", "decimal(8,3)")
        .col("valoracion", "double", "double")
        .col("stock", "bigint", "int unsigned")
        .col("atributos", "json", "json")
        .col("activo", "boolean", "tinyint(1)")
        .col("fecha_alta", "date", "date")
        .col("creado_en", "timestamp", "timestamp")
        .col("actualizado_en", "timestamp", "datetime(6)")
        .build();
  }

  static TableSchema pedidos() {
    return table("ms1", "pedidos", List.of("id"))
        .col("id", "bigint", "bigint")
        .col("usuario_id", "integer", "int")
        .col("producto_id", "integer", "int")
        .col("cantidad", "integer", "smallint")
        .col("precio_unitario", "decimal(12,2)", "decimal(12,2)")
        .col("descuento", "decimal(12,2)", "decimal(12,2)")
        .col("total", "decimal(12,2)", "decimal(12,2)")
        .col("estado", "varchar", "enum('pendiente','pagado','enviado','entregado','cancelado','devuelto')")
        .col("metodo_pago", "varchar", "varchar(30)")
        .col("direccion_envio", "varchar", "varchar(255)")
        .col("notas", "varchar", "text")
        .col("fecha_pedido", "timestamp", "datetime")
        .col("fecha_entrega", "date", "date")
        .col("creado_en", "timestamp", "timestamp(3)")
        .col("actualizado_en", "timestamp", "datetime(6)")
        .build();
  }

  static TableSchema clientes() {
    return table("ms2", "clientes", List.of("id"))
        .col("id", "bigint", "int8")
        .col("cliente_uuid", "varchar", "uuid")
        .col("tipo", "varchar", "varchar(10)")
        .col("nombre", "varchar", "text")
        .col("nif", "varchar", "varchar(12)")
        .col("email", "varchar", "varchar(255)")
        .col("telefono", "varchar", "varchar(20)")
        .col("ciudad", "varchar", "text")
        .col("provincia", "varchar", "text")
        .col("pais", "varchar", "bpchar(2)")
        .col("codigo_postal", "varchar", "varchar(10)")
        .col("etiquetas", "array(varchar)", "_text")
        .col("preferencias", "json", "jsonb")
        .col("limite_credito", "decimal(12,2)", "numeric(12,2)")
        .col("puntuacion_riesgo", "decimal(38,9)", "numeric")
        .col("activo", "boolean", "bool")
        .col("fecha_alta", "date", "date")
        .col("huella", "varbinary", "bytea")
        .col("usuario_ms1_id", "integer", "int4")
        .col("creado_en", "timestamp", "timestamp")
        .col("actualizado_en", "timestamp", "timestamptz")
        .build();
  }

  static TableSchema facturas() {
    return table("ms2", "facturas", List.of("id"))
        .col("id", "bigint", "int8")
        .col("numero", "varchar", "varchar(20)")
        .col("cliente_id", "bigint", "int8")
        .col("pedido_ms1_id", "bigint", "int8")
        .col("estado", "varchar", "estado_factura")
        .col("moneda", "varchar", "bpchar(3)")
        .col("fecha_emision", "date", "date")
        .col("fecha_vencimiento", "date", "date")
        .col("base_imponible", "decimal(12,2)", "numeric(12,2)")
        .col("cuota_iva", "decimal(12,2)", "numeric(12,2)")
        .col("total", "decimal(12,2)", "numeric(12,2)")
        .col("tipo_iva", "decimal(5,2)", "numeric(5,2)")
        .col("lineas", "json", "jsonb")
        .col("unidades", "array(integer)", "_int4")
        .col("notas", "varchar", "text")
        .col("emitida_en", "timestamp", "timestamp")
        .col("actualizado_en", "timestamp", "timestamptz")
        .build();
  }

  static TableSchema pagos() {
    return table("ms2", "pagos", List.of("id"))
        .col("id", "bigint", "int8")
        .col("referencia", "varchar", "uuid")
        .col("factura_id", "bigint", "int8")
        .col("estado", "varchar", "varchar(12)")
        .col("metodo", "varchar", "varchar(20)")
        .col("importe", "decimal(12,2)", "numeric(12,2)")
        .col("moneda", "varchar", "bpchar(3)")
        .col("tasa_cambio", "double", "float8")
        .col("comision", "decimal(38,9)", "numeric")
        .col("pagado_en", "timestamp", "timestamptz")
        .col("registrado_en", "timestamp", "timestamp")
        .col("fecha_valor", "date", "date")
        .col("conciliado", "boolean", "bool")
        .col("detalles", "json", "jsonb")
        .col("codigos_respuesta", "array(integer)", "_int4")
        .col("actualizado_en", "timestamp", "timestamptz")
        .build();
  }

  static TableSchema logs() {
    return table("ms3", "logs", List.of("_id"))
        .col("_id", "varchar", "objectId")
        .col("timestamp", "timestamp", "date")
        .col("nivel", "varchar", "string")
        .col("servicio", "varchar", "string")
        .col("host", "varchar", "string")
        .col("mensaje", "varchar", "string")
        .col("usuario_id", "integer", "int")
        .col("pedido_id", "bigint", "long")
        .col("request", "row(metodo varchar, ruta varchar, estado_http integer, duracion_ms double, ip varchar, "
            + "user_agent varchar)", "object")
        .col("bytes_respuesta", "bigint", "long")
        .col("tags", "array(varchar)", "array")
        .col("error", "row(tipo varchar, codigo varchar, traza array(varchar), reintentos integer, "
            + "causa row(tipo varchar, mensaje varchar))", "object")
        .build();
  }

  static TableSchema sesiones() {
    return table("ms3", "sesiones", List.of("_id"))
        .col("_id", "varchar", "objectId")
        .col("usuario_id", "integer", "int")
        .col("inicio", "timestamp", "date")
        .col("fin", "timestamp", "date")
        .col("duracion_seg", "bigint", "long")
        .col("activa", "boolean", "bool")
        .col("dispositivo", "row(tipo varchar, so varchar, navegador varchar, app row(version varchar, build integer), "
            + "pantalla row(ancho integer, alto integer))", "object")
        .col("ip", "varchar", "string")
        .col("token_hash", "varbinary", "binData")
        .col("idioma", "varchar", "string")
        .col("geo", "row(pais varchar, ciudad varchar, coordenadas array(double))", "object")
        .col("paginas", "array(row(ruta varchar, entrada timestamp, segundos integer))", "array")
        .col("carrito", "row(items array(row(producto_id integer, cantidad integer, precio_unitario decimal(38,2))), "
            + "total decimal(38,2), moneda varchar)", "object")
        .col("etiquetas", "array(varchar)", "array")
        .col("actualizado_en", "timestamp", "date")
        .build();
  }

  static TableSchema eventos() {
    return table("ms3", "eventos", List.of("_id"))
        .col("_id", "varchar", "objectId")
        .col("tipo", "varchar", "string")
        .col("fecha", "timestamp", "date")
        .col("sesion_id", "varchar", "objectId")
        .col("usuario_id", "integer", "int")
        .col("version", "integer", "int")
        .col("producto_id", "integer", "int")
        .col("segundos_en_pagina", "integer", "int")
        .col("busqueda", "row(termino varchar, resultados integer, filtros row(categoria varchar, "
            + "precio_max decimal(38,2)))", "object")
        .col("cantidad", "integer", "int")
        .col("precio_unitario", "decimal(38,2)", "decimal")
        .col("pedido_id", "bigint", "long")
        .col("importe", "decimal(38,2)", "decimal")
        .col("moneda", "varchar", "string")
        .col("metodo_pago", "varchar", "string")
        .col("canal", "varchar", "string")
        .col("acepta_boletin", "boolean", "bool")
        .col("valoracion", "row(estrellas integer, comentario varchar)", "object")
        .col("origen", "row(canal varchar, campana varchar, utm row(source varchar, medium varchar))", "object")
        .col("etiquetas", "array(varchar)", "array")
        .build();
  }

  private static Builder table(String source, String table, List<String> primaryKey) {
    return new Builder(source, table, primaryKey);
  }

  private static final class Builder {
    private final String source;
    private final String table;
    private final List<String> primaryKey;
    private final LakeNames names = new LakeNames();
    private final List<Column> columns = new ArrayList<>();

    Builder(String source, String table, List<String> primaryKey) {
      this.source = source;
      this.table = table;
      this.primaryKey = primaryKey;
    }

    Builder col(String name, String lakeType, String sourceType) {
      columns.add(new Column(name, names.assign(name), LakeType.parse(lakeType), true, sourceType));
      return this;
    }

    TableSchema build() {
      return new TableSchema(source, table, columns, primaryKey, names.warnings());
    }
  }
}
