CREATE EXTERNAL TABLE IF NOT EXISTS `lakeport`.`ms3_logs__data_4df626bd` (
  `_id` string,
  `timestamp` timestamp,
  `nivel` string,
  `servicio` string,
  `host` string,
  `mensaje` string,
  `usuario_id` int,
  `pedido_id` bigint,
  `request` struct<`metodo`:string,`ruta`:string,`estado_http`:int,`duracion_ms`:double,`ip`:string,`user_agent`:string>,
  `bytes_respuesta` bigint,
  `tags` array<string>,
  `error` struct<`tipo`:string,`codigo`:string,`traza`:array<string>,`reintentos`:int,`causa`:struct<`tipo`:string,`mensaje`:string>>
)
PARTITIONED BY (
  `snapshot` string,
  `dt` string
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://raw-ms3/logs/';

ALTER TABLE `lakeport`.`ms3_logs__data_4df626bd` ADD IF NOT EXISTS
  PARTITION (`snapshot` = 'ms3-20261127T080000Z-0a1b2c', `dt` = '2026-11-27') LOCATION 's3://raw-ms3/logs/snapshot=ms3-20261127T080000Z-0a1b2c/dt=2026-11-27/';

CREATE OR REPLACE VIEW "lakeport"."ms3_logs" AS
SELECT
  "_id",
  with_timezone("timestamp", 'UTC') AS "timestamp",
  "nivel",
  "servicio",
  "host",
  "mensaje",
  "usuario_id",
  "pedido_id",
  "request",
  "bytes_respuesta",
  "tags",
  "error",
  "dt"
FROM "lakeport"."ms3_logs__data_4df626bd"
WHERE "snapshot" = 'ms3-20261127T080000Z-0a1b2c';
