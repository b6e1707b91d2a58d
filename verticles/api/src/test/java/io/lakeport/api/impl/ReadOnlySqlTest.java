package io.lakeport.api.impl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ReadOnlySqlTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT 1",
      "select * from ms1_usuarios where nombre = 'O''Connor'",
      "WITH t AS (SELECT 1 AS x) SELECT x FROM t",
      "SELECT a FROM t UNION ALL SELECT b FROM u",
      "SHOW TABLES",
      "SHOW COLUMNS FROM ms1_pedidos",
      "SHOW CREATE TABLE ms1_pedidos",
      "DESCRIBE ms1_pedidos",
      "EXPLAIN SELECT count(*) FROM ms1_pedidos",
      "EXPLAIN ANALYZE SELECT count(*) FROM ms1_pedidos",
      "SELECT ';' AS semicolon, \"a;b\" FROM t",
      "SELECT 1 -- trailing comment; DROP TABLE x",
      "SELECT 1 /* ; DELETE FROM t */",
  })
  void admitsOneReadOnlyStatement(String sql) {
    assertThat(ReadOnlySql.check(sql).sql()).isNotBlank();
  }

  @Test
  void dropsATrailingSemicolonAndWhatFollowsIt() {
    assertThat(ReadOnlySql.check("SELECT 1;  -- done\n").sql()).isEqualTo("SELECT 1");
    assertThat(ReadOnlySql.check("SELECT ';';").sql()).isEqualTo("SELECT ';'");
  }

  @Test
  void appendsARowLimitOnlyToQueriesWithoutOne() {
    assertThat(ReadOnlySql.check("SELECT * FROM t", 11).sql()).isEqualTo("SELECT * FROM t\nLIMIT 11");
    assertThat(ReadOnlySql.check("SELECT * FROM t -- c", 11).sql()).isEqualTo("SELECT * FROM t -- c\nLIMIT 11");
    assertThat(ReadOnlySql.check("SELECT * FROM t ORDER BY x OFFSET 2", 11).sql()).endsWith("OFFSET 2\nLIMIT 11");
    assertThat(ReadOnlySql.check("SELECT * FROM t LIMIT 5", 11).sql()).isEqualTo("SELECT * FROM t LIMIT 5");
    assertThat(ReadOnlySql.check("SELECT * FROM t FETCH FIRST 5 ROWS ONLY", 11).sql()).doesNotContain("LIMIT");
    assertThat(ReadOnlySql.check("SELECT 1 UNION SELECT 2 LIMIT 1", 11).sql()).doesNotContain("LIMIT 11");
    assertThat(ReadOnlySql.check("SHOW TABLES", 11).sql()).isEqualTo("SHOW TABLES");
    assertThat(ReadOnlySql.check("SHOW TABLES", 11).query()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "INSERT INTO t VALUES (1)",
      "DELETE FROM t",
      "UPDATE t SET a = 1",
      "MERGE INTO t USING u ON t.id = u.id WHEN MATCHED THEN DELETE",
      "CREATE TABLE x (a bigint)",
      "CREATE TABLE x AS SELECT 1 AS a",
      "DROP TABLE ms1_usuarios",
      "ALTER TABLE t RENAME TO u",
      "TRUNCATE TABLE t",
      "CALL system.sync_partition_metadata('s', 't', 'FULL')",
      "SET SESSION query_max_run_time = '1h'",
      "RESET SESSION query_max_run_time",
      "USE hive.other",
      "START TRANSACTION",
      "COMMIT",
      "PREPARE p FROM SELECT 1",
      "EXECUTE p",
      "GRANT SELECT ON t TO ROLE r",
      "EXPLAIN INSERT INTO t VALUES (1)",
      "EXPLAIN ANALYZE DELETE FROM t",
      "CREATE VIEW v AS SELECT 1 AS a",
  })
  void refusesWhatIsNotReadOnly(String sql) {
    Problem problem = catchThrowableOfType(Problem.class, () -> ReadOnlySql.check(sql));
    assertThat(problem).isNotNull();
    assertThat(problem.status()).isEqualTo(400);
    assertThat(problem.type()).isEqualTo("urn:lakeport:problem:invalid-query");
    assertThat(problem.detail()).contains("only read-only statements are allowed");
    // Where the refused statement starts: the whole text, or the statement an EXPLAIN wraps.
    assertThat(problem.extensions()).containsEntry("line", 1)
        .containsEntry("column", sql.startsWith("EXPLAIN ANALYZE ") ? 17 : sql.startsWith("EXPLAIN ") ? 9 : 1);
  }

  @Test
  void namesTheRefusedStatementKind() {
    assertThat(catchThrowableOfType(Problem.class, () -> ReadOnlySql.check("DROP TABLE t")).detail())
        .contains("this is DROP TABLE");
    assertThat(catchThrowableOfType(Problem.class, () -> ReadOnlySql.check("EXPLAIN DELETE FROM t")).detail())
        .contains("it explains DELETE");
  }

  @Test
  void refusesASecondStatementAndSaysWhereItStarts() {
    Problem problem = catchThrowableOfType(Problem.class,
        () -> ReadOnlySql.check("SELECT 1;\n  DROP TABLE ms1_usuarios"));
    assertThat(problem.detail()).contains("only one statement is allowed");
    assertThat(problem.extensions()).containsEntry("line", 2).containsEntry("column", 3);
    assertThatThrownBy(() -> ReadOnlySql.check("SELECT 1; SELECT 2;")).isInstanceOf(Problem.class);
    assertThatThrownBy(() -> ReadOnlySql.check("SELECT 1;;")).isInstanceOf(Problem.class);
  }

  @Test
  void reportsSyntaxErrorsWithTheirPosition() {
    Problem problem = catchThrowableOfType(Problem.class, () -> ReadOnlySql.check("SELECT *\nFROM t WHERE"));
    assertThat(problem.detail()).startsWith("syntax error");
    assertThat(problem.extensions()).containsEntry("line", 2);
    assertThat((Integer) problem.extensions().get("column")).isGreaterThan(1);
  }

  @Test
  void refusesEmptyText() {
    assertThatThrownBy(() -> ReadOnlySql.check("   ")).isInstanceOf(Problem.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> ReadOnlySql.check(";")).isInstanceOf(Problem.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> ReadOnlySql.check("-- only a comment")).isInstanceOf(Problem.class);
  }

  @Test
  void refusesSessionPropertiesTableFunctionsAndPlaceholdersInsideQueries() {
    assertThat(catchThrowableOfType(Problem.class,
        () -> ReadOnlySql.check("WITH SESSION query_max_execution_time = '1h' SELECT 1")).detail())
        .contains("WITH SESSION");
    assertThat(catchThrowableOfType(Problem.class,
        () -> ReadOnlySql.check("SELECT * FROM TABLE(system.query(query => 'DROP TABLE x'))")).detail())
        .contains("table functions");
    assertThat(catchThrowableOfType(Problem.class,
        () -> ReadOnlySql.check("SELECT * FROM t WHERE id = (SELECT x FROM TABLE(exclude_columns(input => TABLE(u), columns => DESCRIPTOR(a)))) ")).detail())
        .contains("table functions");
    assertThat(catchThrowableOfType(Problem.class, () -> ReadOnlySql.check("SELECT * FROM t WHERE id = ?")).detail())
        .contains("placeholders");
  }
}
