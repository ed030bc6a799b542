package ai.deepj.train;

import java.io.Flushable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Shows training progress, as a {@link Callback}. On a terminal one line is redrawn in place with
 * {@code \r} (at most every 100 ms, and always for the first and last batch):
 * <pre>
 * epoch 3/10  batch 17/94  ETA 0:12  loss 0.4321  accuracy 0.8750
 * </pre>
 * and replaced at the end of the epoch by its summary (batches trained, seconds, the epoch's row), which stays:
 * <pre>
 * epoch 3/10  94/94  4.2s  train_loss 0.4321  train_accuracy 0.8750  dev_loss 0.5012  dev_accuracy 0.8400  lr 0.0100
 * </pre>
 * Elsewhere (a log file, a pipe) it prints plain lines: the epoch summaries, and for long epochs a batch
 * line every {@code n} batches (by default every tenth of an epoch when it has 100 batches or more).
 * Events (start, resume, stop, hyperparameter changes; not checkpoints) are printed as
 * {@code [kind] message}. The running loss is the mean cost of the epoch's batches so far; the main
 * metric is the first metric given to the trainer unless {@link #withMainMetric} names another.
 *
 * <p>Numbers are printed with 4 decimals, or as {@code 1.234e-05} when small or large. The text goes
 * to any {@link Appendable}, so tests check it exactly (with {@link #withClock} for the times).
 *
 * {@snippet :
 * Trainer.builder()...progress(Progress.lines(System.out).withBatchLinesEvery(50))...
 * }
 */
public final class Progress implements Callback {
    private static final long REDRAW_NANOS = 100_000_000L;

    private final Appendable out;
    private final boolean terminal;
    private final int batchLinesEvery;
    private final LongSupplier clock;
    private final String mainMetric;

    private long epochStart;
    private int epochFirstBatch;
    private int done;
    private long lastDraw;
    private boolean drawn;
    private int lineLength;

    private Progress(Appendable out, boolean terminal, int batchLinesEvery, LongSupplier clock, String mainMetric) {
        if (out == null) throw new IllegalArgumentException("Progress: out must not be null");
        this.out = out;
        this.terminal = terminal;
        this.batchLinesEvery = batchLinesEvery;
        this.clock = clock;
        this.mainMetric = mainMetric;
    }

    /**
     * A redrawn line if this process writes to a terminal
     * ({@code System.console() != null && System.console().isTerminal()}), plain lines otherwise.
     */
    public static Progress auto(PrintStream out) {
        java.io.Console console = System.console();
        boolean tty = console != null && console.isTerminal();
        return new Progress(out, tty, -1, System::nanoTime, null);
    }

    /** A line redrawn with {@code \r}, whatever {@code out} is. */
    public static Progress terminal(Appendable out) {
        return new Progress(out, true, -1, System::nanoTime, null);
    }

    /** Plain lines, whatever {@code out} is. */
    public static Progress lines(Appendable out) {
        return new Progress(out, false, -1, System::nanoTime, null);
    }

    /** Same display with plain batch lines every {@code n} batches (0: epoch lines only; has no effect on a terminal). */
    public Progress withBatchLinesEvery(int n) {
        if (n < 0) throw new IllegalArgumentException("Progress: batch lines every n >= 0 batches, got " + n);
        return new Progress(out, terminal, n, clock, mainMetric);
    }

    /** Same display timed by {@code nanoTime} (for tests; default {@link System#nanoTime}). */
    public Progress withClock(LongSupplier nanoTime) {
        return new Progress(out, terminal, batchLinesEvery, nanoTime, mainMetric);
    }

    /** Same display showing metric {@code name} beside the running loss. */
    public Progress withMainMetric(String name) {
        return new Progress(out, terminal, batchLinesEvery, clock, name);
    }

    /** Whether this display redraws one line in place. */
    public boolean isTerminal() {
        return terminal;
    }

    @Override
    public void onEpochBegin(TrainState state) {
        epochStart = clock.getAsLong();
        epochFirstBatch = state.batchInEpoch();   // batches already done when resuming inside the epoch
        done = epochFirstBatch;
        drawn = false;
    }

    @Override
    public void onBatchEnd(TrainState state, double loss) {
        done = state.batchInEpoch() + 1;
        int k = state.batchesPerEpoch();
        long now = clock.getAsLong();
        if (terminal) {
            if (!drawn || done == k || now - lastDraw >= REDRAW_NANOS) {
                redraw(batchLine(state, done, k, now));
                lastDraw = now;
                drawn = true;
            }
        } else {
            int every = batchLinesEvery >= 0 ? batchLinesEvery : (k >= 100 ? (k + 9) / 10 : 0);
            if (every > 0 && done % every == 0 && done < k) println(batchLine(state, done, k, now));
        }
    }

    @Override
    public void onEpochEnd(TrainState state, Map<String, Double> metrics) {
        int k = state.batchesPerEpoch();
        double seconds = (clock.getAsLong() - epochStart) / 1e9;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  %d/%d  %.1fs", state.epoch() + 1, state.epochs(), done,
                k, seconds));
        for (var e : metrics.entrySet()) sb.append("  ").append(e.getKey()).append(' ').append(number(e.getValue()));
        if (terminal) {
            redraw(sb.toString());
            write("\n");
            lineLength = 0;
        } else {
            println(sb.toString());
        }
    }

    @Override
    public void onEvent(TrainState state, History.Event event) {
        if (event.kind().equals(History.CHECKPOINT)) return;
        if (terminal && lineLength > 0) {
            write("\r" + " ".repeat(lineLength) + "\r");
            lineLength = 0;
        }
        println("[" + event.kind() + "] " + event.message());
    }

    private String batchLine(TrainState state, int done, int k, long now) {
        int sinceStart = done - epochFirstBatch;
        double perBatch = sinceStart > 0 ? (double) (now - epochStart) / sinceStart : 0;
        long etaSeconds = Math.round(perBatch * (k - done) / 1e9);
        Map<String, Double> running = state.runningMetrics();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  batch %d/%d  ETA %s  loss %s", state.epoch() + 1,
                state.epochs(), done, k, duration(etaSeconds), number(running.getOrDefault("loss", Double.NaN))));
        String main = mainMetric;
        if (main == null) {
            for (String name : running.keySet()) {
                if (!name.equals("loss")) {
                    main = name;
                    break;
                }
            }
        }
        if (main != null && running.containsKey(main)) sb.append("  ").append(main).append(' ').append(number(running.get(main)));
        return sb.toString();
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    static String duration(long seconds) {
        long h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }

    /** 4 decimals, or scientific notation for magnitudes below 1e-3 or from 1e5 on. */
    static String number(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e5)) return String.format(Locale.ROOT, "%.3e", v);
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private void redraw(String line) {
        int pad = Math.max(0, lineLength - line.length());
        write("\r" + line + " ".repeat(pad));
        lineLength = line.length();
    }

    private void println(String line) {
        write(line + "\n");
    }

    private void write(String s) {
        try {
            out.append(s);
            if (out instanceof Flushable f) f.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Progress: cannot write: " + e.getMessage(), e);
        }
    }
}
