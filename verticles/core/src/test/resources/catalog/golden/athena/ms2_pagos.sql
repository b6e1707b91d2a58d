CREATE EXTERNAL TABLE IF NOT EXISTS `lakeport`.`ms2_pagos__data_3b9e6b89` (
  `id` bigint,
  `referencia` string,
  `factura_id` bigint,
  `estado` string,
  `metodo` string,
  `importe` decimal(12,2),
  `moneda` string,
  `tasa_cambio` double,
  `comision` decimal(38,9),
  `pagado_en` timestamp,
  `registrado_en` timestamp,
  `fecha_valor` date,
  `conciliado` boolean,
  `detalles` string,
  `codigos_respuesta` array<int>,
  `actualizado_en` timestamp
)
PARTITIONED BY (
  `snapshot` string,
  `dt` string
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://raw-ms2/pagos/';

ALTER TABLE `lakeport`.`ms2_pagos__data_3b9e6b89` ADD IF NOT EXISTS
  PARTITION (`snapshot` = 'ms2-20261127T080000Z-0a1b2c', `dt` = '2026-11-27') LOCATION 's3://raw-ms2/pagos/snapshot=ms2-20261127T080000Z-0a1b2c/dt=2026-11-27/';

CREATE OR REPLACE VIEW "lakeport"."ms2_pagos" AS
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
FROM "lakeport"."ms2_pagos__data_3b9e6b89"
WHERE "snapshot" = 'ms2-20261127T080000Z-0a1b2c';
