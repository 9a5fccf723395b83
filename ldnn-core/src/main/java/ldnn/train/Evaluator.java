package ldnn.train;

import java.util.function.UnaryOperator;
import ldnn.autograd.GradMode;
import ldnn.backend.Workspace;
import ldnn.data.Batch;
import ldnn.data.BatchSource;
import ldnn.nn.Loss;
import ldnn.nn.Module;
import ldnn.tensor.Tensor;

/**
 * The one evaluation loop: loss and error over every batch of a source, with nothing recorded for
 * backward. What is scored is either a model's output under its loss, or class probabilities from
 * anywhere (an ensemble's average, mirror views, dropout masks).
 */
public final class Evaluator {
    private static final ThreadLocal<Workspace> EVAL_MEMORY = ThreadLocal.withInitial(Workspace::new);

    private Evaluator() {
    }

    /** What one batch adds: the summed loss, wrong and counted predictions, and the predictions it weighs. */
    private record Score(double lossSum, long wrong, long counted, long predictions) {
    }

    private interface Scorer {
        Score score(Batch b);
    }

    /**
     * Loss and error of a model in evaluation mode (recurrent state cleared before and after). The loss is
     * the mean over predictions: over examples, or over characters for a sequence model.
     */
    public static Evaluation of(Module model, BatchSource source, Loss loss) {
        boolean was = model.isTraining();
        model.eval();
        model.resetState();
        try {
            return loop(source, b -> {
                Tensor out = model.forward(b.x());
                // weight each batch by its predictions (rows x time steps for sequences), not its rows
                long predictions = b.labels() != null ? b.labels().numel() : b.size();
                long[] e = loss.errors(out, b.labels(), b.targets());
                return new Score(loss.compute(out, b.labels(), b.targets()).item() * predictions, e[0], e[1], predictions);
            });
        } finally {
            model.resetState();
            model.train(was);
        }
    }

    /**
     * Cross-entropy and error of class probabilities [batch, classes] on a labelled source; the
     * probabilities of each batch's inputs come from {@code probabilities}.
     */
    public static Evaluation ofProbabilities(BatchSource source, UnaryOperator<Tensor> probabilities) {
        return loop(source, b -> {
            Tensor p = probabilities.apply(b.x());
            int[] pred = p.argmax().data(), labels = b.labels().data();
            int c = p.size(-1);
            float[] pd = p.toArray();
            double lossSum = 0;
            long wrong = 0;
            for (int i = 0; i < labels.length; i++) {
                lossSum -= Math.log(Math.max(pd[i * c + labels[i]], 1e-30f));
                wrong += pred[i] != labels[i] ? 1 : 0;
            }
            return new Score(lossSum, wrong, labels.length, labels.length);
        });
    }

    @SuppressWarnings("try") // the scope is used for its effect: no graph is recorded
    private static Evaluation loop(BatchSource source, Scorer scorer) {
        double lossSum = 0;
        long n = 0, wrong = 0, counted = 0;
        // each batch's activations are the previous batch's memory, on this thread from one evaluation to
        // the next (a Score holds numbers only); an evaluation inside another gets a workspace of its own
        Workspace ws = EVAL_MEMORY.get();
        if (Workspace.active() == ws) {
            ws = new Workspace();
        }
        try (var ng = GradMode.noGrad(); BatchSource.Batches it = source.epoch(0)) {
            while (it.hasNext()) {
                Batch b = it.next();
                ws.recycle();
                Score s;
                try (var active = ws.activate()) {
                    s = scorer.score(b);
                }
                if (n == 0) {
                    ldnn.io.FaultPoints.reachUnchecked("evaluate");
                }
                lossSum += s.lossSum();
                wrong += s.wrong();
                counted += s.counted();
                n += s.predictions();
            }
        }
        return new Evaluation(n == 0 ? Double.NaN : lossSum / n, counted == 0 ? Double.NaN : (double) wrong / counted, n);
    }
}
