CREATE SCHEMA IF NOT EXISTS "hive"."lakeport";
