package io.jdtail.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jdtail.ast.Condition;
import io.jdtail.ast.Query;
import io.jdtail.ast.StringLiteral;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** format and parse are inverse: every valid AST survives being written out and read back. */
class QueryRoundTripProperties {

    /** Accepts every log format name, so that any generated name is valid. */
    private final QueryParser parser = new QueryParser(name -> true, TestAggregates.WITH_PERCENTILE);

    @Provide
    Arbitrary<Query> queries() {
        return QueryArbitraries.queries();
    }

    @Property
    void parseOfFormatIsIdentity(@ForAll("queries") Query query) {
        String text = QueryFormatter.format(query);
        Statistics.collect(clauseCount(query) >= 8 ? "8+ clauses" : "fewer clauses");
        assertEquals(query, parser.parse(text), text);
        Statistics.coverage(checker -> checker.check("8+ clauses").count(n -> n > 0));
    }

    @Property
    void formatIsStable(@ForAll("queries") Query query) {
        String once = QueryFormatter.format(query);
        String twice = QueryFormatter.format(parser.parse(once));
        assertEquals(once, twice);
    }

    /**
     * The DTail spellings parse to the same AST as the canonical text: where conditions separated
     * by whitespace, "and" or ", " (an empty where when there are none) and an unquoted outfile path
     * whenever the path allows it.
     */
    @Property
    void dtailSpellingsParseTheSame(@ForAll("queries") Query query, @ForAll("separators") List<String> separators) {
        Query rest = new Query(query.select(), query.table(), List.of(), query.groupBy(), query.ordering(),
                query.assignments(), query.interval(), query.limit(), Optional.empty(), query.logFormat());
        StringBuilder text = new StringBuilder(QueryFormatter.format(rest)).append(" where");
        List<Condition> where = query.where();
        for (int i = 0; i < where.size(); i++) {
            text.append(i == 0 ? " " : separators.get(i % separators.size())).append(QueryFormatter.condition(where.get(i)));
        }
        query.outfile().ifPresent(o -> {
            text.append(" outfile ").append(o.append() ? "append " : "");
            boolean bare = QueryArbitraries.isBarePath(o.path());
            Statistics.label("outfile").collect(bare ? "bare" : "quoted");
            text.append(bare ? o.path() : new StringLiteral(o.path()).text());
        });
        Statistics.label("outfile").coverage(checker -> checker.check("bare").count(n -> n > 0));
        assertEquals(query, parser.parse(text.toString()), text::toString);
    }

    @Provide
    Arbitrary<List<String>> separators() {
        return Arbitraries.of(" ", " and ", ", ", " AND ", "\n", "\t,\t").list().ofMinSize(1).ofMaxSize(4);
    }

    /** Keywords are case-insensitive: shouting the whole canonical text keeps keywords and operators. */
    @Property(tries = 300)
    void upperCaseKeywordsParseTheSame(@ForAll("queries") Query query) {
        String text = QueryFormatter.format(query);
        String shouted = shout(text);
        // Replacing inside quoted names or strings would change them; only compare when it did not.
        if (!shouted.equals(text) && noQuotes(text)) {
            assertEquals(query, parser.parse(shouted), shouted);
        }
    }

    /** A variable named like a keyword stays as it is (a try of the property above once shouted $select). */
    @Example
    void aVariableNamedLikeAKeywordIsNotShouted() {
        Query query = parser.parse("select count(a) group by $select interval 1ms");
        assertEquals("SELECT count(a) GROUP BY $select INTERVAL 1ms", shout(QueryFormatter.format(query)));
        assertEquals(query, parser.parse(shout(QueryFormatter.format(query))));
    }

    /** The canonical text with its keywords in upper case. */
    private static String shout(String text) {
        // the canonical text starts with its select clause; a plain replace would shout a $select too
        return text.replaceFirst("^select ", "SELECT ").replace(" from ", " FROM ").replace(" where ", " WHERE ")
                .replace(" group by ", " GROUP BY ").replace(" order by ", " ORDER BY ")
                .replace(" rorder by ", " RORDER BY ").replace(" set ", " SET ").replace(" interval ", " INTERVAL ")
                .replace(" limit ", " LIMIT ").replace(" logformat ", " LOGFORMAT ");
    }

    private static boolean noQuotes(String text) {
        return text.indexOf('`') < 0 && text.indexOf('"') < 0;
    }

    private static int clauseCount(Query q) {
        int n = 1;
        n += q.table().isPresent() ? 1 : 0;
        n += q.where().isEmpty() ? 0 : 1;
        n += q.groupBy().isEmpty() ? 0 : 1;
        n += q.ordering().isPresent() ? 1 : 0;
        n += q.assignments().isEmpty() ? 0 : 1;
        n += q.interval().isPresent() ? 1 : 0;
        n += q.limit().isPresent() ? 1 : 0;
        n += q.outfile().isPresent() ? 1 : 0;
        n += q.logFormat().isPresent() ? 1 : 0;
        return n;
    }
}
