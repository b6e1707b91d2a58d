CREATE EXTERNAL TABLE IF NOT EXISTS `lakeport`.`ms3_eventos__data_0233c283` (
  `_id` string,
  `tipo` string,
  `fecha` timestamp,
  `sesion_id` string,
  `usuario_id` int,
  `version` int,
  `producto_id` int,
  `segundos_en_pagina` int,
  `busqueda` struct<`termino`:string,`resultados`:int,`filtros`:struct<`categoria`:string,`precio_max`:decimal(38,2)>>,
  `cantidad` int,
  `precio_unitario` decimal(38,2),
  `pedido_id` bigint,
  `importe` decimal(38,2),
  `moneda` string,
  `metodo_pago` string,
  `canal` string,
  `acepta_boletin` boolean,
  `valoracion` struct<`estrellas`:int,`comentario`:string>,
  `origen` struct<`canal`:string,`campana`:string,`utm`:struct<`source`:string,`medium`:string>>,
  `etiquetas` array<string>
)
PARTITIONED BY (
  `snapshot` string,
  `dt` string
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://raw-ms3/eventos/';

ALTER TABLE `lakeport`.`ms3_eventos__data_0233c283` ADD IF NOT EXISTS
  PARTITION (`snapshot` = 'ms3-20261127T080000Z-0a1b2c', `dt` = '2026-11-27') LOCATION 's3://raw-ms3/eventos/snapshot=ms3-20261127T080000Z-0a1b2c/dt=2026-11-27/';

CREATE OR REPLACE VIEW "lakeport"."ms3_eventos" AS
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
FROM "lakeport"."ms3_eventos__data_0233c283"
WHERE "snapshot" = 'ms3-20261127T080000Z-0a1b2c';
