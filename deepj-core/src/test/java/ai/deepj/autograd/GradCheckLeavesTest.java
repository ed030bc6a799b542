package ai.deepj.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradCheckLeavesTest {
    @Test
    void checksExistingLeavesInPlaceAndRestoresThem() {
        Tensor w = Tensor.normal(Generator.seeded(1), DType.FLOAT64, 0, 1, 3, 2).requiresGrad(true);
        Tensor x = Tensor.normal(Generator.seeded(2), DType.FLOAT64, 0, 1, 4, 3);
        double[] before = w.toDoubleArray();
        GradCheck.Result r = GradCheck.checkLeaves(GradCheck.Options.defaults(), () -> x.matmul(w).tanh().sum(), List.of(w));
        assertTrue(r.passed(), r.toString());
        assertEquals(6, r.coordinates());
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, w.toDoubleArray(), 0);
    }

    @Test
    void catchesAWrongGradient() {
        Tensor w = Tensor.normal(Generator.seeded(1), DType.FLOAT64, 0, 1, 5).requiresGrad(true);
        GradCheck.Result r = GradCheck.checkLeaves(GradCheck.Options.defaults(), () -> w.mul(w.detach()).sum(), List.of(w));
        assertFalse(r.passed());
        assertTrue(r.relativeDifference() > 1e-3, r.toString());
    }

    @Test
    void defaultFloatScopeBuildsFloat64Tensors() {
        assertEquals(DType.FLOAT32, Tensor.zeros(2).dtype());
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            assertEquals(DType.FLOAT64, Tensor.zeros(2).dtype());
            assertEquals(DType.FLOAT64, Tensor.randn(Generator.seeded(0), 2).dtype());
        }
        assertEquals(DType.FLOAT32, Tensor.ones(2).dtype());
    }
}
