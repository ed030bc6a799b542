package ai.deepj.tensor;

import ai.deepj.kernel.BinaryOp;
import ai.deepj.kernel.UnaryOp;
import java.util.Arrays;
import java.util.List;

/**
 * An n-dimensional array of {@link DType#FLOAT32}, {@link DType#FLOAT64} or {@link DType#INT32}
 * values on the Java heap, with reverse-mode automatic differentiation.
 *
 * <p>Operations follow NumPy/PyTorch broadcasting. Shape operations ({@link #reshape},
 * {@link #transpose}, {@link #permute}, {@link #narrow}, {@link #expand}, {@link #squeeze},
 * {@link #unsqueeze}) return views that share storage where possible; {@link #contiguous()} and
 * {@link #clone()} copy. Any tensor can require a gradient, inputs included:
 *
 * {@snippet :
 * Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
 * Tensor y = x.mul(x).sum();   // y = sum(x^2)
 * y.backward();
 * x.grad();                    // [2.0, 4.0, 6.0]
 * }
 *
 * <p>Tensors are not thread-safe for writing; reading one tensor from several threads is safe.
 * Storage is a plain Java array: nothing needs freeing.
 */
public final class Tensor {
    final DType dtype;
    final Storage storage;
    final int[] shape;
    final int[] strides;
    final int offset;

    boolean requiresGrad;
    boolean retainsGrad;
    Tensor grad;
    Node gradFn;

    Tensor(DType dtype, Storage storage, int[] shape, int[] strides, int offset) {
        this.dtype = dtype;
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    /** A fresh contiguous zero-filled tensor. */
    static Tensor allocate(DType dtype, int[] shape) {
        long n = Shape.numel(shape);
        if (n > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("tensor: " + Shape.wrap(shape) + " has " + n
                    + " elements; at most 2^31 - 17 fit in one Java array");
        }
        return new Tensor(dtype, Storage.allocate(dtype, (int) n), shape.clone(), contiguousStrides(shape), 0);
    }

    static int[] contiguousStrides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= Math.max(shape[i], 1);
        }
        return s;
    }

    // ---------------------------------------------------------------- creation

    /** A float32 tensor holding {@code data} (copied) with the given shape. */
    public static Tensor of(float[] data, int... shape) {
        return Creation.fromArray(DType.FLOAT32, data.clone(), data.length, shape);
    }

    /** A float64 tensor holding {@code data} (copied) with the given shape. */
    public static Tensor of(double[] data, int... shape) {
        return Creation.fromArray(DType.FLOAT64, data.clone(), data.length, shape);
    }

    /** An int32 tensor holding {@code data} (copied) with the given shape. */
    public static Tensor of(int[] data, int... shape) {
        return Creation.fromArray(DType.INT32, data.clone(), data.length, shape);
    }

    /** A rank-0 tensor holding one value. */
    public static Tensor scalar(double value, DType dtype) {
        return Creation.full(dtype, value, new int[0]);
    }

    /** A rank-0 tensor of the {@linkplain DType#defaultFloat() default float type}. */
    public static Tensor scalar(double value) {
        return scalar(value, DType.defaultFloat());
    }

    /** Zeros of the given type and shape. */
    public static Tensor zeros(DType dtype, int... shape) {
        return allocate(dtype, shape);
    }

    /** Zeros of the {@linkplain DType#defaultFloat() default float type} (float32 unless changed). */
    public static Tensor zeros(int... shape) {
        return allocate(DType.defaultFloat(), shape);
    }

    /** Ones of the given type and shape. */
    public static Tensor ones(DType dtype, int... shape) {
        return Creation.full(dtype, 1, shape);
    }

    /** Ones of the default float type. */
    public static Tensor ones(int... shape) {
        return ones(DType.defaultFloat(), shape);
    }

    /** Every element equal to {@code value}. */
    public static Tensor full(DType dtype, double value, int... shape) {
        return Creation.full(dtype, value, shape);
    }

    /** Values {@code start, start + step, ...} below {@code end} (above, for a negative step), rank 1. */
    public static Tensor arange(DType dtype, double start, double end, double step) {
        return Creation.arange(dtype, start, end, step);
    }

    /** int32 {@code 0, 1, ..., n - 1}. */
    public static Tensor arange(int n) {
        return Creation.arange(DType.INT32, 0, n, 1);
    }

    /** {@code steps} evenly spaced values from {@code start} to {@code end} inclusive, rank 1. */
    public static Tensor linspace(DType dtype, double start, double end, int steps) {
        return Creation.linspace(dtype, start, end, steps);
    }

    /** The {@code n × n} identity matrix. */
    public static Tensor eye(DType dtype, int n) {
        return Creation.eye(dtype, n, n);
    }

    /** Uniform values in [0, 1) from {@code gen}, of the default float type. */
    public static Tensor rand(Generator gen, int... shape) {
        return Creation.uniform(gen, DType.defaultFloat(), 0, 1, shape);
    }

    /** Uniform values in [lo, hi) from {@code gen}. */
    public static Tensor uniform(Generator gen, DType dtype, double lo, double hi, int... shape) {
        return Creation.uniform(gen, dtype, lo, hi, shape);
    }

    /** Standard normal values from {@code gen}, of the default float type. */
    public static Tensor randn(Generator gen, int... shape) {
        return Creation.normal(gen, DType.defaultFloat(), 0, 1, shape);
    }

    /** Normal values with the given mean and standard deviation from {@code gen}. */
    public static Tensor normal(Generator gen, DType dtype, double mean, double std, int... shape) {
        return Creation.normal(gen, dtype, mean, std, shape);
    }

    /** Zeros with this tensor's type and shape. */
    public Tensor zerosLike() {
        return allocate(dtype, shape);
    }

    /** Ones with this tensor's type and shape. */
    public Tensor onesLike() {
        return Creation.full(dtype, 1, shape);
    }

    // ---------------------------------------------------------------- metadata

    /** Element type. */
    public DType dtype() {
        return dtype;
    }

    /** Sizes of all dimensions. */
    public Shape shape() {
        return Shape.of(shape);
    }

    /** Size of dimension {@code d}; negative {@code d} counts from the end. */
    public int size(int d) {
        return shape[Shape.axis(d, shape.length, "size")];
    }

    /** Number of dimensions. */
    public int dim() {
        return shape.length;
    }

    /** Number of elements. */
    public long numel() {
        return Shape.numel(shape);
    }

    /** Element strides of each dimension (a copy). */
    public int[] strides() {
        return strides.clone();
    }

    /** True if elements are laid out densely in row-major order. */
    public boolean isContiguous() {
        if (numel() == 0) return true; // nothing to lay out; as in PyTorch
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 1) continue;
            if (strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    // ---------------------------------------------------------------- autograd

    /** Whether gradients flow to (or through) this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Marks a leaf tensor as needing its gradient (or stops that); returns {@code this}.
     * Only floating-point tensors can require gradients.
     */
    public Tensor requiresGrad(boolean value) {
        if (gradFn != null) {
            throw new IllegalStateException("requiresGrad: only leaf tensors can be changed; this one was computed by '"
                    + gradFn.op + "'. Use detach() for a leaf copy");
        }
        if (value && !dtype.isFloating()) {
            throw new IllegalArgumentException("requiresGrad: only floating-point tensors can require gradients, got " + dtype);
        }
        requiresGrad = value;
        return this;
    }

    /** The accumulated gradient, or null before the first backward. */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the accumulated gradient (null clears it). */
    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape, shape)) {
            throw new IllegalArgumentException("setGrad: gradient shape " + g.shape() + " != tensor shape " + shape());
        }
        grad = g;
    }

    /** Sets the gradient to zero in place, keeping its buffer (no-op if there is none). */
    public void zeroGrad() {
        if (grad != null) grad.fillInPlace(0);
    }

    /** True for tensors created by the user rather than computed by a recorded op. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** Name of the op that computed this tensor, or null for a leaf. */
    public String gradFnName() {
        return gradFn == null ? null : gradFn.op;
    }

    /** Asks backward to also store this non-leaf tensor's gradient in {@link #grad()}. */
    public Tensor retainGrad() {
        retainsGrad = true;
        if (gradFn != null) gradFn.retainedOutput = this;
        return this;
    }

    /** The same data, cut off from the graph: a leaf that does not require grad. */
    public Tensor detach() {
        return new Tensor(dtype, storage, shape, strides, offset);
    }

    /** Back-propagates from this scalar: fills {@code grad()} of every leaf it depends on. Frees the graph. */
    public void backward() {
        Autograd.backward(this, null, false);
    }

    /** Back-propagates {@code gradOutput} (same shape as this tensor). Frees the graph. */
    public void backward(Tensor gradOutput) {
        Autograd.backward(this, gradOutput, false);
    }

    /** Back-propagates {@code gradOutput} (null for a scalar), keeping the graph if {@code retainGraph}. */
    public void backward(Tensor gradOutput, boolean retainGraph) {
        Autograd.backward(this, gradOutput, retainGraph);
    }

    // ---------------------------------------------------------------- data access

    float[] floatArray() {
        return (float[]) storage.array;
    }

    double[] doubleArray() {
        return (double[]) storage.array;
    }

    int[] intArray() {
        return (int[]) storage.array;
    }

    /** Storage offset of the element at {@code index} (one index per dimension). */
    int offsetOf(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("get: need " + shape.length + " indices for shape " + shape()
                    + ", got " + index.length);
        }
        int off = offset;
        for (int i = 0; i < index.length; i++) {
            int ix = index[i] < 0 ? index[i] + shape[i] : index[i];
            if (ix < 0 || ix >= shape[i]) {
                throw new IndexOutOfBoundsException("get: index " + index[i] + " out of range for dimension " + i
                        + " of size " + shape[i]);
            }
            off += ix * strides[i];
        }
        return off;
    }

    /** Element at {@code index} as a double, whatever the type. */
    public double get(int... index) {
        return read(offsetOf(index));
    }

    /** Writes one element (a plain store: not recorded by autograd). */
    public void set(double value, int... index) {
        int off = offsetOf(index);
        switch (dtype) {
            case FLOAT32 -> floatArray()[off] = (float) value;
            case FLOAT64 -> doubleArray()[off] = value;
            case INT32 -> intArray()[off] = (int) value;
        }
        storage.version++;
    }

    double read(int storageOffset) {
        return switch (dtype) {
            case FLOAT32 -> floatArray()[storageOffset];
            case FLOAT64 -> doubleArray()[storageOffset];
            case INT32 -> intArray()[storageOffset];
        };
    }

    /** Element number {@code i} in row-major order, as a double. */
    double flatGet(int i) {
        int off = offset;
        for (int d = shape.length - 1; d >= 0; d--) {
            off += (i % shape[d]) * strides[d];
            i /= shape[d];
        }
        return read(off);
    }

    /** The single value of a one-element tensor. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalArgumentException("item: only one-element tensors have an item; shape is " + shape());
        }
        return read(offset);
    }

    /** All elements in row-major order as a new float array. */
    public float[] toFloatArray() {
        Tensor c = to(DType.FLOAT32).contiguous();
        return Arrays.copyOfRange(c.floatArray(), c.offset, c.offset + (int) c.numel());
    }

    /** All elements in row-major order as a new double array. */
    public double[] toDoubleArray() {
        Tensor c = to(DType.FLOAT64).contiguous();
        return Arrays.copyOfRange(c.doubleArray(), c.offset, c.offset + (int) c.numel());
    }

    /** All elements in row-major order as a new int array (floats are truncated toward zero). */
    public int[] toIntArray() {
        Tensor c = to(DType.INT32).contiguous();
        return Arrays.copyOfRange(c.intArray(), c.offset, c.offset + (int) c.numel());
    }

    /** This tensor converted to {@code target} (itself if already of that type). Differentiable between float types. */
    public Tensor to(DType target) {
        return Elementwise.cast(this, target);
    }

    /** A contiguous tensor with the same values: this one if already contiguous, else a copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : Views.copy(this, "contiguous");
    }

    /** A contiguous copy that shares nothing with this tensor. Differentiable. */
    @Override
    public Tensor clone() {
        return Views.copy(this, "clone");
    }

    // ---------------------------------------------------------------- elementwise

    /** {@code this + other}, broadcasting. */
    public Tensor add(Tensor other) {
        return Elementwise.binary(BinaryOp.ADD, this, other);
    }

    /** {@code this + value}. */
    public Tensor add(double value) {
        return Elementwise.binary(BinaryOp.ADD, this, Elementwise.scalarLike(this, value));
    }

    /** {@code this - other}, broadcasting. */
    public Tensor sub(Tensor other) {
        return Elementwise.binary(BinaryOp.SUB, this, other);
    }

    /** {@code this - value}. */
    public Tensor sub(double value) {
        return Elementwise.binary(BinaryOp.SUB, this, Elementwise.scalarLike(this, value));
    }

    /** {@code value - this}. */
    public Tensor rsub(double value) {
        return Elementwise.binary(BinaryOp.SUB, Elementwise.scalarLike(this, value), this);
    }

    /** {@code this * other} elementwise, broadcasting. */
    public Tensor mul(Tensor other) {
        return Elementwise.binary(BinaryOp.MUL, this, other);
    }

    /** {@code this * value}. */
    public Tensor mul(double value) {
        return Elementwise.binary(BinaryOp.MUL, this, Elementwise.scalarLike(this, value));
    }

    /** {@code this / other} elementwise, broadcasting (true division: int32 operands give float32). */
    public Tensor div(Tensor other) {
        return Elementwise.binary(BinaryOp.DIV, this, other);
    }

    /** {@code this / value}. */
    public Tensor div(double value) {
        return Elementwise.binary(BinaryOp.DIV, this, Elementwise.scalarLike(this, value));
    }

    /** {@code this ^ exponent} elementwise, broadcasting. */
    public Tensor pow(Tensor exponent) {
        return Elementwise.binary(BinaryOp.POW, this, exponent);
    }

    /** {@code this ^ exponent}. */
    public Tensor pow(double exponent) {
        return Elementwise.binary(BinaryOp.POW, this, Elementwise.scalarLike(this, exponent));
    }

    /** Elementwise maximum, broadcasting; the gradient goes to the larger (split evenly on ties). */
    public Tensor maximum(Tensor other) {
        return Elementwise.binary(BinaryOp.MAX, this, other);
    }

    /** Elementwise minimum, broadcasting; the gradient goes to the smaller (split evenly on ties). */
    public Tensor minimum(Tensor other) {
        return Elementwise.binary(BinaryOp.MIN, this, other);
    }

    /** 1 where {@code this == other}, else 0 (in the promoted type). Not differentiable. */
    public Tensor eq(Tensor other) {
        return Elementwise.binary(BinaryOp.EQ, this, other);
    }

    /** 1 where {@code this != other}, else 0. */
    public Tensor ne(Tensor other) {
        return Elementwise.binary(BinaryOp.NE, this, other);
    }

    /** 1 where {@code this < other}, else 0. */
    public Tensor lt(Tensor other) {
        return Elementwise.binary(BinaryOp.LT, this, other);
    }

    /** 1 where {@code this <= other}, else 0. */
    public Tensor le(Tensor other) {
        return Elementwise.binary(BinaryOp.LE, this, other);
    }

    /** 1 where {@code this > other}, else 0. */
    public Tensor gt(Tensor other) {
        return Elementwise.binary(BinaryOp.GT, this, other);
    }

    /** 1 where {@code this >= other}, else 0. */
    public Tensor ge(Tensor other) {
        return Elementwise.binary(BinaryOp.GE, this, other);
    }

    /** 1 where {@code this == value}, else 0. */
    public Tensor eq(double value) {
        return eq(Elementwise.scalarLike(this, value));
    }

    /** 1 where {@code this < value}, else 0 (e.g. a dropout mask: {@code rand(...).lt(keepProb)}). */
    public Tensor lt(double value) {
        return lt(Elementwise.scalarLike(this, value));
    }

    /** 1 where {@code this > value}, else 0. */
    public Tensor gt(double value) {
        return gt(Elementwise.scalarLike(this, value));
    }

    /** 1 where {@code this != value}, else 0. */
    public Tensor ne(double value) {
        return ne(Elementwise.scalarLike(this, value));
    }

    /** 1 where {@code this <= value}, else 0. */
    public Tensor le(double value) {
        return le(Elementwise.scalarLike(this, value));
    }

    /** 1 where {@code this >= value}, else 0. */
    public Tensor ge(double value) {
        return ge(Elementwise.scalarLike(this, value));
    }

    /** Elements of {@code a} where {@code condition} is non-zero, else of {@code b}; broadcasting all three. */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return Elementwise.where(condition, a, b);
    }

    /** {@code value} where {@code mask} is non-zero, else this tensor's element. */
    public Tensor maskedFill(Tensor mask, double value) {
        return Elementwise.where(mask, Elementwise.scalarLike(this, value), this);
    }

    /** Each element limited to [min, max]; the gradient is zero where clamped. */
    public Tensor clamp(double min, double max) {
        return Elementwise.clamp(this, min, max);
    }

    /** {@code -this}. */
    public Tensor neg() {
        return Elementwise.unary(UnaryOp.NEG, this);
    }

    /** {@code |this|}; the gradient at 0 is 0, as in PyTorch. */
    public Tensor abs() {
        return Elementwise.unary(UnaryOp.ABS, this);
    }

    /** -1, 0 or 1 by sign; gradient zero. */
    public Tensor sign() {
        return Elementwise.unary(UnaryOp.SIGN, this);
    }

    /** {@code e^this}. */
    public Tensor exp() {
        return Elementwise.unary(UnaryOp.EXP, this);
    }

    /** Natural logarithm. */
    public Tensor log() {
        return Elementwise.unary(UnaryOp.LOG, this);
    }

    /** {@code log(1 + this)}, accurate for small values. */
    public Tensor log1p() {
        return Elementwise.unary(UnaryOp.LOG1P, this);
    }

    /** Square root. */
    public Tensor sqrt() {
        return Elementwise.unary(UnaryOp.SQRT, this);
    }

    /** {@code this * this}. */
    public Tensor square() {
        return Elementwise.unary(UnaryOp.SQUARE, this);
    }

    /** {@code 1 / this}. */
    public Tensor reciprocal() {
        return Elementwise.unary(UnaryOp.RECIPROCAL, this);
    }

    /** Hyperbolic tangent. */
    public Tensor tanh() {
        return Elementwise.unary(UnaryOp.TANH, this);
    }

    /** Logistic sigmoid {@code 1 / (1 + e^-x)}. */
    public Tensor sigmoid() {
        return Elementwise.unary(UnaryOp.SIGMOID, this);
    }

    /** {@code max(x, 0)}; the gradient at 0 is 0, as in PyTorch. */
    public Tensor relu() {
        return Elementwise.unary(UnaryOp.RELU, this);
    }

    /**
     * {@link #relu()} written over this tensor's values (PyTorch's {@code relu_}): no new buffer.
     * While autograd records, the tensor gets a new history ({@code relu_}) and ops that used it
     * before keep the old one; backward refuses if one of those saved the overwritten values
     * (e.g. {@code y.mul(y)}). Refused while recording for a leaf that requires grad and for a
     * tensor that shares its values with a view ({@link #inPlaceAllowed()} says which).
     *
     * {@snippet :
     * Tensor h = x.matmul(w).add(b);   // a fresh result: nobody else holds its values
     * h.reluInPlace();                 // h is now relu(x·w + b); h.gradFnName() is "relu_"
     * }
     *
     * @return this tensor
     */
    public Tensor reluInPlace() {
        return Elementwise.reluInPlace(this);
    }

    /**
     * True if a recorded in-place op ({@link #reluInPlace()}) may overwrite this tensor now: always
     * outside recording or for a tensor that does not require grad; otherwise only for a computed
     * (non-leaf) tensor that shares its values with no view.
     */
    public boolean inPlaceAllowed() {
        return Autograd.inPlaceRefusal("inPlaceAllowed", this) == null;
    }

    /** {@code x} for {@code x > 0}, else {@code slope * x}. */
    public Tensor leakyRelu(double slope) {
        return Elementwise.leakyRelu(this, slope);
    }

    // ---------------------------------------------------------------- in place (never recorded)

    /**
     * Writes {@code op} of every element into {@code out} (same shape and type, contiguous; may be
     * this tensor itself) without allocating, like PyTorch's {@code torch.sigmoid(x, out=y)}.
     * Not recorded by autograd, so refused while recording for a tensor that requires grad.
     *
     * {@snippet :
     * Tensor buffer = Tensor.zeros(1024);
     * x.mapInto(UnaryOp.SIGMOID, buffer);   // reuses buffer on every call
     * }
     *
     * @return {@code out}
     */
    public Tensor mapInto(UnaryOp op, Tensor out) {
        return Elementwise.mapInto(op, this, out);
    }

    /** {@code this += other} in place (broadcasting {@code other}); refused where it would corrupt autograd. */
    public Tensor addInPlace(Tensor other) {
        return Elementwise.inPlace(BinaryOp.ADD, this, other);
    }

    /** {@code this -= other} in place. */
    public Tensor subInPlace(Tensor other) {
        return Elementwise.inPlace(BinaryOp.SUB, this, other);
    }

    /** {@code this *= other} in place. */
    public Tensor mulInPlace(Tensor other) {
        return Elementwise.inPlace(BinaryOp.MUL, this, other);
    }

    /** {@code this *= value} in place. */
    public Tensor mulInPlace(double value) {
        return Elementwise.inPlace(BinaryOp.MUL, this, Elementwise.scalarLike(this, value));
    }

    /** Copies {@code source} (broadcast to this shape) into this tensor. */
    public Tensor copyInPlace(Tensor source) {
        return Elementwise.inPlace(null, this, source);
    }

    /** Sets every element to {@code value}. */
    public Tensor fillInPlace(double value) {
        return Elementwise.inPlace(null, this, Elementwise.scalarLike(this, value));
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements (rank 0). */
    public Tensor sum() {
        return Reductions.sum(this, allAxes(), false);
    }

    /** Sum over {@code axes}; {@code keepdims} keeps them as size 1. */
    public Tensor sum(int[] axes, boolean keepdims) {
        return Reductions.sum(this, axes, keepdims);
    }

    /** Sum over one axis, dropping it. */
    public Tensor sum(int axis) {
        return Reductions.sum(this, new int[] {axis}, false);
    }

    /** Mean of all elements. */
    public Tensor mean() {
        return Reductions.mean(this, allAxes(), false);
    }

    /** Mean over {@code axes}. */
    public Tensor mean(int[] axes, boolean keepdims) {
        return Reductions.mean(this, axes, keepdims);
    }

    /** Maximum over all elements; the gradient is split evenly among ties. */
    public Tensor max() {
        return Reductions.max(this, allAxes(), false);
    }

    /** Maximum over {@code axes} (PyTorch's {@code amax}). */
    public Tensor max(int[] axes, boolean keepdims) {
        return Reductions.max(this, axes, keepdims);
    }

    /** Minimum over all elements. */
    public Tensor min() {
        return Reductions.min(this, allAxes(), false);
    }

    /** Minimum over {@code axes} (PyTorch's {@code amin}). */
    public Tensor min(int[] axes, boolean keepdims) {
        return Reductions.min(this, axes, keepdims);
    }

    /** Index of the largest element along {@code axis} (first one on ties), int32. */
    public Tensor argmax(int axis, boolean keepdims) {
        return Reductions.argExtreme(this, axis, keepdims, true);
    }

    /** Index of the smallest element along {@code axis} (first one on ties), int32. */
    public Tensor argmin(int axis, boolean keepdims) {
        return Reductions.argExtreme(this, axis, keepdims, false);
    }

    /** Variance over {@code axes}, dividing by {@code n - correction} (1: unbiased, PyTorch's default; 0: population). */
    public Tensor var(int[] axes, boolean keepdims, int correction) {
        return Reductions.var(this, axes, keepdims, correction);
    }

    /** Euclidean (L2) norm of all elements. */
    public Tensor norm() {
        return Reductions.norm(this, 2, allAxes(), false);
    }

    /** p-norm over {@code axes} ({@code p} = 1 or 2, or any p > 0). */
    public Tensor norm(double p, int[] axes, boolean keepdims) {
        return Reductions.norm(this, p, axes, keepdims);
    }

    /** {@code log(sum(exp(x)))} over {@code axes}, computed stably. */
    public Tensor logsumexp(int[] axes, boolean keepdims) {
        return Reductions.logsumexp(this, axes, keepdims);
    }

    /** {@code exp(x) / Σ exp(x)} along {@code dim}, computed stably, with a fused backward. */
    public Tensor softmax(int dim) {
        return Softmax.softmax(this, dim);
    }

    /** {@code x − log Σ exp(x)} along {@code dim}, computed stably, with a fused backward. */
    public Tensor logSoftmax(int dim) {
        return Softmax.logSoftmax(this, dim);
    }

    int[] allAxes() {
        int[] a = new int[shape.length];
        for (int i = 0; i < a.length; i++) a[i] = i;
        return a;
    }

    // ---------------------------------------------------------------- linear algebra

    /**
     * Matrix product with {@code torch.matmul} semantics: 1-D·1-D is a dot product, 2-D·2-D a matrix
     * product {@code [m, k]·[k, n] → [m, n]}, and higher ranks are batches of matrices whose batch
     * dimensions broadcast. Transposed views are multiplied without copying.
     */
    public Tensor matmul(Tensor other) {
        return MatMul.matmul(this, other);
    }

    /**
     * The affine map {@code this·weightᵀ + bias} of a dense layer (PyTorch's {@code F.linear}):
     * {@code this} is {@code [..., in]}, {@code weight} {@code [out, in]}, {@code bias}
     * {@code [out]} or null; the result is {@code [..., out]}. One GEMM accumulating onto the bias.
     */
    public Tensor linear(Tensor weight, Tensor bias) {
        return MatMul.linear(this, weight, bias);
    }

    // ---------------------------------------------------------------- convolution

    /**
     * 1-d convolution (PyTorch's {@code F.conv1d}; cross-correlation, as in every framework): this
     * tensor is the input {@code [N, C, W]} (or unbatched {@code [C, W]}), {@code weight} is
     * {@code [out, C/groups, kW]}, {@code bias} {@code [out]} or null; the result is
     * {@code [N, out, oW]} with {@code oW = ⌊(W + 2p − d·(kW − 1) − 1)/s⌋ + 1}. Stride, padding,
     * dilation and groups: {@link ConvOptions}. im2col + GEMM, with a hand-written backward.
     */
    public Tensor conv1d(Tensor weight, Tensor bias, ConvOptions options) {
        return Conv.conv(1, this, weight, bias, options);
    }

    /**
     * 2-d convolution (PyTorch's {@code F.conv2d}): input {@code [N, C, H, W]} (or {@code [C, H, W]}),
     * {@code weight} {@code [out, C/groups, kH, kW]}, {@code bias} {@code [out]} or null; the result is
     * {@code [N, out, oH, oW]}, each size {@code ⌊(n + 2p − d·(k − 1) − 1)/s⌋ + 1}. See {@link ConvOptions}.
     *
     * {@snippet :
     * Tensor x = Tensor.randn(Generator.seeded(0), 8, 3, 32, 32);
     * Tensor w = Tensor.randn(Generator.seeded(1), 16, 3, 3, 3).requiresGrad(true);
     * Tensor y = x.conv2d(w, null, ConvOptions.defaults().withPadding(1));   // [8, 16, 32, 32]
     * }
     */
    public Tensor conv2d(Tensor weight, Tensor bias, ConvOptions options) {
        return Conv.conv(2, this, weight, bias, options);
    }

    /**
     * 3-d convolution (PyTorch's {@code F.conv3d}): input {@code [N, C, D, H, W]} (or
     * {@code [C, D, H, W]}), {@code weight} {@code [out, C/groups, kD, kH, kW]}, {@code bias}
     * {@code [out]} or null; the result is {@code [N, out, oD, oH, oW]}. See {@link ConvOptions}.
     */
    public Tensor conv3d(Tensor weight, Tensor bias, ConvOptions options) {
        return Conv.conv(3, this, weight, bias, options);
    }

    // ---------------------------------------------------------------- shape

    /** Same elements with a new shape (one size may be -1); a view when the layout allows, else a copy. */
    public Tensor reshape(int... newShape) {
        return Views.reshape(this, newShape);
    }

    /** All dimensions merged into one. */
    public Tensor flatten() {
        return Views.reshape(this, new int[] {-1});
    }

    /** Dimensions {@code start..end} (inclusive) merged into one. */
    public Tensor flatten(int start, int end) {
        return Views.flatten(this, start, end);
    }

    /** View with dimensions {@code d0} and {@code d1} swapped. */
    public Tensor transpose(int d0, int d1) {
        return Views.transpose(this, d0, d1);
    }

    /** Matrix transpose of a rank-2 tensor (a view). */
    public Tensor t() {
        if (shape.length != 2) {
            throw new IllegalArgumentException("t: expects a rank-2 tensor, got shape " + shape() + "; use transpose(d0, d1)");
        }
        return Views.transpose(this, 0, 1);
    }

    /** View with dimensions reordered: dimension {@code i} of the result is dimension {@code order[i]} of this. */
    public Tensor permute(int... order) {
        return Views.permute(this, order);
    }

    /** View of {@code length} elements of dimension {@code dim}, from {@code start}. */
    public Tensor narrow(int dim, int start, int length) {
        return Views.narrow(this, dim, start, length);
    }

    /** View of indices {@code start, start+step, ...} below {@code end} along {@code dim} (Python's {@code a[start:end:step]}). */
    public Tensor slice(int dim, int start, int end, int step) {
        return Views.slice(this, dim, start, end, step);
    }

    /** View at {@code index} along {@code dim}, with that dimension removed. */
    public Tensor select(int dim, int index) {
        return Views.select(this, dim, index);
    }

    /** View broadcast to {@code newShape} without copying (-1 keeps a size). */
    public Tensor expand(int... newShape) {
        return Views.expand(this, newShape);
    }

    /** View without any size-1 dimensions. */
    public Tensor squeeze() {
        return Views.squeeze(this, null);
    }

    /** View without dimension {@code dim}, which must have size 1. */
    public Tensor squeeze(int dim) {
        return Views.squeeze(this, dim);
    }

    /** View with a new size-1 dimension at {@code dim}. */
    public Tensor unsqueeze(int dim) {
        return Views.unsqueeze(this, dim);
    }

    /** Joins tensors along an existing dimension. */
    public static Tensor concat(int dim, Tensor... tensors) {
        return Join.concat(dim, tensors);
    }

    /** Joins same-shaped tensors along a new dimension. */
    public static Tensor stack(int dim, Tensor... tensors) {
        return Join.stack(dim, tensors);
    }

    /** Views of consecutive pieces of {@code size} along {@code dim} (the last may be smaller). */
    public List<Tensor> split(int size, int dim) {
        return Join.split(this, size, dim);
    }

    /** Views of pieces with the given sizes along {@code dim}. */
    public List<Tensor> split(int[] sizes, int dim) {
        return Join.split(this, sizes, dim);
    }

    // ---------------------------------------------------------------- pooling and padding

    /**
     * Max pooling over the last 1, 2 or 3 dimensions of an {@code [N, C, L]}, {@code [N, C, H, W]}
     * or {@code [N, C, D, H, W]} tensor (the spatial rank is {@code kernel.length}), with PyTorch's
     * semantics: output size {@code ⌊(in + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1}
     * (rounded up with {@code ceilMode}, without a window starting in the right padding), padding
     * at most half the dilated kernel and never the maximum. Windows may overlap; each output's
     * gradient goes to its window's maximum (the first in row-major order among equal values, as
     * PyTorch), accumulating where windows share it.
     *
     * {@snippet :
     * Tensor y = x.maxPool(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, null, false);  // [N, C, H, W]
     * }
     *
     * @param kernel   window size per spatial dimension
     * @param stride   step per dimension; null or empty: the kernel
     * @param padding  implicit −∞ border per dimension; null: none
     * @param dilation spacing of window elements per dimension; null: 1
     * @param ceilMode round the output size up instead of down
     */
    public Tensor maxPool(int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        return Pool.maxPool(this, kernel, stride, padding, dilation, ceilMode);
    }

    /** 2-D max pooling of {@code [N, C, H, W]} with a square {@code kernel} and {@code stride}, no padding. */
    public Tensor maxPool2d(int kernel, int stride) {
        return Pool.maxPool(this, new int[] {kernel, kernel}, new int[] {stride, stride}, null, null, false);
    }

    /**
     * Average pooling over the last 1, 2 or 3 dimensions (see {@link #maxPool} for sizes and
     * padding, which here is at most half the kernel). With {@code countIncludePad} (PyTorch's
     * default) a window is divided by its size, padding included but clipped to the padded input;
     * without, by the number of input elements it covers (Keras' {@code padding='same'} average).
     *
     * @param stride  null or empty: the kernel
     * @param padding zero border per dimension; null: none
     */
    public Tensor avgPool(int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        return Pool.avgPool(this, kernel, stride, padding, ceilMode, countIncludePad);
    }

    /** 2-D average pooling of {@code [N, C, H, W]} with a square {@code kernel} and {@code stride}, no padding. */
    public Tensor avgPool2d(int kernel, int stride) {
        return Pool.avgPool(this, new int[] {kernel, kernel}, new int[] {stride, stride}, null, false, true);
    }

    /**
     * Maximum over all spatial dimensions of {@code [N, C, ...]}: {@code [N, C]}, or
     * {@code [N, C, 1, …, 1]} with {@code keepDims} (PyTorch's {@code AdaptiveMaxPool2d(1)} keeps
     * them). The gradient goes to the first maximum of each plane.
     */
    public Tensor globalMaxPool(boolean keepDims) {
        return Pool.globalPool(this, true, keepDims);
    }

    /** Mean over all spatial dimensions of {@code [N, C, ...]}: {@code [N, C]}, or {@code [N, C, 1, …, 1]} with {@code keepDims}. */
    public Tensor globalAvgPool(boolean keepDims) {
        return Pool.globalPool(this, false, keepDims);
    }

    /**
     * Zero padding of the last {@code before.length} (1 to 3) dimensions: dimension
     * {@code dim() − k + i} gets {@code before[i]} zeros in front and {@code after[i]} behind.
     * PyTorch's {@code F.pad} lists the same amounts last dimension first:
     * {@code F.pad(x, (left, right, top, bottom))} is {@code x.pad(new int[] {top, left}, new int[] {bottom, right})}.
     */
    public Tensor pad(int[] before, int[] after) {
        return Pad.pad(this, before, after, PadMode.CONSTANT, 0);
    }

    /** Padding as {@link #pad(int[], int[])} in any {@link PadMode}; {@code value} fills {@link PadMode#CONSTANT} padding (else 0). */
    public Tensor pad(int[] before, int[] after, PadMode mode, double value) {
        return Pad.pad(this, before, after, mode, value);
    }

    // ---------------------------------------------------------------- indexing

    /** {@code out[i][j] = this[index[i][j]][j]} for dim 0 (PyTorch's {@code gather}); {@code index} is int32. */
    public Tensor gather(int dim, Tensor index) {
        return Indexing.gather(this, dim, index);
    }

    /** The slices at the given int32 {@code indices} along {@code dim}. */
    public Tensor indexSelect(int dim, Tensor indices) {
        return Indexing.indexSelect(this, dim, indices);
    }

    /** A copy of this with {@code src} added at {@code index} along {@code dim} (PyTorch's {@code scatter_add}). */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        return Indexing.scatterAdd(this, dim, index, src);
    }

    /** One-hot rows of length {@code numClasses} for int32 {@code labels}: shape {@code labels.shape + [numClasses]}. */
    public static Tensor oneHot(Tensor labels, int numClasses, DType dtype) {
        return Indexing.oneHot(labels, numClasses, dtype);
    }

    // ---------------------------------------------------------------- printing

    /** Values (abbreviated beyond 1000 elements), shape, type and grad_fn, in PyTorch's style. */
    @Override
    public String toString() {
        return Format.format(this);
    }
}
