package ldnn.train;

import java.util.List;
import java.util.function.Function;
import ldnn.nn.Init;

/** What a monitor tells the trainer to do next. */
public sealed interface Decision {
    /** Go on. */
    Decision CONTINUE = new Continue();
    /** Leave this batch out: the monitor has already put the run back where it should be. */
    Decision SKIP = new Skip();

    /** Asks every monitor (each hook runs); the first decision other than CONTINUE wins. */
    static Decision ask(List<? extends Monitor> monitors, Function<Monitor, Decision> hook) {
        Decision d = CONTINUE;
        for (Monitor m : monitors) {
            Decision mine = hook.apply(m);
            if (d == CONTINUE) {
                d = mine;
            }
        }
        return d;
    }

    /** The decision to go on ({@link #CONTINUE}). */
    record Continue() implements Decision {
    }

    /** The decision to leave the batch out ({@link #SKIP}). */
    record Skip() implements Decision {
    }

    /** End training after this step, with the reason (printed and saved). */
    record Stop(String reason) implements Decision {
    }

    /**
     * Start training again from freshly initialized weights: with this init (seeded by the attempt
     * number) and this starting LR.
     */
    record Restart(Init init, double lr, int attempt) implements Decision {
    }
}
