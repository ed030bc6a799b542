package ai.deepj.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The same computation gives the same bits before and after the JIT compiles it. (The Vector
 * API's EXP/LOG/TANH differ in the last bit between its fallback and its compiled form, which once
 * made training runs differ from run to run.)
 */
class DeterminismTest {
    @Test
    void transcendentalOpsGiveTheSameBitsColdAndHot() {
        Tensor x = Tensor.rand(Generator.seeded(1), 4096).add(0.01);
        Tensor xd = x.to(DType.FLOAT64);
        float[][] cold = {x.log().toFloatArray(), x.log1p().toFloatArray(), x.exp().toFloatArray(), x.tanh().toFloatArray(),
            x.sigmoid().toFloatArray()};
        double[][] coldD = {xd.exp().toDoubleArray(), xd.log().toDoubleArray(), xd.log1p().toDoubleArray(), xd.tanh().toDoubleArray(),
            xd.sigmoid().toDoubleArray()};
        for (int i = 0; i < 3000; i++) {
            x.log(); x.log1p(); x.exp(); x.tanh(); x.sigmoid();
            xd.exp(); xd.log(); xd.log1p(); xd.tanh(); xd.sigmoid();
        }
        float[][] hot = {x.log().toFloatArray(), x.log1p().toFloatArray(), x.exp().toFloatArray(), x.tanh().toFloatArray(),
            x.sigmoid().toFloatArray()};
        double[][] hotD = {xd.exp().toDoubleArray(), xd.log().toDoubleArray(), xd.log1p().toDoubleArray(), xd.tanh().toDoubleArray(),
            xd.sigmoid().toDoubleArray()};
        for (int k = 0; k < cold.length; k++) assertArrayEquals(cold[k], hot[k], 0f, "float32 op " + k);
        for (int k = 0; k < coldD.length; k++) assertArrayEquals(coldD[k], hotD[k], 0d, "float64 op " + k);
    }
}
