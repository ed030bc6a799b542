package ai.deepj.tensor;

import java.util.Arrays;

/** Tensor factories: from arrays, constants, ranges, identity, and seeded random fills. */
final class Creation {
    private Creation() {}

    static Tensor fromArray(DType dtype, Object array, int length, int[] shape) {
        int[] s = shape.length == 0 && length != 1 ? new int[] {length} : shape.clone();
        for (int d : s) {
            if (d < 0) throw new IllegalArgumentException("of: negative size in shape " + Arrays.toString(s));
        }
        long n = Shape.numel(s);
        if (n != length) {
            throw new IllegalArgumentException("of: " + length + " values do not fill shape " + Arrays.toString(s)
                    + " (" + n + " elements)");
        }
        return new Tensor(dtype, new Storage(array), s, Tensor.contiguousStrides(s), 0);
    }

    static Tensor full(DType dtype, double value, int[] shape) {
        Tensor t = Tensor.allocate(dtype, shape);
        if (value != 0) {
            switch (dtype) {
                case FLOAT32 -> Arrays.fill(t.floatArray(), (float) value);
                case FLOAT64 -> Arrays.fill(t.doubleArray(), value);
                case INT32 -> {
                    if (value != Math.rint(value)) {
                        throw new IllegalArgumentException("full: " + value + " is not an integer, but the type is int32");
                    }
                    Arrays.fill(t.intArray(), (int) value);
                }
            }
        }
        return t;
    }

    static Tensor arange(DType dtype, double start, double end, double step) {
        if (step == 0 || !Double.isFinite(step)) throw new IllegalArgumentException("arange: step must be finite and non-zero, got " + step);
        if ((end - start) / step > Integer.MAX_VALUE) throw new IllegalArgumentException("arange: too many values");
        int n = (int) Math.max(0, Math.ceil((end - start) / step));
        Tensor t = Tensor.allocate(dtype, new int[] {n});
        for (int i = 0; i < n; i++) write(t, i, start + i * step);
        return t;
    }

    static Tensor linspace(DType dtype, double start, double end, int steps) {
        if (steps < 0) throw new IllegalArgumentException("linspace: steps must be >= 0, got " + steps);
        Tensor t = Tensor.allocate(dtype, new int[] {steps});
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        // Fill from both ends, as PyTorch does, so that the last value is exactly `end`.
        int half = steps / 2;
        // One step means just `start`, as in PyTorch (the fill from the end would give `end`).
        for (int i = 0; i < steps; i++) write(t, i, i < half || steps == 1 ? start + i * step : end - (steps - 1 - i) * step);
        return t;
    }

    static Tensor eye(DType dtype, int rows, int cols) {
        Tensor t = Tensor.allocate(dtype, new int[] {rows, cols});
        for (int i = 0; i < Math.min(rows, cols); i++) write(t, i * cols + i, 1);
        return t;
    }

    static Tensor uniform(Generator gen, DType dtype, double lo, double hi, int[] shape) {
        if (!(lo <= hi)) throw new IllegalArgumentException("uniform: need lo <= hi, got [" + lo + ", " + hi + ")");
        Tensor t = Tensor.allocate(dtype, shape);
        for (int i = 0, n = (int) t.numel(); i < n; i++) write(t, i, lo + (hi - lo) * gen.nextDouble());
        return t;
    }

    static Tensor normal(Generator gen, DType dtype, double mean, double std, int[] shape) {
        if (!(std >= 0)) throw new IllegalArgumentException("normal: std must be >= 0, got " + std);
        Tensor t = Tensor.allocate(dtype, shape);
        for (int i = 0, n = (int) t.numel(); i < n; i++) write(t, i, mean + std * gen.nextGaussian());
        return t;
    }

    /** Writes element {@code i} of a fresh contiguous tensor. */
    static void write(Tensor t, int i, double v) {
        switch (t.dtype) {
            case FLOAT32 -> t.floatArray()[i] = (float) v;
            case FLOAT64 -> t.doubleArray()[i] = v;
            case INT32 -> t.intArray()[i] = (int) Math.floor(v);
        }
    }
}
