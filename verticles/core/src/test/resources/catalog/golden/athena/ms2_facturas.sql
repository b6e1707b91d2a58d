CREATE EXTERNAL TABLE IF NOT EXISTS `lakeport`.`ms2_facturas__data_1e98fcd3` (
  `id` bigint,
  `numero` string,
  `cliente_id` bigint,
  `pedido_ms1_id` bigint,
  `estado` string,
  `moneda` string,
  `fecha_emision` date,
  `fecha_vencimiento` date,
  `base_imponible` decimal(12,2),
  `cuota_iva` decimal(12,2),
  `total` decimal(12,2),
  `tipo_iva` decimal(5,2),
  `lineas` string,
  `unidades` array<int>,
  `notas` string,
  `emitida_en` timestamp,
  `actualizado_en` timestamp
)
PARTITIONED BY (
  `snapshot` string,
  `dt` string
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://raw-ms2/facturas/';

ALTER TABLE `lakeport`.`ms2_facturas__data_1e98fcd3` ADD IF NOT EXISTS
  PARTITION (`snapshot` = 'ms2-20261127T080000Z-0a1b2c', `dt` = '2026-11-27') LOCATION 's3://raw-ms2/facturas/snapshot=ms2-20261127T080000Z-0a1b2c/dt=2026-11-27/';

CREATE OR REPLACE VIEW "lakeport"."ms2_facturas" AS
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
FROM "lakeport"."ms2_facturas__data_1e98fcd3"
WHERE "snapshot" = 'ms2-20261127T080000Z-0a1b2c';
