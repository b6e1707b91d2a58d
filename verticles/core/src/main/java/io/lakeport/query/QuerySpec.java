package io.lakeport.query;

import java.util.List;

/**
 * A statement and its bound parameters. Parameters fill the statement's {@code ?} placeholders in order
 * and are sent as typed values (Athena ExecutionParameters, Trino typed literals), never spliced in as
 * caller-controlled text.
 *
 * @param clientRequestToken idempotency token for engines that accept one (Athena); may be null
 */
public record QuerySpec(String sql, List<SqlParameter> parameters, String clientRequestToken) {

  public QuerySpec {
    parameters = parameters == null ? List.of() : List.copyOf(parameters);
  }

  public static QuerySpec of(String sql, SqlParameter... parameters) {
    return new QuerySpec(sql, List.of(parameters), null);
  }
}
