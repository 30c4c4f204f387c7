package io.jdtail.config;

/**
 * A schedule's {@code TimeRange [fromHour, toHour]}: the job may run while
 * {@code fromHour <= hour < toHour} (local time), as in DTail. {@code 0 <= fromHour < toHour <= 24}.
 */
public record TimeRange(int fromHour, int toHour) {

    public TimeRange {
        if (fromHour < 0 || toHour > 24 || fromHour >= toHour) {
            throw new IllegalArgumentException("invalid time range [" + fromHour + "," + toHour + "]");
        }
    }

    public boolean contains(int hourOfDay) {
        return hourOfDay >= fromHour && hourOfDay < toHour;
    }
}
