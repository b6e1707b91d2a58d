CREATE TABLE IF NOT EXISTS "hive"."lakeport"."ms1_pedidos__data_40b4bedb" (
  "id" bigint,
  "usuario_id" integer,
  "producto_id" integer,
  "cantidad" integer,
  "precio_unitario" decimal(12,2),
  "descuento" decimal(12,2),
  "total" decimal(12,2),
  "estado" varchar,
  "metodo_pago" varchar,
  "direccion_envio" varchar,
  "notas" varchar,
  "fecha_pedido" timestamp(6),
  "fecha_entrega" date,
  "creado_en" timestamp(6),
  "actualizado_en" timestamp(6),
  "snapshot" varchar,
  "dt" varchar
)
WITH (
  format = 'OPENX_JSON',
  external_location = 's3://raw-ms1/pedidos/',
  partitioned_by = ARRAY['snapshot', 'dt']
);

CALL "hive".system.sync_partition_metadata(
  schema_name => 'lakeport',
  table_name => 'ms1_pedidos__data_40b4bedb',
  mode => 'ADD');

CREATE OR REPLACE VIEW "hive"."lakeport"."ms1_pedidos"
COMMENT '{"location":"s3://raw-ms1/pedidos/snapshot=ms1-20261127T080000Z-0a1b2c/","primaryKey":["id"],"jsonColumns":[]}' AS
SELECT
  "id",
  "usuario_id",
  "producto_id",
  "cantidad",
  "precio_unitario",
  "descuento",
  "total",
  "estado",
  "metodo_pago",
  "direccion_envio",
  "notas",
  "fecha_pedido",
  "fecha_entrega",
  with_timezone("creado_en", 'UTC') AS "creado_en",
  "actualizado_en",
  "dt"
FROM "hive"."lakeport"."ms1_pedidos__data_40b4bedb"
WHERE "snapshot" = 'ms1-20261127T080000Z-0a1b2c';
