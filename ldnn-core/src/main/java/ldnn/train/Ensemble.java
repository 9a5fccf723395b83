package ldnn.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;
import ldnn.autograd.GradMode;
import ldnn.backend.Blas;
import ldnn.data.Batch;
import ldnn.data.BatchSource;
import ldnn.data.ImageAugmenter;
import ldnn.nn.Loss;
import ldnn.nn.Module;
import ldnn.tensor.Tensor;

/**
 * Recipe point 13: train k nets that differ only in their seed (initialization, dropout masks, batch
 * order) on the same training/validation split, and predict with the average of their probabilities.
 * Members train in parallel when there are cores to spare (each then uses one BLAS thread).
 * <p>
 * With {@link #withMirrorAveraging} the average also runs over each image and its mirror image
 * (test-time augmentation for nets trained with flips); an "ensemble" of one net then means that alone.
 */
public final class Ensemble {
    private final List<Module> members;
    private final List<TrainResult> results;
    private final List<Long> seeds;
    private final boolean mirror;

    private Ensemble(List<Module> members, List<TrainResult> results, List<Long> seeds, boolean mirror) {
        this.members = members;
        this.results = results;
        this.seeds = seeds;
        this.mirror = mirror;
    }

    /** An ensemble of models trained elsewhere, without their results. */
    public static Ensemble of(List<Module> members) {
        return new Ensemble(List.copyOf(members), List.of(), List.of(), false);
    }

    /** Members trained elsewhere (one per Spark task, say), with their results and seeds, in member order. */
    public static Ensemble of(List<? extends Module> members, List<TrainResult> results, List<Long> seeds) {
        if (members.size() != results.size() || members.size() != seeds.size()) {
            throw new IllegalArgumentException("ensemble: expected one result and one seed per member, got "
                    + members.size() + " members, " + results.size() + " results, " + seeds.size() + " seeds");
        }
        return new Ensemble(List.copyOf(members), List.copyOf(results), List.copyOf(seeds), false);
    }

    /**
     * Trains {@code k} members one after another or {@code parallel} at a time, each from its own seed, and
     * returns them as an ensemble whose predictions average the members'.
     *
     * @param k        number of members
     * @param factory  builds a fresh (uninitialized) model
     * @param base     the configuration; member i uses seed base.seed + i
     * @param dataFor  the training data for a member's configuration (same split, member's shuffle seed)
     * @param parallel how many members train at once (1 = one after another)
     */
    public static Ensemble train(int k, Supplier<Module> factory, Supplier<TrainConfig> base,
                                 Function<TrainConfig, TrainingData> dataFor, int parallel, PrintStream out) {
        return train(k, factory, base, dataFor, parallel, out, null, (cfg, cp) -> cp);
    }

    /**
     * Like {@link #train(int, Supplier, Supplier, Function, int, PrintStream)}, with each member recorded in a
     * run folder of its own ({@code folders.apply(i)}: metrics, a checkpoint every epoch), so that a killed
     * ensemble continues each member from its checkpoint instead of starting over. A member whose folder
     * holds its last checkpoint is not trained again.
     *
     * @param folders member i's folder (null: members are kept in memory only)
     * @param session what a resumed member continues from, given its config (a new budget may change both)
     */
    public static Ensemble train(int k, Supplier<Module> factory, Supplier<TrainConfig> base,
                                 Function<TrainConfig, TrainingData> dataFor, int parallel, PrintStream out,
                                 java.util.function.IntFunction<java.nio.file.Path> folders,
                                 java.util.function.BiFunction<TrainConfig, Checkpoint, Checkpoint> session) {
        if (k < 1) {
            throw new IllegalArgumentException("ensemble: need at least 1 member, got " + k);
        }
        int threads = Math.max(1, Math.min(parallel, k));
        Blas blas = Blas.get();
        int blasThreads = blas.threads();
        if (threads > 1) {
            blas.setThreads(1);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Trained>> futures = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                int member = i;
                futures.add(pool.submit(() -> {
                    TrainConfig cfg = base.get();
                    cfg.seed(cfg.seed() + member).progress(true);
                    Module m = factory.get();
                    PrintStream p = prefixed(out, "[member " + (member + 1) + "/" + k + "] ");
                    Trainer t = new Trainer(m, cfg, p);
                    Checkpoint cp = null;
                    if (folders != null) {
                        RunFolder folder = new RunFolder(folders.apply(member), null);
                        cp = folder.lastCheckpoint();
                        if (cp == null) {
                            folder.startOver();
                        } else {
                            cp = session.apply(cfg, cp);
                        }
                        t.recorder(folder);
                    }
                    TrainResult r = t.fit(dataFor.apply(cfg), cp);
                    return new Trained(m, r);
                }));
            }
            List<Module> models = new ArrayList<>();
            List<TrainResult> results = new ArrayList<>();
            for (Future<Trained> f : futures) {
                Trained t = f.get();
                models.add(t.model());
                results.add(t.result());
            }
            long first = base.get().seed();
            return new Ensemble(models, results, java.util.stream.LongStream.range(first, first + k).boxed().toList(), false);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException re ? re : new IllegalStateException(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("ensemble training interrupted", e);
        } finally {
            pool.shutdownNow();
            blas.setThreads(blasThreads);
        }
    }

    /** A trained member and how its training went. */
    private record Trained(Module model, TrainResult result) {
    }

    /** Every line printed to the result goes to {@code out} with {@code prefix} before it (null: nowhere). */
    public static PrintStream prefixed(PrintStream out, String prefix) {
        if (out == null) {
            return new PrintStream(java.io.OutputStream.nullOutputStream());
        }
        return new PrintStream(new java.io.OutputStream() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void write(int b) {
                if (b == '\n') {
                    synchronized (out) {
                        out.println(prefix + line);
                    }
                    line.setLength(0);
                } else if (b != '\r') {
                    line.append((char) b);
                }
            }
        }, true);
    }

    /**
     * The same members, predicting with the average over each image [n, c, h, w] and its left-right
     * mirror image when on.
     */
    public Ensemble withMirrorAveraging(boolean on) {
        return new Ensemble(members, results, seeds, on);
    }

    /** The seed of each member, for trained ensembles (empty for {@link #of}). */
    public List<Long> seeds() {
        return seeds;
    }

    /**
     * A member's checklist with what predicting this way adds: recipe point 13 when there are several
     * members, and the note on point 11 with mirror averaging.
     */
    public RecipeChecklist checklist(RecipeChecklist member) {
        RecipeChecklist c = member;
        if (members.size() > 1) {
            String which = seeds.isEmpty() ? "" : " (seeds " + seeds.getFirst() + ".." + seeds.getLast() + ")";
            c = c.with(new RecipeChecklist.Item(RecipePoint.ENSEMBLE, RecipeChecklist.Status.APPLIED,
                    members.size() + " nets" + which + ", probabilities averaged"));
        }
        return mirror ? c.withNote(RecipePoint.AUGMENTATION, "test predictions average each image and its mirror image") : c;
    }

    /** Whether predictions average each image and its mirror image. */
    public boolean mirrorAveraging() {
        return mirror;
    }

    /** The member models, in order. */
    public List<Module> members() {
        return members;
    }

    /** Each member's training result (empty when the members were trained elsewhere). */
    public List<TrainResult> results() {
        return results;
    }

    /**
     * The members' averaged prediction: mean of softmax probabilities for classification, of outputs
     * otherwise (over the members, and over each image and its mirror image with mirror averaging).
     */
    public Tensor predict(Tensor x, Loss loss) {
        if (mirror && x.rank() != 4) {
            throw new IllegalArgumentException("mirror averaging needs images [n, c, h, w], got input of shape "
                    + java.util.Arrays.toString(x.shape()));
        }
        List<Tensor> views = mirror ? List.of(x, ImageAugmenter.mirror(x)) : List.of(x);
        try (var ng = GradMode.noGrad()) {
            Tensor sum = null;
            for (Module m : members) {
                boolean was = m.isTraining();
                m.eval();
                for (Tensor v : views) {
                    m.resetState();
                    Tensor y = m.forward(v);
                    Tensor p = loss == Loss.CROSS_ENTROPY ? y.softmax() : loss == Loss.BCE_WITH_LOGITS ? y.sigmoid() : y;
                    sum = sum == null ? p : sum.add(p);
                }
                m.train(was);
            }
            return sum.div(members.size() * views.size());
        }
    }

    /** The ensemble's loss and error next to each member's. */
    public record Report(Evaluation ensemble, List<Evaluation> members) {
        /** The members' mean error. */
        public double meanMemberError() {
            return members.stream().mapToDouble(Evaluation::error).average().orElse(Double.NaN);
        }

        /** The best member's error. */
        public double bestMemberError() {
            return members.stream().mapToDouble(Evaluation::error).min().orElse(Double.NaN);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < members.size(); i++) {
                sb.append(String.format(Locale.ROOT, "member %2d: error %.2f%%  loss %.4f%n", i + 1,
                        100 * members.get(i).error(), members.get(i).loss()));
            }
            sb.append(String.format(Locale.ROOT, "mean member error %.2f%%, best %.2f%%, ensemble of %d: %.2f%% (loss %.4f)",
                    100 * meanMemberError(), 100 * bestMemberError(), members.size(), 100 * ensemble.error(), ensemble.loss()));
            return sb.toString();
        }
    }

    /**
     * Evaluates every member and the averaged ensemble on a classification source; with mirror averaging
     * each member is evaluated the same way (on each image and its mirror image), so the two compare.
     */
    public Report evaluate(BatchSource source) {
        List<Evaluation> each = new ArrayList<>();
        for (Module m : members) {
            each.add(mirror ? new Ensemble(List.of(m), List.of(), List.of(), true).averaged(source)
                    : Evaluator.of(m, source, Loss.CROSS_ENTROPY));
        }
        return new Report(averaged(source), each);
    }

    /** The averaged prediction's cross-entropy and error on a classification source. */
    public Evaluation averaged(BatchSource source) {
        return Evaluator.ofProbabilities(source, x -> predict(x, Loss.CROSS_ENTROPY));
    }
}
