CREATE TABLE IF NOT EXISTS "hive"."lakeport"."ms2_facturas__data_1e98fcd3" (
  "id" bigint,
  "numero" varchar,
  "cliente_id" bigint,
  "pedido_ms1_id" bigint,
  "estado" varchar,
  "moneda" varchar,
  "fecha_emision" date,
  "fecha_vencimiento" date,
  "base_imponible" decimal(12,2),
  "cuota_iva" decimal(12,2),
  "total" decimal(12,2),
  "tipo_iva" decimal(5,2),
  "lineas" varchar,
  "unidades" array(integer),
  "notas" varchar,
  "emitida_en" timestamp(6),
  "actualizado_en" timestamp(6),
  "snapshot" varchar,
  "dt" varchar
)
WITH (
  format = 'OPENX_JSON',
  external_location = 's3://raw-ms2/facturas/',
  partitioned_by = ARRAY['snapshot', 'dt']
);

CALL "hive".system.sync_partition_metadata(
  schema_name => 'lakeport',
  table_name => 'ms2_facturas__data_1e98fcd3',
  mode => 'ADD');

CREATE OR REPLACE VIEW "hive"."lakeport"."ms2_facturas"
COMMENT '{"location":"s3://raw-ms2/facturas/snapshot=ms2-20261127T080000Z-0a1b2c/","primaryKey":["id"],"jsonColumns":["lineas"]}' AS
SELECT
  "id",
  "numero",
  "cliente_id",
  "pedido_ms1_id",
  "estado",
  "moneda",
  "fecha_emision",
  "fecha_vencimiento",
  "base_imponible",
  "cuota_iva",
  "total",
  "tipo_iva",
  "lineas",
  "unidades",
  "notas",
  "emitida_en",
  with_timezone("actualizado_en", 'UTC') AS "actualizado_en",
  "dt"
FROM "hive"."lakeport"."ms2_facturas__data_1e98fcd3"
WHERE "snapshot" = 'ms2-20261127T080000Z-0a1b2c';
