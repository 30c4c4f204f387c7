package io.jdtail.sink.csv;

import io.jdtail.engine.sink.ResultSink;
import io.jdtail.engine.sink.ResultSinkProvider;
import io.jdtail.engine.sink.SinkRequest;
import java.io.IOException;

/**
 * The {@code csv} result sink: {@code outfile "PATH"} (atomic replace on every result) and
 * {@code outfile append "PATH"} (rows appended). See {@link CsvResultSink}.
 */
public final class CsvResultSinkProvider implements ResultSinkProvider {

    @Override
    public String name() {
        return "csv";
    }

    @Override
    public ResultSink open(SinkRequest request) throws IOException {
        return CsvResultSink.open(request.target(), request.append(), request.queryText());
    }
}
