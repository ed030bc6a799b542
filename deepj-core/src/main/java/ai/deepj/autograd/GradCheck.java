package ai.deepj.autograd;

import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/**
 * Gradient checking, as the course teaches it: compares autograd's gradient with centred finite
 * differences {@code (J(θ+ε) − J(θ−ε)) / 2ε}, all in float64, by the relative difference
 * {@code ‖g_approx − g‖₂ / (‖g_approx‖₂ + ‖g‖₂)}. Below about 1e-7 is great, around 1e-5 deserves a
 * closer look, and 1e-3 or more is a bug.
 *
 * {@snippet :
 * Tensor x = Tensor.randn(Generator.seeded(1), 4, 3);
 * Tensor w = Tensor.randn(Generator.seeded(2), 3, 2);
 * GradCheck.Result r = GradCheck.check(in -> in[0].matmul(in[1]).tanh().sum(), x, w);
 * System.out.println(r);   // relative difference 3.1e-11 (great) over 18 coordinates
 * }
 *
 * <p>The inputs are copied to float64 leaves (integer inputs, such as indices, are passed
 * unchanged and not checked). A function with a non-scalar output is checked through a fixed
 * random projection {@code sum(f(x) * R)}, which exercises every output element.
 */
public final class GradCheck {
    private GradCheck() {}

    /**
     * Settings of a check.
     *
     * @param epsilon    the finite-difference step ε
     * @param tolerance  the largest relative difference that passes
     * @param maxPerInput check at most this many randomly chosen coordinates of each input (0: all)
     * @param seed       seed for the coordinate sample and the output projection
     */
    public record Options(double epsilon, double tolerance, int maxPerInput, long seed) {
        /** ε = 1e-6, tolerance 1e-7, every coordinate, seed 0. */
        public static Options defaults() {
            return new Options(1e-6, 1e-7, 0, 0);
        }

        /** Same options with another tolerance. */
        public Options withTolerance(double t) {
            return new Options(epsilon, t, maxPerInput, seed);
        }

        /** Same options with another ε. */
        public Options withEpsilon(double e) {
            return new Options(e, tolerance, maxPerInput, seed);
        }

        /** Same options checking at most {@code n} random coordinates per input. */
        public Options withMaxPerInput(int n) {
            return new Options(epsilon, tolerance, n, seed);
        }
    }

    /**
     * Outcome of a check.
     *
     * @param relativeDifference ‖g_approx − g‖₂ / (‖g_approx‖₂ + ‖g‖₂) over all checked coordinates
     * @param passed             {@code relativeDifference <= tolerance}
     * @param worstInput         index of the input holding the worst coordinate
     * @param worstIndex         multi-index of the coordinate with the largest absolute difference
     * @param worstAnalytic      autograd's value there
     * @param worstNumeric       the finite-difference value there
     * @param coordinates        number of coordinates compared
     */
    public record Result(double relativeDifference, boolean passed, int worstInput, int[] worstIndex,
            double worstAnalytic, double worstNumeric, int coordinates) {
        /** The course's reading of the relative difference. */
        public String reading() {
            if (relativeDifference < 1e-7 || Double.isNaN(relativeDifference) && coordinates == 0) return "great";
            if (relativeDifference < 1e-5) return "probably fine, but look closer";
            if (relativeDifference < 1e-3) return "worrying: look closer";
            return "almost certainly a bug";
        }

        @Override
        public String toString() {
            String s = String.format(Locale.ROOT, "relative difference %.3g (%s) over %d coordinates", relativeDifference, reading(),
                    coordinates);
            if (!passed) {
                s += String.format(Locale.ROOT, "; worst at input %d index %s: autograd %.9g, numeric %.9g", worstInput,
                        Arrays.toString(worstIndex), worstAnalytic, worstNumeric);
            }
            return s;
        }
    }

    /** Checks {@code f} at {@code inputs} with {@link Options#defaults()}. */
    public static Result check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return check(Options.defaults(), f, inputs);
    }

    /** Checks {@code f} at {@code inputs}. */
    public static Result check(Options options, Function<Tensor[], Tensor> f, Tensor... inputs) {
        Tensor[] x = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            x[i] = inputs[i].dtype().isFloating() ? inputs[i].detach().to(DType.FLOAT64).clone().detach().requiresGrad(true)
                    : inputs[i].detach();
        }
        Tensor projection = null;
        Tensor out = f.apply(x);
        if (out.numel() != 1) {
            projection = Tensor.normal(Generator.seeded(options.seed() ^ 0x5DEECE66DL), DType.FLOAT64, 0, 1, out.shape().toArray());
        }
        final Tensor proj = projection;
        Function<Tensor[], Double> loss = in -> {
            Tensor o = f.apply(in).to(DType.FLOAT64);
            return proj == null ? o.item() : o.mul(proj).sum().item();
        };
        Tensor scalar = proj == null ? out.to(DType.FLOAT64).sum() : out.to(DType.FLOAT64).mul(proj).sum();
        if (!scalar.requiresGrad()) {
            throw new IllegalArgumentException("GradCheck: the function's output does not depend on any floating-point input");
        }
        scalar.backward();
        return compare(options, () -> loss.apply(x), x);
    }

    /**
     * Checks the gradient of {@code loss} with respect to existing float64 leaf tensors (a float64
     * model's parameters, say), perturbing them in place and restoring them. Their {@code grad()}
     * is overwritten. The basis of model-level gradient checking.
     */
    public static Result checkLeaves(Options options, java.util.function.Supplier<Tensor> loss, java.util.List<Tensor> leaves) {
        for (Tensor t : leaves) {
            if (t.dtype() != DType.FLOAT64 || !t.isLeaf() || !t.requiresGrad()) {
                throw new IllegalArgumentException("GradCheck.checkLeaves: needs float64 leaves that require grad, got "
                        + t.dtype() + " " + t.shape() + (t.isLeaf() ? "" : " (not a leaf)"));
            }
            t.setGrad(null);
        }
        Tensor l = loss.get();
        if (l.numel() != 1) throw new IllegalArgumentException("GradCheck.checkLeaves: the loss must be a scalar, got " + l.shape());
        l.backward();
        return compare(options, () -> loss.get().item(), leaves.toArray(new Tensor[0]));
    }

    /**
     * Centred differences for every checked coordinate of the inputs that require grad, against
     * the gradients backward left in their {@code grad()}.
     */
    private static Result compare(Options options, java.util.function.DoubleSupplier loss, Tensor[] x) {
        Generator pick = Generator.seeded(options.seed());
        double diff2 = 0, approx2 = 0, grad2 = 0, worst = -1;
        int worstInput = -1, count = 0;
        int[] worstIndex = new int[0];
        double worstA = 0, worstN = 0;
        double eps = options.epsilon();
        try (var scope = Autograd.noGrad()) {
            for (int i = 0; i < x.length; i++) {
                if (!x[i].requiresGrad()) continue;
                Tensor g = x[i].grad() == null ? x[i].zerosLike() : x[i].grad();
                int[] shape = x[i].shape().toArray();
                for (int flat : coordinates((int) x[i].numel(), options.maxPerInput(), pick)) {
                    int[] idx = unflatten(flat, shape);
                    double orig = x[i].get(idx);
                    x[i].set(orig + eps, idx);
                    double plus = loss.getAsDouble();
                    x[i].set(orig - eps, idx);
                    double minus = loss.getAsDouble();
                    x[i].set(orig, idx);
                    double numeric = (plus - minus) / (2 * eps);
                    double analytic = g.get(idx);
                    double d = numeric - analytic;
                    diff2 += d * d;
                    approx2 += numeric * numeric;
                    grad2 += analytic * analytic;
                    count++;
                    if (Math.abs(d) > worst || Double.isNaN(d)) {
                        worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.abs(d);
                        worstInput = i;
                        worstIndex = idx;
                        worstA = analytic;
                        worstN = numeric;
                    }
                }
            }
        }
        double denom = Math.sqrt(approx2) + Math.sqrt(grad2);
        double rel = denom == 0 ? (diff2 == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(diff2) / denom;
        return new Result(rel, rel <= options.tolerance(), worstInput, worstIndex, worstA, worstN, count);
    }

    private static int[] coordinates(int n, int max, Generator g) {
        if (max <= 0 || max >= n) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        for (int i = 0; i < max; i++) { // partial Fisher–Yates
            int j = i + g.nextInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return Arrays.copyOf(perm, max);
    }

    private static int[] unflatten(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }
}
