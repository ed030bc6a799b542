package ai.deepj.cli.config;

import java.nio.file.Path;

/**
 * Where a config value came from, for error messages: a line of a config file
 * ({@code config shapes.yaml line 7}) or a {@code --set} option ({@code --set optimizer.lr=0.1}).
 *
 * @param source the file name as the user gave it, or the {@code --set} text
 * @param line   1-based line in the file; 0 when unknown or not from a file
 * @param base   the directory relative paths in this value are resolved against: the config file's
 *               directory for values from the file, the working directory for {@code --set} values
 * @param file   whether {@code source} is a file (else a command-line option)
 */
public record Location(String source, int line, Path base, boolean file) {
    /** A line of a config file. */
    public static Location inFile(Path configFile, int line) {
        Path abs = configFile.toAbsolutePath().normalize();
        return new Location(configFile.toString(), line, abs.getParent(), true);
    }

    /** A {@code --set key=value} option. */
    public static Location option(String text) {
        return new Location(text, 0, Path.of("").toAbsolutePath(), false);
    }

    /** The same file at another line. */
    public Location atLine(int l) {
        return new Location(source, l, base, file);
    }

    /** {@code base.resolve(path)}, normalized: how a relative path written here is meant. */
    public Path resolve(String path) {
        return base.resolve(path).normalize();
    }

    @Override
    public String toString() {
        if (!file) return source;
        return "config " + source + (line > 0 ? " line " + line : "");
    }
}
