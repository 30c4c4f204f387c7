package io.jdtail.engine.aggregate;

/** {@code count(field)}: rows in which the field is present; {@code count(*)} counts rows. */
public final class CountAggregate extends OneFieldAggregate {

    public CountAggregate() {
        super("count", 1, "count(*) or count($line)", CountState::new, CountState::read);
    }
}
