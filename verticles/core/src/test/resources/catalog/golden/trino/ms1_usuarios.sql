CREATE TABLE IF NOT EXISTS "hive"."lakeport"."ms1_usuarios__data_ed1ad9a3" (
  "id" integer,
  "nombre" varchar,
  "apellidos" varchar,
  "email" varchar,
  "telefono" varchar,
  "fecha_nacimiento" date,
  "ciudad" varchar,
  "pais" varchar,
  "activo" boolean,
  "preferencias" varchar,
  "bio" varchar,
  "avatar_md5" varbinary,
  "creado_en" timestamp(6),
  "actualizado_en" timestamp(6),
  "snapshot" varchar,
  "dt" varchar
)
WITH (
  format = 'OPENX_JSON',
  external_location = 's3://raw-ms1/usuarios/',
  partitioned_by = ARRAY['snapshot', 'dt']
);

CALL "hive".system.sync_partition_metadata(
  schema_name => 'lakeport',
  table_name => 'ms1_usuarios__data_ed1ad9a3',
  mode => 'ADD');

CREATE OR REPLACE VIEW "hive"."lakeport"."ms1_usuarios"
COMMENT '{"location":"s3://raw-ms1/usuarios/snapshot=ms1-20261127T080000Z-0a1b2c/","primaryKey":["id"],"jsonColumns":["preferencias"]}' AS
SELECT
  "id",
  "nombre",
  "apellidos",
  "email",
  "telefono",
  "fecha_nacimiento",
  "ciudad",
  "pais",
  "activo",
  "preferencias",
  "bio",
  "avatar_md5",
  with_timezone("creado_en", 'UTC') AS "creado_en",
  "actualizado_en",
  "dt"
FROM "hive"."lakeport"."ms1_usuarios__data_ed1ad9a3"
WHERE "snapshot" = 'ms1-20261127T080000Z-0a1b2c';
