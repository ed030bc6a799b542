package ai.deepj.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ReLU} in place: the same outputs and gradients as out of place (compared exactly: the same
 * kernels on the same values), the fallback where autograd forbids writing over the input, the
 * config round trip, and a float64 gradient check at relative difference ≤ 1e-7.
 */
class ReLUTest {
    private static Sequential model(boolean inPlace) {
        Generator g = Generator.seeded(3);
        return new Sequential(new Linear(5, 7, Linear.Options.defaults(), g), new ReLU(inPlace),
                new Linear(7, 3, Linear.Options.defaults(), g), new ReLU(inPlace));
    }

    @Test
    void inPlaceGivesTheSameOutputsAndGradients() {
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            Tensor x = Tensor.randn(Generator.seeded(9), 6, 5);
            Sequential ref = model(false), in = model(true);
            Tensor yRef = ref.forward(x), y = in.forward(x);
            assertEquals("relu_", y.gradFnName());
            assertArrayEquals(yRef.toDoubleArray(), y.toDoubleArray(), 0);
            yRef.square().sum().backward();
            y.square().sum().backward();
            List<Tensor> pr = ref.parameters(), pi = in.parameters();
            for (int i = 0; i < pr.size(); i++) assertArrayEquals(pr.get(i).grad().toDoubleArray(), pi.get(i).grad().toDoubleArray(), 0);
        }
    }

    @Test
    void writesOverAComputedInputAndFallsBackForALeafThatRequiresGrad() {
        ReLU relu = ReLU.inPlace();
        Tensor h = Tensor.of(new double[] {-1, 2}, 2).requiresGrad(true).mul(1.0);
        assertSame(h, relu.forward(h));

        Tensor leaf = Tensor.of(new double[] {-1, 2}, 2).requiresGrad(true);
        Tensor out = relu.forward(leaf);
        assertNotSame(leaf, out);
        assertArrayEquals(new double[] {-1, 2}, leaf.toDoubleArray(), 0);
        assertArrayEquals(new double[] {0, 2}, out.toDoubleArray(), 0);
    }

    @Test
    void configRoundTripKeepsTheOption() {
        assertEquals(Map.of(), new ReLU().config(), "the default stays as before: saved models load unchanged");
        ReLU back = (ReLU) ModuleRegistry.fromConfig(ModuleRegistry.describe(ReLU.inPlace()));
        assertTrue(back.isInPlace());
        assertFalse(((ReLU) ModuleRegistry.fromConfig(ModuleRegistry.describe(new ReLU()))).isInPlace());
    }

    @Test
    void inPlaceModelPassesGradCheck() {
        var r = ModelGradCheck.check(model(true), Tensor.randn(Generator.seeded(4), 4, 5).mul(1.5), out -> out.square().sum().mul(0.5));
        assertTrue(r.passed() && r.coordinates() > 0, r.toString());
    }
}
