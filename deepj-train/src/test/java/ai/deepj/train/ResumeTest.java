package ai.deepj.train;

import static ai.deepj.train.TrainerTest.assertSameWeights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.Deepj;
import ai.deepj.data.DataLoader;
import ai.deepj.nn.Dropout;
import ai.deepj.nn.Linear;
import ai.deepj.nn.Module;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.loss.CrossEntropy;
import ai.deepj.optim.Adam;
import ai.deepj.tensor.Generator;
import ai.deepj.train.callbacks.Callbacks;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resuming in this process: from every kind of position, the weights of an uninterrupted run, bit for bit. */
class ResumeTest {
    @TempDir
    Path tmp;

    /** Thrown by a callback to stand for a crash. */
    private static final class Crash extends RuntimeException {
        Crash() {
            super("simulated crash");
        }
    }

    private static Trainer.Builder crashingAt(Trainer.Builder b, long step) {
        return b.callbacks(Callbacks.onBatchEnd((s, loss) -> {
            if (s.step() == step) throw new Crash();
        }));
    }

    @Test
    void resumingFromAnyCheckpointGivesTheUninterruptedRunBitForBit() throws Exception {
        History reference;
        Sequential uninterrupted = TrainFixtures.mlp(5);
        reference = TrainFixtures.everything(uninterrupted, 4).build().fit();

        Path root = tmp.resolve("ckpt");
        // 150 examples in batches of 16: 10 batches per epoch, so step 20 ends epoch 1 and is checkpointed twice:
        // after its last step (epoch 1, batch 10) and after its evaluation (epoch 2, batch 0).
        Trainer crashing = crashingAt(TrainFixtures.everything(TrainFixtures.mlp(5), 4)
                .checkpoints(Checkpointing.to(root).withEverySteps(5).withKeepLast(20)), 23).build();
        assertThrows(Crash.class, crashing::fit);
        List<String> names = Checkpoint.list(root).stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("step-0000000005-epoch-0-batch-5", "step-0000000010-epoch-0-batch-10", "step-0000000010-epoch-1-batch-0",
                "step-0000000015-epoch-1-batch-5", "step-0000000020-epoch-1-batch-10", "step-0000000020-epoch-2-batch-0"), names);
        assertEquals("step-0000000020-epoch-2-batch-0\n", Files.readString(root.resolve(Checkpoint.LATEST)));

        for (Path cp : Checkpoint.list(root)) {
            Sequential resumed = TrainFixtures.mlp(99);   // other initial weights and dropout seed: the checkpoint replaces them
            History h = TrainFixtures.everything(resumed, 4).resumeFrom(cp).build().fit();
            assertSameWeights(uninterrupted, resumed);
            assertArrayEquals(reference.costs(), h.costs(), "step costs after resuming from " + cp.getFileName());
            assertEquals(reference.epochs(), h.epochs(), "epoch rows after resuming from " + cp.getFileName());
            History.Event resume = h.events(History.RESUME).get(0);
            assertEquals("resumed from " + cp + " at " + Checkpoint.read(cp).position(), resume.message());
        }
    }

    @Test
    void resumingFromTheCheckpointsDirectoryTakesTheLatestAndGoesOnWritingThere() throws Exception {
        Sequential uninterrupted = TrainFixtures.mlp(6);
        TrainFixtures.everything(uninterrupted, 3).build().fit();

        Path root = tmp.resolve("run");
        Checkpointing every7 = TrainFixtures.checkpointsEvery(root, 7);
        assertThrows(Crash.class, crashingAt(TrainFixtures.everything(TrainFixtures.mlp(6), 3).checkpoints(every7), 17).build()::fit);
        assertEquals(new Checkpoint.Position(1, 4, 14), Checkpoint.read(root).position());

        Sequential resumed = TrainFixtures.mlp(6);
        History h = TrainFixtures.everything(resumed, 3).checkpoints(every7).resumeFrom(root).build().fit();
        assertSameWeights(uninterrupted, resumed);

        assertEquals(3, Checkpoint.list(root).size(), "keepLast 3");
        try (Stream<Path> s = Files.list(root)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no temporary directories or files left");
        }
        Checkpoint last = Checkpoint.read(root);
        assertEquals(new Checkpoint.Position(3, 0, 30), last.position());
        assertSameWeights(resumed.state(), last.weights());
        Module loaded = last.loadModel();
        assertSameWeights(resumed, loaded);
        assertEquals(List.of(History.START, History.RESUME, History.END),
                h.events().stream().map(History.Event::kind).filter(k -> !k.equals(History.CHECKPOINT)).toList());
        assertEquals(3, h.epochs().size());
    }

    @Test
    void aCheckpointRecordsProvenanceConfigAndEveryGenerator() throws Exception {
        Path root = tmp.resolve("prov");
        Generator.manualSeed(1234);
        Sequential model = TrainFixtures.mlp(7);
        TrainFixtures.everything(model, 1).checkpoints(Checkpointing.to(root)).build().fit();
        Checkpoint c = Checkpoint.read(root);
        Provenance p = c.provenance();
        assertEquals(Deepj.version(), p.deepj());
        assertEquals(Runtime.version().toString(), p.java());
        assertEquals(System.getProperty("os.arch"), p.arch());
        assertFalse(p.host().isBlank());
        assertEquals(DatasetIdentity.of("blobs-150-seed-1", TrainFixtures.blobs(150, 1)), p.train());
        assertEquals(150, p.train().examples());
        assertEquals(DatasetIdentity.of("dev", TrainFixtures.blobs(60, 2)).sha256(), p.dev().sha256());
        assertEquals(16L, c.config().get("batch_size"));
        assertEquals("norm 5.0", c.config().get("clip"));
        assertEquals(List.of("accuracy", "macro_f1"), c.config().get("metrics"));
        assertEquals(Map.of("2", ((Dropout) model.get(2)).generator().state()), c.moduleRngs());
        assertEquals(Generator.global().state(), c.globalRng());
        assertEquals(List.of(), c.gradBuffers(), "the trainer clears gradients (set to none) after every step");
        assertEquals(c.history().epochs(), List.of(c.history().epochs().get(0)));
    }

    @Test
    void changingTheLearningRateOnResumingIsRecordedAndEqualsChangingItInFlight() throws Exception {
        Path root = tmp.resolve("babysit");
        Sequential first = TrainFixtures.mlp(8);
        noSchedule(first, 2).checkpoints(Checkpointing.to(root)).build().fit();

        Sequential resumed = TrainFixtures.mlp(8);
        History h = noSchedule(resumed, 4).resumeFrom(root).resumeWith("lr", 0.004).build().fit();
        assertArrayEquals(new double[] {0.02, 0.02, 0.004, 0.004}, h.metric("lr"));
        History.Event change = h.events(History.HYPERPARAMETER).get(0);
        assertEquals("lr 0.02 -> 0.004 (on resuming)", change.message());
        assertEquals(2, change.epoch());
        assertEquals(Map.of("name", "lr", "old", "0.02", "new", "0.004", "reason", "resumeWith"), change.details());
        History.Event epochs = h.events(History.CONFIG).get(0);
        assertEquals("epochs: 2 -> 4", epochs.message());

        // The same change made in flight by a callback at the start of epoch 2 gives the same weights.
        Sequential inFlight = TrainFixtures.mlp(8);
        noSchedule(inFlight, 4).callbacks(Callbacks.onEpochBegin(s -> {
            if (s.epoch() == 2) s.setHyperparameter("lr", 0.004, "babysitting");
        })).build().fit();
        assertSameWeights(inFlight, resumed);
    }

    @Test
    void anOptimizerBuiltWithOtherHyperparametersKeepsTheCheckpointsAndSaysSo() throws Exception {
        Path root = tmp.resolve("note");
        noSchedule(TrainFixtures.mlp(8), 1).checkpoints(Checkpointing.to(root)).build().fit();
        Sequential resumed = TrainFixtures.mlp(8);
        Trainer.Builder b = noSchedule(resumed, 2).resumeFrom(root)
                .optimizer(Adam.of(resumed.parameters(), Adam.Options.defaults().withLr(0.5)));
        History h = b.build().fit();
        assertArrayEquals(new double[] {0.02, 0.02}, h.metric("lr"));
        assertEquals("Adam lr is 0.02 as in the checkpoint; the optimizer given was built with 0.5 (resumeWith(\"lr\", 0.5) would use that)",
                h.events(History.NOTE).get(0).message());
    }

    @Test
    void refusesCheckpointsThatDoNotFit() throws Exception {
        Path root = tmp.resolve("misfit");
        Checkpointing every3 = Checkpointing.to(root).withEverySteps(3).withEveryEpochs(0);
        noSchedule(TrainFixtures.mlp(8), 1).checkpoints(every3).build().fit();
        assertEquals(new Checkpoint.Position(0, 6, 6), Checkpoint.read(Checkpoint.list(root).get(0)).position(), "the oldest kept is inside epoch 0");

        Sequential wider = new Sequential(new Linear(2, 8, Linear.Options.defaults(), Generator.seeded(1)));
        var e = assertThrows(IllegalArgumentException.class, () -> noSchedule(TrainFixtures.mlp(8), 1).model(wider)
                .optimizer(Adam.of(wider.parameters())).resumeFrom(Checkpoint.list(root).get(0)).build().fit());
        assertTrue(e.getMessage().startsWith("Trainer.resume: the checkpoint's weights do not fit the model: loadState: weights do not fit"),
                e.getMessage());

        Sequential same = TrainFixtures.mlp(8);
        var e2 = assertThrows(IllegalArgumentException.class, () -> noSchedule(same, 1)
                .train(new DataLoader(TrainFixtures.blobs(150, 1), DataLoader.Options.batchSize(32).withShuffle(7)))
                .resumeFrom(Checkpoint.list(root).get(0)).build().fit());
        assertEquals("Trainer.resume: step-0000000006-epoch-0-batch-6 is inside epoch 0 (at batch 6) but the training batches differ from"
                + " the checkpointed run's (batch_size 16 -> 32); keep the data loader's settings, or resume from a checkpoint at an epoch"
                + " boundary", e2.getMessage());

        var e3 = assertThrows(UncheckedIOException.class, () -> noSchedule(TrainFixtures.mlp(8), 1).resumeFrom(tmp.resolve("nothing-here"))
                .build().fit());
        assertTrue(e3.getMessage().startsWith("Trainer.resume: cannot read a checkpoint from " + tmp.resolve("nothing-here")), e3.getMessage());
    }

    /** {@link TrainFixtures#everything} with a fixed learning rate, so that it can be changed. */
    private static Trainer.Builder noSchedule(Sequential model, int epochs) {
        return Trainer.builder().model(model).loss(new CrossEntropy())
                .optimizer(Adam.of(model.parameters(), Adam.Options.defaults().withLr(0.02)))
                .train(new DataLoader(TrainFixtures.blobs(150, 1), DataLoader.Options.batchSize(16).withShuffle(7)))
                .dev(TrainFixtures.blobs(60, 2)).epochs(epochs).l2(0.05).quiet();
    }
}
