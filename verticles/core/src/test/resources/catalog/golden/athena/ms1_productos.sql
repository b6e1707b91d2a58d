CREATE EXTERNAL TABLE IF NOT EXISTS `lakeport`.`ms1_productos__data_bb3c0ea7` (
  `id` int,
  `sku` string,
  `nombre` string,
  `descripcion` string,
  `categoria` string,
  `precio` decimal(12,2),
  `peso_kg` decimal(8,3),
  `valoracion` double,
  `stock` bigint,
  `atributos` string,
  `activo` boolean,
  `fecha_alta` date,
  `creado_en` timestamp,
  `actualizado_en` timestamp
)
PARTITIONED BY (
  `snapshot` string,
  `dt` string
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://raw-ms1/productos/';

ALTER TABLE `lakeport`.`ms1_productos__data_bb3c0ea7` ADD IF NOT EXISTS
  PARTITION (`snapshot` = 'ms1-20261127T080000Z-0a1b2c', `dt` = '2026-11-27') LOCATION 's3://raw-ms1/productos/snapshot=ms1-20261127T080000Z-0a1b2c/dt=2026-11-27/';

CREATE OR REPLACE VIEW "lakeport"."ms1_productos" AS
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
FROM "lakeport"."ms1_productos__data_bb3c0ea7"
WHERE "snapshot" = 'ms1-20261127T080000Z-0a1b2c';
