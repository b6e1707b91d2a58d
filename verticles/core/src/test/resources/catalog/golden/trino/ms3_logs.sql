CREATE TABLE IF NOT EXISTS "hive"."lakeport"."ms3_logs__data_4df626bd" (
  "_id" varchar,
  "timestamp" timestamp(6),
  "nivel" varchar,
  "servicio" varchar,
  "host" varchar,
  "mensaje" varchar,
  "usuario_id" integer,
  "pedido_id" bigint,
  "request" row("metodo" varchar, "ruta" varchar, "estado_http" integer, "duracion_ms" double, "ip" varchar, "user_agent" varchar),
  "bytes_respuesta" bigint,
  "tags" array(varchar),
  "error" row("tipo" varchar, "codigo" varchar, "traza" array(varchar), "reintentos" integer, "causa" row("tipo" varchar, "mensaje" varchar)),
  "snapshot" varchar,
  "dt" varchar
)
WITH (
  format = 'OPENX_JSON',
  external_location = 's3://raw-ms3/logs/',
  partitioned_by = ARRAY['snapshot', 'dt']
);

CALL "hive".system.sync_partition_metadata(
  schema_name => 'lakeport',
  table_name => 'ms3_logs__data_4df626bd',
  mode => 'ADD');

CREATE OR REPLACE VIEW "hive"."lakeport"."ms3_logs"
COMMENT '{"location":"s3://raw-ms3/logs/snapshot=ms3-20261127T080000Z-0a1b2c/","primaryKey":["_id"],"jsonColumns":[]}' AS
SELECT
  "_id",
  with_timezone("timestamp", 'UTC') AS "timestamp",
  "nivel",
  "servicio",
  "host",
  "mensaje",
  "usuario_id",
  "pedido_id",
  "request",
  "bytes_respuesta",
  "tags",
  "error",
  "dt"
FROM "hive"."lakeport"."ms3_logs__data_4df626bd"
WHERE "snapshot" = 'ms3-20261127T080000Z-0a1b2c';
