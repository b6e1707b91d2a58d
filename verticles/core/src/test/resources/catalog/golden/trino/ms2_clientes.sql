CREATE TABLE IF NOT EXISTS "hive"."lakeport"."ms2_clientes__data_28484b6d" (
  "id" bigint,
  "cliente_uuid" varchar,
  "tipo" varchar,
  "nombre" varchar,
  "nif" varchar,
  "email" varchar,
  "telefono" varchar,
  "ciudad" varchar,
  "provincia" varchar,
  "pais" varchar,
  "codigo_postal" varchar,
  "etiquetas" array(varchar),
  "preferencias" varchar,
  "limite_credito" decimal(12,2),
  "puntuacion_riesgo" decimal(38,9),
  "activo" boolean,
  "fecha_alta" date,
  "huella" varbinary,
  "usuario_ms1_id" integer,
  "creado_en" timestamp(6),
  "actualizado_en" timestamp(6),
  "snapshot" varchar,
  "dt" varchar
)
WITH (
  format = 'OPENX_JSON',
  external_location = 's3://raw-ms2/clientes/',
  partitioned_by = ARRAY['snapshot', 'dt']
);

CALL "hive".system.sync_partition_metadata(
  schema_name => 'lakeport',
  table_name => 'ms2_clientes__data_28484b6d',
  mode => 'ADD');

CREATE OR REPLACE VIEW "hive"."lakeport"."ms2_clientes"
COMMENT '{"location":"s3://raw-ms2/clientes/snapshot=ms2-20261127T080000Z-0a1b2c/","primaryKey":["id"],"jsonColumns":["preferencias"]}' AS
SELECT
  "id",
  "cliente_uuid",
  "tipo",
  "nombre",
  "nif",
  "email",
  "telefono",
  "ciudad",
  "provincia",
  "pais",
  "codigo_postal",
  "etiquetas",
  "preferencias",
  "limite_credito",
  "puntuacion_riesgo",
  "activo",
  "fecha_alta",
  "huella",
  "usuario_ms1_id",
  "creado_en",
  with_timezone("actualizado_en", 'UTC') AS "actualizado_en",
  "dt"
FROM "hive"."lakeport"."ms2_clientes__data_28484b6d"
WHERE "snapshot" = 'ms2-20261127T080000Z-0a1b2c';
