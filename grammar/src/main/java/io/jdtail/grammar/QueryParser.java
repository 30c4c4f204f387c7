package io.jdtail.grammar;

import io.jdtail.ast.Query;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Parses query text into the immutable {@link Query}.
 *
 * <pre>
 * QueryParser parser = new QueryParser(formats::contains, aggregates);
 * try {
 *     Query q = parser.parse("from STATS select count($line) group by $hostname");
 * } catch (ParsingException e) {
 *     System.err.println(e.describe());   // line:column, the query line and a caret
 * }
 * </pre>
 *
 * <p>Parsing runs in two stages: the fast SLL prediction mode with a bail-out strategy, and only
 * when that fails full LL with {@link ErrorStrategy}, which turns the first syntax error into a
 * {@link ParsingException}. Results, including failures, are cached by query text (servers see the
 * same query from many clients), so parsing the same text twice returns an equal query or throws
 * an equal exception. Thread-safe.
 */
public final class QueryParser {

    /** Queries longer than this many bytes (UTF-8) are refused. */
    public static final int MAX_QUERY_BYTES = 64 * 1024;

    private static final int CACHE_ENTRIES = 1024;
    /** Longer texts are parsed every time rather than kept in memory. */
    private static final int MAX_CACHED_CHARS = 8 * 1024;

    private final Predicate<String> knownLogFormat;
    private final AggregateCatalog aggregates;
    /**
     * Text -> {@link Query} or {@link ParsingException}, the least recently used dropped first; guarded by itself. Not a
     * Caffeine cache: Caffeine's class asks the JDK for a {@code System.Logger}, whose first look-up searches every jar of
     * the class path for a logging back-end and starts java.util.logging, tens of ms of every serverless dmap's start.
     */
    private final Map<String, Object> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };

    /**
     * @param knownLogFormat tells whether {@code logformat NAME} names an existing log format; it
     *                       must be thread-safe and give the same answer for the same name
     * @param aggregates     the aggregations select items may call (the engine's plug-ins); it
     *                       must be thread-safe and give the same answer for the same name
     */
    public QueryParser(Predicate<String> knownLogFormat, AggregateCatalog aggregates) {
        this.knownLogFormat = Objects.requireNonNull(knownLogFormat, "knownLogFormat");
        this.aggregates = Objects.requireNonNull(aggregates, "aggregates");
    }

    /** A parser that accepts any log format name (for tools that do not know the formats). */
    public QueryParser(AggregateCatalog aggregates) {
        this(name -> true, aggregates);
    }

    /**
     * @return the query as an AST; clauses that were not written are empty
     * @throws ParsingException with the position of the first error when the text is not a valid query
     */
    public Query parse(String text) throws ParsingException {
        Objects.requireNonNull(text, "text");
        checkSize(text);
        Object result = text.length() <= MAX_CACHED_CHARS ? cached(text) : parseOrError(text);
        if (result instanceof ParsingException e) {
            throw e.copy();
        }
        return (Query) result;
    }

    /** The cached result of {@code text}, parsed outside the lock when missing (two threads may both parse it: equal results). */
    private Object cached(String text) {
        Object result;
        synchronized (cache) {
            result = cache.get(text);
        }
        if (result == null) {
            result = parseOrError(text);
            synchronized (cache) {
                Object first = cache.putIfAbsent(text, result);
                if (first != null) {
                    result = first;
                }
            }
        }
        return result;
    }

    /** How many texts the cache holds now (for tests of its bound). */
    int cachedTexts() {
        synchronized (cache) {
            return cache.size();
        }
    }

    private Object parseOrError(String text) {
        try {
            return parseUncached(text);
        } catch (ParsingException e) {
            return e;
        }
    }

    private static void checkSize(String text) {
        if (text.length() > MAX_QUERY_BYTES / 3) {
            long bytes = utf8Length(text);
            if (bytes > MAX_QUERY_BYTES) {
                throw new ParsingException(text, 1, 1,
                        "query too long: " + bytes + " bytes, at most " + MAX_QUERY_BYTES + " are allowed");
            }
        }
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private Query parseUncached(String text) {
        // the grammar's tokens read by hand (QueryTokenizer): ANTLR's lexer costs every dmap ~10 ms of start-up
        CommonTokenStream tokens = new CommonTokenStream(new QueryTokenizer(CharStreams.fromString(text)));
        QueryLanguageParser parser = new QueryLanguageParser(tokens);
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        QueryLanguageParser.QueryContext tree;
        try {
            tree = parser.query();
        } catch (ParseCancellationException sllFailed) {
            parser.reset();
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            parser.setErrorHandler(new ErrorStrategy(text));
            tree = parser.query();
        }
        return new AstBuilder(text, knownLogFormat, aggregates).build(tree);
    }
}
