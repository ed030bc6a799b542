package ai.deepj.train;

import static ai.deepj.train.TrainerTest.assertSameWeights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.data.Batch;
import ai.deepj.data.DataLoader;
import ai.deepj.nn.Linear;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.loss.CrossEntropy;
import ai.deepj.nn.loss.Loss;
import ai.deepj.optim.Adam;
import ai.deepj.optim.GradientDescent;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import ai.deepj.train.callbacks.Callbacks;
import ai.deepj.train.metrics.Metrics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Truncated BPTT in the trainer ({@link Trainer.Builder#truncatedBptt()}, {@link StreamWindows},
 * {@link CarriedState}): with k equal to the sequence it is full BPTT; the state is carried exactly
 * (windows run one after the other give the whole sequence's outputs); the gradient stops at the window's
 * start; a task that needs memory across windows is learned, and fails when the state is not carried;
 * a run resumed inside an epoch continues from the checkpointed state bit for bit; mistakes are named.
 */
class TruncatedBpttTest {
    @TempDir
    Path tmp;

    private static final Loss PER_STEP_CE = PerStep.loss(new CrossEntropy());

    private static int[] randomSymbols(int n, int vocab, long seed) {
        Generator g = Generator.seeded(seed);
        int[] s = new int[n];
        for (int i = 0; i < n; i++) s[i] = g.nextInt(vocab);
        return s;
    }

    @Test
    void windowsCutTheStreamIntoLanesInOrder() {
        int[] tokens = new int[27];
        for (int i = 0; i < tokens.length; i++) tokens[i] = i;
        StreamWindows w = StreamWindows.nextToken(tokens, 2, 4);   // 26 steps: lanes of 13, 3 windows of 4, 1 step left over per lane
        assertEquals(3, w.windows());
        assertEquals(6, w.size());
        assertEquals(24, w.tokensUsed());
        List<Batch> batches = new java.util.ArrayList<>();
        try (DataLoader.Epoch e = w.loader().epoch(0)) {
            for (Batch b : e) batches.add(b);
        }
        assertEquals(3, batches.size());
        assertArrayEquals(new int[] {4, 5, 6, 7, 17, 18, 19, 20}, batches.get(1).x().toIntArray());   // lane 0 starts at 0, lane 1 at 13
        assertArrayEquals(new int[] {5, 6, 7, 8, 18, 19, 20, 21}, batches.get(1).y().toIntArray());
        assertEquals("StreamWindows: a stream of 7 steps gives 2 lanes of 3 steps, less than one window of 4; use fewer lanes or a"
                + " shorter window", assertThrows(IllegalArgumentException.class, () -> StreamWindows.nextToken(new int[8], 2, 4)).getMessage());
        assertEquals("StreamWindows: inputs and targets must be streams of equal length, got 5 and 4",
                assertThrows(IllegalArgumentException.class, () -> StreamWindows.of(new int[5], new int[4], 1, 2)).getMessage());
    }

    @Test
    void withKEqualToTheSequenceAStepIsFullBptt() {
        try (var d = DType.useDefaultFloat(DType.FLOAT64)) {
            int[] tokens = randomSymbols(2 * 12 + 1, 5, 1);
            StreamLstm byTrainer = new StreamLstm(5, 7, 3), byHand = new StreamLstm(5, 7, 3);
            Trainer.builder().model(byTrainer).loss(PER_STEP_CE).optimizer(GradientDescent.of(byTrainer.parameters(), 0.5))
                    .train(StreamWindows.nextToken(tokens, 2, 12).loader()).truncatedBptt().epochs(1).quiet().build().fit();

            Batch all = StreamWindows.nextToken(tokens, 2, 12).all();   // one window per lane: the whole sequences
            PER_STEP_CE.compute(byHand.forward(all.x()), all.y()).backward();
            try (var s = Autograd.noGrad()) {
                for (Tensor p : byHand.parameters()) p.subInPlace(p.grad().mul(0.5));
            }
            assertSameWeights(byHand, byTrainer);
        }
    }

    @Test
    void theStateIsCarriedFromWindowToWindow() {
        try (var d = DType.useDefaultFloat(DType.FLOAT64)) {
            int[] tokens = randomSymbols(2 * 12 + 1, 5, 2);
            StreamLstm model = new StreamLstm(5, 7, 4);
            StreamWindows windows = StreamWindows.nextToken(tokens, 2, 4);   // 3 windows per lane
            CarriedState carried = new CarriedState(model);
            Tensor[] parts = new Tensor[3];
            try (DataLoader.Epoch e = windows.loader().epoch(0)) {
                int i = 0;
                for (Batch b : e) parts[i++] = carried.forward(b.x());
            }
            Tensor whole = model.forward(StreamWindows.nextToken(tokens, 2, 12).all().x());
            assertArrayEquals(whole.toDoubleArray(), Tensor.concat(1, parts).toDoubleArray(), 1e-12);

            // The trainer's evaluation carries it too: the mean loss over the windows is the whole sequences' loss.
            Trainer t = Trainer.builder().model(model).loss(PER_STEP_CE).optimizer(GradientDescent.of(model.parameters(), 0.1))
                    .train(windows.loader()).truncatedBptt().epochs(1).quiet().build();
            Batch all = StreamWindows.nextToken(tokens, 2, 12).all();
            assertEquals(PER_STEP_CE.compute(model.forward(all.x()), all.y()).item(), t.evaluate(windows).get("loss"), 1e-12);
        }
    }

    @Test
    void theGradientStopsAtTheStartOfTheWindow() {
        try (var d = DType.useDefaultFloat(DType.FLOAT64)) {
            int[] tokens = randomSymbols(2 * 8 + 1, 5, 3);
            StreamLstm model = new StreamLstm(5, 6, 5);
            StreamWindows windows = StreamWindows.nextToken(tokens, 2, 4);
            Batch first = windows.get(new int[] {0, 1}), second = windows.get(new int[] {2, 3});
            CarriedState carried = new CarriedState(model);
            carried.forward(first.x());
            PER_STEP_CE.compute(carried.forward(second.x()), second.y()).backward();
            Map<String, Tensor> truncated = grads(model);

            // Full BPTT of the same loss (the second window's steps of the whole sequences).
            model.zeroGrad();
            Batch all = StreamWindows.nextToken(tokens, 2, 8).all();
            Tensor logits = model.forward(all.x()).narrow(1, 4, 4);
            PER_STEP_CE.compute(logits, all.y().narrow(1, 4, 4).contiguous()).backward();
            Map<String, Tensor> full = grads(model);

            // The head sees the same outputs either way; the recurrent weights lose the path into the first window.
            assertArrayEquals(full.get("head.layer.weight").toDoubleArray(), truncated.get("head.layer.weight").toDoubleArray(), 1e-12);
            double diff = full.get("lstm.cell.weightHh").sub(truncated.get("lstm.cell.weightHh")).abs().max().item();
            assertTrue(diff > 1e-4, "truncated and full gradients of weightHh differ by only " + diff);
        }
    }

    private static Map<String, Tensor> grads(StreamLstm model) {
        Map<String, Tensor> g = new java.util.LinkedHashMap<>();
        for (var e : model.namedParameters().entrySet()) g.put(e.getKey(), e.getValue().grad().detach());
        return g;
    }

    /**
     * Echo with a delay of 3 in windows of 8: the first 3 targets of every window are inputs of the window
     * before. Carrying the state, the model gets them right; starting each window from zeros, it cannot.
     */
    @Test
    void aTaskThatNeedsMemoryAcrossWindowsIsLearned() {
        int delay = 3, window = 8, lanes = 16, vocab = 4;
        int[] in = randomSymbols(lanes * window * 30, vocab, 4);
        int[] target = new int[in.length];
        for (int t = 0; t < in.length; t++) target[t] = t < delay ? PerStep.IGNORE : in[t - delay];
        StreamWindows train = StreamWindows.of(in, target, lanes, window);

        double[] carried = firstStepsAccuracy(train, true), reset = firstStepsAccuracy(train, false);
        assertTrue(carried[0] > 0.85, "carrying the state: accuracy at the windows' first " + delay + " steps " + carried[0]);
        assertTrue(carried[1] > 0.9, "carrying the state: accuracy at the other steps " + carried[1]);
        assertTrue(reset[1] > 0.9, "from zero states: the steps inside the window are learned too, " + reset[1]);
        assertTrue(reset[0] < 0.4, "from zero states the first steps are guesses (chance 0.25), got " + reset[0]);
    }

    /** Trains with or without carrying the state; the accuracy on a fresh stream at the windows' first 3 steps and at the rest. */
    private static double[] firstStepsAccuracy(StreamWindows train, boolean carry) {
        StreamLstm model = new StreamLstm(4, 24, 6);
        Trainer.Builder b = Trainer.builder().model(model).loss(PER_STEP_CE)
                .optimizer(Adam.of(model.parameters(), Adam.Options.defaults().withLr(0.03))).train(train.loader()).epochs(6).quiet();
        if (carry) b.truncatedBptt();
        b.build().fit();

        int[] in = randomSymbols(16 * 8 * 10, 4, 99);
        int[] target = new int[in.length];
        for (int t = 0; t < in.length; t++) target[t] = t < 3 ? PerStep.IGNORE : in[t - 3];
        StreamWindows test = StreamWindows.of(in, target, 16, 8);
        CarriedState state = new CarriedState(model);
        int[] right = new int[2], total = new int[2];
        try (var s = Autograd.noGrad(); DataLoader.Epoch e = test.loader().epoch(0)) {
            for (Batch batch : e) {
                Tensor logits = carry ? state.forward(batch.x()) : model.forward(batch.x());
                int[] guess = logits.argmax(2, false).toIntArray(), y = batch.y().toIntArray();
                for (int i = 0; i < y.length; i++) {
                    if (y[i] < 0) continue;
                    int part = i % 8 < 3 ? 0 : 1;
                    total[part]++;
                    if (guess[i] == y[i]) right[part]++;
                }
            }
        }
        return new double[] {(double) right[0] / total[0], (double) right[1] / total[1]};
    }

    @Test
    void aRunResumedInsideAnEpochContinuesFromTheCheckpointedState() throws Exception {
        int[] tokens = randomSymbols(4 * 6 * 5 + 1, 6, 7);
        StreamLstm uninterrupted = new StreamLstm(6, 8, 8);
        History reference = stream(uninterrupted, tokens).build().fit();

        Path root = tmp.resolve("ckpt");
        Trainer crashing = stream(new StreamLstm(6, 8, 8), tokens).checkpoints(Checkpointing.to(root).withEverySteps(3).withKeepLast(20))
                .callbacks(Callbacks.onBatchEnd((s, loss) -> {
                    if (s.step() == 8) throw new IllegalStateException("simulated crash");
                })).build();
        assertThrows(IllegalStateException.class, crashing::fit);
        Path insideEpoch = root.resolve("step-0000000003-epoch-0-batch-3");
        assertEquals(new Checkpoint.Position(0, 3, 3), Checkpoint.read(insideEpoch).position());
        assertTrue(Checkpoint.read(insideEpoch).callbacks().containsKey("CarriedState"), "the carried state is in the checkpoint");

        StreamLstm resumed = new StreamLstm(6, 8, 99);
        History h = stream(resumed, tokens).resumeFrom(insideEpoch).build().fit();
        assertSameWeights(uninterrupted, resumed);
        assertArrayEquals(reference.costs(), h.costs());
    }

    /** 4 lanes, windows of 6: 5 batches per epoch, 2 epochs, a dev stream, perplexity. */
    private static Trainer.Builder stream(StreamLstm model, int[] tokens) {
        return Trainer.builder().model(model).loss(PER_STEP_CE).metrics(PerStep.metric(Metrics.perplexity()))
                .optimizer(Adam.of(model.parameters(), Adam.Options.defaults().withLr(0.01)))
                .train(StreamWindows.nextToken(tokens, 4, 6).loader()).dev(StreamWindows.nextToken(tokens, 2, 6))
                .truncatedBptt().clipByNorm(1).epochs(2).quiet();
    }

    @Test
    void mistakesAreNamed() {
        StreamLstm model = new StreamLstm(3, 4, 1);
        StreamWindows w = StreamWindows.nextToken(randomSymbols(41, 3, 1), 4, 5);
        Trainer.Builder ok = Trainer.builder().model(model).loss(PER_STEP_CE).optimizer(GradientDescent.of(model.parameters(), 0.1))
                .epochs(1).quiet().truncatedBptt();
        Sequential plain = new Sequential(new Linear(2, 2));
        assertEquals("Trainer: truncatedBptt needs a model that carries recurrent state (implements StatefulSequenceModel); Sequential"
                + " does not", message(() -> Trainer.builder().model(plain).loss(PER_STEP_CE).optimizer(GradientDescent.of(plain.parameters(),
                0.1)).train(w.loader()).epochs(1).truncatedBptt().build()));
        assertEquals("Trainer: truncatedBptt needs the windows in stream order, in batches of the 4 lanes (StreamWindows.loader()); the"
                + " loader has batch size 4 and shuffles", message(() -> ok.train(w, DataLoader.Options.batchSize(4).withShuffle(1)).build()));
        assertEquals("Trainer: truncatedBptt needs the windows in stream order, in batches of the 4 lanes (StreamWindows.loader()); the"
                + " loader has batch size 2", message(() -> ok.train(w, DataLoader.Options.batchSize(2)).build()));
        assertEquals("Trainer: truncatedBptt needs training data cut from one stream (StreamWindows), got TensorDataset",
                message(() -> ok.train(new ai.deepj.data.TensorDataset(Tensor.zeros(4, 5)), DataLoader.Options.batchSize(4)).build()));
        assertEquals("Trainer.dev: with truncatedBptt the data must be a StreamWindows (one stream in windows, the state carried from batch"
                + " to batch), got TensorDataset",
                message(() -> ok.train(w.loader()).dev(new ai.deepj.data.TensorDataset(Tensor.zeros(4, 5))).build()));
    }

    private static String message(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }
}
