CREATE TABLE IF NOT EXISTS "hive"."lakeport"."ms1_productos__data_bb3c0ea7" (
  "id" integer,
  "sku" varchar,
  "nombre" varchar,
  "descripcion" varchar,
  "categoria" varchar,
  "precio" decimal(12,2),
  "peso_kg" decimal(8,3),
  "valoracion" double,
  "stock" bigint,
  "atributos" varchar,
  "activo" boolean,
  "fecha_alta" date,
  "creado_en" timestamp(6),
  "actualizado_en" timestamp(6),
  "snapshot" varchar,
  "dt" varchar
)
WITH (
  format = 'OPENX_JSON',
  external_location = 's3://raw-ms1/productos/',
  partitioned_by = ARRAY['snapshot', 'dt']
);

CALL "hive".system.sync_partition_metadata(
  schema_name => 'lakeport',
  table_name => 'ms1_productos__data_bb3c0ea7',
  mode => 'ADD');

CREATE OR REPLACE VIEW "hive"."lakeport"."ms1_productos"
COMMENT '{"location":"s3://raw-ms1/productos/snapshot=ms1-20261127T080000Z-0a1b2c/","primaryKey":["id"],"jsonColumns":["atributos"]}' AS
SELECT
  "id",
  "sku",
  "nombre",
  "descripcion",
  "categoria",
  "precio",
  "peso_kg",
  "valoracion",
  "stock",
  "atributos",
  "activo",
  "fecha_alta",
  with_timezone("creado_en", 'UTC') AS "creado_en",
  "actualizado_en",
  "dt"
FROM "hive"."lakeport"."ms1_productos__data_bb3c0ea7"
WHERE "snapshot" = 'ms1-20261127T080000Z-0a1b2c';
