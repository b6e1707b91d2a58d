CREATE TABLE IF NOT EXISTS "hive"."lakeport"."ms3_sesiones__data_34751b41" (
  "_id" varchar,
  "usuario_id" integer,
  "inicio" timestamp(6),
  "fin" timestamp(6),
  "duracion_seg" bigint,
  "activa" boolean,
  "dispositivo" row("tipo" varchar, "so" varchar, "navegador" varchar, "app" row("version" varchar, "build" integer), "pantalla" row("ancho" integer, "alto" integer)),
  "ip" varchar,
  "token_hash" varbinary,
  "idioma" varchar,
  "geo" row("pais" varchar, "ciudad" varchar, "coordenadas" array(double)),
  "paginas" array(row("ruta" varchar, "entrada" timestamp(6), "segundos" integer)),
  "carrito" row("items" array(row("producto_id" integer, "cantidad" integer, "precio_unitario" decimal(38,2))), "total" decimal(38,2), "moneda" varchar),
  "etiquetas" array(varchar),
  "actualizado_en" timestamp(6),
  "snapshot" varchar,
  "dt" varchar
)
WITH (
  format = 'OPENX_JSON',
  external_location = 's3://raw-ms3/sesiones/',
  partitioned_by = ARRAY['snapshot', 'dt']
);

CALL "hive".system.sync_partition_metadata(
  schema_name => 'lakeport',
  table_name => 'ms3_sesiones__data_34751b41',
  mode => 'ADD');

CREATE OR REPLACE VIEW "hive"."lakeport"."ms3_sesiones"
COMMENT '{"location":"s3://raw-ms3/sesiones/snapshot=ms3-20261127T080000Z-0a1b2c/","primaryKey":["_id"],"jsonColumns":[]}' AS
SELECT
  "_id",
  "usuario_id",
  with_timezone("inicio", 'UTC') AS "inicio",
  with_timezone("fin", 'UTC') AS "fin",
  "duracion_seg",
  "activa",
  "dispositivo",
  "ip",
  "token_hash",
  "idioma",
  "geo",
  "paginas",
  "carrito",
  "etiquetas",
  with_timezone("actualizado_en", 'UTC') AS "actualizado_en",
  "dt"
FROM "hive"."lakeport"."ms3_sesiones__data_34751b41"
WHERE "snapshot" = 'ms3-20261127T080000Z-0a1b2c';
