package ai.deepj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write that fails half way leaves the previous file intact and no temporary file behind. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<Path> entries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void replacesTheFileAndLeavesNothingElse() throws IOException {
        Path f = dir.resolve("a.txt");
        AtomicFiles.write(f, out -> out.write("old".getBytes(StandardCharsets.UTF_8)));
        AtomicFiles.write(f, out -> {
            out.write("new".getBytes(StandardCharsets.UTF_8));
            out.close(); // allowed: the channel stays open until synced
        });
        assertEquals("new", Files.readString(f));
        assertEquals(List.of(f), entries());
    }

    @Test
    void failureHalfWayKeepsThePreviousFileAndRemovesTheTemporary() throws IOException {
        Path f = dir.resolve("weights.bin");
        byte[] previous = new byte[100_000];
        for (int i = 0; i < previous.length; i++) previous[i] = (byte) i;
        AtomicFiles.write(f, out -> out.write(previous));

        var boom = new IOException("disk full (simulated)");
        var thrown = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[200_000]); // more than the buffer, so bytes really reached the temporary file
            throw boom;
        }));
        assertSame(boom, thrown);
        assertArrayEquals(previous, Files.readAllBytes(f));
        assertEquals(List.of(f), entries());

        var unchecked = assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(1);
            throw new UncheckedIOException(new IOException("runtime failure"));
        }));
        assertEquals("runtime failure", unchecked.getCause().getMessage());
        assertArrayEquals(previous, Files.readAllBytes(f));
        assertEquals(List.of(f), entries());
    }

    @Test
    void failedFirstWriteCreatesNoFile() throws IOException {
        Path f = dir.resolve("never.bin");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[10]);
            throw new IOException("fails");
        }));
        assertTrue(Files.notExists(f));
        assertTrue(entries().isEmpty());
    }
}
