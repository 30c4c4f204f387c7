package io.jdtail.engine.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

class ExactSumProperties {

    /** The value is the exact sum rounded once, so it equals BigDecimal arithmetic, in any order. */
    @Property(tries = 500)
    void valueIsTheCorrectlyRoundedExactSumInAnyOrder(@ForAll @Size(max = 200) List<@DoubleRange(min = -1e12, max = 1e12) Double> values,
                                                      @ForAll long seed) {
        BigDecimal exact = BigDecimal.ZERO;
        for (double v : values) {
            exact = exact.add(new BigDecimal(v));
        }
        List<Double> shuffled = new ArrayList<>(values);
        Collections.shuffle(shuffled, new Random(seed));
        ExactSum a = new ExactSum();
        values.forEach(a::add);
        ExactSum left = new ExactSum();
        ExactSum right = new ExactSum();
        for (int i = 0; i < shuffled.size(); i++) {
            (i % 3 == 0 ? left : right).add(shuffled.get(i));
        }
        right.add(left);
        assertThat(a.value()).isEqualTo(exact.doubleValue());
        assertThat(right.value()).isEqualTo(a.value());
    }
}
