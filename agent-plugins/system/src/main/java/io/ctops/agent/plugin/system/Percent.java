package io.ctops.agent.plugin.system;

/** Percentages as the vitals carry them: 0 to 100, two decimals, so figures compare exactly. */
final class Percent {

    private Percent() {
    }

    /**
     * {@return {@code part} of {@code whole} in percent, rounded to two decimals; 0 when
     * {@code whole} is not positive}
     */
    static double of(double part, double whole) {
        if (whole <= 0) {
            return 0;
        }
        return Math.round(part / whole * 10_000) / 100.0;
    }
}
