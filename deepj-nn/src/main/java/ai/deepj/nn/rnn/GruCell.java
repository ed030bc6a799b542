package ai.deepj.nn.rnn;

import ai.deepj.nn.ModuleConfig;
import ai.deepj.tensor.FusedRecurrent;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gated recurrent unit, in either of two forms ({@link Form}). They differ in where the
 * relevance (reset) gate acts and in which side of the update they put the update gate; they are
 * not the same function, and weights of one do not convert into the other.
 *
 * <p><b>{@link Form#COURSE}</b>, the course's full GRU (Cho et al. 2014), gates stacked
 * {@code (Γr, Γu, c̃)} in {@code weightIh [3H, input]} and {@code weightHh [3H, H]}, one bias
 * {@code bias [3H]} ({@code br, bu, bc}):
 * <pre>
 *   Γr = σ(Wr[c⟨t−1⟩, x⟨t⟩] + br),   Γu = σ(Wu[c⟨t−1⟩, x⟨t⟩] + bu)
 *   c̃⟨t⟩ = tanh(Wc[Γr∗c⟨t−1⟩, x⟨t⟩] + bc)
 *   c⟨t⟩ = Γu∗c̃⟨t⟩ + (1 − Γu)∗c⟨t−1⟩,   a⟨t⟩ = c⟨t⟩
 * </pre>
 * with the course's {@code Wr = [weightHh rows 0..H | weightIh rows 0..H]} (columns: the
 * {@code c} part, then the {@code x} part), {@code Wu} rows {@code H..2H}, {@code Wc} rows
 * {@code 2H..3H}. Γr multiplies {@code c⟨t−1⟩} <em>before</em> the candidate's matrix product, so a
 * step needs two products from the state (one for Γr and Γu, then one for c̃).
 *
 * <p><b>{@link Form#PYTORCH}</b>, PyTorch's {@code nn.GRU}/{@code nn.GRUCell} (and cuDNN's, and
 * Keras's default {@code reset_after=True}), gates {@code (r, z, n)}, two biases
 * {@code biasIh}, {@code biasHh} [3H]:
 * <pre>
 *   r = σ(W_ir x + b_ir + W_hr h + b_hr),   z = σ(W_iz x + b_iz + W_hz h + b_hz)
 *   n = tanh(W_in x + b_in + r∗(W_hn h + b_hn))
 *   h' = (1 − z)∗n + z∗h
 * </pre>
 * Here r multiplies the hidden product <em>after</em> it, so one product from the state serves all
 * gates, and {@code b_hn} sits inside {@code r∗(...)} (it is not redundant with {@code b_in}).
 *
 * <p><b>The mapping.</b> r plays Γr, n plays c̃, and PyTorch's {@code z} is the course's
 * {@code 1 − Γu}: PyTorch keeps the old state with weight z, the course keeps it with weight
 * {@code 1 − Γu}. Since {@code 1 − σ(s) = σ(−s)}, a course update gate with weights
 * {@code (Wu, bu)} is a PyTorch z gate with {@code (−Wu, −bu)}. The candidates differ for real:
 * the course's {@code Wc·(Γr∗c)} versus PyTorch's {@code r∗(W_hn·h + b_hn)}, which agree only
 * where all units share one r (then {@code W·(r∗h) = r∗(W·h)}). The course's form is also
 * TensorFlow 1's {@code GRUCell} and Keras's {@code reset_after=False}.
 *
 * {@snippet :
 * GruCell course = new GruCell(10, 16, GruCell.Form.COURSE, RnnInit.defaults(), Generator.seeded(1));
 * GruCell torch = new GruCell(10, 16);                      // Form.PYTORCH
 * RnnState c = course.step(xt, null);                       // c.h() is the course's c⟨t⟩ = a⟨t⟩
 * }
 */
public final class GruCell extends RnnCell {
    /** Which GRU. */
    public enum Form {
        /** The course's full GRU: Γr applied to c⟨t−1⟩ before the candidate's product; one bias. */
        COURSE,
        /** PyTorch's (cuDNN's): r applied after the hidden product; two biases. */
        PYTORCH
    }

    private final Form form;
    private final Tensor bias, biasIh, biasHh;

    /** PyTorch's form and default initialization, from {@link Generator#global()}. */
    public GruCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, Form.PYTORCH, RnnInit.defaults(), Generator.global());
    }

    /** The given form and initialization, drawn from {@code gen}. */
    public GruCell(int inputSize, int hiddenSize, Form form, RnnInit init, Generator gen) {
        super(inputSize, hiddenSize, 3, init, gen);
        if (form == null) throw new IllegalArgumentException("GruCell: form is null");
        this.form = form;
        if (form == Form.COURSE) {
            bias = addParameter("bias", init.create(init.bias(), hiddenSize, gen, 3 * hiddenSize));
            biasIh = biasHh = null;
        } else {
            bias = null;
            biasIh = addParameter("biasIh", init.create(init.bias(), hiddenSize, gen, 3 * hiddenSize));
            biasHh = addParameter("biasHh", init.create(init.bias(), hiddenSize, gen, 3 * hiddenSize));
        }
    }

    /** The form. */
    public Form form() {
        return form;
    }

    /** {@link Form#COURSE}: {@code [3H]}, the course's {@code (br, bu, bc)}; null for PyTorch's form. */
    public Tensor bias() {
        return bias;
    }

    /** {@link Form#PYTORCH}: {@code [3H]}, PyTorch's {@code bias_ih}; null for the course's form. */
    public Tensor biasIh() {
        return biasIh;
    }

    /** {@link Form#PYTORCH}: {@code [3H]}, PyTorch's {@code bias_hh}; null for the course's form. */
    public Tensor biasHh() {
        return biasHh;
    }

    @Override
    public boolean hasCellState() {
        return false;
    }

    @Override
    FusedRecurrent.Result sequence(Tensor x, Tensor mask, RnnState initial, boolean reverse) {
        Tensor h0 = initial == null ? null : initial.h();
        if (form == Form.COURSE) return FusedRecurrent.courseGru(FusedRecurrent.inputGates(x, weightIh, bias), weightHh, h0, mask, reverse);
        return FusedRecurrent.gru(FusedRecurrent.inputGates(x, weightIh, biasIh), weightHh, biasHh, h0, mask, reverse);
    }

    @Override
    RnnState composedStep(Tensor x, RnnState state) {
        int H = hiddenSize;
        Tensor h = state != null ? state.h() : zerosFor(x, weightHh, x.size(0), H);
        if (form == Form.COURSE) {
            List<Tensor> xg = x.linear(weightIh, bias).split(H, 1);
            Tensor ru = h.linear(weightHh.narrow(0, 0, 2 * H), null);
            Tensor r = xg.get(0).add(ru.narrow(1, 0, H)).sigmoid();
            Tensor u = xg.get(1).add(ru.narrow(1, H, H)).sigmoid();
            Tensor candidate = xg.get(2).add(r.mul(h).linear(weightHh.narrow(0, 2 * H, H), null)).tanh();
            return RnnState.of(u.mul(candidate).add(u.rsub(1).mul(h)));
        }
        List<Tensor> xg = x.linear(weightIh, biasIh).split(H, 1), hg = h.linear(weightHh, biasHh).split(H, 1);
        Tensor r = xg.get(0).add(hg.get(0)).sigmoid();
        Tensor z = xg.get(1).add(hg.get(1)).sigmoid();
        Tensor n = xg.get(2).add(r.mul(hg.get(2))).tanh();
        return RnnState.of(z.rsub(1).mul(n).add(z.mul(h)));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("inputSize", inputSize);
        c.put("hiddenSize", hiddenSize);
        c.put("form", form.name());
        return c;
    }

    /** Re-creates from {@link #config()}. */
    public static GruCell fromConfig(ModuleConfig cfg) {
        return new GruCell(cfg.getInt("inputSize"), cfg.getInt("hiddenSize"), form(cfg), RnnInit.defaults(), Generator.global());
    }

    static Form form(ModuleConfig cfg) {
        return cfg.getEnum("form", Form.class);
    }
}
