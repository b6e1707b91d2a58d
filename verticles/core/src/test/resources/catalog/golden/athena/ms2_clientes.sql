CREATE EXTERNAL TABLE IF NOT EXISTS `lakeport`.`ms2_clientes__data_28484b6d` (
  `id` bigint,
  `cliente_uuid` string,
  `tipo` string,
  `nombre` string,
  `nif` string,
  `email` string,
  `telefono` string,
  `ciudad` string,
  `provincia` string,
  `pais` string,
  `codigo_postal` string,
  `etiquetas` array<string>,
  `preferencias` string,
  `limite_credito` decimal(12,2),
  `puntuacion_riesgo` decimal(38,9),
  `activo` boolean,
  `fecha_alta` date,
  `huella` string,
  `usuario_ms1_id` int,
  `creado_en` timestamp,
  `actualizado_en` timestamp
)
PARTITIONED BY (
  `snapshot` string,
  `dt` string
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://raw-ms2/clientes/';

ALTER TABLE `lakeport`.`ms2_clientes__data_28484b6d` ADD IF NOT EXISTS
  PARTITION (`snapshot` = 'ms2-20261127T080000Z-0a1b2c', `dt` = '2026-11-27') LOCATION 's3://raw-ms2/clientes/snapshot=ms2-20261127T080000Z-0a1b2c/dt=2026-11-27/';

CREATE OR REPLACE VIEW "lakeport"."ms2_clientes" AS
SELECT
  "id",
  "cliente_uuid",
  "tipo",
  "nombre",
  "nif",
  "email",
  "telefono",
  "ciudad",
  "provincia",
  "pais",
  "codigo_postal",
  "etiquetas",
  "preferencias",
  "limite_credito",
  "puntuacion_riesgo",
  "activo",
  "fecha_alta",
  "huella",
  "usuario_ms1_id",
  "creado_en",
  with_timezone("actualizado_en", 'UTC') AS "actualizado_en",
  "dt"
FROM "lakeport"."ms2_clientes__data_28484b6d"
WHERE "snapshot" = 'ms2-20261127T080000Z-0a1b2c';
