package io.jdtail.engine.plan;

import io.jdtail.ast.Aggregation;
import io.jdtail.ast.Assignment;
import io.jdtail.ast.BareField;
import io.jdtail.ast.Condition;
import io.jdtail.ast.Field;
import io.jdtail.ast.FunctionCall;
import io.jdtail.ast.Interval;
import io.jdtail.ast.Operand;
import io.jdtail.ast.Query;
import io.jdtail.ast.SelectItem;
import io.jdtail.engine.aggregate.AggregateCall;
import io.jdtail.engine.aggregate.Aggregates;
import io.jdtail.engine.format.LogFormat;
import io.jdtail.engine.format.LogFormats;
import io.jdtail.engine.row.RowLayout;
import io.jdtail.grammar.AggregateCatalog;
import io.jdtail.grammar.AggregateSignature;
import io.jdtail.grammar.QueryParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Compiles a request into a {@link Plan}. Every command goes through here: cat, grep and tail are
 * plans without aggregation, map-reduce queries add an {@link AggregationNode} and a
 * {@link ResultNode}. Query errors surface as {@link io.jdtail.grammar.ParsingException}.
 */
public final class Planner {

    /** Format of queries with neither {@code from} nor {@code logformat}: every line takes part. */
    public static final String GENERIC_FORMAT = "generic";

    private final LogFormats formats;
    /** Looked up when a query first needs them: a grep plans no query, and the look-up searches every jar. */
    private final Supplier<Aggregates> aggregates;
    private final PlannerSettings settings;
    private final QueryParser parser;

    /** A planner for the aggregates installed on the engine's class path. */
    public Planner(LogFormats formats, PlannerSettings settings) {
        this(formats, Aggregates::installed, settings);
    }

    public Planner(LogFormats formats, Aggregates aggregates, PlannerSettings settings) {
        this(formats, () -> aggregates, settings);
    }

    private Planner(LogFormats formats, Supplier<Aggregates> aggregates, PlannerSettings settings) {
        this.formats = formats;
        this.aggregates = aggregates;
        this.settings = settings;
        this.parser = new QueryParser(formats::contains, new AggregateCatalog() {
            @Override
            public Optional<? extends AggregateSignature> byName(String name) {
                return aggregates.get().byName(name);
            }

            @Override
            public List<String> names() {
                return aggregates.get().names();
            }
        });
    }

    public Plan plan(PlanRequest request) {
        boolean follow = request.follows();
        SourceNode source = new SourceNode(request.files(), follow, settings.maxLineLength());
        Optional<FilterNode> filter = isMatchAll(request.regex()) && !request.invert()
                ? Optional.empty()
                : Optional.of(new FilterNode(request.regex() == null ? "" : request.regex(), request.invert()));
        ContextNode context = new ContextNode(request.before(), request.after(), request.max());
        if (request.query().isEmpty()) {
            if (request.mode() == PlanRequest.Mode.MAP) {
                throw new IllegalArgumentException("a map-reduce request needs a query");
            }
            return new Plan(new ServerPlan(source, filter, context, Optional.empty()), new ClientPlan(Optional.empty()));
        }
        String text = request.query().get();
        Query query = parser.parse(text);
        AggregationNode aggregation = aggregation(query);
        ResultNode result = result(text, query, aggregation);
        return new Plan(new ServerPlan(source, filter, context, Optional.of(aggregation)),
                new ClientPlan(Optional.of(result)));
    }

    /** Parses and plans a query alone (for jobs and tests). */
    public Plan planQuery(List<String> files, String queryText) {
        return plan(PlanRequest.map(files, queryText));
    }

    private static boolean isMatchAll(String regex) {
        return regex == null || regex.isEmpty() || regex.equals(".") || regex.equals(".*");
    }

    private AggregationNode aggregation(Query query) {
        LogFormat format = formats.byName(formatName(query)).orElseThrow(() -> new IllegalStateException(
                "log format '" + formatName(query) + "' is not on the class path (known: " + formats.all().keySet() + ")"));
        List<Field> groupBy = groupBy(query);

        Set<String> names = new LinkedHashSet<>();
        query.select().forEach(item -> names.add(item.field().name()));
        groupBy.forEach(f -> names.add(f.name()));
        for (Condition c : query.where()) {
            addOperand(names, c.left());
            addOperand(names, c.right());
        }
        for (Assignment a : query.assignments()) {
            names.add(a.variable().name());
            // if/instanceof, not a switch on the type: the JDK spins a class for each such switch at run time
            if (a.value() instanceof Field f) {
                names.add(f.name());
            } else if (a.value() instanceof FunctionCall call) {
                names.add(call.argument().name());
            }
        }
        RowLayout layout = new RowLayout(new ArrayList<>(names));

        List<AggregationNode.Column> columns = query.select().stream()
                .map(item -> new AggregationNode.Column(item.text(), callOf(item), layout.slotOf(item.field().name())))
                .toList();
        int[] groupSlots = groupBy.stream().mapToInt(f -> layout.slotOf(f.name())).toArray();
        return new AggregationNode(format, query.table(), layout, query.where(), query.assignments(), groupSlots,
                columns, query.interval().map(Interval::duration).orElse(settings.defaultInterval()));
    }

    /** The group-by fields; without a group by clause, the first selected field (as DTail does). */
    private static List<Field> groupBy(Query query) {
        return query.groupBy().isEmpty() ? List.of(query.select().getFirst().field()) : query.groupBy();
    }

    private String formatName(Query query) {
        if (query.logFormat().isPresent()) {
            return query.logFormat().get();
        }
        return query.table().isPresent() ? settings.mapreduceLogFormat() : GENERIC_FORMAT;
    }

    private static void addOperand(Set<String> names, Operand operand) {
        if (operand instanceof Field f) {
            names.add(f.name());
        }
    }

    /** The aggregate a select item feeds; the parser has checked the name and arguments against {@link #aggregates}. */
    private AggregateCall callOf(SelectItem item) {
        if (item instanceof BareField) {
            return new AggregateCall(aggregates.get().bareField(), List.of());
        }
        Aggregation a = (Aggregation) item;
        return new AggregateCall(aggregates.get().byName(a.function()).orElseThrow(() ->
                new IllegalStateException("the parser accepted the unknown aggregation " + a.function())), a.parameters());
    }

    private static ResultNode result(String text, Query query, AggregationNode aggregation) {
        List<String> headers = aggregation.columns().stream().map(AggregationNode.Column::header).toList();
        List<AggregateCall> calls = aggregation.columns().stream().map(AggregationNode.Column::call).toList();
        Optional<ResultNode.OrderColumn> order = query.ordering().map(o -> {
            int index = headers.indexOf(o.key().text());
            if (index < 0) {
                throw new IllegalStateException("order key " + o.key().text() + " is not selected");
            }
            return new ResultNode.OrderColumn(index, o.descending());
        });
        List<Field> groupBy = groupBy(query);
        Set<Integer> keyColumns = new HashSet<>();
        for (int i = 0; i < query.select().size(); i++) {
            if (query.select().get(i) instanceof BareField b && groupBy.contains(b.field())) {
                keyColumns.add(i);
            }
        }
        return new ResultNode(text, headers, calls, order, query.limit(), query.outfile(),
                aggregation.interval(), groupBy.stream().map(Field::name).toList(), keyColumns);
    }
}
