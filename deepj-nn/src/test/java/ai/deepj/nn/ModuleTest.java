package ai.deepj.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleTest {
    private static Sequential mlp() {
        Generator g = Generator.seeded(3);
        return new Sequential(new Linear(4, 8, Linear.Options.defaults(), g), new ReLU(), new Linear(8, 2, Linear.Options.defaults(), g));
    }

    @Test
    void parametersHaveDottedNamesInRegistrationOrder() {
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(mlp().namedParameters().keySet()));
        assertEquals(4 * 8 + 8 + 8 * 2 + 2, mlp().parameterCount());
    }

    @Test
    void linearComputesXTimesWeightTransposedPlusBias() {
        Linear fc = new Linear(3, 2, Linear.Options.defaults(), Generator.seeded(1));
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor expected = x.matmul(fc.weight().t()).add(fc.bias());
        assertArrayEquals(expected.toFloatArray(), fc.forward(x).toFloatArray(), 0f);
        var e = assertThrows(IllegalArgumentException.class, () -> fc.forward(Tensor.zeros(2, 4)));
        assertTrue(e.getMessage().contains("[2, 4]"), e.getMessage());
    }

    @Test
    void copyHasSameOutputsAndIndependentWeights() {
        Sequential m = mlp();
        Module c = m.copy();
        Tensor x = Tensor.randn(Generator.seeded(5), 3, 4);
        assertArrayEquals(m.forward(x).toFloatArray(), c.forward(x).toFloatArray(), 0f);
        try (var s = ai.deepj.tensor.Autograd.noGrad()) {
            c.parameters().get(0).fillInPlace(0);
        }
        assertFalse(java.util.Arrays.equals(m.forward(x).toFloatArray(), c.forward(x).toFloatArray()));
    }

    @Test
    void loadStateRejectsMissingNamesAndWrongShapes() {
        Sequential m = mlp();
        var state = m.state();
        state.remove("2.bias");
        var e = assertThrows(IllegalArgumentException.class, () -> m.loadState(state));
        assertTrue(e.getMessage().contains("2.bias"), e.getMessage());
        var wrong = m.state();
        wrong.put("0.bias", Tensor.zeros(9));
        e = assertThrows(IllegalArgumentException.class, () -> m.loadState(wrong));
        assertTrue(e.getMessage().contains("[9]") && e.getMessage().contains("[8]"), e.getMessage());
    }

    @Test
    void freezeStopsGradientsAndTrainEvalPropagate() {
        Sequential m = mlp();
        m.get(0).freeze();
        m.forward(Tensor.ones(2, 4)).sum().backward();
        assertEquals(null, ((Linear) m.get(0)).weight().grad());
        assertTrue(((Linear) m.get(2)).weight().grad() != null);
        m.eval();
        assertFalse(m.get(2).isTraining());
    }

    @Test
    void summaryListsLayersShapesAndCounts() {
        String s = mlp().summary(1, 4);
        assertTrue(s.contains("0 (Linear)") && s.contains("[1, 8]") && s.contains("Total params: 58"), s);
        assertTrue(s.contains("Trainable params: 58"), s);
    }
}
