package ai.deepj.data.augment;

import ai.deepj.data.Batch;
import ai.deepj.data.Dataset;
import ai.deepj.data.EpochAware;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;

/**
 * A data set whose images are augmented on the fly: {@link #get(int[])} asks the base data set for the
 * examples, then applies the transform to each image {@code [C, H, W]} of {@code x} (which must be a
 * float32 {@code [b, C, H, W]}); the targets pass through unchanged.
 *
 * <p><b>Reproducibility contract.</b> Example {@code i} (its index in this data set) read during epoch
 * {@code e} is exactly {@code transform.apply(x_i, Generator.seeded(exampleSeed(seed, e, i)))}: it does
 * not depend on which batch the example is in, on the order of the batches, on prefetching or on what
 * was read before. So a run is reproducible, and a run resumed at epoch {@code e} (after
 * {@code setEpoch(e)}) sees the same augmented images as an uninterrupted one. Each epoch shows every
 * example with fresh random parameters. A {@link ai.deepj.data.DataLoader} tells the data set the epoch
 * itself ({@link ai.deepj.data.EpochAware}) when it hands out an epoch's batches, so the trainer needs
 * nothing more; a hand-written loop without a loader calls {@link #setEpoch(int)} before each epoch.
 *
 * {@snippet :
 * Dataset train = new AugmentedDataset(new TensorDataset(x, y),          // x [m, 3, 32, 32] float32
 *         Compose.of(RandomCrop.of(32, 32).withPadding(4), RandomFlip.horizontal(0.5)), 1234);
 * DataLoader loader = new DataLoader(train, DataLoader.Options.batchSize(128).withShuffle(1));
 * for (int epoch = 0; epoch < 30; epoch++) {
 *     try (DataLoader.Epoch batches = loader.epoch(epoch)) {      // sets the data set's epoch
 *         for (Batch b : batches) {
 *             // train on b.x(), b.y()
 *         }
 *     }
 * }
 * }
 */
public final class AugmentedDataset implements Dataset, EpochAware {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final Dataset base;
    private final Transform transform;
    private final long seed;
    private volatile int epoch;

    /**
     * Augments {@code base} with {@code transform}; epoch 0 until {@link #setEpoch(int)}.
     *
     * @param seed the base seed from which every example's generator is derived
     */
    public AugmentedDataset(Dataset base, Transform transform, long seed) {
        if (base == null) throw new IllegalArgumentException("AugmentedDataset: base data set must not be null");
        if (transform == null) throw new IllegalArgumentException("AugmentedDataset: transform must not be null");
        this.base = base;
        this.transform = transform;
        this.seed = seed;
    }

    /** The epoch whose random parameters the following reads use (0-based, {@code >= 0}). */
    @Override
    public void setEpoch(int epoch) {
        if (epoch < 0) throw new IllegalArgumentException("AugmentedDataset.setEpoch: epoch must be >= 0, got " + epoch);
        this.epoch = epoch;
    }

    /** The current epoch. */
    public int epoch() {
        return epoch;
    }

    /** The data set being augmented. */
    public Dataset base() {
        return base;
    }

    /** The transform applied to each image. */
    public Transform transform() {
        return transform;
    }

    /** The base seed. */
    public long seed() {
        return seed;
    }

    /**
     * The seed of example {@code index}'s generator in {@code epoch}: SplitMix64's finalizer applied to
     * the base seed, XORed with {@code (epoch << 32) | index}, finalized again. The finalizer is a
     * bijection, so for one base seed distinct (epoch, index) pairs get distinct seeds.
     */
    public static long exampleSeed(long seed, int epoch, int index) {
        long h = mix64(seed + GOLDEN);
        return mix64(h ^ (((long) epoch << 32) | (index & 0xFFFFFFFFL)));
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public int size() {
        return base.size();
    }

    @Override
    public Batch get(int[] indices) {
        int e = epoch; // one epoch for the whole batch even if setEpoch races with a prefetch thread
        Batch b = base.get(indices);
        Tensor x = b.x();
        if (x.dim() != 4 || x.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("AugmentedDataset: expected the base data set's x to be float32 images [b, C, H, W], got "
                    + x.dtype() + " " + x.shape() + (x.dim() == 2 ? " (reshape flat images to [m, C, H, W] first)" : ""));
        }
        int n = x.size(0), per = x.size(1) * x.size(2) * x.size(3);
        float[] all = x.toFloatArray();
        float[] out = null;
        int[] outShape = null;
        for (int k = 0; k < n; k++) {
            float[] one = new float[per];
            System.arraycopy(all, k * per, one, 0, per);
            Tensor image = Tensor.of(one, x.size(1), x.size(2), x.size(3));
            Tensor t = transform.apply(image, Generator.seeded(exampleSeed(seed, e, indices[k])));
            int[] shape = t.shape().toArray();
            if (out == null) {
                if (shape.length != 3) {
                    throw new IllegalStateException("AugmentedDataset: the transform turned an image " + image.shape() + " into "
                            + t.shape() + "; expected an image [C, H, W]");
                }
                outShape = shape;
                out = new float[n * shape[0] * shape[1] * shape[2]];
            } else if (!java.util.Arrays.equals(shape, outShape)) {
                throw new IllegalStateException("AugmentedDataset: the transform gave example " + indices[k] + " the shape " + t.shape()
                        + " but an earlier example of the batch " + java.util.Arrays.toString(outShape) + "; a batch needs one size (crop to a fixed size)");
            }
            int size = outShape[0] * outShape[1] * outShape[2];
            System.arraycopy(t.toFloatArray(), 0, out, k * size, size);
        }
        if (out == null) return b;
        return new Batch(Tensor.of(out, n, outShape[0], outShape[1], outShape[2]), b.y());
    }
}
