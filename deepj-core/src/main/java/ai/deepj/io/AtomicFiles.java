package ai.deepj.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Replaces a file so that a crash at any moment leaves either the complete old file or the
 * complete new one, never a mixture: the bytes go to a temporary file in the same directory,
 * which is flushed to disk ({@link FileChannel#force}) and then renamed over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE} (falling back to {@link StandardCopyOption#REPLACE_EXISTING}
 * on file systems that cannot rename atomically). If writing fails, the temporary file is deleted
 * and the target is untouched.
 *
 * {@snippet :
 * AtomicFiles.write(Path.of("notes.txt"), out -> out.write("hello".getBytes(StandardCharsets.UTF_8)));
 * }
 *
 * <p>The temporary file is named {@code .<name>.<random>.tmp}; a process killed mid-write may leave
 * one behind, never a damaged target.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** An action on a value that may throw {@link IOException}. */
    @FunctionalInterface
    public interface IOConsumer<T> {
        /** Performs the action. */
        void accept(T value) throws IOException;
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Writes {@code target} atomically with what {@code writer} puts into the stream it is given
     * (buffered; closing it is allowed and harmless). The parent directory must exist.
     *
     * @throws IOException anything {@code writer} throws, or a failure to write, sync or rename;
     *                     the target then keeps its previous contents
     */
    public static void write(Path target, IOConsumer<OutputStream> writer) throws IOException {
        Path file = target.toAbsolutePath();
        Path dir = file.getParent();
        Path tmp = dir.resolve("." + file.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
        boolean moved = false;
        try {
            // CREATE_NEW rather than Files.createTempFile: the latter makes the file owner-only
            // (0600), and the rename would pass that on to the target.
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(new KeepOpen(Channels.newOutputStream(ch)), 1 << 16);
                writer.accept(out);
                out.flush();
                ch.force(true);
            }
            move(tmp, file);
            moved = true;
        } catch (IOException | RuntimeException | Error e) {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        syncDirectory(dir);
    }

    private static void move(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Makes the rename itself durable (POSIX needs the directory's entry flushed). Windows cannot
     * open a directory for this; there the move is already durable, so a failure is ignored.
     */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort, see above
        }
    }

    /** Passes writes through but keeps the channel open when the caller closes the stream. */
    private static final class KeepOpen extends OutputStream {
        private final OutputStream out;

        KeepOpen(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
