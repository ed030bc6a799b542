package ai.deepj.kernel;

/** Elementwise operations of one operand. */
public enum UnaryOp {
    NEG, ABS, SIGN, EXP, LOG, LOG1P, SQRT, SQUARE, RECIPROCAL, TANH, SIGMOID, RELU;

    /** Lower-case name used in error messages and the autograd graph. */
    public String opName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
