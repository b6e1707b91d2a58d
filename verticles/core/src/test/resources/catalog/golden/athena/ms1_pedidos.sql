CREATE EXTERNAL TABLE IF NOT EXISTS `lakeport`.`ms1_pedidos__data_40b4bedb` (
  `id` bigint,
  `usuario_id` int,
  `producto_id` int,
  `cantidad` int,
  `precio_unitario` decimal(12,2),
  `descuento` decimal(12,2),
  `total` decimal(12,2),
  `estado` string,
  `metodo_pago` string,
  `direccion_envio` string,
  `notas` string,
  `fecha_pedido` timestamp,
  `fecha_entrega` date,
  `creado_en` timestamp,
  `actualizado_en` timestamp
)
PARTITIONED BY (
  `snapshot` string,
  `dt` string
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://raw-ms1/pedidos/';

ALTER TABLE `lakeport`.`ms1_pedidos__data_40b4bedb` ADD IF NOT EXISTS
  PARTITION (`snapshot` = 'ms1-20261127T080000Z-0a1b2c', `dt` = '2026-11-27') LOCATION 's3://raw-ms1/pedidos/snapshot=ms1-20261127T080000Z-0a1b2c/dt=2026-11-27/';

CREATE OR REPLACE VIEW "lakeport"."ms1_pedidos" AS
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
FROM "lakeport"."ms1_pedidos__data_40b4bedb"
WHERE "snapshot" = 'ms1-20261127T080000Z-0a1b2c';
