package org.ffsweep.sweep.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.execution.SparkSqlParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which statements {@code sql} runs, decided on Spark's parsed plan (no session, nothing runs). */
class ReadOnlySqlTest {
    private static final SparkSqlParser PARSER = new SparkSqlParser();

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM trials",
        "select activation, max(test_accuracy) AS best FROM trials GROUP BY activation ORDER BY best DESC",
        "WITH best AS (SELECT * FROM trials ORDER BY test_accuracy DESC LIMIT 3) SELECT e.* FROM epochs e"
                + " JOIN best USING (trial_id)",
        "SELECT * FROM trials WHERE trial_id IN (SELECT trial_id FROM evaluations WHERE collapsed)",
        "VALUES (1, 'a'), (2, 'b')",
        "TABLE trials",
        "FROM trials SELECT status",
        "SELECT 1 UNION ALL SELECT 2 EXCEPT SELECT 3",
        "SELECT explode(hidden_sizes) FROM trials",
        "SELECT *, rank() OVER (PARTITION BY activation ORDER BY test_accuracy) FROM trials",
        "SHOW TABLES",
        "SHOW COLUMNS FROM trials",
        "DESCRIBE trials",
        "DESCRIBE TABLE EXTENDED trials",
        "EXPLAIN SELECT count(*) FROM epochs",
        "SELECT * FROM trials;",
    })
    void queriesRun(String sql) {
        assertDoesNotThrow(() -> ReadOnlySql.check(PARSER, sql));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "INSERT OVERWRITE DIRECTORY '/tmp/out/trials' SELECT * FROM trials | INSERT OVERWRITE DIRECTORY",
        "INSERT INTO trials SELECT * FROM trials | INSERT INTO",
        "INSERT OVERWRITE TABLE trials SELECT * FROM trials | INSERT INTO",
        "FROM trials INSERT INTO t SELECT * | INSERT INTO",
        "WITH x AS (SELECT 1) INSERT INTO trials SELECT * FROM x | INSERT INTO",
        "CREATE TABLE t AS SELECT * FROM trials | CREATE TABLE AS SELECT",
        "CREATE TABLE t (a INT) USING parquet LOCATION '/tmp/out' | CREATE TABLE",
        "CREATE TEMPORARY VIEW v AS SELECT 1 | CREATE VIEW",
        "DROP TABLE trials | DROP TABLE",
        "DROP VIEW trials | DROP VIEW",
        "CACHE TABLE trials | CACHE TABLE",
        "UNCACHE TABLE trials | UNCACHE TABLE",
        "SET spark.sql.shuffle.partitions=1 | SET",
        "RESET | RESET",
        "ADD JAR /tmp/x.jar | ADD JARS",
        "DELETE FROM trials | DELETE FROM TABLE",
        "MSCK REPAIR TABLE trials | REPAIR TABLE",
        "LOAD DATA LOCAL INPATH '/tmp/x' INTO TABLE trials | LOAD DATA",
        "EXECUTE IMMEDIATE 'DROP TABLE trials' | EXECUTE IMMEDIATE",
        "EXPLAIN INSERT INTO trials SELECT * FROM trials | INSERT INTO",
        "SELECT 1; DROP TABLE trials | 2 statements",
        "SELECT 1; SELECT 2 | 2 statements",
        "BEGIN SELECT 1; END | SQL script",
        "SELECT reflect('java.lang.System', 'exit', 1) | reflect()",
        "SELECT * FROM trials WHERE java_method('java.lang.System', 'getenv', 'HOME') IS NULL | java_method()",
        "SELECT TRANSFORM(status) USING 'rm -rf /' FROM trials | TRANSFORM",
    })
    void everythingElseIsRefusedNamingItsKind(String sql, String kind) {
        var e = assertThrows(ReadOnlySql.Refused.class, () -> ReadOnlySql.check(PARSER, sql));
        assertTrue(e.getMessage().contains(kind), e.getMessage());
        assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELEC * FROM trials", "SELECT * FROM trials WHERE status =", "SELECT 1; SELEC 2"})
    void badSqlIsAParseError(String sql) {
        assertThrows(ParseException.class, () -> ReadOnlySql.check(PARSER, sql));
    }
}
