package io.jdtail.engine.execution;

import io.jdtail.engine.operator.GrepContext;
import io.jdtail.engine.operator.LineFilter;
import io.jdtail.engine.plan.ContextNode;
import io.jdtail.engine.plan.ServerPlan;
import io.jdtail.engine.source.Decoding;
import io.jdtail.engine.source.LineHandler;
import io.jdtail.engine.source.LineReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a read-once plan without aggregation (cat, grep): each file in turn, its lines through
 * the optional filter and grep's context rules, to the emitter. {@code dcat} is the plan with no
 * filter and no context, and costs only the line split.
 */
public final class ReadRunner {

    private final ServerPlan plan;
    /** Compiled once per run (the regex and its literal search), used for every file in turn. */
    private final LineFilter filter;

    public ReadRunner(ServerPlan plan) {
        if (plan.aggregation().isPresent()) {
            throw new IllegalArgumentException("a map-reduce plan runs in AggregationRunner");
        }
        this.plan = plan;
        this.filter = plan.filter().map(LineFilter::compile).orElse(null);
    }

    public void run(List<Path> files, LineEmitter emitter) {
        GrepContext.Separators separators = new GrepContext.Separators(plan.context());
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                emitter.problem(file + ": cannot read the file (permission denied or gone)");
                continue;
            }
            try (InputStream in = Decoding.of(file).open(file)) {
                read(in, file.toString(), emitter, separators);
            } catch (IOException | RuntimeException e) {
                emitter.problem(file + ": " + AggregationRunner.describe(e));
            }
        }
    }

    /** Reads one stream, e.g. stdin, shown under {@code name}. */
    public void run(InputStream in, String name, LineEmitter emitter) {
        try {
            read(in, name, emitter, new GrepContext.Separators(plan.context()));
        } catch (IOException | RuntimeException e) {
            emitter.problem(name + ": " + AggregationRunner.describe(e));
        }
    }

    private void read(InputStream in, String name, LineEmitter emitter, GrepContext.Separators separators) throws IOException {
        ContextNode context = plan.context();
        GrepContext grep = context.isNone() ? null : new GrepContext(context, emitter, name, separators);
        // cat reproduces its input byte for byte; grep, like GNU grep, ends every line it shows
        boolean grepMode = filter != null || !context.isNone();
        LineReader reader = new LineReader(plan.source().maxLineLength());
        boolean prefilter = filter != null && filter.prefilters() && grep == null;
        try {
            reader.readAll(in, 0, new LineHandler() {
                private long number = 1;
                private long consumed;

                @Override
                public void line(byte[] buf, int off, int len, long offset, boolean terminatedInInput) {
                    boolean terminated = terminatedInInput || grepMode;
                    boolean selected = filter == null || filter.selects(buf, off, len);
                    if (grep != null) {
                        if (!grep.line(number, buf, off, len, terminated, selected)) {
                            throw StopReading.INSTANCE;
                        }
                    } else if (selected) {
                        emitter.line(name, number, buf, off, len, terminated);
                    }
                    if (terminatedInInput) {
                        number++;
                    }
                }

                @Override
                public void endOfBuffer(long bytesConsumed) {
                    emitter.progress(bytesConsumed - consumed);
                    consumed = bytesConsumed;
                }

                @Override
                public boolean prefilters() {
                    return prefilter;
                }

                @Override
                public int nextCandidate(byte[] buf, int from, int to) {
                    return filter.nextCandidate(buf, from, to);
                }

                @Override
                public boolean countsSkippedLines() {
                    return emitter.wantsLineNumbers();
                }

                @Override
                public void skipped(int lines) {
                    number += lines;
                }
            });
        } catch (StopReading stop) {
            // --max reached: the rest of this file is not needed
        }
    }

    /** Ends a read early; preallocated and without a stack trace, as it is control flow. */
    static final class StopReading extends RuntimeException {
        static final StopReading INSTANCE = new StopReading();

        private StopReading() {
            super(null, null, false, false);
        }
    }
}
