-- The tables of Iceberg's JDBC catalog (schema version V1, `jdbc.schema-version=V1`), as Iceberg 1.10's
-- JdbcUtil creates them on a Java catalog's first connection. Trino never creates them: without them its
-- Iceberg catalog fails every query ("Cannot check and eventually update SQL schema") until Lakeport has
-- written a first Iceberg table. Created up front so that readers work on a fresh lake too.
-- Run in the catalog's database; safe to run again.
CREATE TABLE IF NOT EXISTS iceberg_tables (
  catalog_name VARCHAR(255) NOT NULL,
  table_namespace VARCHAR(255) NOT NULL,
  table_name VARCHAR(255) NOT NULL,
  metadata_location VARCHAR(1000),
  previous_metadata_location VARCHAR(1000),
  iceberg_type VARCHAR(5),
  PRIMARY KEY (catalog_name, table_namespace, table_name)
);
CREATE TABLE IF NOT EXISTS iceberg_namespace_properties (
  catalog_name VARCHAR(255) NOT NULL,
  namespace VARCHAR(255) NOT NULL,
  property_key VARCHAR(255),
  property_value VARCHAR(1000),
  PRIMARY KEY (catalog_name, namespace, property_key)
);
