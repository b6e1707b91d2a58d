CREATE TABLE IF NOT EXISTS "hive"."lakeport"."ms3_eventos__data_0233c283" (
  "_id" varchar,
  "tipo" varchar,
  "fecha" timestamp(6),
  "sesion_id" varchar,
  "usuario_id" integer,
  "version" integer,
  "producto_id" integer,
  "segundos_en_pagina" integer,
  "busqueda" row("termino" varchar, "resultados" integer, "filtros" row("categoria" varchar, "precio_max" decimal(38,2))),
  "cantidad" integer,
  "precio_unitario" decimal(38,2),
  "pedido_id" bigint,
  "importe" decimal(38,2),
  "moneda" varchar,
  "metodo_pago" varchar,
  "canal" varchar,
  "acepta_boletin" boolean,
  "valoracion" row("estrellas" integer, "comentario" varchar),
  "origen" row("canal" varchar, "campana" varchar, "utm" row("source" varchar, "medium" varchar)),
  "etiquetas" array(varchar),
  "snapshot" varchar,
  "dt" varchar
)
WITH (
  format = 'OPENX_JSON',
  external_location = 's3://raw-ms3/eventos/',
  partitioned_by = ARRAY['snapshot', 'dt']
);

CALL "hive".system.sync_partition_metadata(
  schema_name => 'lakeport',
  table_name => 'ms3_eventos__data_0233c283',
  mode => 'ADD');

CREATE OR REPLACE VIEW "hive"."lakeport"."ms3_eventos"
COMMENT '{"location":"s3://raw-ms3/eventos/snapshot=ms3-20261127T080000Z-0a1b2c/","primaryKey":["_id"],"jsonColumns":[]}' AS
SELECT
  "_id",
  "tipo",
  with_timezone("fecha", 'UTC') AS "fecha",
  "sesion_id",
  "usuario_id",
  "version",
  "producto_id",
  "segundos_en_pagina",
  "busqueda",
  "cantidad",
  "precio_unitario",
  "pedido_id",
  "importe",
  "moneda",
  "metodo_pago",
  "canal",
  "acepta_boletin",
  "valoracion",
  "origen",
  "etiquetas",
  "dt"
FROM "hive"."lakeport"."ms3_eventos__data_0233c283"
WHERE "snapshot" = 'ms3-20261127T080000Z-0a1b2c';
