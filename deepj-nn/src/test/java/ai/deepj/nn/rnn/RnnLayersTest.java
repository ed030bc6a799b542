package ai.deepj.nn.rnn;

import static ai.deepj.nn.rnn.RnnTesting.HIDDEN;
import static ai.deepj.nn.rnn.RnnTesting.IN;
import static ai.deepj.nn.rnn.RnnTesting.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.nn.Linear;
import ai.deepj.nn.Module;
import ai.deepj.nn.ModuleRegistry;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.Softmax;
import ai.deepj.nn.io.ModelIO;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.FusedRecurrent.Activation;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the sequence layers promise: a padded batch with lengths gives, for every sequence, exactly
 * what that sequence gives alone (in both directions, bidirectional and stacked, whatever the
 * padding holds); lengths and masks agree; one step at a time equals the whole sequence;
 * truncated BPTT by detached states; dropout between stacked layers only while training;
 * {@link TimeDistributed}; saving and loading with {@link ModelIO}; PyTorch names in and out.
 */
class RnnLayersTest {
    @TempDir
    Path dir;

    static Stream<RnnTesting.Kind> kinds() {
        return RnnTesting.kinds().stream();
    }

    static final int[] LENGTHS = {5, 3, 1};

    /** [3, 5, IN] with values only where the sequences are; the padding holds {@code pad}. */
    private static Tensor padded(double pad) {
        Tensor x = Tensor.normal(Generator.seeded(81), DType.FLOAT64, 0, 1, LENGTHS.length, 5, IN);
        for (int b = 0; b < LENGTHS.length; b++) {
            for (int t = LENGTHS[b]; t < 5; t++) for (int i = 0; i < IN; i++) x.set(pad, b, t, i);
        }
        return x;
    }

    /** Every sequence of the padded batch, run with lengths, equals the same sequence run alone without padding. */
    private static void assertEachSequenceAsAlone(SequenceModule m) {
        Tensor x = padded(1e3);
        RnnOutput batch = m.run(x, Tensor.of(LENGTHS, LENGTHS.length), null);
        for (int b = 0; b < LENGTHS.length; b++) {
            int len = LENGTHS[b];
            RnnOutput alone = m.run(x.narrow(0, b, 1).narrow(1, 0, len));
            String w = m + " sequence " + b;
            assertClose(w + " outputs", alone.sequence().select(0, 0), batch.sequence().select(0, b).narrow(0, 0, len), 1e-14, 1e-12);
            if (len < 5) {
                assertArrayEquals(new double[(5 - len) * m.outputSize()], batch.sequence().select(0, b).narrow(0, len, 5 - len).contiguous()
                        .toDoubleArray(), 0, w + ": padded outputs are zero");
            }
            assertClose(w + " last", alone.last().select(0, 0), batch.last().select(0, b), 1e-14, 1e-12);
            for (int k = 0; k < m.stateCount(); k++) {
                assertClose(w + " state " + k + " h", alone.states().get(k).h().select(0, 0), batch.states().get(k).h().select(0, b), 1e-14,
                        1e-12);
                if (alone.states().get(k).c() != null) {
                    assertClose(w + " state " + k + " c", alone.states().get(k).c().select(0, 0), batch.states().get(k).c().select(0, b),
                            1e-14, 1e-12);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aPaddedBatchWithLengthsGivesEachSequenceItsOwnResultInBothDirections(RnnTesting.Kind kind) {
        RecurrentLayer forward = RnnTesting.float64(kind, 91);
        RecurrentLayer backward = FusedVersusComposedTest.withReverse(RnnTesting.float64(kind, 92));
        assertEachSequenceAsAlone(forward);
        assertEachSequenceAsAlone(backward);
        assertEachSequenceAsAlone(new Bidirectional(forward, backward, Bidirectional.Merge.CONCAT));
    }

    @Test
    void stackedBidirectionalLayersRespectLengthsToo() {
        Generator g = Generator.seeded(93);
        StackedRnn deep;
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            deep = new StackedRnn(List.of(new Bidirectional(new Lstm(IN, HIDDEN, Lstm.Options.defaults(), g), Bidirectional.Merge.CONCAT, g),
                    new Bidirectional(new Gru(2 * HIDDEN, HIDDEN, Gru.Options.defaults(), g), Bidirectional.Merge.SUM, g)), 0.5, g);
        }
        deep.eval();
        assertEquals(4, deep.stateCount());
        assertEachSequenceAsAlone(deep);
    }

    @Test
    void lengthsAndTheEquivalentMaskAgree() {
        RecurrentLayer lstm = RnnTesting.float64(RnnTesting.kinds().get(6), 94);
        Tensor x = padded(0);
        RnnOutput a = lstm.run(x, Tensor.of(LENGTHS, 3), null);
        RnnOutput b = lstm.run(x, Masks.fromLengths(LENGTHS, 5), null);
        assertArrayEquals(a.sequence().toDoubleArray(), b.sequence().toDoubleArray(), 0);
        assertArrayEquals(a.last().toDoubleArray(), b.last().toDoubleArray(), 0);
        assertArrayEquals(LENGTHS, Masks.lengths(Masks.fromLengths(LENGTHS, 5)).toIntArray());
        assertEquals("[[1.0, 1.0, 1.0], [1.0, 0.0, 0.0]]", java.util.Arrays.deepToString(new double[][] {
                Masks.fromLengths(new int[] {3, 1}, 3).select(0, 0).toDoubleArray(), Masks.fromLengths(new int[] {3, 1}, 3).select(0, 1)
                        .toDoubleArray()}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void oneStepAtATimeEqualsTheWholeSequence(RnnTesting.Kind kind) {
        RecurrentLayer layer = RnnTesting.float64(kind, 95);
        Tensor x = padded(0);
        RnnOutput whole = layer.run(x);
        List<RnnState> states = null;
        RnnState cellState = null;
        for (int t = 0; t < 5; t++) {
            RnnOutput step = layer.step(x.select(1, t), states);
            states = step.states();
            cellState = layer.cell().step(x.select(1, t), cellState);
            assertClose(kind + " step " + t, whole.sequence().select(1, t), step.last(), 1e-14, 1e-12);
            assertClose(kind + " cell step " + t, whole.sequence().select(1, t), cellState.h(), 1e-14, 1e-12);
        }
        assertClose(kind + " final", whole.state().h(), states.get(0).h(), 1e-14, 1e-12);
    }

    @Test
    void aStackOfOneDirectionLayersStepsLikeItsWholeSequence() {
        Generator g = Generator.seeded(96);
        StackedRnn deep;
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            deep = new StackedRnn(List.of(new Lstm(IN, HIDDEN, Lstm.Options.defaults(), g), new SimpleRnn(HIDDEN, 2, SimpleRnn.Options.defaults(), g)),
                    1, g);
        }
        Tensor x = padded(0);
        RnnOutput whole = deep.run(x);
        List<RnnState> states = null;
        for (int t = 0; t < 5; t++) {
            RnnOutput step = deep.step(x.select(1, t), states);
            states = step.states();
            assertArrayEquals(new int[] {3, 1, 2}, step.sequence().shape().toArray());
            assertClose("step " + t, whole.sequence().select(1, t), step.last(), 1e-14, 1e-12);
        }
    }

    @Test
    void detachedStatesContinueASequenceForTruncatedBackpropagation() {
        RecurrentLayer lstm = RnnTesting.float64(RnnTesting.kinds().get(6), 97);
        Tensor x = padded(0);
        RnnOutput whole = lstm.run(x);
        RnnOutput first = lstm.run(x.narrow(1, 0, 2));
        RnnOutput second = lstm.run(x.narrow(1, 2, 3), null, List.of(first.state().detach()));
        assertFalse(second.state().h().requiresGrad() && first.state().detach().h().requiresGrad());
        assertClose("continued", whole.sequence().narrow(1, 2, 3), second.sequence(), 1e-14, 1e-12);
        assertClose("final c", whole.state().c(), second.state().c(), 1e-14, 1e-12);
        // Beam search reorders hypotheses' states by index.
        RnnState picked = whole.state().indexSelect(Tensor.of(new int[] {2, 2, 0}, 3));
        assertArrayEquals(whole.state().c().select(0, 2).toDoubleArray(), picked.c().select(0, 1).toDoubleArray(), 0);
    }

    @Test
    void stackedLayersDropOutBetweenLayersOnlyWhileTraining() {
        Generator g = Generator.seeded(98);
        Gru a = new Gru(IN, HIDDEN, Gru.Options.defaults(), g), b = new Gru(HIDDEN, HIDDEN, Gru.Options.defaults(), g);
        StackedRnn deep = new StackedRnn(List.of(a, b), 0.5, g);
        Tensor x = Tensor.randn(g, 2, 4, IN);
        Tensor chained = b.run(a.run(x).sequence()).sequence();
        deep.eval();
        assertArrayEquals(chained.toDoubleArray(), deep.forward(x).toDoubleArray(), 0);
        deep.train();
        Tensor dropped = deep.forward(x);
        assertFalse(java.util.Arrays.equals(chained.toDoubleArray(), dropped.toDoubleArray()), "dropout changed nothing in training");
        // Only between layers: the first layer's input is never dropped, so a one-layer stack has no dropout at all.
        assertFalse(new StackedRnn(List.of(a), 0.5, g).children().containsKey("dropout"));
    }

    @Test
    void timeDistributedAppliesItsLayerAtEveryStep() {
        Generator g = Generator.seeded(99);
        Linear fc = new Linear(HIDDEN, 4, Linear.Options.defaults(), g);
        Tensor x = Tensor.randn(g, 2, 3, HIDDEN);
        Tensor y = new TimeDistributed(fc).forward(x);
        assertArrayEquals(new int[] {2, 3, 4}, y.shape().toArray());
        for (int t = 0; t < 3; t++) assertClose("step " + t, fc.forward(x.select(1, t)), y.select(1, t), 1e-7, 1e-6);
        // Softmax over dim 1 of each step's [batch·time, 4] rows is over the features, not over time.
        Tensor p = new TimeDistributed(new Softmax(1)).forward(y);
        assertClose("softmax", y.softmax(-1), p, 1e-7, 1e-6);
        Tensor masked = new TimeDistributed(fc).forward(List.of(x, Tensor.of(new int[] {3, 1}, 2)));
        assertArrayEquals(new double[8], masked.select(0, 1).narrow(0, 1, 2).contiguous().toDoubleArray(), 0);
        assertClose("unmasked", y.select(0, 0), masked.select(0, 0), 0, 0);
    }

    @Test
    void modelsSaveLoadAndCopyExactly() throws IOException {
        Generator g = Generator.seeded(100);
        Sequential model = new Sequential(
                new Bidirectional(new Lstm(IN, HIDDEN, Lstm.Options.defaults().withPeepholes(true), g), Bidirectional.Merge.CONCAT, g),
                new StackedRnn(List.of(new Gru(2 * HIDDEN, HIDDEN, Gru.Options.defaults().withForm(GruCell.Form.COURSE), g),
                        new SimpleRnn(HIDDEN, HIDDEN, SimpleRnn.Options.defaults().withActivation(Activation.RELU), g)), 0.8, g),
                new TimeDistributed(new Linear(HIDDEN, 2, Linear.Options.defaults(), g)));
        model.eval();
        Tensor x = Tensor.randn(g, 2, 5, IN);
        Tensor y = model.forward(x);
        assertArrayEquals(new int[] {2, 5, 2}, y.shape().toArray());
        ModelIO.save(model, dir);
        Module loaded = ModelIO.load(dir);
        loaded.eval();
        assertArrayEquals(y.toDoubleArray(), loaded.forward(x).toDoubleArray(), 0);
        assertArrayEquals(y.toDoubleArray(), model.copy().forward(x).toDoubleArray(), 0);
        assertEquals(model.namedParameters().keySet(), loaded.namedParameters().keySet());
        assertTrue(model.namedParameters().containsKey("0.backward.cell.peepholes"));
        assertEquals("rnn.Bidirectional", ModuleRegistry.describe(model.get(0)).get("type"));
        String summary = model.summary(2, 5, IN);
        assertTrue(summary.contains("0 (rnn.Bidirectional)                [2, 5, 6]"), summary);
        assertTrue(summary.contains("1 (rnn.StackedRnn)                   [2, 5, 3]"), summary);
        assertTrue(summary.contains("2 (rnn.TimeDistributed)              [2, 5, 2]                         8"), summary);
    }

    @Test
    void theLastStepFeedsADenseLayerInASequential() {
        Generator g = Generator.seeded(102);
        Sequential sentiment = new Sequential(new Lstm(IN, HIDDEN, Lstm.Options.defaults().withReturnSequences(false), g),
                new Linear(HIDDEN, 1, Linear.Options.defaults(), g));
        Tensor x = padded(0).to(DType.FLOAT32);
        assertArrayEquals(new int[] {3, 1}, sentiment.forward(x).shape().toArray());
        Lstm lstm = (Lstm) sentiment.get(0);
        Tensor masked = lstm.forward(List.of(x, Tensor.of(LENGTHS, 3)));
        assertClose("last real step", lstm.run(x, Tensor.of(LENGTHS, 3), null).last(), masked, 0, 0);
        assertClose("step 1 of sequence 1", lstm.run(x.narrow(0, 1, 1).narrow(1, 0, 3)).last().select(0, 0), masked.select(0, 1), 1e-6,
                1e-5);
    }

    @Test
    void pyTorchNamesGoInAndOut() {
        Generator g = Generator.seeded(101);
        StackedRnn deep = new StackedRnn(List.of(new Bidirectional(new Lstm(IN, HIDDEN, Lstm.Options.defaults(), g), Bidirectional.Merge.CONCAT, g),
                new Bidirectional(new Lstm(2 * HIDDEN, HIDDEN, Lstm.Options.defaults(), g), Bidirectional.Merge.CONCAT, g)), 1, g);
        Map<String, String> names = PyTorchRnn.parameterNames(deep);
        assertEquals("0.forward.cell.weightIh", names.get("weight_ih_l0"));
        assertEquals("0.backward.cell.biasHh", names.get("bias_hh_l0_reverse"));
        assertEquals("1.backward.cell.weightHh", names.get("weight_hh_l1_reverse"));
        assertEquals(16, names.size());
        SequenceModule again = PyTorchRnn.lstm(PyTorchRnn.stateDict(deep), 1);
        Tensor x = Tensor.randn(g, 2, 4, IN);
        assertArrayEquals(deep.forward(x).toDoubleArray(), again.forward(x).toDoubleArray(), 0);
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"),
                new ArrayList<>(PyTorchRnn.parameterNames(new Gru(IN, HIDDEN)).keySet()));
    }
}
