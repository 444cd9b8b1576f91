package org.gmdb.bench;

/** The job server's targets, as conditions on the ratio ours/gearmand (or on ours alone). */
enum Goal {
    FASTER("ratio >= 1.5"),
    NO_SLOWER("ratio <= 1.0"),
    HALF_MEMORY("ratio <= 0.5"),
    FLAT("ours >= 0.80"),
    NONE("");

    final String text;

    Goal(String text) {
        this.text = text;
    }

    /** Whether ours, or the ratio ours/gearmand, meets the target; false when the figure it needs is NaN. */
    boolean met(double ours, double ratio) {
        return switch (this) {
            case FASTER -> ratio >= 1.5;
            case NO_SLOWER -> ratio <= 1.0;
            case HALF_MEMORY -> ratio <= 0.5;
            case FLAT -> ours >= 0.80;
            case NONE -> true;
        };
    }

    /** Whether the target looks at ours alone rather than at the ratio. */
    boolean onOursAlone() {
        return this == FLAT;
    }
}
