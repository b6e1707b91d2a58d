package io.lakeport.schema;

import io.lakeport.config.LakeportConfig.SourceKind;

import java.util.List;
import java.util.Locale;

/**
 * Which {@code timestamp} columns of a source table hold instants rather than zone-less local date-times,
 * decided from the source's own type, whatever the lake format: Iceberg writes them as {@code timestamptz},
 * and the engine views answer them as {@code timestamp(6) with time zone} in UTC in both formats (so the
 * API writes them as RFC 3339 with {@code Z}), while the other timestamps stay zone-less, as the source has
 * them.
 */
public final class ZonedColumns {

  private ZonedColumns() {
  }

  /**
   * Whether a {@code timestamp} lake column holds instants (written in UTC): PostgreSQL {@code timestamptz},
   * MySQL {@code TIMESTAMP} (stored in UTC), Mongo dates, JDBC types with time zone. PostgreSQL
   * {@code timestamp} and MySQL {@code DATETIME} stay zone-less.
   */
  public static boolean zoned(Column column, SourceKind kind) {
    if (column.type() != LakeType.Primitive.TIMESTAMP) {
      return false;
    }
    String source = column.sourceType() == null ? "" : column.sourceType().toLowerCase(Locale.ROOT);
    return switch (kind) {
      case POSTGRESQL -> source.startsWith("timestamptz") || source.contains("with time zone");
      case MYSQL -> source.startsWith("timestamp");
      case MONGODB -> true;
      // sourceType is "<java.sql.Types code>:<type name>"; 2014 is TIMESTAMP_WITH_TIMEZONE.
      case JDBC -> source.startsWith(java.sql.Types.TIMESTAMP_WITH_TIMEZONE + ":") || source.contains("timestamptz")
          || source.contains("with time zone");
    };
  }

  /** The lake names of {@code schema}'s top-level columns that hold instants. */
  public static List<String> of(TableSchema schema, SourceKind kind) {
    return schema.columns().stream().filter(c -> zoned(c, kind)).map(Column::lakeName).toList();
  }
}
