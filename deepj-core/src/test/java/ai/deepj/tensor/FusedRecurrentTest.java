package ai.deepj.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.autograd.GradCheck;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The whole-sequence recurrent ops on their own: float64 finite-difference checks of the gradients
 * of every operand (input gates, recurrent weight and bias, peepholes, initial states) with and
 * without a mask, in both directions; what a mask does (state carried, zero output, an empty
 * sequence keeps its initial state); float32 against float64; and the error messages. The
 * comparison with composed tensor ops and with PyTorch is in deepj-nn ({@code ai.deepj.nn.rnn}).
 */
class FusedRecurrentTest {
    static final int B = 3, T = 4, H = 2;

    private static Tensor randn(long seed, int... shape) {
        return Tensor.normal(Generator.seeded(seed), DType.FLOAT64, 0, 0.8, shape);
    }

    /** 1 everywhere but: sequence 1 has length 2, sequence 2 length 0. */
    private static Tensor mask() {
        return Tensor.of(new double[] {1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0}, B, T);
    }

    private static Tensor all(FusedRecurrent.Result r) {
        return r.c() == null ? Tensor.concat(0, r.output().flatten(), r.h().flatten())
                : Tensor.concat(0, r.output().flatten(), r.h().flatten(), r.c().flatten());
    }

    private static void check(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.Result r = GradCheck.check(f, inputs);
        assertTrue(r.passed(), what + ": " + r);
    }

    @Test
    void lstmGradientsOfEveryOperandAreRight() {
        for (boolean masked : new boolean[] {false, true}) {
            for (boolean reverse : new boolean[] {false, true}) {
                Tensor m = masked ? mask() : null;
                check("lstm masked " + masked + " reverse " + reverse,
                        in -> all(FusedRecurrent.lstm(in[0], in[1], in[2], in[3], in[4], in[5], m, reverse)),
                        randn(1, B, T, 4 * H), randn(2, 4 * H, H), randn(3, 4 * H), randn(4, 3 * H), randn(5, B, H), randn(6, B, H));
            }
        }
    }

    @Test
    void gruGradientsOfEveryOperandAreRightInBothForms() {
        for (boolean masked : new boolean[] {false, true}) {
            for (boolean reverse : new boolean[] {false, true}) {
                Tensor m = masked ? mask() : null;
                check("gru masked " + masked + " reverse " + reverse,
                        in -> all(FusedRecurrent.gru(in[0], in[1], in[2], in[3], m, reverse)),
                        randn(11, B, T, 3 * H), randn(12, 3 * H, H), randn(13, 3 * H), randn(14, B, H));
                check("courseGru masked " + masked + " reverse " + reverse,
                        in -> all(FusedRecurrent.courseGru(in[0], in[1], in[2], m, reverse)),
                        randn(21, B, T, 3 * H), randn(22, 3 * H, H), randn(23, B, H));
            }
        }
    }

    @Test
    void rnnGradientsOfEveryOperandAreRightForEveryActivation() {
        for (FusedRecurrent.Activation a : FusedRecurrent.Activation.values()) {
            for (boolean masked : new boolean[] {false, true}) {
                for (boolean reverse : new boolean[] {false, true}) {
                    Tensor m = masked ? mask() : null;
                    check("rnn " + a + " masked " + masked + " reverse " + reverse,
                            in -> all(FusedRecurrent.rnn(in[0], in[1], in[2], a, in[3], m, reverse)),
                            randn(31, B, T, H), randn(32, H, H), randn(33, H), randn(34, B, H));
                }
            }
        }
    }

    @Test
    void maskedStepsCarryTheStateAndOutputZero() {
        Tensor h0 = randn(41, B, H), c0 = randn(42, B, H);
        FusedRecurrent.Result r = FusedRecurrent.lstm(randn(43, B, T, 4 * H), randn(44, 4 * H, H), null, null, h0, c0, mask(), false);
        // Sequence 2 is empty: its final state is its initial state, its outputs zero.
        assertArrayEquals(h0.select(0, 2).toDoubleArray(), r.h().select(0, 2).toDoubleArray(), 0);
        assertArrayEquals(c0.select(0, 2).toDoubleArray(), r.c().select(0, 2).toDoubleArray(), 0);
        assertArrayEquals(new double[T * H], r.output().select(0, 2).toDoubleArray(), 0);
        // Sequence 1 stops after 2 steps: the final state is the output at step 1, later outputs are zero.
        assertArrayEquals(r.output().select(0, 1).select(0, 1).toDoubleArray(), r.h().select(0, 1).toDoubleArray(), 0);
        assertArrayEquals(new double[2 * H], r.output().select(0, 1).narrow(0, 2, 2).contiguous().toDoubleArray(), 0);
    }

    @Test
    void float32AgreesWithFloat64() {
        Tensor xg = randn(51, B, T, 4 * H), w = randn(52, 4 * H, H), b = randn(53, 4 * H);
        FusedRecurrent.Result d = FusedRecurrent.lstm(xg, w, b, null, null, null, null, false);
        FusedRecurrent.Result f = FusedRecurrent.lstm(xg.to(DType.FLOAT32), w.to(DType.FLOAT32), b.to(DType.FLOAT32), null, null, null,
                null, false);
        assertEquals(DType.FLOAT32, f.output().dtype());
        assertArrayEquals(d.output().toDoubleArray(), f.output().toDoubleArray(), 1e-6);
        assertArrayEquals(d.c().toDoubleArray(), f.c().toDoubleArray(), 1e-6);
    }

    @Test
    void shapeMistakesAreNamed() {
        Tensor xg = Tensor.zeros(DType.FLOAT64, B, T, 4 * H), w = Tensor.zeros(DType.FLOAT64, 4 * H, H);
        assertEquals("lstm: weightHh must be [4·H, H] with H > 0, got [6, 2]",
                illegal(() -> FusedRecurrent.lstm(xg, Tensor.zeros(6, 2), null, null, null, null, null, false)));
        assertEquals("lstm: xGates must be [batch, time, 8] for weightHh [8, 2], got [3, 4, 6]",
                illegal(() -> FusedRecurrent.lstm(Tensor.zeros(B, T, 6), w, null, null, null, null, null, false)));
        assertEquals("lstm: biasHh must be [8], got [6]",
                illegal(() -> FusedRecurrent.lstm(xg, w, Tensor.zeros(6), null, null, null, null, false)));
        assertEquals("lstm: peepholes must be [6] (i, f, o for hidden size 2), got [8]",
                illegal(() -> FusedRecurrent.lstm(xg, w, null, Tensor.zeros(8), null, null, null, false)));
        assertEquals("lstm: initial state must be [3, 2], got [2, 2]",
                illegal(() -> FusedRecurrent.lstm(xg, w, null, null, null, Tensor.zeros(2, 2), null, false)));
        assertEquals("lstm: mask must be [3, 4], got [3, 5]",
                illegal(() -> FusedRecurrent.lstm(xg, w, null, null, null, null, Tensor.zeros(3, 5), false)));
        assertEquals("gru: needs at least one sequence and one time step, got xGates [3, 0, 6]",
                illegal(() -> FusedRecurrent.gru(Tensor.zeros(3, 0, 6), Tensor.zeros(6, 2), null, null, null, false)));
        assertEquals("rnn: needs floating-point tensors, got int32 [2, 2]",
                illegal(() -> FusedRecurrent.rnn(Tensor.zeros(1, 1, 2), Tensor.of(new int[4], 2, 2), null, FusedRecurrent.Activation.TANH,
                        null, null, false)));
    }

    private static String illegal(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }
}
