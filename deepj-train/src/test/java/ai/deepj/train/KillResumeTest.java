package ai.deepj.train;

import static ai.deepj.train.TrainerTest.assertSameWeights;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.deepj.kernel.Parallel;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.io.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: a training process killed with SIGKILL ({@link Process#destroyForcibly()}, {@code kill -9})
 * once it has written a checkpoint, then started again in resume mode, ends with exactly the weights of an
 * uninterrupted run in this process.
 */
class KillResumeTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aRunKilledWithSigkillAndResumedEndsWithTheUninterruptedWeights() throws Exception {
        Sequential uninterrupted = TrainFixtures.mlp(5);
        TrainFixtures.everything(uninterrupted, 4).build().fit();

        Path root = tmp.resolve("checkpoints"), weights = tmp.resolve("final.safetensors");
        Process first = child(root, weights, "fresh", tmp.resolve("first.log"));
        Path latest = root.resolve(Checkpoint.LATEST);
        while (!Files.exists(latest)) {
            if (!first.isAlive()) fail("the child ended before writing a checkpoint:\n" + Files.readString(tmp.resolve("first.log")));
            Thread.sleep(10);
        }
        assertTrue(first.isAlive(), "killed while training");
        first.destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS), "the killed child ended");
        assertEquals(137, first.exitValue(), "ended by SIGKILL (128 + 9)");
        assertFalse(Files.exists(weights), "the first run never finished");
        Checkpoint killedAt = Checkpoint.read(root);
        assertTrue(killedAt.position().step() < 40, "killed before the last of 40 steps: " + killedAt.position());

        Process second = child(root, weights, "resume", tmp.resolve("second.log"));
        if (!second.waitFor(120, TimeUnit.SECONDS)) {
            second.destroyForcibly();
            fail("the resumed child did not finish:\n" + Files.readString(tmp.resolve("second.log")));
        }
        assertEquals(0, second.exitValue(), () -> "resumed child failed:\n" + read(tmp.resolve("second.log")));
        assertSameWeights(uninterrupted.state(), Safetensors.read(weights).tensors());

        History h = Checkpoint.read(root).history();
        History.Event resume = h.events(History.RESUME).get(0);
        assertTrue(resume.message().startsWith("resumed from " + root.resolve(CheckpointStore.name(killedAt.position()))), resume.message());
        assertEquals(4, h.epochs().size());
        assertEquals(40, h.steps().size());
    }

    /** Starts ResumeChild with this JVM's java, class path and thread count. */
    private static Process child(Path root, Path weights, String mode, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Ddeepj.threads=" + Parallel.threads()));
        String gemm = System.getProperty("deepj.gemm");
        if (gemm != null) cmd.add("-Ddeepj.gemm=" + gemm);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ResumeChild.class.getName(), root.toString(), weights.toString(), mode,
                "40"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
