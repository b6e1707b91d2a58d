package io.lakeport.catalog;

import io.lakeport.store.LakeLayout;
import io.lakeport.schema.Column;
import io.lakeport.schema.LakeType;
import io.lakeport.schema.TableSchema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The two engine objects behind one lake table: the reader-facing view ({@code ms1_usuarios}) and the
 * partitioned physical table it selects from ({@code ms1_usuarios__data_1a2b3c4d}).
 *
 * <p>The physical table's name ends with a fingerprint of its location and columns, so a table definition
 * never changes in place: a changed schema (a new column, a changed type) is a new physical table, created
 * and given its partitions while readers still query the old one, and the view switch is the one change
 * readers see. Both engines drop an external table without touching its data.
 *
 * @param view        the name readers query ({@link CommittedTable#engineTable()})
 * @param physical    the physical table's name
 * @param bucket      the source's bucket
 * @param sourceTable the table's name in the lake layout ({@link LakeLayout#tablePrefix})
 * @param columns     the data columns in source order; the partition columns follow them
 * @param primaryKey  lake names of the source's primary key columns, empty when it has none
 * @param zonedColumns lake names of the {@code timestamp} columns that hold UTC instants, which the view
 *                    answers as {@code timestamp(6) with time zone} ({@link CommittedTable#zonedColumns})
 */
public record TableDefinition(String view, String physical, String bucket, String sourceTable,
                              List<Column> columns, List<String> primaryKey, List<String> zonedColumns) {

  /** Between the view name and the fingerprint; views never contain it, see {@link #physicalPrefix}. */
  static final String PHYSICAL_INFIX = "__data_";

  /**
   * Engine names Lakeport creates: lower case (Athena and the Hive metastore fold case anyway), starting
   * with a letter or underscore; 200 characters leaves room for the physical suffix under the engines'
   * limits (Glue: 255).
   */
  private static final Pattern ENGINE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,199}");
  /** What {@link io.lakeport.schema.LakeNames} produces: lower-case letters (any script), digits and _. */
  private static final Pattern COLUMN_NAME = Pattern.compile("[\\p{Ll}\\p{Lo}\\p{Nd}_]{1,255}");
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]");

  public TableDefinition {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    zonedColumns = List.copyOf(zonedColumns);
    for (String zoned : zonedColumns) {
      if (columns.stream().noneMatch(c -> c.lakeName().equals(zoned) && c.type() == LakeType.Primitive.TIMESTAMP)) {
        throw new IllegalArgumentException("zoned column '" + zoned + "' of " + view + " is not a timestamp column");
      }
    }
  }

  /** Checks what a run committed and derives the engine objects for it. */
  public static TableDefinition of(CommittedTable table) {
    String view = table.engineTable();
    if (view == null || !ENGINE_NAME.matcher(view).matches() || view.contains(PHYSICAL_INFIX)) {
      throw new IllegalArgumentException("engine table name '" + view + "' is not usable: expected lower-case "
          + "a-z, 0-9 and _ (at most 200, not starting with a digit, without '" + PHYSICAL_INFIX + "'); "
          + "LakeNames.sanitize(prefix + table) gives such a name");
    }
    if (table.bucket() == null || !BUCKET.matcher(table.bucket()).matches()) {
      throw new IllegalArgumentException("bucket name '" + table.bucket() + "' of " + view + " is not a valid S3 bucket name");
    }
    TableSchema schema = table.schema();
    if (schema.columns().isEmpty()) {
      throw new IllegalArgumentException("schema of " + view + " has no columns");
    }
    for (Column column : schema.columns()) {
      String name = column.lakeName();
      if (name.equals(LakeLayout.SNAPSHOT_KEY) || name.equals(LakeLayout.DAY_KEY)) {
        throw new IllegalArgumentException("column '" + name + "' of " + view
            + " collides with a partition key; LakeNames maps such source columns to another name");
      }
      if (!COLUMN_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("column name '" + name + "' of " + view + " is not a lake name");
      }
    }
    String sourceTable = schema.table();
    String fingerprint = fingerprint(LakeLayout.location(table.bucket(), LakeLayout.tablePrefix(sourceTable)),
        schema.columns());
    return new TableDefinition(view, view + PHYSICAL_INFIX + fingerprint, table.bucket(), sourceTable,
        schema.columns(), schema.primaryKey(), table.zonedColumns());
  }

  /** Where all of the table's partitions live: the physical table's location. */
  public String location() {
    return LakeLayout.location(bucket, LakeLayout.tablePrefix(sourceTable));
  }

  public String snapshotLocation(String snapshotId) {
    return LakeLayout.location(bucket, LakeLayout.snapshotPrefix(sourceTable, snapshotId));
  }

  public String partitionLocation(String snapshotId, String day) {
    return LakeLayout.location(bucket, LakeLayout.partitionPrefix(sourceTable, snapshotId, parseDay(day)));
  }

  /** Prefix that every physical table of this view's name starts with, whatever its fingerprint. */
  public String physicalPrefix() {
    return view + PHYSICAL_INFIX;
  }

  static LocalDate parseDay(String day) {
    try {
      return LocalDate.parse(day);
    } catch (DateTimeParseException | NullPointerException e) {
      throw new IllegalArgumentException("partition day '" + day + "' is not a yyyy-MM-dd date", e);
    }
  }

  /** Snapshot ids are run ids; anything else could not be a Hive partition value or a path segment. */
  static String checkSnapshotId(String snapshotId) {
    if (snapshotId == null || !snapshotId.matches("[A-Za-z0-9_.\\-]{1,200}")) {
      throw new IllegalArgumentException("snapshot id '" + snapshotId + "' is not usable as a partition value");
    }
    return snapshotId;
  }

  /** 8 hex digits of SHA-256 over the location and the columns' lake names and types. */
  private static String fingerprint(String location, List<Column> columns) {
    StringBuilder text = new StringBuilder(location).append('\n');
    for (Column column : columns) {
      text.append(column.lakeName()).append(' ').append(column.type().sql()).append('\n');
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
