package ai.deepj.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.Tensor;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Clipping against {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_} on float64
 * gradients (tolerance {@code 1e-12 + 1e-12·|expected|}, for the norm's summation order).
 */
class GradClipTest {
    @TestFactory
    Stream<DynamicTest> clippingMatchesPyTorch() {
        return StreamSupport.stream(Fixtures.doc().getAsJsonArray("clip").spliterator(), false).map(JsonElement::getAsJsonObject)
                .map(c -> DynamicTest.dynamicTest(c.get("name").getAsString(), () -> {
                    List<Tensor> params = new ArrayList<>();
                    for (JsonElement g : c.getAsJsonArray("grads")) {
                        Tensor grad = Fixtures.tensor(g.getAsJsonObject());
                        Tensor p = grad.zerosLike().requiresGrad(true);
                        p.setGrad(grad);
                        params.add(p);
                    }
                    double limit = c.get("limit").getAsDouble();
                    if (c.get("kind").getAsString().equals("norm")) {
                        double total = GradClip.byNorm(params, limit);
                        double expected = c.get("total_norm").getAsDouble();
                        assertEquals(expected, total, 1e-12 * expected);
                    } else {
                        GradClip.byValue(params, limit);
                    }
                    var expected = c.getAsJsonArray("expected");
                    for (int i = 0; i < params.size(); i++) {
                        Fixtures.assertClose(Fixtures.doubles(expected.get(i)), params.get(i).grad().toDoubleArray(), "gradient " + i);
                    }
                }));
    }

    private static Tensor withGrad(double... g) {
        Tensor p = Tensor.zeros(g.length).to(ai.deepj.tensor.DType.FLOAT64).requiresGrad(true);
        p.setGrad(Tensor.of(g, g.length));
        return p;
    }

    @Test
    void byNormScalesAllGradientsByOneFactorAndSkipsMissingOnes() {
        Tensor a = withGrad(3, 0), b = withGrad(0, 4);
        Tensor none = Tensor.zeros(2).requiresGrad(true);
        double total = GradClip.byNorm(List.of(a, none, b), 1.0);
        assertEquals(5, total, 0);
        double f = 1.0 / (5 + 1e-6);
        assertArrayEquals(new double[] {3 * f, 0}, a.grad().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {0, 4 * f}, b.grad().toDoubleArray(), 1e-15);
        assertEquals(null, none.grad());
    }

    @Test
    void byValueClampsInPlace() {
        Tensor a = withGrad(-2, 0.1, 7);
        Tensor before = a.grad();
        GradClip.byValue(List.of(a), 1);
        assertTrue(before == a.grad(), "same gradient tensor, clipped in place");
        assertArrayEquals(new double[] {-1, 0.1, 1}, a.grad().toDoubleArray(), 0);
    }

    @Test
    void nonFiniteNormIsHandledAsAsked() {
        Tensor a = withGrad(1, Double.NaN);
        var e = assertThrows(ArithmeticException.class, () -> GradClip.byNorm(List.of(a), 1, GradClip.OnNonFinite.THROW));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertEquals(1, a.grad().get(0), "left unchanged");

        assertTrue(Double.isNaN(GradClip.byNorm(List.of(a), 1, GradClip.OnNonFinite.LEAVE_UNCHANGED)));
        assertEquals(1, a.grad().get(0), "left unchanged");

        Tensor inf = withGrad(1, Double.POSITIVE_INFINITY);
        assertEquals(Double.POSITIVE_INFINITY, GradClip.byNorm(List.of(inf), 1));
        assertEquals(0, inf.grad().get(0), "PyTorch's behaviour: the factor max/(inf + 1e-6) is 0");
        assertTrue(Double.isNaN(inf.grad().get(1)), "and inf·0 is NaN");
    }
}
