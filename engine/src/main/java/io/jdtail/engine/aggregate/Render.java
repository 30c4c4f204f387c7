package io.jdtail.engine.aggregate;

import io.jdtail.engine.sink.ResultTable.Cell;

/** Number rendering shared by tables and CSV: six decimals, as DTail writes them. */
final class Render {

    private Render() {
    }

    static Cell decimal(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return new Cell(Double.toString(v), v);
        }
        return new Cell(ExactDecimal.sixDecimals(v), v);
    }
}
