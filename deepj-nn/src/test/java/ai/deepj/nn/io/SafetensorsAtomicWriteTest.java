package ai.deepj.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.deepj.io.AtomicFiles;
import ai.deepj.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A safetensors write that fails half-way leaves the previous file as it was. */
class SafetensorsAtomicWriteTest {
    @TempDir Path dir;

    private List<Path> entries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void failedSafetensorsWriteKeepsThePreviousFile() throws IOException {
        Path f = dir.resolve("w.safetensors");
        Safetensors.write(f, Map.of("w", Tensor.ones(3)));
        byte[] before = Files.readAllBytes(f);
        // A tensor so large that converting it runs out of memory would be the realistic failure; a
        // stream that fails after the header models the same thing without the memory.
        var boom = new IOException("device gone (simulated)");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            Safetensors.write(out, Map.of("w", Tensor.zeros(5)), Map.of());
            throw boom;
        }));
        assertArrayEquals(before, Files.readAllBytes(f));
        assertArrayEquals(new float[] {1, 1, 1}, Safetensors.read(f).tensors().get("w").toFloatArray());
        assertEquals(List.of(f), entries());
    }
}
