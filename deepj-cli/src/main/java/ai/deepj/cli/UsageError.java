package ai.deepj.cli;

/**
 * A command asked for something it cannot do as written (an output folder that already holds a
 * run, an input the command cannot read): the command exits with status 2, printing the message.
 */
public final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With the message to print after {@code deepj <command>: }. */
    public UsageError(String message) {
        super(message);
    }
}
