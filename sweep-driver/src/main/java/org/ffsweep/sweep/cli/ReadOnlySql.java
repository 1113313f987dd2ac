package org.ffsweep.sweep.cli;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.command.DescribeQueryCommand;
import org.apache.spark.sql.execution.command.ExplainCommand;

/**
 * Decides whether a statement only reads, by parsing it with Spark's own SQL parser and looking
 * at the logical plan (never by matching text). Allowed: one query (SELECT, WITH, VALUES, TABLE,
 * FROM ...) built only from the plan nodes a query is made of; SHOW and DESCRIBE; EXPLAIN and
 * DESCRIBE QUERY of such a query. Refused: every other command (INSERT, CREATE, DROP, CACHE, SET,
 * ADD JAR, ...), EXECUTE IMMEDIATE, CALL, scripts and more than one statement, TRANSFORM (runs a
 * program) and the functions that call Java methods ({@code reflect}, {@code java_method}).
 * Nothing here runs the statement. Spark's plan classes are named, and their {@code Seq}s read,
 * only in ways that hold for Spark 3.5 and 4.x and for Scala 2.12 and 2.13 ({@link ScalaSeqs}):
 * SQL scripts ({@code CompoundBody}) exist only from Spark 4.0 on.
 */
final class ReadOnlySql {
    /** Plan nodes (class simple names) that a read-only query may contain, as the parser builds them. */
    private static final Set<String> QUERY_NODES = Set.of(
            "Project", "Aggregate", "Filter", "Sort", "GlobalLimit", "LocalLimit", "LimitAll", "Offset", "Tail",
            "Join", "LateralJoin", "AsOfJoin", "Union", "Intersect", "Except", "Distinct", "Deduplicate", "Generate",
            "Window", "WithWindowDefinition", "Pivot", "Unpivot", "UnresolvedTranspose", "Transpose", "Expand",
            "Sample", "Range", "LocalRelation", "OneRowRelation", "EmptyRelation", "SubqueryAlias", "Subquery",
            "UnresolvedWith", "WithCTE", "CTERelationDef", "CTERelationRef", "UnresolvedCteRelationRef", "UnionLoop",
            "UnionLoopRef", "UnresolvedRelation", "UnresolvedInlineTable", "ResolvedInlineTable",
            "UnresolvedTableValuedFunction", "UnresolvedTVFAliases", "UnresolvedSubqueryColumnAliases",
            "UnresolvedHaving", "UnresolvedHint", "ResolvedHint", "Repartition", "RepartitionByExpression",
            "RebalancePartitions", "RelationTimeTravel", "PlanWithUnresolvedIdentifier", "View");
    /** Spark 4's plan of a SQL script (BEGIN ... END); Spark 3.5 has no such class. */
    private static final String SCRIPT = "org.apache.spark.sql.catalyst.plans.logical.CompoundBody";
    /** Functions that call arbitrary Java methods. */
    private static final Set<String> JAVA_FUNCTIONS = Set.of("reflect", "java_method", "try_reflect");

    /** A statement that is not a read-only query; the message is one line. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private ReadOnlySql() {}

    /**
     * The plan of {@code sql} if it only reads.
     *
     * @throws ParseException if it is not valid SQL (and not several valid statements)
     * @throws Refused if it writes or changes anything, or is more than one statement
     */
    static LogicalPlan check(ParserInterface parser, String sql) throws Refused, ParseException {
        LogicalPlan plan;
        try {
            plan = parser.parsePlan(sql);
        } catch (ParseException e) {
            int statements = statements(parser, sql);
            if (statements > 1) {
                throw new Refused("it holds " + statements + " statements; give one query");
            }
            throw e;
        }
        if (plan.getClass().getName().equals(SCRIPT)) {
            throw new Refused("it is a SQL script (BEGIN ... END); give one query");
        }
        if (plan instanceof ExplainCommand explain) {
            checkQuery(explain.logicalPlan());
        } else if (plan instanceof DescribeQueryCommand describe) {
            checkQuery(describe.plan());
        } else if (plan instanceof Command) {
            String name = plan.getClass().getSimpleName();
            if (!name.startsWith("Show") && !name.startsWith("Describe")) {
                throw new Refused("it is " + statement(plan));
            }
        } else {
            checkQuery(plan);
        }
        return plan;
    }

    /** How many statements the text holds, read as the body of a SQL script; 0 if not that either. */
    private static int statements(ParserInterface parser, String sql) {
        String body = sql.strip();
        try {
            LogicalPlan script = parser.parsePlan("BEGIN " + body + (body.endsWith(";") ? "" : ";") + " END");
            return script.getClass().getName().equals(SCRIPT) ? ScalaSeqs.call(script, "collection").size() : 0;
        } catch (ParseException | RuntimeException e) {
            return 0;
        }
    }

    private static void checkQuery(LogicalPlan plan) throws Refused {
        if (plan instanceof Command || !QUERY_NODES.contains(plan.getClass().getSimpleName())) {
            throw new Refused("it is " + statement(plan));
        }
        for (Object e : ScalaSeqs.call(plan, "expressions")) {
            checkExpression((Expression) e);
        }
        walk(ScalaSeqs.call(plan, "children"));
        walk(ScalaSeqs.call(plan, "innerChildren"));
        walk(ScalaSeqs.call(plan, "subqueries"));
    }

    private static void walk(List<Object> nodes) throws Refused {
        for (Object n : nodes) {
            if (n instanceof LogicalPlan p) {
                checkQuery(p);
            } else if (n instanceof Expression e) {
                checkExpression(e);
            }
        }
    }

    private static void checkExpression(Expression e) throws Refused {
        if (e instanceof UnresolvedFunction f) {
            List<Object> parts = ScalaSeqs.call(f, "nameParts");
            String name = ((String) parts.get(parts.size() - 1)).toLowerCase(Locale.ROOT);
            if (JAVA_FUNCTIONS.contains(name)) {
                throw new Refused("it calls " + name + "(), which runs Java methods");
            }
        }
        for (Object child : ScalaSeqs.call(e, "children")) {
            checkExpression((Expression) child);
        }
    }

    /** "a DROP TABLE statement", "an INSERT INTO statement". */
    private static String statement(LogicalPlan plan) {
        String kind = kind(plan);
        return ("AEIOU".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind + " statement";
    }

    /** The statement kind in words: {@code InsertIntoStatement} is "insert into", {@code AddJarsCommand} "add jars". */
    static String kind(LogicalPlan plan) {
        String name = plan.getClass().getSimpleName().replaceAll("\\$$", "")
                .replaceFirst("^Unresolved", "").replaceFirst("(Command|Statement)$", "");
        return switch (name) {
            case "InsertIntoDir" -> "INSERT OVERWRITE DIRECTORY";
            case "ScriptTransformation" -> "TRANSFORM (runs a program)";
            default -> name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
        };
    }
}
