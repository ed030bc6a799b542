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

    @Test
    void aTrainingRunGivesTheSameBitsColdAndWarm() {
        // Run 1 starts cold (interpreter, C1); later runs use compiled code. All must agree exactly.
        double[] first = train();
        for (int run = 0; run < 3; run++) assertArrayEquals(first, train(), 0d, "run " + (run + 2));
    }

    /**
     * The same for a convolutional step: convolution (images side by side, weight gradient as dot products), batch
     * norm and max pooling in their float32 vector kernels, whose lane sums must not depend on the JIT's state.
     */
    @Test
    void aConvolutionalStepGivesTheSameBitsColdAndWarm() {
        float[] first = convStep();
        for (int run = 0; run < 400; run++) assertArrayEquals(first, convStep(), 0f, "run " + (run + 2));
    }

    private static float[] convStep() {
        Generator g = Generator.seeded(7);
        Tensor x = Tensor.randn(g, 8, 3, 12, 12);
        Tensor w = Tensor.randn(g, 6, 3, 5, 5).mul(0.2).detach().requiresGrad(true);
        Tensor gamma = Tensor.ones(6).requiresGrad(true), beta = Tensor.zeros(6).requiresGrad(true);
        Tensor v = Tensor.randn(g, 96, 5).mul(0.1).detach().requiresGrad(true);
        Tensor h = ai.deepj.tensor.FusedBatchNorm.train(x.conv2d(w, null, ai.deepj.tensor.ConvOptions.defaults()), gamma, beta, 1e-5)
                .output().relu().maxPool2d(2, 2);
        Tensor loss = h.reshape(8, 96).matmul(v).square().mean();
        loss.backward();
        float[] wg = w.grad().toFloatArray(), gg = gamma.grad().toFloatArray(), vg = v.grad().toFloatArray();
        float[] out = new float[1 + wg.length + gg.length + vg.length];
        out[0] = (float) loss.item();
        System.arraycopy(wg, 0, out, 1, wg.length);
        System.arraycopy(gg, 0, out, 1 + wg.length, gg.length);
        System.arraycopy(vg, 0, out, 1 + wg.length + gg.length, vg.length);
        return out;
    }

    private static double[] train() {
        Generator g = Generator.seeded(42);
        Tensor x = Tensor.randn(g, 64, 20), y = Tensor.rand(g, 64, 1).gt(0.5);
        Tensor w1 = Tensor.randn(g, 20, 33).mul(0.3).requiresGrad(true), w2 = Tensor.randn(g, 33, 1).mul(0.3).requiresGrad(true);
        Tensor loss = null;
        for (int step = 0; step < 60; step++) {
            Tensor p = x.matmul(w1).tanh().matmul(w2).sigmoid();
            loss = y.mul(p.log()).add(y.rsub(1).mul(p.rsub(1).log1p().exp().log())).mean().neg();
            loss.backward();
            try (var s = ai.deepj.tensor.Autograd.noGrad()) {
                w1.subInPlace(w1.grad().mul(0.5));
                w2.subInPlace(w2.grad().mul(0.5));
                w1.zeroGrad();
                w2.zeroGrad();
            }
        }
        double[] out = new double[2];
        out[0] = loss.item();
        out[1] = w1.sum().item() + w2.sum().item();
        return out;
    }
}
