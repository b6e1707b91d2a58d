CREATE EXTERNAL TABLE IF NOT EXISTS `lakeport`.`ms1_usuarios__data_ed1ad9a3` (
  `id` int,
  `nombre` string,
  `apellidos` string,
  `email` string,
  `telefono` string,
  `fecha_nacimiento` date,
  `ciudad` string,
  `pais` string,
  `activo` boolean,
  `preferencias` string,
  `bio` string,
  `avatar_md5` string,
  `creado_en` timestamp,
  `actualizado_en` timestamp
)
PARTITIONED BY (
  `snapshot` string,
  `dt` string
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://raw-ms1/usuarios/';

ALTER TABLE `lakeport`.`ms1_usuarios__data_ed1ad9a3` ADD IF NOT EXISTS
  PARTITION (`snapshot` = 'ms1-20261127T080000Z-0a1b2c', `dt` = '2026-11-27') LOCATION 's3://raw-ms1/usuarios/snapshot=ms1-20261127T080000Z-0a1b2c/dt=2026-11-27/';

CREATE OR REPLACE VIEW "lakeport"."ms1_usuarios" AS
SELECT
  "id",
  "nombre",
  "apellidos",
  "email",
  "telefono",
  "fecha_nacimiento",
  "ciudad",
  "pais",
  "activo",
  "preferencias",
  "bio",
  "avatar_md5",
  with_timezone("creado_en", 'UTC') AS "creado_en",
  "actualizado_en",
  "dt"
FROM "lakeport"."ms1_usuarios__data_ed1ad9a3"
WHERE "snapshot" = 'ms1-20261127T080000Z-0a1b2c';
