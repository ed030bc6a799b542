package ai.deepj.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the course's data sets are: the directory named by the environment variable
 * {@code DEEPJ_DATA}, else the first {@code shared/data} found beside the working directory or one
 * of its parents (the layout of a deepj checkout: {@code <dir>/repo} next to {@code <dir>/shared}).
 * The files are read in place, never copied into the project.
 */
public final class SharedData {
    private SharedData() {}

    /** The environment variable that overrides the search. */
    public static final String ENV = "DEEPJ_DATA";

    /** The data directory, if one exists. */
    public static Optional<Path> root() {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /** {@code root()/relative} if that file or directory exists. */
    public static Optional<Path> find(String relative) {
        return root().map(r -> r.resolve(relative)).filter(Files::exists);
    }

    /** Why {@link #find} came back empty, for skip messages. */
    public static String missingReason(String relative) {
        return root().map(r -> relative + " not found under " + r)
                .orElse("no data directory: set " + ENV + " or place shared/data beside the checkout");
    }
}
