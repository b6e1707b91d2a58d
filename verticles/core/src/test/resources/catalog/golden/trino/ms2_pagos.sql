CREATE TABLE IF NOT EXISTS "hive"."lakeport"."ms2_pagos__data_3b9e6b89" (
  "id" bigint,
  "referencia" varchar,
  "factura_id" bigint,
  "estado" varchar,
  "metodo" varchar,
  "importe" decimal(12,2),
  "moneda" varchar,
  "tasa_cambio" double,
  "comision" decimal(38,9),
  "pagado_en" timestamp(6),
  "registrado_en" timestamp(6),
  "fecha_valor" date,
  "conciliado" boolean,
  "detalles" varchar,
  "codigos_respuesta" array(integer),
  "actualizado_en" timestamp(6),
  "snapshot" varchar,
  "dt" varchar
)
WITH (
  format = 'OPENX_JSON',
  external_location = 's3://raw-ms2/pagos/',
  partitioned_by = ARRAY['snapshot', 'dt']
);

CALL "hive".system.sync_partition_metadata(
  schema_name => 'lakeport',
  table_name => 'ms2_pagos__data_3b9e6b89',
  mode => 'ADD');

CREATE OR REPLACE VIEW "hive"."lakeport"."ms2_pagos"
COMMENT '{"location":"s3://raw-ms2/pagos/snapshot=ms2-20261127T080000Z-0a1b2c/","primaryKey":["id"],"jsonColumns":["detalles"]}' AS
SELECT
  "id",
  "referencia",
  "factura_id",
  "estado",
  "metodo",
  "importe",
  "moneda",
  "tasa_cambio",
  "comision",
  with_timezone("pagado_en", 'UTC') AS "pagado_en",
  "registrado_en",
  "fecha_valor",
  "conciliado",
  "detalles",
  "codigos_respuesta",
  with_timezone("actualizado_en", 'UTC') AS "actualizado_en",
  "dt"
FROM "hive"."lakeport"."ms2_pagos__data_3b9e6b89"
WHERE "snapshot" = 'ms2-20261127T080000Z-0a1b2c';
