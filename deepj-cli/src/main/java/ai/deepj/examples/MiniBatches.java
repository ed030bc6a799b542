package ai.deepj.examples;

import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Shuffled mini-batches, as the course's {@code random_mini_batches} (Course 2, week 2): shuffle
 * the examples (rows) of {@code X} and {@code Y} with the same permutation, then cut them into
 * batches of {@code batchSize} rows; the last batch holds the {@code m mod batchSize} left over, if
 * any. Call it once per epoch with the same generator, so each epoch sees a new order and a seed
 * reproduces the whole run. (A small helper for the examples; a full data-loader belongs in a
 * library of its own.)
 *
 * {@snippet :
 * Generator shuffle = Generator.seeded(10);
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     for (MiniBatches.Batch b : MiniBatches.shuffled(x, y, 64, shuffle)) {
 *         // forward b.x(), loss against b.y(), backward, step, zero grads
 *     }
 * }
 * }
 */
public final class MiniBatches {
    private MiniBatches() {}

    /** One mini-batch: {@code x} of shape {@code [b, ...]} and {@code y} of shape {@code [b, ...]}. */
    public record Batch(Tensor x, Tensor y) {
        /** The number of examples, {@code b}. */
        public int size() {
            return x.size(0);
        }
    }

    /**
     * The rows of {@code x} and {@code y} in a random order drawn from {@code gen}, cut into batches
     * of {@code batchSize} (the last one smaller when {@code batchSize} does not divide {@code m}).
     *
     * @throws IllegalArgumentException if {@code x} and {@code y} have different numbers of rows, or {@code batchSize < 1}
     */
    public static List<Batch> shuffled(Tensor x, Tensor y, int batchSize, Generator gen) {
        if (x.dim() == 0 || y.dim() == 0 || x.size(0) != y.size(0)) {
            throw new IllegalArgumentException("MiniBatches.shuffled: x " + x.shape() + " and y " + y.shape()
                    + " must have the same number of rows (examples)");
        }
        if (batchSize < 1) throw new IllegalArgumentException("MiniBatches.shuffled: batchSize must be >= 1, got " + batchSize);
        int m = x.size(0);
        Tensor order = Tensor.of(permutation(m, gen), m);
        Tensor xs = x.indexSelect(0, order), ys = y.indexSelect(0, order);
        List<Batch> batches = new ArrayList<>();
        for (int start = 0; start < m; start += batchSize) {
            int size = Math.min(batchSize, m - start);
            batches.add(new Batch(xs.narrow(0, start, size), ys.narrow(0, start, size)));
        }
        return batches;
    }

    /** A uniformly random permutation of {@code 0, 1, ..., m−1} (Fisher–Yates), drawn from {@code gen}. */
    public static int[] permutation(int m, Generator gen) {
        if (m < 0) throw new IllegalArgumentException("MiniBatches.permutation: m must be >= 0, got " + m);
        int[] p = new int[m];
        for (int i = 0; i < m; i++) p[i] = i;
        for (int i = m - 1; i > 0; i--) {
            int j = gen.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
