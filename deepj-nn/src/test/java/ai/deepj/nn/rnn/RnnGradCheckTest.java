package ai.deepj.nn.rnn;

import static ai.deepj.nn.rnn.RnnTesting.HIDDEN;
import static ai.deepj.nn.rnn.RnnTesting.IN;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.autograd.GradCheck;
import ai.deepj.nn.Linear;
import ai.deepj.nn.ModelGradCheck;
import ai.deepj.nn.Sequential;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Float64 finite-difference gradient checks ({@link GradCheck}, relative difference ≤ 1e-7, the
 * course's "great") of every cell's step and every sequence layer: with respect to the input, the
 * initial states and every parameter at once; with and without masks, in both directions,
 * bidirectional and stacked; and {@link ModelGradCheck} of whole models built from these layers.
 */
class RnnGradCheckTest {
    static final GradCheck.Options OPTIONS = GradCheck.Options.defaults();

    static Stream<RnnTesting.Kind> kinds() {
        return RnnTesting.kinds().stream();
    }

    static Stream<Arguments> layerCases() {
        List<Arguments> a = new ArrayList<>();
        for (RnnTesting.Kind k : RnnTesting.kinds()) {
            a.add(Arguments.of(k, false, false));
            a.add(Arguments.of(k, true, false));
            a.add(Arguments.of(k, true, true));
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void cellStepGradientsAreRight(RnnTesting.Kind kind) {
        RnnCell cell = RnnTesting.float64(kind, 21).cell();
        Generator g = Generator.seeded(22);
        Tensor x = leaf(g, 3, IN), h = leaf(g, 3, HIDDEN), c = cell.hasCellState() ? leaf(g, 3, HIDDEN) : null;
        List<Tensor> leaves = leaves(cell.parameters(), x, h, c);
        Tensor uh = Tensor.normal(g, DType.FLOAT64, 0, 1, 3, HIDDEN), uc = Tensor.normal(g, DType.FLOAT64, 0, 1, 3, HIDDEN);
        GradCheck.Result r = GradCheck.checkLeaves(OPTIONS, () -> {
            RnnState s = cell.step(x, new RnnState(h, c));
            Tensor l = s.h().mul(uh).sum();
            return s.c() == null ? l : l.add(s.c().mul(uc).sum());
        }, leaves);
        assertTrue(r.passed(), kind + ": " + r);
    }

    @ParameterizedTest(name = "{0}, masked {1}, reverse {2}")
    @MethodSource("layerCases")
    void layerGradientsAreRight(RnnTesting.Kind kind, boolean masked, boolean reverse) {
        RecurrentLayer layer = RnnTesting.float64(kind, 31);
        if (reverse) layer = FusedVersusComposedTest.withReverse(layer);
        check(layer, masked);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void bidirectionalGradientsAreRightWithAMask(RnnTesting.Kind kind) {
        RecurrentLayer f = RnnTesting.float64(kind, 41), b = FusedVersusComposedTest.withReverse(RnnTesting.float64(kind, 42));
        check(new Bidirectional(f, b, Bidirectional.Merge.CONCAT), true);
        check(new Bidirectional(f, b, Bidirectional.Merge.SUM), false);
    }

    @Test
    void stackedBidirectionalGradientsAreRightWithAMask() {
        RnnTesting.Kind lstm = RnnTesting.kinds().stream().filter(k -> k.name().equals("Lstm")).findFirst().orElseThrow();
        Bidirectional bottom = new Bidirectional(RnnTesting.float64(lstm, 51), FusedVersusComposedTest.withReverse(RnnTesting.float64(lstm, 52)),
                Bidirectional.Merge.SUM);
        RecurrentLayer top;
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            top = new Gru(HIDDEN, HIDDEN, Gru.Options.defaults().withForm(GruCell.Form.COURSE), Generator.seeded(53));
        }
        StackedRnn stacked = new StackedRnn(List.of(bottom, top), 0.5, Generator.seeded(54));
        stacked.eval(); // dropout off: a random mask would make the loss a different function at every evaluation
        check(stacked, true);
    }

    /** Input, initial states and parameters checked together; the loss weighs the sequence, last step and final states. */
    private static void check(SequenceModule m, boolean masked) {
        Generator g = Generator.seeded(61);
        int batch = 4, time = 4;
        Tensor x = leaf(g, batch, time, m.inputSize());
        Tensor mask = masked ? RnnTesting.mask(batch, time) : null;
        List<RnnState> initial = new ArrayList<>();
        List<Tensor> leaves = new ArrayList<>(m.parameters());
        leaves.add(x);
        for (SequenceModule layer : flatten(m)) {
            RecurrentLayer r = (RecurrentLayer) layer;
            Tensor h = leaf(g, batch, r.hiddenSize()), c = r.cell().hasCellState() ? leaf(g, batch, r.hiddenSize()) : null;
            initial.add(new RnnState(h, c));
            leaves.add(h);
            if (c != null) leaves.add(c);
        }
        GradCheck.Result r = GradCheck.checkLeaves(OPTIONS, () -> RnnTesting.loss(m.run(x, mask, initial), 62), leaves);
        assertTrue(r.passed(), m + (masked ? " masked" : "") + ": " + r);
    }

    /** The one-direction layers of a module in state order. */
    private static List<SequenceModule> flatten(SequenceModule m) {
        List<SequenceModule> out = new ArrayList<>();
        if (m instanceof StackedRnn s) for (SequenceModule l : s.layers()) out.addAll(flatten(l));
        else if (m instanceof Bidirectional b) out.addAll(List.of(b.forwardLayer(), b.backwardLayer()));
        else out.add(m);
        return out;
    }

    @Test
    void modelGradCheckCoversRecurrentModels() {
        Generator g = Generator.seeded(71);
        Sequential model = new Sequential(
                new StackedRnn(List.of(new Bidirectional(new Lstm(IN, HIDDEN, Lstm.Options.defaults(), g), Bidirectional.Merge.CONCAT, g),
                        new Gru(2 * HIDDEN, HIDDEN, Gru.Options.defaults(), g)), 0.7, g),
                new TimeDistributed(new Linear(HIDDEN, 2, Linear.Options.defaults(), g)));
        Tensor x = Tensor.randn(g, 3, 4, IN);
        Tensor target = Tensor.randn(g, 3, 4, 2);
        Function<Tensor, Tensor> loss = out -> out.sub(target.to(DType.FLOAT64)).square().mean();
        GradCheck.Result r = ModelGradCheck.check(model, x, loss);
        assertTrue(r.passed(), r.toString());
    }

    private static Tensor leaf(Generator g, int... shape) {
        return Tensor.normal(g, DType.FLOAT64, 0, 0.7, shape).requiresGrad(true);
    }

    private static List<Tensor> leaves(List<Tensor> params, Tensor... more) {
        List<Tensor> l = new ArrayList<>(params);
        for (Tensor t : more) if (t != null) l.add(t);
        return l;
    }
}
