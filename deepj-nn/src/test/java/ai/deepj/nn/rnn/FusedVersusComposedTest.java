package ai.deepj.nn.rnn;

import static ai.deepj.nn.rnn.RnnTesting.HIDDEN;
import static ai.deepj.nn.rnn.RnnTesting.IN;
import static ai.deepj.nn.rnn.RnnTesting.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused whole-sequence kernels ({@code ai.deepj.tensor.FusedRecurrent}, hand-written backward
 * through time) against their composed reference ({@link ComposedRecurrence}: the cells'
 * {@code composedStep} from differentiable tensor ops, one step at a time, masks by {@code where}):
 * outputs, last step, final states, and the gradients of the input, the initial states and every
 * parameter, for every kind of cell, with and without a mask (full, right-padded, empty and holed
 * sequences), in both directions.
 *
 * <p>Tolerances: float64, {@code 1e-13 + 1e-11·|expected|} (the same arithmetic in another
 * order); float32, {@code 2e-5 + 1e-4·|expected|} (the kernels keep the state in float64 and
 * round once, the composed ops round at every op).
 */
class FusedVersusComposedTest {
    static Stream<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (RnnTesting.Kind k : RnnTesting.kinds()) {
            for (boolean masked : new boolean[] {false, true}) {
                for (boolean reverse : new boolean[] {false, true}) a.add(Arguments.of(k, masked, reverse));
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0}, masked {1}, reverse {2}")
    @MethodSource("cases")
    void fusedKernelMatchesComposedStepsInFloat64(RnnTesting.Kind kind, boolean masked, boolean reverse) {
        compare(kind, masked, reverse, DType.FLOAT64, 1e-13, 1e-11);
    }

    @ParameterizedTest(name = "{0}, masked {1}, reverse {2}")
    @MethodSource("cases")
    void fusedKernelMatchesComposedStepsInFloat32(RnnTesting.Kind kind, boolean masked, boolean reverse) {
        compare(kind, masked, reverse, DType.FLOAT32, 2e-5, 1e-4);
    }

    private static void compare(RnnTesting.Kind kind, boolean masked, boolean reverse, DType dtype, double atol, double rtol) {
        RecurrentLayer layer = RnnTesting.float64(kind, 7);
        if (reverse) layer = withReverse(layer);
        if (dtype == DType.FLOAT32) layer = toFloat32(layer);
        int batch = 4, time = 5;
        Generator g = Generator.seeded(11);
        Tensor x = Tensor.normal(g, dtype, 0, 1, batch, time, IN);
        Tensor h0 = Tensor.normal(g, dtype, 0, 0.5, batch, HIDDEN);
        Tensor c0 = layer.cell().hasCellState() ? Tensor.normal(g, dtype, 0, 0.5, batch, HIDDEN) : null;
        Tensor mask = masked ? RnnTesting.mask(batch, time) : null;

        Map<String, Tensor> fused = run(layer, x, h0, c0, mask, true);
        Map<String, Tensor> composed = run(layer, x, h0, c0, mask, false);
        assertEquals(composed.keySet(), fused.keySet());
        for (String k : composed.keySet()) assertClose(kind + " " + k, composed.get(k), fused.get(k), atol, rtol);
    }

    /** Outputs and gradients of one run, by name. */
    private static Map<String, Tensor> run(RecurrentLayer layer, Tensor x0, Tensor h00, Tensor c00, Tensor mask, boolean fused) {
        for (Tensor p : layer.parameters()) p.setGrad(null);
        Tensor x = x0.detach().requiresGrad(true), h0 = h00.detach().requiresGrad(true);
        Tensor c0 = c00 == null ? null : c00.detach().requiresGrad(true);
        RnnState s0 = new RnnState(h0, c0);
        RnnOutput out = fused ? layer.run(x, mask, List.of(s0)) : ComposedRecurrence.run(layer, x, mask, s0);
        RnnTesting.loss(out, 5).backward();
        Map<String, Tensor> r = new LinkedHashMap<>();
        r.put("sequence", out.sequence().detach());
        r.put("last", out.last().detach());
        r.put("h", out.state().h().detach());
        if (c0 != null) r.put("c", out.state().c().detach());
        r.put("grad x", x.grad());
        r.put("grad h0", h0.grad());
        if (c0 != null) r.put("grad c0", c0.grad());
        for (var e : layer.namedParameters().entrySet()) r.put("grad " + e.getKey(), e.getValue().grad().clone());
        return r;
    }

    static RecurrentLayer withReverse(RecurrentLayer layer) {
        RecurrentLayer r;
        try (var s = DType.useDefaultFloat(layer.cell().weightHh().dtype())) {
            r = layer.reversed(Generator.seeded(0));
        }
        r.loadState(layer.state());
        return r;
    }

    static RecurrentLayer toFloat32(RecurrentLayer layer) {
        RecurrentLayer copy;
        try (var s = DType.useDefaultFloat(DType.FLOAT32)) {
            copy = (RecurrentLayer) layer.copy();
        }
        return copy;
    }
}
