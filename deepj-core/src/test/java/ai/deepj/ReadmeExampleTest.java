package ai.deepj;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.autograd.GradCheck;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The README's "A taste" example, kept compiling and true. */
class ReadmeExampleTest {
    @Test
    void readmeExampleRunsAndItsGradientCheckPasses() {
        Generator g = Generator.seeded(0);
        Tensor x = Tensor.randn(g, 64, 3);
        Tensor w = Tensor.randn(g, 3, 1).requiresGrad(true);
        Tensor b = Tensor.zeros(1).requiresGrad(true);
        Tensor loss = x.matmul(w).add(b).sigmoid().sub(0.5).square().mean();
        loss.backward();
        assertNotNull(w.grad());
        assertNotNull(b.grad());
        double before = w.get(0, 0);
        try (var s = Autograd.noGrad()) {
            w.subInPlace(w.grad().mul(0.1));
        }
        assertTrue(w.get(0, 0) != before);

        GradCheck.Result r = GradCheck.check(in -> in[0].matmul(in[1]).tanh().sum(), x, w);
        assertTrue(r.passed(), r.toString());
        System.out.println(r);
    }

    @Test
    void infoNamesVersionJavaVectorGemmAndThreads() {
        String info = Deepj.info();
        for (String key : new String[] {"deepj ", "java ", "vector ", "gemm ", "threads "}) {
            assertTrue(info.contains(key), info);
        }
    }
}
