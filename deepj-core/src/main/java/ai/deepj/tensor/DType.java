package ai.deepj.tensor;

/**
 * Element type of a tensor.
 *
 * <p>{@link #FLOAT32} is the type for speed, {@link #FLOAT64} for gradient checking and reference
 * computations, {@link #INT32} for indices and labels. Binary operations on two different types
 * promote to the wider one: {@code INT32 < FLOAT32 < FLOAT64}.
 */
public enum DType {
    /** 32-bit IEEE float, stored as {@code float[]}. */
    FLOAT32(4),
    /** 64-bit IEEE float, stored as {@code double[]}. */
    FLOAT64(8),
    /** 32-bit signed integer, stored as {@code int[]}. */
    INT32(4);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** True for {@code FLOAT32} and {@code FLOAT64}. */
    public boolean isFloating() {
        return this != INT32;
    }

    private static final ThreadLocal<DType> DEFAULT_FLOAT = ThreadLocal.withInitial(() -> FLOAT32);

    /**
     * The floating type that factories without an explicit type ({@code Tensor.zeros(2, 3)},
     * {@code randn}, layer constructors) use on this thread: float32 unless a
     * {@link #useDefaultFloat} scope says otherwise (PyTorch's {@code set_default_dtype}).
     */
    public static DType defaultFloat() {
        return DEFAULT_FLOAT.get();
    }

    /**
     * Makes {@code type} the default floating type on this thread until the scope is closed:
     * {@code try (var s = DType.useDefaultFloat(DType.FLOAT64)) { model = build(); }}
     * builds a float64 model, as gradient checking needs.
     */
    public static Autograd.Scope useDefaultFloat(DType type) {
        if (!type.isFloating()) throw new IllegalArgumentException("useDefaultFloat: " + type + " is not a floating type");
        DType previous = DEFAULT_FLOAT.get();
        DEFAULT_FLOAT.set(type);
        return () -> DEFAULT_FLOAT.set(previous);
    }

    /** The type both operands of a binary operation are converted to. */
    public static DType promote(DType a, DType b) {
        if (a == FLOAT64 || b == FLOAT64) return FLOAT64;
        if (a == FLOAT32 || b == FLOAT32) return FLOAT32;
        return INT32;
    }

    /** Lower-case name as PyTorch prints it, e.g. {@code float32}. */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
