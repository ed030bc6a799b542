package ai.deepj.nn.init;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;

/**
 * Factories for the standard {@link Initializer}s, under the course's names where it has one.
 * Every one draws from the {@link ai.deepj.tensor.Generator} it is given (so a seed reproduces the
 * weights) and creates the requested type. Fans: see {@link Initializer#fanIn}; for a dense
 * weight {@code [n[l], n[l−1]]}, {@code fanIn = n[l−1]}, the course's {@code n^[l−1]}.
 *
 * <table>
 *   <caption>Initializers and their distributions</caption>
 *   <tr><th>factory</th><th>values</th><th>course / PyTorch name</th></tr>
 *   <tr><td>{@link #zeros()}</td><td>0</td><td>"zeros" (does not break symmetry)</td></tr>
 *   <tr><td>{@link #random()}</td><td>N(0, 1)·0.01</td><td>"random": {@code np.random.randn(...) * 0.01}</td></tr>
 *   <tr><td>{@link #heNormal()}</td><td>N(0, 2/fanIn)</td><td>"He": {@code randn * sqrt(2/n[l−1])}; {@code kaiming_normal_}</td></tr>
 *   <tr><td>{@link #heUniform()}</td><td>U(±√(6/fanIn))</td><td>{@code kaiming_uniform_(a=0)}</td></tr>
 *   <tr><td>{@link #xavier()}</td><td>N(0, 1/fanIn)</td><td>the course's "Xavier": {@code randn * sqrt(1/n[l−1])}</td></tr>
 *   <tr><td>{@link #glorotNormal()}</td><td>N(0, 2/(fanIn + fanOut))</td><td>the course's "Bengio variant"; {@code xavier_normal_}</td></tr>
 *   <tr><td>{@link #glorotUniform()}</td><td>U(±√(6/(fanIn + fanOut)))</td><td>{@code xavier_uniform_}, Keras's default</td></tr>
 *   <tr><td>{@link #lecunNormal()}</td><td>N(0, 1/fanIn)</td><td>for SELU; the same distribution as {@link #xavier()}</td></tr>
 *   <tr><td>{@link #lecunUniform()}</td><td>U(±√(3/fanIn))</td><td>variance 1/fanIn</td></tr>
 *   <tr><td>{@link #orthogonal()}</td><td>orthonormal rows or columns</td><td>{@code orthogonal_} (Saxe et al., 2014)</td></tr>
 *   <tr><td>{@link #identity()}</td><td>I</td><td>{@code eye_}</td></tr>
 * </table>
 *
 * <p>Note the naming trap: the course's "Xavier" (variance 1/n) is what PyTorch and Keras call
 * LeCun normal; their "Xavier"/"Glorot" is the 2/(fanIn + fanOut) variant.
 *
 * {@snippet :
 * Linear hidden = new Linear(2, 10, Linear.Options.defaults().withWeightInit(Init.heNormal()).withBiasInit(Init.zeros()),
 *         Generator.seeded(1));
 * Tensor w = Init.heNormal().create(Generator.seeded(3), DType.FLOAT64, 128, 784);
 * }
 */
public final class Init {
    private Init() {}

    /** All zeros; the course's example of what not to do for weights (biases are fine). */
    public static Initializer zeros() {
        return (gen, dtype, shape) -> Tensor.zeros(dtype, shape);
    }

    /** Every element {@code value}. */
    public static Initializer constant(double value) {
        return (gen, dtype, shape) -> Tensor.full(dtype, value, shape);
    }

    /** The course's "random" initialization: standard normal times 0.01. */
    public static Initializer random() {
        return random(0.01);
    }

    /** Standard normal times {@code scale} (the course's assignment also tries 10). */
    public static Initializer random(double scale) {
        return (gen, dtype, shape) -> Tensor.normal(gen, dtype, 0, scale, shape);
    }

    /** Normal with standard deviation {@code std}. */
    public static Initializer normal(double std) {
        return random(std);
    }

    /** Uniform in {@code [−bound, bound)}. */
    public static Initializer uniform(double bound) {
        return (gen, dtype, shape) -> Tensor.uniform(gen, dtype, -bound, bound, shape);
    }

    /** He et al. (2015), for ReLU: N(0, 2/fanIn). The course's "He initialization". */
    public static Initializer heNormal() {
        return (gen, dtype, shape) -> Tensor.normal(gen, dtype, 0, Math.sqrt(2.0 / Initializer.fanIn(shape)), shape);
    }

    /** He et al. (2015), uniform: U(±√(6/fanIn)), variance 2/fanIn. */
    public static Initializer heUniform() {
        return (gen, dtype, shape) -> uniformWithVariance(gen, dtype, 2.0 / Initializer.fanIn(shape), shape);
    }

    /** The course's "Xavier initialization" (for tanh): N(0, 1/fanIn), i.e. {@code randn * sqrt(1/n[l−1])}. */
    public static Initializer xavier() {
        return lecunNormal();
    }

    /** Glorot &amp; Bengio (2010): N(0, 2/(fanIn + fanOut)); PyTorch's {@code xavier_normal_}. */
    public static Initializer glorotNormal() {
        return glorotNormal(1);
    }

    /** {@link #glorotNormal()} with a gain (e.g. 5/3 for tanh, PyTorch's {@code calculate_gain}). */
    public static Initializer glorotNormal(double gain) {
        return (gen, dtype, shape) -> Tensor.normal(gen, dtype, 0,
                gain * Math.sqrt(2.0 / (Initializer.fanIn(shape) + Initializer.fanOut(shape))), shape);
    }

    /** Glorot &amp; Bengio (2010), uniform: U(±√(6/(fanIn + fanOut))); PyTorch's {@code xavier_uniform_}, Keras's default. */
    public static Initializer glorotUniform() {
        return glorotUniform(1);
    }

    /** {@link #glorotUniform()} with a gain. */
    public static Initializer glorotUniform(double gain) {
        return (gen, dtype, shape) -> uniformWithVariance(gen, dtype,
                gain * gain * 2.0 / (Initializer.fanIn(shape) + Initializer.fanOut(shape)), shape);
    }

    /** LeCun et al. (1998): N(0, 1/fanIn). */
    public static Initializer lecunNormal() {
        return (gen, dtype, shape) -> Tensor.normal(gen, dtype, 0, Math.sqrt(1.0 / Initializer.fanIn(shape)), shape);
    }

    /** LeCun, uniform: U(±√(3/fanIn)), variance 1/fanIn. */
    public static Initializer lecunUniform() {
        return (gen, dtype, shape) -> uniformWithVariance(gen, dtype, 1.0 / Initializer.fanIn(shape), shape);
    }

    /** {@link #orthogonal(double)} with gain 1. */
    public static Initializer orthogonal() {
        return orthogonal(1);
    }

    /**
     * A (semi-)orthogonal matrix times {@code gain} (Saxe et al., 2014; PyTorch's {@code orthogonal_}):
     * the weight is viewed as {@code [rows, cols]} = {@code [shape[0], Π shape[1:]]}; its rows are
     * orthonormal if {@code rows ≤ cols}, else its columns. Made by orthonormalizing a Gaussian
     * matrix (the Q of its QR decomposition with R's diagonal positive), so it is uniformly
     * distributed over orthogonal matrices.
     */
    public static Initializer orthogonal(double gain) {
        return (gen, dtype, shape) -> {
            if (shape.length < 2) {
                throw new IllegalArgumentException("Init.orthogonal: needs a shape of rank >= 2, got " + java.util.Arrays.toString(shape));
            }
            int rows = shape[0], cols = 1;
            for (int d = 1; d < shape.length; d++) cols *= shape[d];
            boolean tall = rows > cols;
            int n = Math.max(rows, cols), k = Math.min(rows, cols);
            // k orthonormal vectors of length n: the columns of a tall matrix, or the rows of a wide one.
            double[][] v = new double[k][n];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    double g = gen.nextGaussian();
                    if (tall) v[c][r] = g;
                    else v[r][c] = g;
                }
            }
            gramSchmidt(v);
            double[] out = new double[rows * cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) out[r * cols + c] = gain * (tall ? v[c][r] : v[r][c]);
            }
            return Tensor.of(out, shape).to(dtype);
        };
    }

    /**
     * The identity matrix (for a non-square {@code [rows, cols]}, ones on the main diagonal), as
     * PyTorch's {@code eye_}: a layer that starts by passing its input through.
     */
    public static Initializer identity() {
        return (gen, dtype, shape) -> {
            if (shape.length != 2) {
                throw new IllegalArgumentException("Init.identity: needs a 2-D shape, got " + java.util.Arrays.toString(shape));
            }
            Tensor t = Tensor.zeros(dtype, shape);
            for (int i = 0; i < Math.min(shape[0], shape[1]); i++) t.set(1, i, i);
            return t;
        };
    }

    private static Tensor uniformWithVariance(ai.deepj.tensor.Generator gen, DType dtype, double variance, int[] shape) {
        double bound = Math.sqrt(3 * variance); // U(−b, b) has variance b²/3
        return Tensor.uniform(gen, dtype, -bound, bound, shape);
    }

    /**
     * Modified Gram–Schmidt, done twice ("twice is enough", Giraitis &amp; Kahan) so that the
     * vectors are orthonormal to rounding even when the Gaussian matrix is ill-conditioned. Keeps
     * each vector's direction (R's diagonal positive), as the sign-corrected QR does.
     */
    private static void gramSchmidt(double[][] v) {
        for (int i = 0; i < v.length; i++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int j = 0; j < i; j++) {
                    double dot = 0;
                    for (int e = 0; e < v[i].length; e++) dot += v[i][e] * v[j][e];
                    for (int e = 0; e < v[i].length; e++) v[i][e] -= dot * v[j][e];
                }
            }
            double norm = 0;
            for (double x : v[i]) norm += x * x;
            norm = Math.sqrt(norm);
            if (norm == 0) throw new IllegalStateException("Init.orthogonal: degenerate Gaussian sample"); // probability 0
            for (int e = 0; e < v[i].length; e++) v[i][e] /= norm;
        }
    }
}
