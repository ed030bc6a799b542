package ai.deepj.train;

import ai.deepj.data.Batch;
import ai.deepj.data.Dataset;
import ai.deepj.data.TensorDataset;
import ai.deepj.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Which data a model was trained on: a name, the number of examples, and a SHA-256 fingerprint of the
 * data itself, kept in every checkpoint's provenance (Tribuo's data provenance, in small).
 *
 * <p>The fingerprint of tensors is the SHA-256 of, for each tensor in turn, the UTF-8 line
 * {@code "<dtype> <shape>\n"} followed by the 32-byte SHA-256 of its elements in row-major order as
 * little-endian bytes. A data set's tensors are its inputs {@code x} and then its targets {@code y}
 * (when labelled), gathered in index order; so {@link #of(String, Dataset)} of a {@link TensorDataset}
 * equals {@link #ofTensors(String, Tensor...)} of its {@code x} and {@code y}. The fingerprint of files
 * is the SHA-256 of the concatenated SHA-256s of their contents, in the order given (their names do
 * not enter, so moved files keep their identity).
 *
 * @param name     a name for people ({@code "mnist-train"}, {@code "moons seed 1"})
 * @param examples the number of examples (−1 if unknown)
 * @param sha256   the fingerprint, 64 lower-case hex digits
 * @param source   how the fingerprint was taken: {@code "tensors"} or {@code "files: a.idx, b.idx"}
 */
public record DatasetIdentity(String name, long examples, String sha256, String source) {
    public DatasetIdentity {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("DatasetIdentity: name must not be empty");
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("DatasetIdentity: sha256 must be 64 lower-case hex digits, got " + sha256);
        }
        if (source == null) source = "";
    }

    private static final int CHUNK = 4096;

    /** The fingerprint of every example of {@code data}, read in chunks of 4096 examples (all at once for a {@link TensorDataset}). */
    public static DatasetIdentity of(String name, Dataset data) {
        if (data instanceof TensorDataset t) {
            return t.y() == null ? ofTensors(name, t.x()) : ofTensors(name, t.x(), t.y());
        }
        int m = data.size();
        TensorDigest x = null, y = null;
        boolean labelled = false;
        for (int from = 0; from < m; from += CHUNK) {
            int[] idx = new int[Math.min(CHUNK, m - from)];
            for (int i = 0; i < idx.length; i++) idx[i] = from + i;
            Batch b = data.get(idx);
            if (x == null) {
                x = new TensorDigest(b.x(), m);
                labelled = b.labelled();
                if (labelled) y = new TensorDigest(b.y(), m);
            }
            x.update(b.x());
            if (labelled != b.labelled()) throw new IllegalArgumentException("DatasetIdentity: the data set is labelled in some batches only");
            if (labelled) y.update(b.y());
        }
        MessageDigest all = newDigest();
        if (x != null) x.finishInto(all);
        if (y != null) y.finishInto(all);
        return new DatasetIdentity(name, m, HexFormat.of().formatHex(all.digest()), "tensors");
    }

    /** The fingerprint of tensors whose first dimension indexes the examples (all must agree on it). */
    public static DatasetIdentity ofTensors(String name, Tensor... tensors) {
        if (tensors.length == 0) throw new IllegalArgumentException("DatasetIdentity.ofTensors: no tensors");
        int m = tensors[0].dim() == 0 ? 1 : tensors[0].size(0);
        MessageDigest all = newDigest();
        for (Tensor t : tensors) {
            TensorDigest d = new TensorDigest(t, t.dim() == 0 ? 1 : t.size(0));
            d.update(t);
            d.finishInto(all);
        }
        return new DatasetIdentity(name, m, HexFormat.of().formatHex(all.digest()), "tensors");
    }

    /** The fingerprint of files' contents, in the order given. */
    public static DatasetIdentity ofFiles(String name, long examples, Path... files) throws IOException {
        if (files.length == 0) throw new IllegalArgumentException("DatasetIdentity.ofFiles: no files");
        MessageDigest all = newDigest();
        List<String> names = new ArrayList<>();
        byte[] buf = new byte[1 << 16];
        for (Path f : files) {
            MessageDigest one = newDigest();
            try (InputStream in = Files.newInputStream(f)) {
                for (int n; (n = in.read(buf)) > 0; ) one.update(buf, 0, n);
            }
            all.update(one.digest());
            names.add(f.getFileName().toString());
        }
        return new DatasetIdentity(name, examples, HexFormat.of().formatHex(all.digest()), "files: " + String.join(", ", names));
    }

    /** The first 12 hex digits, enough to tell data sets apart in messages. */
    public String shortHash() {
        return sha256.substring(0, 12);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** Hashes one tensor's elements as they arrive, chunk by chunk. */
    private static final class TensorDigest {
        private final String header;
        private final MessageDigest digest = newDigest();

        TensorDigest(Tensor first, int rows) {
            int[] shape = first.shape().toArray();
            if (shape.length > 0) shape[0] = rows;
            header = first.dtype() + " " + Arrays.toString(shape) + "\n";
        }

        void update(Tensor t) {
            ByteBuffer bytes;
            switch (t.dtype()) {
                case FLOAT32 -> {
                    float[] v = t.toFloatArray();
                    bytes = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                    bytes.asFloatBuffer().put(v);
                }
                case FLOAT64 -> {
                    double[] v = t.toDoubleArray();
                    bytes = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                    bytes.asDoubleBuffer().put(v);
                }
                case INT32 -> {
                    int[] v = t.toIntArray();
                    bytes = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                    bytes.asIntBuffer().put(v);
                }
                default -> throw new IllegalArgumentException("DatasetIdentity: unsupported dtype " + t.dtype());
            }
            digest.update(bytes.array());
        }

        void finishInto(MessageDigest all) {
            all.update(header.getBytes(StandardCharsets.UTF_8));
            all.update(digest.digest());
        }
    }
}
