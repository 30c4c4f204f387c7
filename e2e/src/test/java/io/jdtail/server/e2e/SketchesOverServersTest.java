package io.jdtail.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jdtail.clients.cli.DmapCommand;
import io.jdtail.clients.render.TableRenderer;
import io.jdtail.engine.operator.ResultMerger;
import io.jdtail.server.e2e.E2eServers.Outcome;
import io.jdtail.server.e2e.E2eServers.Server;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Percentiles and distinct counts merged over two real dservers, each reading its own log, against
 * dmap serverless over both logs and against the exact answer. GET has 23,000 latencies and about
 * 16,000 users in all (sketched), but one server alone holds only 9,000 (exact there): the merge
 * mixes both forms. POST stays under 10,000 everywhere and must be exact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SketchesOverServersTest {

    static final String QUERY = "from REQUEST select method, count(*), p50(latency), p99(latency), p999(latency), "
            + "quantile(latency, 0), count_distinct(user) group by method";
    /** The quantile of each percentile column, in select order (columns 2 to 5). */
    static final List<String> QUANTILES = List.of("0.5", "0.99", "0.999", "0");

    E2eServers fixture;
    List<Server> servers;
    List<Path> logs = new ArrayList<>();
    final Map<String, List<Double>> latencies = new TreeMap<>();
    final Map<String, Set<String>> users = new TreeMap<>();

    @BeforeAll
    void setUp(@TempDir Path dir) throws Exception {
        fixture = new E2eServers(dir);
        Random random = new Random(20261207);
        logs.add(writeLog(dir.resolve("a.log"), random, 14_000, 300));
        logs.add(writeLog(dir.resolve("b.log"), random, 9_000, 200));
        servers = List.of(fixture.start("e2e-a"), fixture.start("e2e-b"));
    }

    private Path writeLog(Path file, Random random, int gets, int posts) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < gets + posts; i++) {
            String method = i < gets ? "GET" : "POST";
            // skewed latencies with 3 decimals, as request logs write them
            String latency = BigDecimal.valueOf(Math.exp(random.nextGaussian() * 1.5 + 3)).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
            String user = "user-" + random.nextInt(method.equals("GET") ? 30_000 : 400);
            lines.add("INFO|1207-101500|4242|handler.go:77|2|20|7|0.10|12h0m3s|MAPREDUCE:REQUEST|method=" + method
                    + "|status=200|path=/api|latency=" + latency + "|user=" + user);
            latencies.computeIfAbsent(method, m -> new ArrayList<>()).add(Double.parseDouble(latency));
            users.computeIfAbsent(method, m -> new HashSet<>()).add(user);
        }
        lines.add("INFO|1207-101501|4242|server.go:98|an ordinary line");
        return Files.write(file, lines);
    }

    @AfterAll
    void tearDown() {
        fixture.close();
    }

    @Test
    void mergedOverTwoServersEqualsServerlessAndTheExactAnswerWithinTheBound() throws Exception {
        Outcome local = E2eServers.execute(new DmapCommand(), "--plain", "--query", QUERY, logs.get(0).toString(), logs.get(1).toString());
        assertThat(local.status()).as(local.toString()).isZero();

        ResultMerger merger = fixture.mergeEachOwnLog(servers, logs, QUERY); // each server reads only its own log
        String remote = TableRenderer.render(merger.result(Instant.now()));

        Map<String, List<String>> localRows = rows(local.out());
        Map<String, List<String>> remoteRows = rows(remote);
        assertThat(localRows).containsOnlyKeys("GET", "POST");
        assertThat(remoteRows).containsOnlyKeys("GET", "POST");
        for (Map<String, List<String>> table : List.of(localRows, remoteRows)) {
            // POST: under 10,000 values and users everywhere, so exact
            List<String> post = table.get("POST");
            assertThat(post.get(1)).isEqualTo("500");
            for (int c = 0; c < QUANTILES.size(); c++) {
                assertThat(post.get(c + 2)).as("POST %s", QUANTILES.get(c)).isEqualTo(sixDecimals(exact("POST", QUANTILES.get(c))));
            }
            assertThat(post.get(6)).isEqualTo(Integer.toString(users.get("POST").size()));
            // GET: sketched; each percentile within 1% of the exact value, the distinct count within 2%
            List<String> get = table.get("GET");
            assertThat(get.get(1)).isEqualTo("23000");
            for (int c = 0; c < QUANTILES.size(); c++) {
                double exact = exact("GET", QUANTILES.get(c));
                assertThat(Double.parseDouble(get.get(c + 2))).as("GET %s", QUANTILES.get(c)).isCloseTo(exact, within(0.01 * exact));
            }
            assertThat(users.get("GET").size()).isGreaterThan(10_000);
            assertThat(Double.parseDouble(get.get(6))).isCloseTo(users.get("GET").size(), within(0.02 * users.get("GET").size()));
        }
        // percentile sketches merge to the same bins in any order: the same answer remote and serverless
        assertThat(remoteRows.get("GET").subList(0, 6)).isEqualTo(localRows.get("GET").subList(0, 6));
    }

    private double exact(String method, String quantile) {
        double[] sorted = latencies.get(method).stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int rank = Math.max(1, new BigDecimal(quantile).multiply(BigDecimal.valueOf(sorted.length))
                .setScale(0, RoundingMode.CEILING).intValueExact());
        return sorted[rank - 1];
    }

    private static String sixDecimals(double v) {
        return new BigDecimal(v).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** The table's rows by their first cell, each row's cells trimmed. */
    private static Map<String, List<String>> rows(String table) {
        Map<String, List<String>> rows = new TreeMap<>();
        for (String line : table.lines().skip(2).toList()) {
            List<String> cells = Arrays.stream(line.split("\\|")).map(String::strip).toList();
            rows.put(cells.getFirst(), cells);
        }
        return rows;
    }
}
