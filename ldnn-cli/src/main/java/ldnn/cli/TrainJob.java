package ldnn.cli;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import ldnn.data.DataSource;
import ldnn.data.ShardedBatches;
import ldnn.io.AtomicFiles;
import ldnn.nn.Module;
import ldnn.nn.Sequential;
import ldnn.tensor.Tensor;
import ldnn.train.Checkpoint;
import ldnn.train.CheckpointFile;
import ldnn.train.GradientExchange;
import ldnn.train.RunFiles;
import ldnn.train.RunFolder;
import ldnn.train.TrainConfig;
import ldnn.train.TrainResult;
import ldnn.train.Trainer;
import ldnn.train.TrainingData;
import picocli.CommandLine;

/**
 * One `ldnn train` run as a cluster's tasks see it: the command's arguments, the run folder and the
 * data, all absolute, so any task on any machine that sees the same paths rebuilds the same split,
 * preprocessing and model. {@link #trainMember} and {@link #trainWorker} are what a Spark task calls;
 * both checkpoint into the run folder every epoch and continue from there when a task is retried.
 *
 * @param arguments the train command's own arguments, as given
 * @param runDir    the run folder (absolute; shared by the cluster)
 * @param data      the DATA argument, absolute (or a named data set)
 * @param quiet     no progress lines
 * @param epochs    `ldnn resume --epochs`: a new maximum (null: as the arguments say)
 * @param time      `ldnn resume --time`: a new budget for this session (null: as the arguments say, less what a
 *                  lost task already spent)
 */
public record TrainJob(List<String> arguments, String runDir, String data, boolean quiet, Integer epochs, String time)
        implements Serializable {
    /** The run folder's subfolder with one folder per ensemble member. */
    public static final String MEMBERS = "members";
    /** A finished member's weights and result, so a retried task that finds it does not train again. */
    static final String TRAINED = "trained.bin";

    public TrainJob {
        arguments = List.copyOf(arguments);
    }

    /** A trained net: its (best) weights by parameter name, how training went, and a checksum of the weights. */
    public record Trained(LinkedHashMap<String, float[]> weights, TrainResult result, long checksum)
            implements Serializable {
        static Trained of(Module m, TrainResult r) {
            LinkedHashMap<String, float[]> w = new LinkedHashMap<>();
            m.state().forEach((k, t) -> w.put(k, t.toArray()));
            return new Trained(w, r, checksum(w));
        }

        /** CRC32 over the weights' float bits, in parameter order (equal checksums: bit-identical nets, almost surely). */
        public static long checksum(Map<String, float[]> weights) {
            CRC32 crc = new CRC32();
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4);
            for (var e : weights.entrySet()) {
                crc.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                for (float v : e.getValue()) {
                    b.clear();
                    b.putInt(Float.floatToRawIntBits(v));
                    crc.update(b.array());
                }
            }
            return crc.getValue();
        }

        /** Loads these weights into a net of the same architecture. */
        public void loadInto(Module m) {
            Map<String, Tensor> values = new LinkedHashMap<>();
            m.state().forEach((k, t) -> {
                float[] v = weights.get(k);
                if (v == null || v.length != t.numel()) {
                    throw new IllegalStateException("trained weights: parameter " + k + " expected " + t.numel()
                            + " values, found " + (v == null ? "none" : v.length));
                }
                values.put(k, Tensor.of(v.clone(), t.shape()));
            });
            m.loadState(values);
        }
    }

    /** The folder of ensemble member {@code member} (0-based; folders are numbered from 1). */
    public Path memberDir(int member) {
        return memberDir(Path.of(runDir, MEMBERS), member);
    }

    /** Member {@code member}'s folder (0-based; folders are numbered from 1) in the members folder. */
    static Path memberDir(Path members, int member) {
        return members.resolve(String.format(java.util.Locale.ROOT, "member-%02d", member + 1));
    }

    /**
     * Trains ensemble member {@code member} exactly as the local `--ensemble` does (seed + member, same
     * split and preprocessing), checkpointing into {@link #memberDir}; continues from the checkpoint
     * there (with what is left of the time budget) when a task before this one was lost.
     */
    public Trained trainMember(int member, int k, PrintStream out) throws IOException {
        Path dir = memberDir(member);
        // (a resume with a new budget continues even a finished member from its last checkpoint)
        Trained done = epochs == null && time == null ? readTrained(dir) : null;
        if (done != null) {
            say(out, "member " + (member + 1) + "/" + k + " was trained by an earlier task: " + dir);
            return done;
        }
        Setup s = setup();
        TrainConfig cfg = s.run.config(false);
        cfg.seed(cfg.seed() + member).progress(!quiet);
        Checkpoint cp = s.run.forSession(cfg, checkpoint(dir));
        Sequential m = s.p.factory().get();
        TrainResult r = new Trainer(m, cfg, out).recorder(new RunFolder(dir, null)).fit(s.p.dataFor().apply(cfg), cp);
        Trained t = Trained.of(m, r);
        writeTrained(dir, t);
        return t;
    }

    /**
     * Worker {@code x.rank()} of a data-parallel run: trains on its shard of every global batch, with the
     * gradients summed across the workers every step. Worker 0 writes the run folder (metrics and a
     * checkpoint every epoch); every worker continues from that checkpoint when the stage is retried.
     */
    public Trained trainWorker(GradientExchange x, PrintStream out) throws IOException {
        Setup s = setup();
        TrainConfig cfg = s.run.config(s.p.text()); // (a character model's defaults: clipping, its batch)
        cfg.progress(!quiet && x.rank() == 0);
        Path dir = Path.of(runDir);
        Checkpoint cp = s.run.forSession(cfg, checkpoint(dir));
        TrainingData whole = s.p.dataFor().apply(cfg);
        TrainingData mine = new TrainingData(new ShardedBatches(whole.train(), x.rank(), x.workers()), whole.validation(),
                whole.validationNote(), whole.preprocessor(), whole.augmenter());
        Sequential m = s.p.factory().get();
        Trainer t = new Trainer(m, cfg, x.rank() == 0 ? out : new PrintStream(java.io.OutputStream.nullOutputStream()))
                .dataParallel(x);
        if (x.rank() == 0) {
            t.recorder(new RunFolder(dir, s.run.launchOf(s.data, s.p)));
        }
        return Trained.of(m, t.fit(mine, cp));
    }

    /** The run as the train command would prepare it: data loaded, split, preprocessing fitted, model built. */
    private Setup setup() {
        TrainCommand train = new TrainCommand();
        CommandLine cl = new CommandLine(train);
        cl.parseArgs(arguments.toArray(String[]::new));
        train.data = data;
        train.run = Path.of(runDir);
        train.quiet |= quiet;
        TrainingRun run = new TrainingRun(train, cl.getParseResult(), arguments,
                new PrintWriter(java.io.OutputStream.nullOutputStream())).budget(epochs, time);
        TrainConfig cfg = run.config(DataSource.isText(data));
        DataSource d = DataArgument.load(data, train.testFraction, cfg.seed(), train.label,
                train.delimiter, train.test == null ? null : train.test.toAbsolutePath());
        return new Setup(run, d, run.prepare(d, cfg));
    }

    private record Setup(TrainingRun run, DataSource data, TrainingRun.Prepared p) {
    }

    private static Checkpoint checkpoint(Path dir) throws IOException {
        Path f = dir.resolve(RunFiles.CHECKPOINT);
        return Files.isRegularFile(f) ? CheckpointFile.read(f) : null;
    }

    private static Trained readTrained(Path dir) throws IOException {
        Path f = dir.resolve(TRAINED);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(f))) {
            return (Trained) in.readObject();
        } catch (ClassNotFoundException | ClassCastException | java.io.InvalidClassException e) {
            return null; // written by another version: train again
        }
    }

    private static void writeTrained(Path dir, Trained t) throws IOException {
        AtomicFiles.write(dir.resolve(TRAINED), os -> {
            ObjectOutputStream o = new ObjectOutputStream(os);
            o.writeObject(t);
            o.flush();
        });
    }

    private void say(PrintStream out, String line) {
        if (!quiet && out != null) {
            out.println(line);
        }
    }
}
