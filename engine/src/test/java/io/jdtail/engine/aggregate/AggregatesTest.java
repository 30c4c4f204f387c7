package io.jdtail.engine.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry of aggregate plug-ins: DTail's seven under their wire tags, and clashes refused at load. */
class AggregatesTest {

    private final Aggregates installed = Aggregates.installed();

    @Test
    void dtailsAggregatesKeepTheirWireTags() throws IOException {
        List<String> byTag = new ArrayList<>();
        for (int tag = 1; tag <= 7; tag++) {
            byTag.add(installed.byTag(tag).name());
        }
        assertThat(byTag).containsExactly("count", "sum", "min", "max", "avg", "last", "len");
        assertThat(installed.names()).startsWith("count", "sum", "min", "max", "avg", "last", "len");
        assertThat(installed.bareField().name()).isEqualTo("last");
        assertThat(installed.byName("avg")).containsSame(installed.byTag(5));
        assertThat(installed.byName("median")).isEmpty();
    }

    @Test
    void anUnknownTagIsAnErrorNotAGuess() {
        assertThatThrownBy(() -> installed.byTag(199)).isInstanceOf(IOException.class)
                .hasMessage("unknown aggregate state tag 199");
        assertThatThrownBy(() -> installed.byTag(0)).isInstanceOf(IOException.class);
    }

    /** A plug-in that only has a name and a tag; the registry's checks look at nothing else. */
    private static final class Named extends OneFieldAggregate {
        Named(String name, int tag) {
            super(name, tag, name + "(x)", CountState::new, CountState::read);
        }
    }

    @Test
    void twoPluginsWithOneTagOrOneNameAreRefusedByName() {
        List<Aggregate> dtail = installed.all();
        assertThatThrownBy(() -> Aggregates.of(plus(dtail, new Named("p99", 2))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("aggregates 'sum' (io.jdtail.engine.aggregate.SumAggregate) and 'p99' (")
                .hasMessageEndingWith(") both have wire tag 2");
        assertThatThrownBy(() -> Aggregates.of(plus(dtail, new Named("avg", 40))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith(" are both called 'avg'");
        assertThatThrownBy(() -> Aggregates.of(plus(dtail, new Named("p99", 256))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith(" has wire tag 256, expected 1 to 255");
        assertThatThrownBy(() -> Aggregates.of(plus(dtail, new Named("P99", 40))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith(" has the name 'P99', expected lower-case letters, digits and '_'");
        assertThatThrownBy(() -> Aggregates.of(dtail.stream().filter(a -> !a.meansBareField()).toList()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("no aggregate for bare selected fields");
    }

    @Test
    void aNewPluginIsFoundByNameAndTagAndListedByItsTag() throws IOException {
        Aggregate p98 = new Named("p98", 40);
        Aggregates registry = Aggregates.of(plus(installed.all(), p98));
        assertThat(registry.byName("p98")).containsSame(p98);
        assertThat(registry.byTag(40)).isSameAs(p98);
        assertThat(registry.names()).containsSubsequence("len", "p98");
    }

    private static List<Aggregate> plus(List<Aggregate> all, Aggregate one) {
        List<Aggregate> list = new ArrayList<>(all);
        list.add(one);
        return list;
    }
}
