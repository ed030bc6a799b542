package ai.deepj.train.tensorboard;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;

/**
 * Writes scalars and histograms for TensorBoard: one event file,
 * {@code events.out.tfevents.<seconds>.<hostname>}, in the log directory, read by
 * {@code tensorboard --logdir <dir>} (give each run its own directory to compare runs). The format is
 * TensorFlow's: {@code tensorflow.Event} protocol buffers in TFRecord framing, starting with the
 * {@code brain.Event:2} version record.
 *
 * {@snippet :
 * try (SummaryWriter tb = new SummaryWriter(Path.of("runs/adam-lr1e-3"))) {
 *     for (int epoch = 1; epoch <= 10; epoch++) {
 *         // ... train ...
 *         tb.addScalars(Map.of("loss/train", trainLoss, "loss/dev", devLoss), epoch);
 *         tb.addScalar("lr", lr, epoch);
 *         model.namedParameters().forEach((name, p) -> tb.addHistogram("params/" + name, p.toFloatArray(), epoch));
 *     }
 * }
 * }
 *
 * <p>Scalars are stored as 32-bit floats (TensorBoard's {@code simple_value}); NaN and infinities are
 * kept, so a diverged loss shows up. An event file is a log that TensorBoard reads while it grows,
 * so it is appended to, not replaced atomically: buffered records reach the file on {@link #flush()},
 * on {@link #close()}, and whenever a record is added two seconds or more after the last flush. A
 * crash may lose the records since then; TensorBoard ignores a truncated last record.
 *
 * <p>Thread-safe. Methods other than the constructor report I/O failures as
 * {@link UncheckedIOException}, so the writer can be called from training callbacks; after
 * {@link #close()} they throw {@link IllegalStateException}.
 */
public final class SummaryWriter implements AutoCloseable {
    private static final long FLUSH_EVERY_NANOS = 2_000_000_000L;
    private static final int DEFAULT_BINS = 30;

    private final Path file;
    private final InstantSource clock;
    private final OutputStream out;
    private long lastFlush = System.nanoTime();
    private boolean closed;

    /** Creates {@code logDir} if needed and starts a new event file in it, timed by the system clock. */
    public SummaryWriter(Path logDir) throws IOException {
        this(logDir, InstantSource.system());
    }

    /**
     * As {@link #SummaryWriter(Path)}, with the wall times (and the file name's seconds) taken from
     * {@code clock}, e.g. a fixed clock for reproducible files.
     */
    public SummaryWriter(Path logDir, InstantSource clock) throws IOException {
        Objects.requireNonNull(logDir, "SummaryWriter: logDir");
        this.clock = Objects.requireNonNull(clock, "SummaryWriter: clock");
        Files.createDirectories(logDir);
        Instant now = clock.instant();
        String base = "events.out.tfevents." + now.getEpochSecond() + "." + hostName();
        // Two writers started in the same second must not share (and garble) one file; TensorBoard
        // reads every file whose name contains "tfevents", so a suffix is fine.
        Path f = logDir.resolve(base);
        OutputStream o = null;
        for (int i = 1; o == null; i++) {
            try {
                o = Files.newOutputStream(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                if (i > 1000) throw e;
                f = logDir.resolve(base + "." + i);
            }
        }
        this.file = f;
        this.out = new BufferedOutputStream(o, 1 << 16);
        try {
            TfRecord.write(out, Events.fileVersion(seconds(now)));
            out.flush();
        } catch (IOException e) {
            out.close();
            throw e;
        }
    }

    /** The event file being written. */
    public Path file() {
        return file;
    }

    /** Logs {@code value} (as a 32-bit float) under {@code tag} at {@code step}. */
    public synchronized void addScalar(String tag, double value, long step) {
        checkTag(tag);
        write(Events.scalars(now(), checkStep(step), new String[] {tag}, new float[] {(float) value}));
    }

    /**
     * Logs several scalars at one step, in one event; tags such as {@code loss/train} and
     * {@code loss/dev} share a section in TensorBoard. Null values are refused.
     */
    public synchronized void addScalars(Map<String, ? extends Number> values, long step) {
        Objects.requireNonNull(values, "SummaryWriter.addScalars: values");
        if (values.isEmpty()) throw new IllegalArgumentException("SummaryWriter.addScalars: no values given");
        String[] tags = new String[values.size()];
        float[] v = new float[values.size()];
        int i = 0;
        for (Map.Entry<String, ? extends Number> e : values.entrySet()) {
            checkTag(e.getKey());
            if (e.getValue() == null) throw new IllegalArgumentException("SummaryWriter.addScalars: the value for '" + e.getKey() + "' is null");
            tags[i] = e.getKey();
            v[i] = e.getValue().floatValue();
            i++;
        }
        write(Events.scalars(now(), checkStep(step), tags, v));
    }

    /** Logs a histogram of {@code values} in 30 equal-width buckets; the values must be finite. */
    public void addHistogram(String tag, double[] values, long step) {
        addHistogram(tag, values, step, DEFAULT_BINS);
    }

    /** Logs a histogram of {@code values} (a tensor's {@code toFloatArray()}) in 30 equal-width buckets. */
    public void addHistogram(String tag, float[] values, long step) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) d[i] = values[i];
        addHistogram(tag, d, step, DEFAULT_BINS);
    }

    /** Logs a histogram of {@code values} in {@code bins} equal-width buckets from their minimum to maximum. */
    public synchronized void addHistogram(String tag, double[] values, long step, int bins) {
        checkTag(tag);
        Objects.requireNonNull(values, "SummaryWriter.addHistogram: values");
        Histogram h = Histogram.of("SummaryWriter.addHistogram('" + tag + "')", values, bins);
        write(Events.histogram(now(), checkStep(step), tag, h));
    }

    /** Pushes buffered records to the file. */
    public synchronized void flush() {
        checkOpen();
        try {
            out.flush();
            lastFlush = System.nanoTime();
        } catch (IOException e) {
            throw new UncheckedIOException("SummaryWriter: cannot flush " + file, e);
        }
    }

    /** Flushes and closes the file; closing again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("SummaryWriter: cannot close " + file, e);
        }
    }

    private void write(byte[] event) {
        checkOpen();
        try {
            TfRecord.write(out, event);
            if (System.nanoTime() - lastFlush >= FLUSH_EVERY_NANOS) {
                out.flush();
                lastFlush = System.nanoTime();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("SummaryWriter: cannot write to " + file, e);
        }
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("SummaryWriter: " + file + " is closed");
    }

    private static void checkTag(String tag) {
        if (tag == null || tag.isBlank()) throw new IllegalArgumentException("SummaryWriter: a tag must be a non-blank string, got " + (tag == null ? "null" : "'" + tag + "'"));
    }

    private static long checkStep(long step) {
        if (step < 0) throw new IllegalArgumentException("SummaryWriter: step must be >= 0, got " + step);
        return step;
    }

    private double now() {
        return seconds(clock.instant());
    }

    private static double seconds(Instant t) {
        return t.getEpochSecond() + t.getNano() / 1e9;
    }

    /** This machine's name for the file name, without characters that do not belong in one. */
    private static String hostName() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = InetAddress.getLocalHost().getHostName();
            } catch (IOException | RuntimeException e) {
                h = "localhost";
            }
        }
        String clean = h.replaceAll("[^A-Za-z0-9._-]", "_");
        return clean.isEmpty() ? "localhost" : clean;
    }
}
