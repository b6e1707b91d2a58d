CREATE EXTERNAL TABLE IF NOT EXISTS `lakeport`.`ms3_sesiones__data_34751b41` (
  `_id` string,
  `usuario_id` int,
  `inicio` timestamp,
  `fin` timestamp,
  `duracion_seg` bigint,
  `activa` boolean,
  `dispositivo` struct<`tipo`:string,`so`:string,`navegador`:string,`app`:struct<`version`:string,`build`:int>,`pantalla`:struct<`ancho`:int,`alto`:int>>,
  `ip` string,
  `token_hash` string,
  `idioma` string,
  `geo` struct<`pais`:string,`ciudad`:string,`coordenadas`:array<double>>,
  `paginas` array<struct<`ruta`:string,`entrada`:timestamp,`segundos`:int>>,
  `carrito` struct<`items`:array<struct<`producto_id`:int,`cantidad`:int,`precio_unitario`:decimal(38,2)>>,`total`:decimal(38,2),`moneda`:string>,
  `etiquetas` array<string>,
  `actualizado_en` timestamp
)
PARTITIONED BY (
  `snapshot` string,
  `dt` string
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://raw-ms3/sesiones/';

ALTER TABLE `lakeport`.`ms3_sesiones__data_34751b41` ADD IF NOT EXISTS
  PARTITION (`snapshot` = 'ms3-20261127T080000Z-0a1b2c', `dt` = '2026-11-27') LOCATION 's3://raw-ms3/sesiones/snapshot=ms3-20261127T080000Z-0a1b2c/dt=2026-11-27/';

CREATE OR REPLACE VIEW "lakeport"."ms3_sesiones" AS
SELECT
  "_id",
  "usuario_id",
  with_timezone("inicio", 'UTC') AS "inicio",
  with_timezone("fin", 'UTC') AS "fin",
  "duracion_seg",
  "activa",
  "dispositivo",
  "ip",
  "token_hash",
  "idioma",
  "geo",
  "paginas",
  "carrito",
  "etiquetas",
  with_timezone("actualizado_en", 'UTC') AS "actualizado_en",
  "dt"
FROM "lakeport"."ms3_sesiones__data_34751b41"
WHERE "snapshot" = 'ms3-20261127T080000Z-0a1b2c';
