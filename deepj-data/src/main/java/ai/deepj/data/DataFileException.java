package ai.deepj.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file that cannot be read as what it claims to be: a bad magic number, an unknown type
 * code, a truncated body, trailing bytes, a malformed header, a value that is not a number. The
 * message names the reader, the file and what was expected against what was found, e.g.
 * {@code Idx.read: train.idx is truncated: header says ubyte [60000, 28, 28] (47040000 bytes) but
 * only 1234 bytes follow}.
 *
 * <p>It is an {@link IOException} because the fault lies in data outside the program; mistakes in
 * the calling code (writing a tensor whose values do not fit the chosen type) are
 * {@link IllegalArgumentException}s. It plays the role {@code ai.deepj.nn.io.FileFormatException}
 * plays for model files; deepj-data does not depend on deepj-nn, hence a type of its own.
 */
public final class DataFileException extends IOException {
    private final transient Path file;

    /** A problem with {@code file}; {@code message} is the whole message. */
    public DataFileException(Path file, String message) {
        this(file, message, null);
    }

    /** A problem with {@code file} found through {@code cause}. */
    public DataFileException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
