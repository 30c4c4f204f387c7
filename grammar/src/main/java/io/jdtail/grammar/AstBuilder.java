package io.jdtail.grammar;

import io.jdtail.ast.Aggregation;
import io.jdtail.ast.Argument;
import io.jdtail.ast.Assignment;
import io.jdtail.ast.BareField;
import io.jdtail.ast.ComparisonOperator;
import io.jdtail.ast.Condition;
import io.jdtail.ast.Expression;
import io.jdtail.ast.Field;
import io.jdtail.ast.FunctionCall;
import io.jdtail.ast.Interval;
import io.jdtail.ast.NumberLiteral;
import io.jdtail.ast.Operand;
import io.jdtail.ast.Ordering;
import io.jdtail.ast.Outfile;
import io.jdtail.ast.Query;
import io.jdtail.ast.ScalarFunction;
import io.jdtail.ast.SelectItem;
import io.jdtail.ast.StringLiteral;
import io.jdtail.grammar.AggregateSignature.Parameter;
import io.jdtail.grammar.QueryLanguageParser.AssignmentContext;
import io.jdtail.grammar.QueryLanguageParser.CallContext;
import io.jdtail.grammar.QueryLanguageParser.ClauseContext;
import io.jdtail.grammar.QueryLanguageParser.ConditionContext;
import io.jdtail.grammar.QueryLanguageParser.ExpressionContext;
import io.jdtail.grammar.QueryLanguageParser.FieldContext;
import io.jdtail.grammar.QueryLanguageParser.FromClauseContext;
import io.jdtail.grammar.QueryLanguageParser.GroupByClauseContext;
import io.jdtail.grammar.QueryLanguageParser.IntervalClauseContext;
import io.jdtail.grammar.QueryLanguageParser.LimitClauseContext;
import io.jdtail.grammar.QueryLanguageParser.LogformatClauseContext;
import io.jdtail.grammar.QueryLanguageParser.OperandContext;
import io.jdtail.grammar.QueryLanguageParser.OrderByClauseContext;
import io.jdtail.grammar.QueryLanguageParser.OutfileClauseContext;
import io.jdtail.grammar.QueryLanguageParser.QueryContext;
import io.jdtail.grammar.QueryLanguageParser.SelectClauseContext;
import io.jdtail.grammar.QueryLanguageParser.SelectItemContext;
import io.jdtail.grammar.QueryLanguageParser.SetClauseContext;
import io.jdtail.grammar.QueryLanguageParser.WhereClauseContext;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/**
 * Turns a parse tree into the immutable {@link Query} and performs the semantic checks: each
 * clause at most once, select present, known aggregations, functions and log format, order key
 * in the select list, sane interval and limit, well-formed literals.
 *
 * <p>When a query has several semantic errors, the one that starts first in the text is reported.
 * Not thread-safe; one instance per parse.
 */
final class AstBuilder extends QueryLanguageParserBaseVisitor<Object> {

    private static final Pattern DURATION = Pattern.compile("(-?[0-9]+(?:\\.[0-9]+)?)([A-Za-z]*)");
    private static final String FUNCTIONS = ScalarFunction.MD5SUM.keyword() + " or " + ScalarFunction.MASKDIGITS.keyword();

    private final String text;
    private final Predicate<String> knownLogFormat;
    private final AggregateCatalog aggregates;
    /** The first (by position) semantic error seen so far. */
    private ParsingException firstError;

    // Clauses as they are built.
    private List<SelectItem> select;
    private Optional<String> table = Optional.empty();
    private List<Condition> where = List.of();
    private List<Field> groupBy = List.of();
    private Optional<Ordering> ordering = Optional.empty();
    private List<Assignment> assignments = List.of();
    private Optional<Interval> interval = Optional.empty();
    private OptionalInt limit = OptionalInt.empty();
    private Optional<Outfile> outfile = Optional.empty();
    private Optional<String> logFormat = Optional.empty();

    AstBuilder(String text, Predicate<String> knownLogFormat, AggregateCatalog aggregates) {
        this.text = text;
        this.knownLogFormat = knownLogFormat;
        this.aggregates = aggregates;
    }

    Query build(QueryContext tree) {
        return visitQuery(tree);
    }

    @Override
    public Query visitQuery(QueryContext ctx) {
        List<ClauseContext> clauses = ctx.clause();
        if (clauses.isEmpty()) {
            Token first = ctx.getStart();
            throw first.getType() == Token.EOF
                    ? new ParsingException(text, 1, 1, "empty query")
                    : error(first, "empty query");
        }
        Map<String, Token> seen = new HashMap<>();
        Map<String, String> seenAs = new HashMap<>();
        OrderByClauseContext orderClause = null;
        for (ClauseContext clause : clauses) {
            ParserRuleContext c = (ParserRuleContext) clause.getChild(0);
            String kind = kindOf(c);
            String written = clauseName(c);
            Token previous = seen.putIfAbsent(kind, c.getStart());
            if (previous != null) {
                record(error(c.getStart(), "duplicate '" + written + "' clause: '" + seenAs.get(kind)
                        + "' is already given at line " + previous.getLine() + ":"
                        + (previous.getCharPositionInLine() + 1)));
                continue;
            }
            seenAs.put(kind, written);
            if (c instanceof OrderByClauseContext o) {
                orderClause = o; // needs the select list, see below
                continue;
            }
            try {
                build(c);
            } catch (ParsingException e) {
                record(e);
            }
        }
        if (!seen.containsKey("select")) {
            record(error(ctx.getStart(), "missing select clause, e.g. select count(*)"));
        }
        if (orderClause != null && select != null) { // else the select error is reported
            try {
                ordering = Optional.of(visitOrderByClause(orderClause));
            } catch (ParsingException e) {
                record(e);
            }
        }
        if (firstError != null) {
            throw firstError;
        }
        return new Query(select, table, where, groupBy, ordering, assignments, interval, limit, outfile, logFormat);
    }

    // The clauses are told apart by if/instanceof, not by a switch on their type: the JDK spins a class for each such
    // switch at run time (the clients' start-up cache keeps none), part of every dmap's start-up.
    private static String kindOf(ParserRuleContext c) {
        if (c instanceof SelectClauseContext) {
            return "select";
        } else if (c instanceof FromClauseContext) {
            return "from";
        } else if (c instanceof WhereClauseContext) {
            return "where";
        } else if (c instanceof GroupByClauseContext) {
            return "group by";
        } else if (c instanceof OrderByClauseContext) {
            return "order by";
        } else if (c instanceof SetClauseContext) {
            return "set";
        } else if (c instanceof IntervalClauseContext) {
            return "interval";
        } else if (c instanceof LimitClauseContext) {
            return "limit";
        } else if (c instanceof OutfileClauseContext) {
            return "outfile";
        } else if (c instanceof LogformatClauseContext) {
            return "logformat";
        }
        throw new IllegalStateException("unknown clause " + c.getClass());
    }

    private static String clauseName(ParserRuleContext c) {
        if (c instanceof OrderByClauseContext o) {
            return o.RORDER() != null ? "rorder by" : "order by";
        }
        return kindOf(c);
    }

    private void record(ParsingException e) {
        if (firstError == null || e.line() < firstError.line()
                || (e.line() == firstError.line() && e.column() < firstError.column())) {
            firstError = e;
        }
    }

    // ---------------------------------------------------------------------------------- clauses

    /** Builds the part of the query that clause {@code c} gives; order by is built last, see {@link #visitQuery}. */
    private void build(ParserRuleContext c) {
        if (c instanceof SelectClauseContext x) {
            select = x.selectItem().stream().map(this::visitSelectItem).toList();
        } else if (c instanceof FromClauseContext x) {
            table = Optional.of(name(x.table, "table name"));
        } else if (c instanceof WhereClauseContext x) {
            where = x.condition().stream().map(this::visitCondition).toList();
        } else if (c instanceof GroupByClauseContext x) {
            groupBy = x.field().stream().map(this::visitField).toList();
        } else if (c instanceof SetClauseContext x) {
            assignments = x.assignment().stream().map(this::visitAssignment).toList();
        } else if (c instanceof IntervalClauseContext x) {
            interval = Optional.of(interval(x.value));
        } else if (c instanceof LimitClauseContext x) {
            limit = OptionalInt.of(limit(x.NUMBER().getSymbol()));
        } else if (c instanceof OutfileClauseContext x) {
            outfile = Optional.of(outfile(x));
        } else if (c instanceof LogformatClauseContext x) {
            logFormat = Optional.of(logFormat(x.name));
        } else {
            throw new IllegalStateException("unknown clause " + c.getClass());
        }
    }

    @Override
    public SelectItem visitSelectItem(SelectItemContext ctx) {
        if (ctx.call() == null) {
            return new BareField(field(ctx.getStart()));
        }
        Token name = ctx.IDENT().getSymbol();
        String function = name.getText().toLowerCase(Locale.ROOT);
        AggregateSignature signature = aggregates.byName(function).orElseThrow(() -> error(name,
                "unknown aggregation '" + name.getText() + "', expected one of " + String.join(", ", aggregates.names())));
        List<Argument> arguments = arguments(ctx.call());
        checkCall(function, signature, name, ctx.call(), arguments);
        return new Aggregation(function, arguments);
    }

    /** A call's arguments: the same fields and literals as the operands of a condition. */
    private List<Argument> arguments(CallContext call) {
        List<Argument> arguments = new ArrayList<>();
        for (OperandContext o : call.operand()) {
            // every kind of operand is an argument too (if/instanceof: see kindOf)
            Operand operand = visitOperand(o);
            arguments.add(operand instanceof Field f ? f : operand instanceof StringLiteral s ? s : (NumberLiteral) operand);
        }
        return arguments;
    }

    /** Argument count and kinds against the signature, then the aggregation's own check of the values. */
    private void checkCall(String function, AggregateSignature signature, Token name, CallContext call,
                           List<Argument> arguments) {
        List<Parameter> parameters = signature.parameters();
        String example = ", e.g. " + signature.example();
        if (arguments.isEmpty()) {
            throw error(name, function + "() needs " + (parameters.size() == 1 ? "an argument" : parameters.size() + " arguments")
                    + example);
        }
        if (arguments.size() != parameters.size()) {
            Token at = arguments.size() > parameters.size()
                    ? call.operand(parameters.size()).getStart() : call.RPAREN().getSymbol();
            String expected = parameters.stream().map(Parameter::description).collect(Collectors.joining(", "));
            throw error(at, function + "() takes " + parameters.size() + (parameters.size() == 1 ? " argument (" : " arguments (")
                    + expected + "), got " + arguments.size() + example);
        }
        for (int i = 0; i < parameters.size(); i++) {
            if (!fits(parameters.get(i), arguments.get(i))) {
                throw error(call.operand(i).getStart(), "argument " + (i + 1) + " of " + function + "() must be "
                        + parameters.get(i).description() + ", got " + ErrorStrategy.quote(arguments.get(i).text()) + example);
            }
        }
        signature.checkArguments(arguments).ifPresent(problem -> {
            throw error(name, function + "(): " + problem + example);
        });
    }

    private static boolean fits(Parameter parameter, Argument argument) {
        return switch (parameter) {
            case FIELD -> argument instanceof Field;
            case NUMBER -> argument instanceof NumberLiteral;
            case STRING -> argument instanceof StringLiteral;
        };
    }

    @Override
    public Condition visitCondition(ConditionContext ctx) {
        Operand left = visitOperand(ctx.left);
        String op = ctx.compOp().getText();
        ComparisonOperator operator = ComparisonOperator.bySymbol(op)
                .orElseThrow(() -> error(ctx.compOp().getStart(), "unknown operator '" + op + "'"));
        return new Condition(left, operator, visitOperand(ctx.right));
    }

    @Override
    public Operand visitOperand(OperandContext ctx) {
        if (ctx.field() != null) {
            return visitField(ctx.field());
        }
        if (ctx.STRING() != null) {
            return string(ctx.STRING().getSymbol());
        }
        return new NumberLiteral(ctx.NUMBER().getText());
    }

    /** Needs {@link #select}: called after all other clauses, and only when select was built. */
    @Override
    public Ordering visitOrderByClause(OrderByClauseContext ctx) {
        SelectItem key = visitSelectItem(ctx.selectItem());
        SelectItem resolved = resolve(key);
        if (resolved == null) {
            String items = select.stream().map(SelectItem::text).collect(Collectors.joining(", "));
            String keyword = ctx.RORDER() != null ? "rorder by" : "order by";
            throw error(ctx.selectItem().getStart(), "cannot " + keyword + " '" + key.text()
                    + "', it is not in the select list (" + items + ")");
        }
        Optional<Ordering.Direction> direction = ctx.direction == null
                ? Optional.empty()
                : Optional.of(ctx.direction.getType() == QueryLanguageLexer.ASC
                        ? Ordering.Direction.ASC : Ordering.Direction.DESC);
        return new Ordering(resolved, ctx.RORDER() != null, direction);
    }

    /**
     * The select item an order key names: the one with the same canonical text; failing that, a
     * backtick-quoted key that spells an item's text ({@code `count($time)`} for {@code count($time)}).
     */
    private SelectItem resolve(SelectItem key) {
        for (SelectItem item : select) {
            if (item.text().equals(key.text())) {
                return item;
            }
        }
        if (key instanceof BareField(Field f)) {
            for (SelectItem item : select) {
                if (item.text().equals(f.name())) {
                    return item;
                }
            }
        }
        return null;
    }

    @Override
    public Assignment visitAssignment(AssignmentContext ctx) {
        Field target = visitField(ctx.target);
        if (!target.isVariable()) {
            throw error(ctx.target.getStart(), "set target must be a $variable, got '" + target.text() + "'");
        }
        return new Assignment(target, visitExpression(ctx.expression()));
    }

    @Override
    public Expression visitExpression(ExpressionContext ctx) {
        if (ctx.STRING() != null) {
            return string(ctx.STRING().getSymbol());
        }
        if (ctx.NUMBER() != null) {
            return new NumberLiteral(ctx.NUMBER().getText());
        }
        CallContext call = ctx.call();
        if (call == null) {
            return field(ctx.getStart());
        }
        Token name = ctx.IDENT().getSymbol();
        ScalarFunction function = ScalarFunction.byKeyword(name.getText()).orElseThrow(() -> error(name,
                "unknown function '" + name.getText() + "', expected " + FUNCTIONS));
        List<Argument> arguments = arguments(call);
        if (arguments.isEmpty()) {
            throw error(name, function.keyword() + "() needs an argument, e.g. " + function.keyword() + "($line)");
        }
        if (arguments.size() != 1 || !(arguments.getFirst() instanceof Field field)) {
            Token at = call.operand(arguments.size() > 1 ? 1 : 0).getStart();
            throw error(at, function.keyword() + "() takes one field, e.g. " + function.keyword() + "($line)");
        }
        return new FunctionCall(function, field);
    }

    private Interval interval(Token token) {
        String written = token.getText();
        Matcher m = DURATION.matcher(written);
        if (!m.matches()) {
            throw error(token, "bad interval '" + written + "'");
        }
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        long unitMillis = switch (unit) {
            case "ms" -> 1;
            case "", "s" -> 1_000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> {
                int[] at = Positions.at(token.getLine(), token.getCharPositionInLine() + 1, written, m.start(2));
                throw new ParsingException(text, at[0], at[1],
                        "unknown interval unit '" + m.group(2) + "', expected ms, s, m or h");
            }
        };
        BigDecimal millis = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitMillis));
        if (millis.signum() <= 0) {
            throw error(token, "interval must be positive, got '" + written + "'");
        }
        if (millis.stripTrailingZeros().scale() > 0) {
            throw error(token, "interval must be a whole number of milliseconds, got '" + written + "'");
        }
        if (millis.compareTo(BigDecimal.valueOf(Interval.MAX.toMillis())) > 0) {
            throw error(token, "interval too long, got '" + written + "': at most " + Interval.MAX.toHours()
                    + "h (for figures over longer periods, use a scheduled job)");
        }
        return new Interval(Duration.ofMillis(millis.longValueExact()));
    }

    private int limit(Token token) {
        String written = token.getText();
        int value = -1;
        if (written.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                value = Integer.parseInt(written);
            } catch (NumberFormatException tooLarge) {
                value = -1;
            }
        }
        if (value < 0) {
            throw error(token, "limit must be a whole number from 0 to " + Integer.MAX_VALUE + ", got '" + written + "'");
        }
        return value;
    }

    private Outfile outfile(OutfileClauseContext ctx) {
        Token token = ctx.path;
        // A bare path (outfile dmap.csv.tmp) is taken verbatim; it is never empty.
        String path = token.getType() == QueryLanguageLexer.BARE_PATH ? token.getText() : string(token).value();
        if (path.isEmpty()) {
            throw error(token, "empty outfile path");
        }
        return new Outfile(path, ctx.APPEND() != null);
    }

    private String logFormat(Token token) {
        String name = name(token, "log format name");
        if (!knownLogFormat.test(name)) {
            throw error(token, "unknown log format '" + name + "'");
        }
        return name;
    }

    @Override
    public Field visitField(FieldContext ctx) {
        return field(ctx.getStart());
    }

    // ---------------------------------------------------------------------------------- tokens

    /** A field from an IDENT, VARIABLE, STAR or BACKTICK_NAME token. */
    private Field field(Token token) {
        if (token.getType() == QueryLanguageLexer.BACKTICK_NAME) {
            String name = unbacktick(token.getText());
            if (name.isEmpty()) {
                throw error(token, "empty field name");
            }
            return new Field(name);
        }
        return new Field(token.getText());
    }

    /** A name written bare, in backticks or as a string (table, log format). */
    private String name(Token token, String what) {
        String name = switch (token.getType()) {
            case QueryLanguageLexer.BACKTICK_NAME -> unbacktick(token.getText());
            case QueryLanguageLexer.STRING -> string(token).value();
            default -> token.getText();
        };
        if (name.isEmpty()) {
            throw error(token, "empty " + what);
        }
        return name;
    }

    private static String unbacktick(String written) {
        return written.substring(1, written.length() - 1).replace("``", "`");
    }

    private StringLiteral string(Token token) {
        String written = token.getText();
        StringBuilder out = new StringBuilder(written.length());
        int end = written.length() - 1;
        for (int i = 1; i < end; i++) {
            char c = written.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = written.charAt(++i);
            switch (e) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                default -> {
                    int[] at = Positions.at(token.getLine(), token.getCharPositionInLine() + 1, written, i - 1);
                    String shown = Character.isHighSurrogate(e) && i + 1 < written.length()
                            ? written.substring(i, i + 2) : String.valueOf(e);
                    throw new ParsingException(text, at[0], at[1], "unknown escape " + ErrorStrategy.quote("\\" + shown)
                            + " in string, expected \\\", \\\\, \\n, \\t or \\r");
                }
            }
        }
        return new StringLiteral(out.toString());
    }

    private ParsingException error(Token token, String reason) {
        return new ParsingException(text, token.getLine(), token.getCharPositionInLine() + 1, reason);
    }
}
