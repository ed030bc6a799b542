package ai.deepj.nn.rnn;

import static ai.deepj.nn.rnn.RnnTesting.assertClose;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The course's full GRU ({@link GruCell.Form#COURSE}), which PyTorch has no layer for, against a
 * direct transcription of the course's equations with plain arrays: the matrices {@code Wr, Wu, Wc}
 * over the concatenation {@code [c⟨t−1⟩, x⟨t⟩]} are assembled from the cell's {@code weightHh} and
 * {@code weightIh} as its Javadoc says, and
 * {@code Γr = σ(Wr[c, x] + br)}, {@code Γu = σ(Wu[c, x] + bu)}, {@code c̃ = tanh(Wc[Γr∗c, x] + bc)},
 * {@code c' = Γu∗c̃ + (1 − Γu)∗c} are evaluated element by element. Its gradients are checked by
 * finite differences in {@link RnnGradCheckTest}. Also: the documented correspondence with
 * PyTorch's form ({@code z = 1 − Γu}, i.e. {@code W_z = −W_u}) made exact by opening the
 * relevance gate.
 */
class CourseGruTest {
    static final int IN = 3, H = 4, BATCH = 2, TIME = 5;

    @Test
    void stepAndSequenceFollowTheCoursesEquations() {
        Gru gru = (Gru) RnnTesting.float64(new RnnTesting.Kind("course", g ->
                new Gru(IN, H, Gru.Options.defaults().withForm(GruCell.Form.COURSE), g)), 3);
        GruCell cell = gru.cell();
        Generator g = Generator.seeded(4);
        Tensor x = Tensor.normal(g, DType.FLOAT64, 0, 1, BATCH, TIME, IN);
        Tensor c0 = Tensor.normal(g, DType.FLOAT64, 0, 0.5, BATCH, H);

        double[][] c = {c0.select(0, 0).toDoubleArray(), c0.select(0, 1).toDoubleArray()};
        double[] expected = new double[BATCH * TIME * H];
        RnnState state = RnnState.of(c0);
        for (int t = 0; t < TIME; t++) {
            for (int b = 0; b < BATCH; b++) {
                c[b] = courseStep(cell, c[b], x.select(0, b).select(0, t).toDoubleArray());
                System.arraycopy(c[b], 0, expected, (b * TIME + t) * H, H);
            }
            state = cell.step(x.select(1, t), state);
            for (int b = 0; b < BATCH; b++) {
                assertClose("step " + t + " row " + b, Tensor.of(c[b], H), state.h().select(0, b), 1e-14, 1e-12);
            }
        }
        RnnOutput out = gru.run(x, null, List.of(RnnState.of(c0)));
        assertClose("sequence", Tensor.of(expected, BATCH, TIME, H), out.sequence(), 1e-14, 1e-12);
        assertClose("composed step", Tensor.of(expected, BATCH, TIME, H),
                ComposedRecurrence.run(gru, x, null, RnnState.of(c0)).sequence(), 1e-14, 1e-12);
    }

    /** One step of the course's GRU for one example, written as the course writes it. */
    private static double[] courseStep(GruCell cell, double[] cPrev, double[] x) {
        double[][] wr = concatColumns(cell, 0), wu = concatColumns(cell, 1), wc = concatColumns(cell, 2);
        double[] bias = cell.bias().toDoubleArray();
        double[] cx = concat(cPrev, x);
        double[] gammaR = new double[H], gammaU = new double[H];
        for (int i = 0; i < H; i++) {
            gammaR[i] = sigmoid(dot(wr[i], cx) + bias[i]);
            gammaU[i] = sigmoid(dot(wu[i], cx) + bias[H + i]);
        }
        double[] rc = new double[H];
        for (int i = 0; i < H; i++) rc[i] = gammaR[i] * cPrev[i];
        double[] rcx = concat(rc, x);
        double[] next = new double[H];
        for (int i = 0; i < H; i++) {
            double candidate = Math.tanh(dot(wc[i], rcx) + bias[2 * H + i]);
            next[i] = gammaU[i] * candidate + (1 - gammaU[i]) * cPrev[i];
        }
        return next;
    }

    /** The course's W of gate {@code gate} (0 = r, 1 = u, 2 = c): {@code [weightHh rows | weightIh rows]}, [H, H + IN]. */
    private static double[][] concatColumns(GruCell cell, int gate) {
        double[][] w = new double[H][H + IN];
        for (int i = 0; i < H; i++) {
            for (int j = 0; j < H; j++) w[i][j] = cell.weightHh().get(gate * H + i, j);
            for (int j = 0; j < IN; j++) w[i][H + j] = cell.weightIh().get(gate * H + i, j);
        }
        return w;
    }

    @Test
    void withTheRelevanceGateOpenTheCoursesFormIsPyTorchsWithZEqualToOneMinusGammaU() {
        Generator g = Generator.seeded(9);
        GruCell course, torch;
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            course = new GruCell(IN, H, GruCell.Form.COURSE, RnnInit.defaults(), g);
            torch = new GruCell(IN, H, GruCell.Form.PYTORCH, RnnInit.defaults(), g);
        }
        // Γr = r = σ(40) = 1 exactly in float64: the rows of the relevance gate are zero, its bias 40.
        Tensor wih = Tensor.uniform(g, DType.FLOAT64, -1, 1, 3 * H, IN), whh = Tensor.uniform(g, DType.FLOAT64, -1, 1, 3 * H, H);
        Tensor b = Tensor.uniform(g, DType.FLOAT64, -1, 1, 3 * H);
        for (int i = 0; i < H; i++) {
            for (int j = 0; j < IN; j++) wih.set(0, i, j);
            for (int j = 0; j < H; j++) whh.set(0, i, j);
            b.set(40, i);
        }
        Map<String, Tensor> cs = new LinkedHashMap<>();
        cs.put("weightIh", wih);
        cs.put("weightHh", whh);
        cs.put("bias", b);
        course.loadState(cs);
        // PyTorch's form: z gate = the update gate negated (1 − σ(s) = σ(−s)); n = c̃ with b_in + b_hn = bc.
        Tensor tw = wih.clone(), th = whh.clone(), tbi = b.clone(), tbh = Tensor.zeros(DType.FLOAT64, 3 * H);
        for (int i = H; i < 2 * H; i++) {
            for (int j = 0; j < IN; j++) tw.set(-wih.get(i, j), i, j);
            for (int j = 0; j < H; j++) th.set(-whh.get(i, j), i, j);
            tbi.set(-b.get(i), i);
        }
        Map<String, Tensor> ts = new LinkedHashMap<>();
        ts.put("weightIh", tw);
        ts.put("weightHh", th);
        ts.put("biasIh", tbi);
        ts.put("biasHh", tbh);
        torch.loadState(ts);
        Tensor x = Tensor.normal(g, DType.FLOAT64, 0, 1, BATCH, IN), h = Tensor.normal(g, DType.FLOAT64, 0, 1, BATCH, H);
        assertClose("open relevance gate", course.step(x, RnnState.of(h)).h(), torch.step(x, RnnState.of(h)).h(), 1e-15, 1e-13);

        // With a working relevance gate the two forms are different functions.
        for (int i = 0; i < H; i++) b.set(0.3, i);
        course.loadState(cs);
        double diff = course.step(x, RnnState.of(h)).h().sub(torch.step(x, RnnState.of(h)).h()).abs().max().item();
        assertTrue(diff > 1e-3, "forms should differ once Γr < 1, max difference " + diff);
    }

    private static double[] concat(double[] a, double[] b) {
        double[] r = new double[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
