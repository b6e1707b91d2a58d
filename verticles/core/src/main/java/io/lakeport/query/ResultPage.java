package io.lakeport.query;

import java.util.List;

/**
 * One page of results. Values are typed from the engine's column types, the same way for every engine:
 * bigint/integer/smallint/tinyint as Long, double/real as Double, decimal as BigDecimal, boolean as
 * Boolean, varchar/char/date/timestamp/time as String (engine text form), array as List, row and map as
 * Map (row fields by name), json as parsed JSON, null as null.
 *
 * @param nextToken token for the next page, null on the last page
 */
public record ResultPage(List<ResultColumn> columns, List<List<Object>> rows, String nextToken) {
  public ResultPage {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }
}
