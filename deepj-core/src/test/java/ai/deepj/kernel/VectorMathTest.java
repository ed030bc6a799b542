package ai.deepj.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Accuracy of the float32 and float64 transcendental kernels against {@link Math} in double
 * precision. Errors are measured in ulps of the result rounded to the kernel's type; a correctly
 * rounded result is within 0.5.
 */
class VectorMathTest {

    private static double sigmoidRef(double x) {
        double e = Math.exp(-Math.abs(x));
        return (x < 0 ? e : 1) / (1 + e);
    }

    /** Every {@code step}-th float in [lo, hi] (by bit pattern, both signs), run through the kernel. */
    private static double maxUlpF32(UnaryOp op, DoubleUnaryOperator ref, float lo, float hi, int step) {
        int count = 0;
        float[] xs = new float[1 << 22];
        for (int sign = 0; sign < 2; sign++) {
            float from = sign == 0 ? Math.max(lo, 0) : Math.max(-hi, 0);
            float to = sign == 0 ? Math.max(hi, 0) : Math.max(-lo, 0);
            for (long b = Float.floatToRawIntBits(from); b <= Float.floatToRawIntBits(to) && count < xs.length; b += step) {
                float v = Float.intBitsToFloat((int) b);
                xs[count++] = sign == 0 ? v : -v;
            }
        }
        float[] out = new float[count];
        ElementwiseKernels.unary(op, xs, 0, 1, out, 0, count);
        double worst = 0;
        for (int i = 0; i < count; i++) {
            double r = ref.applyAsDouble(xs[i]);
            float rf = (float) r;
            if (out[i] == rf) continue;
            assertTrue(Float.isFinite(rf) && Float.isFinite(out[i]), op + "(" + xs[i] + ") = " + out[i] + ", expected " + rf);
            // Subnormal results are judged by the smallest normal ulp: their relative precision is lower anyway.
            worst = Math.max(worst, Math.abs(out[i] - r) / Math.max(Math.ulp(rf), Math.ulp(Float.MIN_NORMAL)));
        }
        return worst;
    }

    private static double maxUlpF64(UnaryOp op, DoubleUnaryOperator ref, double lo, double hi) {
        Random rnd = new Random(42);
        int n = 200_003;
        double[] xs = new double[n], out = new double[n];
        for (int i = 0; i < n; i++) {
            double u = rnd.nextDouble();
            xs[i] = lo + (hi - lo) * (i % 2 == 0 ? u : u * u * u * u); // dense near lo too
        }
        ElementwiseKernels.unary(op, xs, 0, 1, out, 0, n);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double r = ref.applyAsDouble(xs[i]);
            if (out[i] != r) worst = Math.max(worst, Math.abs(out[i] - r) / Math.ulp(r));
        }
        return worst;
    }

    @Test
    void float32ExpWithinOneUlpFromUnderflowToOverflow() {
        double e = maxUlpF32(UnaryOp.EXP, Math::exp, -104f, 89f, 101);
        assertTrue(e <= 1.0, "exp max error " + e + " ulp");
    }

    @Test
    void float32TanhWithinOneAndHalfUlp() {
        double e = maxUlpF32(UnaryOp.TANH, Math::tanh, -20f, 20f, 101);
        assertTrue(e <= 1.5, "tanh max error " + e + " ulp");
    }

    @Test
    void float32SigmoidWithinTwoAndHalfUlpIncludingSubnormalTail() {
        double e = maxUlpF32(UnaryOp.SIGMOID, VectorMathTest::sigmoidRef, -104f, 104f, 101);
        assertTrue(e <= 2.5, "sigmoid max error " + e + " ulp");
    }

    @Test
    void float64TranscendentalsAreStrictMathBitForBit() {
        // float64 exp/log/log1p/tanh run on StrictMath (fdlibm, < 1 ulp for exp/log/log1p, < 2 for tanh)
        // so that results never depend on whether the JIT has compiled the loop yet.
        assertTrue(maxUlpF64(UnaryOp.EXP, StrictMath::exp, -745, 709.7) == 0, "exp");
        assertTrue(maxUlpF64(UnaryOp.TANH, StrictMath::tanh, -25, 25) == 0, "tanh");
        assertTrue(maxUlpF64(UnaryOp.LOG, StrictMath::log, 0, 1e6) == 0, "log");
        assertTrue(maxUlpF64(UnaryOp.LOG1P, StrictMath::log1p, -0.999, 1e3) == 0, "log1p");
        assertTrue(maxUlpF64(UnaryOp.TANH, Math::tanh, -25, 25) <= 2, "tanh vs Math");
        assertTrue(maxUlpF64(UnaryOp.SIGMOID, VectorMathTest::sigmoidRef, -745, 40) <= 2, "sigmoid");
    }

    @Test
    void specialValuesInBothPrecisions() {
        double inf = Double.POSITIVE_INFINITY, nan = Double.NaN;
        double[] xs = {0.0, -0.0, inf, -inf, nan, 100, -100, 1000, -1000, 88.8, -88.8, -103.9, -110, 1e-30, -1e-30};
        check(UnaryOp.EXP, Math::exp, xs);
        check(UnaryOp.TANH, Math::tanh, xs);
        check(UnaryOp.SIGMOID, VectorMathTest::sigmoidRef, xs);
    }

    /** {@code op} against {@code ref} on {@code xs} in float32 and float64: exact for 0, ±inf and NaN (signed zeros too), else within 2 ulp. */
    private static void check(UnaryOp op, DoubleUnaryOperator ref, double[] xs) {
        int n = xs.length;
        float[] xf = new float[n], of = new float[n];
        double[] od = new double[n];
        for (int i = 0; i < n; i++) xf[i] = (float) xs[i];
        ElementwiseKernels.unary(op, xf, 0, 1, of, 0, n);
        ElementwiseKernels.unary(op, xs, 0, 1, od, 0, n);
        for (int i = 0; i < n; i++) {
            float wf = (float) ref.applyAsDouble(xf[i]);
            assertSame(op + "(" + xf[i] + "f)", wf, of[i], 2 * Math.ulp(wf));
            double wd = ref.applyAsDouble(xs[i]);
            assertSame(op + "(" + xs[i] + ")", wd, od[i], 2 * Math.ulp(wd));
        }
    }

    private static void assertSame(String what, double want, double got, double tol) {
        if (Double.isNaN(want) || want == 0 || Double.isInfinite(want)) {
            assertEquals(want, got, what); // assertEquals on doubles tells -0.0 from 0.0 and matches NaN
        } else {
            assertEquals(want, got, tol, what);
        }
    }
}
