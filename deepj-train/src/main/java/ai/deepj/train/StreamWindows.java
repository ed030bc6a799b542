package ai.deepj.train;

import ai.deepj.data.Batch;
import ai.deepj.data.DataLoader;
import ai.deepj.data.Dataset;
import ai.deepj.tensor.Tensor;

/**
 * One long stream of token ids cut for truncated backpropagation through time: the stream is split into
 * {@code lanes} contiguous parts of equal length (PyTorch word language model's {@code batchify}), one per
 * row of a batch, and each part into windows of {@code window} steps. Example {@code w·lanes + b} is
 * window {@code w} of lane {@code b}, so {@link #loader()} (in order, batches of {@code lanes}) gives batch
 * {@code w} = window {@code w} of every lane, and each row of a batch continues the same row of the batch
 * before: what {@link Trainer.Builder#truncatedBptt()} carries the state across.
 *
 * <p>Inputs and targets are int32 {@code [window]} per example: for a language model
 * ({@link #nextToken}) the targets are the inputs shifted by one step; {@link #of} takes any two aligned
 * streams (a target of {@link PerStep#IGNORE} is left out of {@link PerStep} losses and metrics). The
 * tokens that do not fill a whole window of every lane at the end of the stream are not used
 * ({@link #tokensUsed()}).
 *
 * {@snippet :
 * StreamWindows train = StreamWindows.nextToken(ids, 32, 64);   // 32 lanes, windows of 64 steps
 * Trainer.builder().model(charLstm).loss(PerStep.loss(new CrossEntropy())).optimizer(adam)
 *         .train(train.loader()).truncatedBptt().epochs(10).build().fit();
 * }
 */
public final class StreamWindows implements Dataset {
    private final int[] inputs, targets;
    private final int lanes, window, windows, laneLength;

    private StreamWindows(int[] inputs, int[] targets, int lanes, int window) {
        this.inputs = inputs;
        this.targets = targets;
        this.lanes = lanes;
        this.window = window;
        this.laneLength = inputs.length / lanes;
        this.windows = laneLength / window;
    }

    /**
     * A language model's stream: inputs {@code tokens[0 .. n−1)}, targets {@code tokens[1 .. n)}.
     *
     * @throws IllegalArgumentException if the stream does not fill one window in every lane
     */
    public static StreamWindows nextToken(int[] tokens, int lanes, int window) {
        if (tokens == null || tokens.length < 2) {
            throw new IllegalArgumentException("StreamWindows.nextToken: needs a stream of at least 2 tokens, got "
                    + (tokens == null ? "null" : tokens.length));
        }
        return of(java.util.Arrays.copyOfRange(tokens, 0, tokens.length - 1), java.util.Arrays.copyOfRange(tokens, 1, tokens.length),
                lanes, window);
    }

    /**
     * Aligned input and target streams of equal length (the target of step t is {@code targets[t]}).
     *
     * @throws IllegalArgumentException if the lengths differ, sizes are not positive, or the stream does
     *     not fill one window in every lane
     */
    public static StreamWindows of(int[] inputs, int[] targets, int lanes, int window) {
        if (inputs == null || targets == null || inputs.length != targets.length) {
            throw new IllegalArgumentException("StreamWindows: inputs and targets must be streams of equal length, got "
                    + (inputs == null ? "null" : inputs.length) + " and " + (targets == null ? "null" : targets.length));
        }
        if (lanes < 1 || window < 1) {
            throw new IllegalArgumentException("StreamWindows: lanes and window must be >= 1, got " + lanes + " and " + window);
        }
        if (inputs.length / lanes < window) {
            throw new IllegalArgumentException("StreamWindows: a stream of " + inputs.length + " steps gives " + lanes + " lanes of "
                    + inputs.length / lanes + " steps, less than one window of " + window + "; use fewer lanes or a shorter window");
        }
        return new StreamWindows(inputs.clone(), targets.clone(), lanes, window);
    }

    /** Rows of a batch: the parallel parts of the stream. */
    public int lanes() {
        return lanes;
    }

    /** Steps per window: the truncation length k of truncated BPTT. */
    public int window() {
        return window;
    }

    /** Windows per lane: the batches of one epoch. */
    public int windows() {
        return windows;
    }

    /** Steps of the stream used: {@code lanes · windows · window}. */
    public int tokensUsed() {
        return lanes * windows * window;
    }

    /** The batches in stream order: batch size {@link #lanes()}, no shuffling. */
    public DataLoader loader() {
        return new DataLoader(this, DataLoader.Options.batchSize(lanes).withoutShuffle());
    }

    @Override
    public int size() {
        return lanes * windows;
    }

    @Override
    public Batch get(int[] indices) {
        int n = indices.length;
        int[] x = new int[n * window], y = new int[n * window];
        for (int r = 0; r < n; r++) {
            int e = indices[r];
            if (e < 0 || e >= size()) throw new IndexOutOfBoundsException("StreamWindows.get: index " + e + " outside [0, " + size() + ")");
            int start = (e % lanes) * laneLength + (e / lanes) * window;
            System.arraycopy(inputs, start, x, r * window, window);
            System.arraycopy(targets, start, y, r * window, window);
        }
        return new Batch(Tensor.of(x, n, window), Tensor.of(y, n, window));
    }
}
