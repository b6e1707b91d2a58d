package io.lakeport.source;

import io.lakeport.schema.Column;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What a reactive SQL source (MySQL/MariaDB, PostgreSQL) says about its database when a table is read; the
 * select, the connection and the cursor are {@link SqlTableReader#open}'s, the same for both.
 *
 * @param quote               the identifier quote: {@code `} or {@code "}
 * @param selectExpression    how a column (by its reference {@code t."name"}) is selected so that the client
 *                            hands out what the column's writer takes, exactly
 * @param dimensionsExpression an expression selected after the column whose value tells why the column came
 *                            out null (PostgreSQL's {@code array_ndims} of an array: the client gives null for
 *                            more than one dimension); null for none
 * @param watermarkBound      the right side of {@code watermark > ...}: the parameter placeholder in the
 *                            dialect's form
 * @param watermarkParameter  the watermark text bound as the parameter, with the kind the comparison needs
 * @param watermarkText       the text of a watermark value the client handed out, in the form
 *                            {@link Source#open} accepts back
 * @param prepare             sets a fresh connection up for a cursor (session zone, the transaction a cursor
 *                            needs); yields the transaction the reader ends on release, or null for none
 */
record SqlDialect(String quote,
                  BiFunction<String, Column, String> selectExpression,
                  BiFunction<String, Column, String> dimensionsExpression,
                  Function<Column, String> watermarkBound,
                  BiFunction<Column, String, Object> watermarkParameter,
                  BiFunction<Object, Column, String> watermarkText,
                  Function<SqlConnection, Future<Transaction>> prepare) {
}
