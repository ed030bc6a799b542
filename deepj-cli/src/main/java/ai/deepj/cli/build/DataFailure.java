package ai.deepj.cli.build;

/**
 * Data that cannot be used as the config asks: a missing named data set, labels that are no class
 * indices, a dev file whose classes differ from the training data's. The message says what and why.
 */
public final class DataFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message naming the data and the problem. */
    public DataFailure(String message) {
        super(message);
    }
}
