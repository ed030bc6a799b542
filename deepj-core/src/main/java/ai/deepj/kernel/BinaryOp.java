package ai.deepj.kernel;

/** Elementwise operations of two operands. Comparisons give 1 for true and 0 for false. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAX, MIN, EQ, NE, LT, LE, GT, GE;

    /** True for the six comparisons. */
    public boolean isComparison() {
        return ordinal() >= EQ.ordinal();
    }

    /** Lower-case name used in error messages and the autograd graph. */
    public String opName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
