package io.jdtail.server.job;

import io.jdtail.ast.Outfile;
import io.jdtail.config.ContinuousJob;
import io.jdtail.engine.sink.ResultSink;
import io.jdtail.engine.sink.ResultSinks;
import io.jdtail.engine.sink.ResultTable;
import io.jdtail.engine.sink.SinkRequest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one day's intervals of a continuous job go, for local and remote runs alike: writes an interval's
 * result (already ordered and limited) to the day's outfile (replacing it, or appending, as its {@link Outfile} says), sends it to Graphite (the interval's end as
 * timestamp), and records the interval in {@link JobReports}. A failing sink is an error of that interval only.
 */
final class IntervalOutput implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IntervalOutput.class);

    private final ContinuousJob job;
    private final Optional<Outfile> dayOutfile;
    private final Optional<ResultSink> graphite;
    private final JobReports reports;
    private ResultSink csv;

    /** The output of {@code day}: {@code outfile}'s date placeholders resolved with it. */
    IntervalOutput(ContinuousJob job, Optional<Outfile> outfile, Optional<ResultSink> graphite, JobReports reports,
                   LocalDate day) {
        this.job = job;
        this.dayOutfile = outfile.map(o -> new Outfile(DatePlaceholders.resolve(o.path(), day), o.append()));
        this.graphite = graphite;
        this.reports = reports;
    }

    /** Writes the interval {@code start}..{@code end}; {@code errors} (the interval's problems) is added to. */
    void write(ResultTable table, Instant start, Instant end, List<String> errors) {
        if (dayOutfile.isPresent()) {
            Outfile o = dayOutfile.get();
            try {
                if (csv == null) {
                    csv = ResultSinks.open("csv", new SinkRequest(o.path(), o.append(), sidecarQuery(o), Map.of()));
                }
                csv.write(table);
            } catch (IOException | RuntimeException e) {
                errors.add("outfile " + o.path() + ": " + e.getMessage());
            }
        }
        if (graphite.isPresent()) {
            try {
                graphite.get().write(table);
            } catch (IOException | RuntimeException e) {
                errors.add(e.getMessage());
            }
            errors.addAll(graphite.get().problems());
        }
        reports.record(new JobReports.Run(job.name(), start, Duration.between(start, end), table.rows().size(), errors));
    }

    /** The query for the outfile's sidecar: as written, or (when from {@code Outfile}) as DTail writes it. */
    private String sidecarQuery(Outfile day) {
        return job.outfile().isPresent() ? JobRunner.sidecarQuery(job.query(), day.path()) : job.query();
    }

    @Override
    public void close() {
        if (csv != null) {
            closeQuietly(csv);
        }
    }

    static void closeQuietly(ResultSink sink) {
        try {
            sink.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("closing {}: {}", sink, e.toString());
        }
    }
}
