package ai.deepj.nn;

import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Standardizes inputs with statistics of the training set, as Keras's {@code Normalization}
 * layer: {@link #adapt} computes each feature's mean and variance once, on the training inputs
 * only; {@code forward} then maps every input (train, dev, test, production) with those same
 * numbers, {@code y = (x − mean) / √(variance + ε)}. The statistics are buffers ({@code mean},
 * {@code variance}, and {@code count}, the number of examples they came from), so
 * {@link Module#state()} and {@link ai.deepj.nn.io.ModelIO} save them with the model and a loaded
 * model normalizes exactly as the trained one did.
 *
 * {@snippet :
 * Normalization norm = new Normalization();       // one mean and variance per feature
 * norm.adapt(xTrain);                             // [m, 20]: training inputs only
 * Sequential model = new Sequential(norm, new Linear(20, 64), new ReLU(), new Linear(64, 1));
 * Tensor devOut = model.forward(xDev);            // dev inputs use the training statistics
 * }
 *
 * <p><b>Statistics.</b> Over the example dimension (axis 0) and every axis that is not a feature
 * axis. The variance is the <em>population</em> variance, dividing by the number of values
 * {@code n} (Keras's and scikit-learn's {@code StandardScaler}'s choice), not by {@code n − 1}.
 * They are computed in float64 (a two-pass mean and variance per batch, merged across batches by
 * Chan, Golub and LeVeque's pairwise formula) and stored in the layer's float type.
 *
 * <p><b>Feature axes</b> ({@link Options#withFeatureAxes}): the input axes that keep separate
 * statistics. By default every axis but the first: a mean per column of {@code [m, d]} data and a
 * mean per pixel and channel of images. {@code withFeatureAxes(1)} on {@code [m, C, H, W]}
 * images gives one mean per channel (statistics of shape {@code [C, 1, 1]}, so any image size
 * fits afterwards); {@code withFeatureAxes()} gives one mean and variance for everything (Keras's
 * {@code axis=None}). Keras's own default is the last axis only ({@code axis=-1}):
 * {@code withFeatureAxes(-1)}.
 *
 * <p><b>ε and constant features.</b> {@code ε = 1e-7} by default ({@link Options#withEps}; it
 * must be positive). A feature that is constant in the training set (variance 0) then maps
 * training values to exactly 0 and other values to {@code (x − mean)·3162.3}: large but finite,
 * never NaN or ∞. For any other feature ε scales the output by {@code √(v / (v + ε))}, less than
 * 0.5 % off for a variance {@code v ≥ 1e-5}. Keras divides by {@code max(√variance, 1e-7)}
 * instead, which leaves features of standard deviation above 1e-7 untouched and multiplies
 * deviations from a constant feature by 10⁷.
 *
 * <p>Training does not change the statistics (unlike {@link BatchNorm1d}'s running averages),
 * and the layer has no parameters; gradients flow through to its input. Calling
 * {@code forward} before {@code adapt} is an {@link IllegalStateException}.
 */
public final class Normalization extends Module {
    /**
     * Options.
     *
     * @param featureAxes the input axes with separate statistics (negative counts from the end;
     *                    axis 0, the examples, is never one); {@code null} for every axis but the first
     * @param eps         added to the variance before the square root, positive
     */
    public record Options(List<Integer> featureAxes, double eps) {
        public Options {
            if (!(eps > 0) || !Double.isFinite(eps)) {
                throw new IllegalArgumentException("Normalization: eps must be positive and finite, got " + eps);
            }
            if (featureAxes != null) {
                featureAxes = List.copyOf(featureAxes);
                if (featureAxes.contains(0)) {
                    throw new IllegalArgumentException("Normalization: axis 0 indexes the examples and cannot be a feature axis, got "
                            + featureAxes);
                }
                if (featureAxes.stream().distinct().count() != featureAxes.size()) {
                    throw new IllegalArgumentException("Normalization: feature axes repeat: " + featureAxes);
                }
            }
        }

        /** Every axis but the first, ε = 1e-7. */
        public static Options defaults() {
            return new Options(null, 1e-7);
        }

        /** Same options with these feature axes (none: one mean and variance over everything). */
        public Options withFeatureAxes(int... axes) {
            return new Options(Arrays.stream(axes).boxed().toList(), eps);
        }

        /** Same options with another ε. */
        public Options withEps(double e) {
            return new Options(featureAxes, e);
        }
    }

    private final Options options;
    private final DType floatType;
    private int[] statsShape;
    private boolean[] isFeature;
    private Tensor mean, variance, count;

    /** Statistics per feature over every axis but the first, ε = 1e-7. */
    public Normalization() {
        this(Options.defaults());
    }

    /** With the given options; call {@link #adapt} before use. */
    public Normalization(Options options) {
        if (options == null) throw new IllegalArgumentException("Normalization: options must not be null");
        this.options = options;
        this.floatType = DType.defaultFloat();
    }

    /** The options. */
    public Options options() {
        return options;
    }

    /** Whether {@link #adapt} has run (here or before the model was saved). */
    public boolean isAdapted() {
        return count != null && count.item() > 0;
    }

    /** The number of examples the statistics came from (0 before {@link #adapt}). */
    public int count() {
        return count == null ? 0 : (int) count.item();
    }

    /** The mean buffer: the input's shape without the first axis, 1 on axes that are not feature axes. */
    public Tensor mean() {
        requireAdapted("Normalization.mean");
        return mean;
    }

    /** The (population) variance buffer, shaped as {@link #mean()}. */
    public Tensor variance() {
        requireAdapted("Normalization.variance");
        return variance;
    }

    // ------------------------------------------------------------------ adapt

    /**
     * Computes the statistics from {@code x} of shape {@code [m, ...]}: the training inputs, never
     * the dev or test inputs. Replaces earlier statistics (the feature sizes must stay the same).
     *
     * @throws IllegalArgumentException if {@code x} has no examples, holds NaN or infinities, or
     *                                  does not fit the feature axes or earlier statistics
     */
    public Normalization adapt(Tensor x) {
        return adapt(List.of(x));
    }

    /**
     * Computes the statistics over several batches of training inputs, as if they were one
     * tensor: for data that does not fit in memory at once. Every batch needs the same sizes on
     * the feature axes.
     */
    public Normalization adapt(Iterable<Tensor> batches) {
        String op = "Normalization.adapt";
        if (batches == null) throw new IllegalArgumentException(op + ": batches must not be null");
        int[] shape = null;
        boolean[] feature = null;
        int[] reduce = null;
        double[] mu = null, m2 = null;
        long n = 0, examples = 0;
        for (Tensor x : batches) {
            if (x == null) throw new IllegalArgumentException(op + ": a batch is null");
            if (x.dim() == 0) throw new IllegalArgumentException(op + ": inputs need an example dimension, got a scalar");
            if (shape == null) {
                feature = resolveAxes(op, x.dim());
                shape = new int[x.dim() - 1];
                for (int a = 1; a < x.dim(); a++) shape[a - 1] = feature[a] ? x.size(a) : 1;
                List<Integer> r = new ArrayList<>();
                for (int a = 0; a < x.dim(); a++) if (!feature[a]) r.add(a);
                reduce = r.stream().mapToInt(Integer::intValue).toArray();
                if (statsShape != null && !Arrays.equals(shape, statsShape)) {
                    throw new IllegalArgumentException(op + ": input " + x.shape() + " gives statistics of shape " + Arrays.toString(shape)
                            + " but this layer already has " + Arrays.toString(statsShape) + " (from an earlier adapt or its config)");
                }
                mu = new double[Math.toIntExact(numel(shape))];
                m2 = new double[mu.length];
                if (mu.length == 0) throw new IllegalArgumentException(op + ": input " + x.shape() + " has no features");
            } else if (!fits(x, shape, feature)) {
                throw new IllegalArgumentException(op + ": batch " + x.shape() + " does not fit the first batch's features "
                        + pattern(shape, feature));
            }
            if (x.size(0) == 0) continue;
            long nb = x.numel() / mu.length;
            double[] meanB, m2B;
            try (var s = Autograd.noGrad()) {
                Tensor x64 = x.detach().to(DType.FLOAT64);
                Tensor mb = x64.mean(reduce, true);
                meanB = mb.toDoubleArray();
                m2B = x64.sub(mb).square().sum(reduce, true).toDoubleArray();
            }
            long total = n + nb;
            for (int i = 0; i < mu.length; i++) {
                double delta = meanB[i] - mu[i];
                mu[i] += delta * nb / total;
                m2[i] += m2B[i] + delta * delta * ((double) n * nb / total);
            }
            n = total;
            examples += x.size(0);
        }
        if (examples == 0) throw new IllegalArgumentException(op + ": no examples to compute statistics from");
        if (examples > Integer.MAX_VALUE) throw new IllegalArgumentException(op + ": more than 2^31 - 1 examples (" + examples + ")");
        double[] var = new double[mu.length];
        for (int i = 0; i < mu.length; i++) {
            var[i] = m2[i] / n;
            if (!Double.isFinite(mu[i]) || !Double.isFinite(var[i])) {
                throw new IllegalArgumentException(op + ": feature " + i + " (row-major in " + Arrays.toString(shape)
                        + ") has mean " + mu[i] + " and variance " + var[i] + ": the inputs hold NaN or infinite values");
            }
        }
        if (statsShape == null) register(shape);
        try (var s = Autograd.noGrad()) {
            mean.copyInPlace(Tensor.of(mu, shape));
            variance.copyInPlace(Tensor.of(var, shape));
            count.fillInPlace(examples);
        }
        return this;
    }

    private void register(int[] shape) {
        statsShape = shape.clone();
        isFeature = resolveAxes("Normalization", shape.length + 1);
        mean = addBuffer("mean", Tensor.zeros(floatType, shape));
        variance = addBuffer("variance", Tensor.ones(floatType, shape));
        count = addBuffer("count", Tensor.zeros(DType.INT32));
    }

    /** Which axes of a rank-{@code rank} input are feature axes. */
    private boolean[] resolveAxes(String op, int rank) {
        boolean[] f = new boolean[rank];
        if (options.featureAxes() == null) {
            for (int a = 1; a < rank; a++) f[a] = true;
            return f;
        }
        for (int a : options.featureAxes()) {
            int r = a < 0 ? a + rank : a;
            if (r <= 0 || r >= rank) {
                throw new IllegalArgumentException(op + ": feature axis " + a + " does not exist or is the example axis for inputs of rank "
                        + rank + " (feature axes " + options.featureAxes() + ")");
            }
            if (f[r]) throw new IllegalArgumentException(op + ": feature axes " + options.featureAxes() + " name axis " + r + " twice");
            f[r] = true;
        }
        return f;
    }

    private static long numel(int[] shape) {
        long n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    private static boolean fits(Tensor x, int[] shape, boolean[] feature) {
        if (x.dim() != shape.length + 1) return false;
        for (int a = 1; a < x.dim(); a++) if (feature[a] && x.size(a) != shape[a - 1]) return false;
        return true;
    }

    /** {@code [N, 3, *, *]}: the inputs that fit, {@code *} for axes of any size. */
    private static String pattern(int[] shape, boolean[] feature) {
        StringBuilder b = new StringBuilder("[N");
        for (int a = 1; a <= shape.length; a++) b.append(", ").append(feature[a] ? Integer.toString(shape[a - 1]) : "*");
        return b.append(']').toString();
    }

    // ------------------------------------------------------------------ forward and inverse

    @Override
    public Tensor forward(Tensor x) {
        check("Normalization", x);
        return x.sub(mean).div(variance.add(options.eps()).sqrt());
    }

    /**
     * The inverse of {@link #forward}: {@code x = y·√(variance + ε) + mean}, e.g. to turn
     * predictions of normalized regression targets back into the targets' units.
     */
    public Tensor invert(Tensor y) {
        check("Normalization.invert", y);
        return y.mul(variance.add(options.eps()).sqrt()).add(mean);
    }

    private void check(String op, Tensor x) {
        requireAdapted(op);
        if (!fits(x, statsShape, isFeature)) {
            throw new IllegalArgumentException(op + ": input " + x.shape() + " does not fit the statistics " + Arrays.toString(statsShape)
                    + " (expects " + pattern(statsShape, isFeature) + ")");
        }
    }

    private void requireAdapted(String op) {
        if (!isAdapted()) {
            throw new IllegalStateException(op + ": the layer has no statistics yet: call adapt(trainX) on the training inputs first"
                    + " (or load a saved model's state)");
        }
    }

    // ------------------------------------------------------------------ config

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        if (options.featureAxes() != null) c.put("featureAxes", options.featureAxes());
        c.put("eps", options.eps());
        if (statsShape != null) c.put("statisticsShape", Arrays.stream(statsShape).boxed().toList());
        return c;
    }

    /**
     * Re-creates from {@link #config()}: with {@code statisticsShape} the buffers exist (count 0)
     * and {@link Module#loadState} fills them.
     */
    public static Normalization fromConfig(ModuleConfig cfg) {
        Options o = Options.defaults().withEps(cfg.getDouble("eps"));
        if (cfg.has("featureAxes")) o = o.withFeatureAxes(cfg.getIntArray("featureAxes"));
        Normalization n = new Normalization(o);
        if (cfg.has("statisticsShape")) {
            int[] shape = cfg.getIntArray("statisticsShape");
            for (int s : shape) {
                if (s <= 0) throw new IllegalArgumentException("Normalization config: statisticsShape must be positive, got " + Arrays.toString(shape));
            }
            n.register(shape);
            for (int a = 1; a <= shape.length; a++) {
                if (!n.isFeature[a] && shape[a - 1] != 1) {
                    throw new IllegalArgumentException("Normalization config: statisticsShape " + Arrays.toString(shape) + " has size "
                            + shape[a - 1] + " on axis " + a + ", which is not a feature axis of " + o.featureAxes());
                }
            }
        }
        return n;
    }
}
