package ldnn.autograd;

/**
 * Whether ops record themselves on the tape, per thread. Evaluation and optimizer code runs inside
 * {@code try (var ng = GradMode.noGrad()) { ... }}; backward itself always runs without recording.
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {
    }

    /** Whether ops on this thread record nodes for backward now (true unless inside {@link #noGrad()}). */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Turns recording off until the returned scope is closed (scopes nest). */
    public static Scope noGrad() {
        boolean[] flag = ENABLED.get();
        Scope s = new Scope(flag, flag[0]);
        flag[0] = false;
        return s;
    }

    /** Restores the previous mode on close. */
    public static final class Scope implements AutoCloseable {
        private final boolean[] flag;
        private final boolean previous;

        private Scope(boolean[] flag, boolean previous) {
            this.flag = flag;
            this.previous = previous;
        }

        @Override
        public void close() {
            flag[0] = previous;
        }
    }
}
