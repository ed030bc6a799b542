package ai.deepj.train;

import ai.deepj.io.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory of checkpoints: each one is filled under a temporary name and renamed into place in
 * one step, then the {@value Checkpoint#LATEST} pointer is replaced atomically, then old ones beyond
 * {@code keepLast} are removed (renamed away first, so a half-deleted directory never looks complete).
 * Writing a checkpoint removes any at a later position: after resuming from an older checkpoint they
 * belong to the abandoned continuation.
 */
final class CheckpointStore {
    /** What fills a checkpoint directory. */
    @FunctionalInterface
    interface Contents {
        void writeInto(Path dir) throws IOException;
    }

    private static final Pattern NAME = Pattern.compile("step-(\\d{10,19})-epoch-(\\d+)-batch-(\\d+)");
    private static final String TMP = ".tmp-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final int keepLast;
    private boolean cleaned;

    CheckpointStore(Path root, int keepLast) {
        this.root = root;
        this.keepLast = keepLast;
    }

    /** The directory name of a checkpoint at {@code p}. */
    static String name(Checkpoint.Position p) {
        return String.format(Locale.ROOT, "step-%010d-epoch-%d-batch-%d", p.step(), p.epoch(), p.batch());
    }

    /** Writes a checkpoint named {@code name}, points {@value Checkpoint#LATEST} at it and prunes; returns its directory. */
    Path write(String name, Contents contents) throws IOException {
        Files.createDirectories(root);
        if (!cleaned) {
            removeStaleTemporaries();
            cleaned = true;
        }
        Path tmp = root.resolve(TMP + name + "-" + Long.toUnsignedString(RANDOM.nextLong(), 36));
        Files.createDirectory(tmp);
        try {
            contents.writeInto(tmp);
            sync(tmp);
        } catch (IOException | RuntimeException | Error e) {
            try {
                deleteTree(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        Path target = root.resolve(name);
        // After resuming from an older checkpoint, the newer ones belong to the abandoned continuation.
        Long[] mine = key(target);
        for (Path p : complete(root)) if (compare(key(p), mine) >= 0) discard(p);
        if (Files.exists(target)) discard(target);
        move(tmp, target);
        sync(root);
        byte[] pointer = (name + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(root.resolve(Checkpoint.LATEST), out -> out.write(pointer));
        prune(name);
        return target;
    }

    /** Complete checkpoints (directories with the trainer's file) under {@code root}, oldest first. */
    static List<Path> complete(Path root) throws IOException {
        if (!Files.isDirectory(root)) return List.of();
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (NAME.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p.resolve(Checkpoint.TRAINER_JSON))) out.add(p);
            }
        }
        out.sort(Comparator.comparing((Path p) -> key(p)[0]).thenComparing(p -> key(p)[1]).thenComparing(p -> key(p)[2]));
        return out;
    }

    private static Long[] key(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (!m.matches()) throw new IllegalStateException("not a checkpoint name: " + p);
        return new Long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }

    private static int compare(Long[] a, Long[] b) {
        for (int i = 0; i < a.length; i++) {
            int c = a[i].compareTo(b[i]);
            if (c != 0) return c;
        }
        return 0;
    }

    private void prune(String keep) throws IOException {
        List<Path> all = complete(root);
        int excess = all.size() - keepLast;
        for (Path p : all) {
            if (excess <= 0) break;
            if (p.getFileName().toString().equals(keep)) continue;
            discard(p);
            excess--;
        }
    }

    /** Renames {@code dir} to a temporary name (atomic), then deletes it. */
    private void discard(Path dir) throws IOException {
        Path away = root.resolve(TMP + "old-" + dir.getFileName() + "-" + Long.toUnsignedString(RANDOM.nextLong(), 36));
        move(dir, away);
        deleteTree(away);
    }

    private void removeStaleTemporaries() throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.getFileName().toString().startsWith(TMP) && Files.isDirectory(p)) deleteTree(p);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** Flushes a directory's entries to disk (best effort: not possible on every platform). */
    private static void sync(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Windows cannot open a directory; there the rename is durable already
        }
    }
}
