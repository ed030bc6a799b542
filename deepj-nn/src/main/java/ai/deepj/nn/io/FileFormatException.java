package ai.deepj.nn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that cannot be read as what it claims to be: truncated, corrupt, of an unknown format
 * version, or holding weights that do not fit the architecture. The message starts with the file.
 *
 * <p>It is an {@link IOException} because the fault lies in data outside the program (like
 * {@link java.util.zip.ZipException}); mistakes in the calling code, such as writing a tensor
 * named {@code __metadata__}, are {@link IllegalArgumentException}s.
 */
public final class FileFormatException extends IOException {
    private final transient Path file;

    /** A problem with {@code file}, described by {@code problem}. */
    public FileFormatException(Path file, String problem) {
        this(file, problem, null);
    }

    /** A problem with {@code file} found through {@code cause}. */
    public FileFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
