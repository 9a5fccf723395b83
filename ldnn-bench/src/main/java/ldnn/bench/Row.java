package ldnn.bench;

import java.util.List;

/**
 * One line of a result table: what ldnn achieved, what its peer achieved in the same run, and the
 * judged figure of each round (usually the ratio ldnn/peer, higher is better), with its target.
 *
 * @param rounds the judged figure of each round (peer and ldnn measured back to back); the table shows
 *               and judges their median
 * @param note   an extra figure that explains the result (may be empty)
 * @param extra  the cells of the table's extra columns ({@link Table#extraHeaders}), in order
 */
record Row(String name, String ldnn, String peer, double[] rounds, Target target, String note, List<String> extra) {

    Row {
        extra = List.copyOf(extra);
    }

    Row(String name, String ldnn, String peer, double[] rounds, Target target, String note) {
        this(name, ldnn, peer, rounds, target, note, List.of());
    }

    Row(String name, String ldnn, String peer, double[] rounds, Target target) {
        this(name, ldnn, peer, rounds, target, "");
    }

    /**
     * A target on the judged figure: at least {@code bound} (a ratio) or at most {@code bound} (a cost),
     * and {@code alsoMet}: a second condition judged by the caller (e.g. an absolute size next to a ratio).
     */
    record Target(String text, double bound, boolean atMost, boolean alsoMet) {
        Target(String text, double bound, boolean atMost) {
            this(text, bound, atMost, true);
        }

        static Target atLeast(String text, double bound) {
            return new Target(text, bound, false);
        }

        static Target atMost(String text, double bound) {
            return new Target(text, bound, true);
        }

        /** This target with a second condition that must hold too. */
        Target and(boolean condition) {
            return new Target(text, bound, atMost, alsoMet && condition);
        }

        boolean met(double value) {
            return alsoMet && (atMost ? value <= bound : value >= bound);
        }
    }

    double median() {
        return Measure.median(rounds);
    }

    String verdict() {
        return target == null ? "" : target.met(median()) ? "PASS" : "MISS";
    }
}
