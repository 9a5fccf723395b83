package ldnn.experiments;

/**
 * How to run an experiment.
 *
 * @param quick       the seconds-long sanity version instead of the full run
 * @param seed        seeds every generator (data, initialization, batch order)
 * @param budgetScale multiplies the full run's budgets: examples, steps, epoch caps (1 = as documented)
 * @param data        where the named data sets come from
 */
public record Settings(boolean quick, long seed, double budgetScale, ExperimentData data) {

    public Settings {
        if (!(budgetScale > 0) || Double.isInfinite(budgetScale)) {
            throw new IllegalArgumentException("budget scale must be > 0, got " + budgetScale);
        }
        if (data == null) {
            throw new IllegalArgumentException("settings: data access is required");
        }
    }

    /** The quick version with the standard data locations. */
    public static Settings quick(long seed) {
        return new Settings(true, seed, 1, ExperimentData.standard());
    }

    /** The full version with the standard data locations. */
    public static Settings full(long seed, double budgetScale) {
        return new Settings(false, seed, budgetScale, ExperimentData.standard());
    }

    /** A budget (steps, examples) for this run: the quick or the full value, the latter times the scale. */
    public long budget(long quickValue, long fullValue) {
        return quick ? quickValue : Math.max(1, Math.round(fullValue * budgetScale));
    }

    /** The quick or the full value of a setting that does not scale (a width, a list length). */
    public int pick(int quickValue, int fullValue) {
        return quick ? quickValue : fullValue;
    }
}
