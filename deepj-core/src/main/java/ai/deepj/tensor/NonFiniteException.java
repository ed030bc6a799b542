package ai.deepj.tensor;

/**
 * Raised in anomaly-detection mode when an op produces NaN or infinity. The message names the op;
 * for a gradient, the cause is a trace of where that op was called in forward.
 */
public final class NonFiniteException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    NonFiniteException(String message, Throwable createdAt) {
        super(message);
        if (createdAt != null) initCause(createdAt);
    }
}
