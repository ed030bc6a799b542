package ai.deepj.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.nn.io.FileFormatException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoints directory: what a crash can leave behind, and what is refused. */
class CheckpointTest {
    @TempDir
    Path tmp;

    private Path trainTwoEpochs(Path root) {
        TrainFixtures.everything(TrainFixtures.mlp(1), 2).checkpoints(Checkpointing.to(root).withKeepLast(5)).build().fit();
        return root;
    }

    @Test
    void leftoversOfAnInterruptedWriteAreIgnoredAndCleanedUp() throws Exception {
        Path root = tmp.resolve("ckpt");
        Files.createDirectories(root.resolve(".tmp-step-0000000003-epoch-0-batch-3-abc"));           // a write killed half-way
        Files.writeString(root.resolve(".tmp-step-0000000003-epoch-0-batch-3-abc").resolve("weights.safetensors"), "partial");
        Files.createDirectories(root.resolve("step-0000000001-epoch-0-batch-1"));                    // no trainer.json: incomplete
        assertThrows(NoSuchFileException.class, () -> Checkpoint.resolve(root));
        trainTwoEpochs(root);
        try (Stream<Path> s = Files.list(root)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".tmp-")), "stale temporaries removed");
        }
        assertEquals(List.of(root.resolve("step-0000000010-epoch-1-batch-0"), root.resolve("step-0000000020-epoch-2-batch-0")),
                Checkpoint.list(root));
    }

    @Test
    void withoutTheLatestPointerTheNewestCompleteCheckpointIsTaken() throws Exception {
        Path root = trainTwoEpochs(tmp.resolve("ckpt"));
        Files.delete(root.resolve(Checkpoint.LATEST));
        assertEquals(root.resolve("step-0000000020-epoch-2-batch-0"), Checkpoint.resolve(root));
        assertEquals(root.resolve("step-0000000010-epoch-1-batch-0"), Checkpoint.resolve(root.resolve("step-0000000010-epoch-1-batch-0")));
    }

    @Test
    void aPointerToNothingAndAnUnknownVersionAreRefused() throws Exception {
        Path root = trainTwoEpochs(tmp.resolve("ckpt"));
        Files.writeString(root.resolve(Checkpoint.LATEST), "step-0000000099-epoch-9-batch-0\n");
        var e = assertThrows(FileFormatException.class, () -> Checkpoint.read(root));
        assertEquals(root.resolve(Checkpoint.LATEST) + ": names 'step-0000000099-epoch-9-batch-0', which is not a complete checkpoint in " + root,
                e.getMessage());

        Path one = root.resolve("step-0000000010-epoch-1-batch-0");
        Path file = one.resolve(Checkpoint.TRAINER_JSON);
        Files.writeString(file, Files.readString(file).replace("\"version\": 1", "\"version\": 2"));
        var e2 = assertThrows(FileFormatException.class, () -> Checkpoint.read(one));
        assertEquals(file + ": format version 2 is not supported by this deepj (reads 1)", e2.getMessage());
    }

    @Test
    void writingAfterResumingFromAnOlderCheckpointDropsTheAbandonedNewerOnes() throws Exception {
        Path root = trainTwoEpochs(tmp.resolve("ckpt"));
        Path older = root.resolve("step-0000000010-epoch-1-batch-0");
        TrainFixtures.everything(TrainFixtures.mlp(1), 3).checkpoints(Checkpointing.to(root).withEverySteps(4).withKeepLast(5))
                .resumeFrom(older).build().fit();
        List<String> names = Checkpoint.list(root).stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("step-0000000020-epoch-1-batch-10", "step-0000000020-epoch-2-batch-0", "step-0000000024-epoch-2-batch-4",
                "step-0000000028-epoch-2-batch-8", "step-0000000030-epoch-3-batch-0"), names);
        // step 20 at epoch 2 existed from the first run; it was replaced by the resumed run's own
        assertEquals(1, Checkpoint.read(root.resolve("step-0000000020-epoch-2-batch-0")).history().events(History.RESUME).size());
    }
}
