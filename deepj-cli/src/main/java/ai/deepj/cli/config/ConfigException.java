package ai.deepj.cli.config;

/**
 * A config that cannot be used: a syntax error, an unknown key or name, a value of the wrong kind
 * or out of range. The message starts with where the value is: {@code config shapes.yaml line 7:
 * unknown optimizer 'adamm' (known: sgd, momentum, ...)}.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The problem at {@code where} (null: the config as a whole). */
    public ConfigException(Location where, String problem) {
        super(where == null ? problem : where + ": " + problem);
    }

    /** The same, keeping the exception that revealed it. */
    public ConfigException(Location where, String problem, Throwable cause) {
        super(where == null ? problem : where + ": " + problem, cause);
    }
}
