package ldnn.bench;

/**
 * One line of a result table: what ldnn achieved, what its peer achieved in the same run, and the
 * judged figure of each round (usually the ratio ldnn/peer, higher is better), with its target.
 *
 * @param rounds the judged figure of each round (peer and ldnn measured back to back); the table shows
 *               and judges their median
 * @param note   an extra figure that explains the result (may be empty)
 */
record Row(String name, String ldnn, String peer, double[] rounds, Target target, String note) {

    Row(String name, String ldnn, String peer, double[] rounds, Target target) {
        this(name, ldnn, peer, rounds, target, "");
    }

    /** A target on the judged figure: at least {@code bound} (a ratio) or at most {@code bound} (a cost). */
    record Target(String text, double bound, boolean atMost) {
        static Target atLeast(String text, double bound) {
            return new Target(text, bound, false);
        }

        static Target atMost(String text, double bound) {
            return new Target(text, bound, true);
        }

        boolean met(double value) {
            return atMost ? value <= bound : value >= bound;
        }
    }

    double median() {
        return Measure.median(rounds);
    }

    String verdict() {
        return target == null ? "" : target.met(median()) ? "PASS" : "MISS";
    }
}
