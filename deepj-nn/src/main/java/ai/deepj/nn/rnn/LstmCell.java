package ai.deepj.nn.rnn;

import ai.deepj.nn.ModuleConfig;
import ai.deepj.tensor.FusedRecurrent;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The LSTM cell (Hochreiter and Schmidhuber 1997, with the forget gate of Gers et al. 2000), in the
 * course's notation with PyTorch's parameter layout: gates stacked {@code (i, f, g, o)} in
 * {@code weightIh [4H, input]}, {@code weightHh [4H, H]}, {@code biasIh}, {@code biasHh [4H]}
 * (PyTorch's {@code nn.LSTMCell}, so its weights load as they are), where i is the course's update
 * gate Γu, f the forget gate Γf, g the candidate c̃ and o the output gate Γo:
 * <pre>
 *   Γu = σ(Wu[a⟨t−1⟩, x⟨t⟩] + bu),  Γf = σ(Wf[a⟨t−1⟩, x⟨t⟩] + bf),  c̃⟨t⟩ = tanh(Wc[a⟨t−1⟩, x⟨t⟩] + bc)
 *   c⟨t⟩ = Γf∗c⟨t−1⟩ + Γu∗c̃⟨t⟩
 *   Γo = σ(Wo[a⟨t−1⟩, x⟨t⟩] + bo),  a⟨t⟩ = Γo∗tanh(c⟨t⟩)
 * </pre>
 * with {@code Wu = [weightHh rows 0..H | weightIh rows 0..H]}, {@code Wf} rows {@code H..2H},
 * {@code Wc} rows {@code 2H..3H}, {@code Wo} rows {@code 3H..4H}, and each {@code b} the sum of
 * the two biases' rows.
 *
 * <p>Optional peepholes (Gers and Schmidhuber 2000) add {@code pu∗c⟨t−1⟩} and {@code pf∗c⟨t−1⟩} to
 * the update and forget gates and {@code po∗c⟨t⟩} to the output gate, with a learned vector
 * {@code peepholes [3, H]} (rows u, f, o), as TensorFlow's {@code LSTMCell(use_peepholes=True)};
 * PyTorch has no peepholes.
 *
 * {@snippet :
 * LstmCell cell = new LstmCell(5, 8);
 * RnnState s = cell.step(xt, null);   // s.h(): a⟨t⟩, s.c(): c⟨t⟩, both [batch, 8]
 * }
 */
public final class LstmCell extends RnnCell {
    private final Tensor biasIh, biasHh, peepholes;

    /** No peepholes, PyTorch's default initialization from {@link Generator#global()}. */
    public LstmCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, false, RnnInit.defaults(), Generator.global());
    }

    /** With or without peepholes, initialized from {@code gen}. */
    public LstmCell(int inputSize, int hiddenSize, boolean peepholes, RnnInit init, Generator gen) {
        super(inputSize, hiddenSize, 4, init, gen);
        biasIh = addParameter("biasIh", init.create(init.bias(), hiddenSize, gen, 4 * hiddenSize));
        biasHh = addParameter("biasHh", init.create(init.bias(), hiddenSize, gen, 4 * hiddenSize));
        this.peepholes = peepholes ? addParameter("peepholes", init.create(init.bias(), hiddenSize, gen, 3, hiddenSize)) : null;
    }

    /** {@code [4H]}, PyTorch's {@code bias_ih}. */
    public Tensor biasIh() {
        return biasIh;
    }

    /** {@code [4H]}, PyTorch's {@code bias_hh}. */
    public Tensor biasHh() {
        return biasHh;
    }

    /** {@code [3, H]} (update, forget, output), or null without peepholes. */
    public Tensor peepholes() {
        return peepholes;
    }

    @Override
    public boolean hasCellState() {
        return true;
    }

    @Override
    FusedRecurrent.Result sequence(Tensor x, Tensor mask, RnnState initial, boolean reverse) {
        return FusedRecurrent.lstm(FusedRecurrent.inputGates(x, weightIh, biasIh), weightHh, biasHh, peepholes == null ? null : peepholes.reshape(-1),
                initial == null ? null : initial.h(), initial == null ? null : initial.c(), mask, reverse);
    }

    @Override
    RnnState composedStep(Tensor x, RnnState state) {
        int batch = x.size(0);
        Tensor h = state != null ? state.h() : zerosFor(x, weightHh, batch, hiddenSize);
        Tensor c = state != null ? state.c() : zerosFor(x, weightHh, batch, hiddenSize);
        List<Tensor> a = x.linear(weightIh, biasIh).add(h.linear(weightHh, biasHh)).split(hiddenSize, 1);
        Tensor ai = a.get(0), af = a.get(1), ao = a.get(3);
        if (peepholes != null) {
            ai = ai.add(peepholes.select(0, 0).mul(c));
            af = af.add(peepholes.select(0, 1).mul(c));
        }
        Tensor update = ai.sigmoid(), forget = af.sigmoid(), candidate = a.get(2).tanh();
        Tensor cNext = forget.mul(c).add(update.mul(candidate));
        if (peepholes != null) ao = ao.add(peepholes.select(0, 2).mul(cNext));
        Tensor hNext = ao.sigmoid().mul(cNext.tanh());
        return RnnState.of(hNext, cNext);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("inputSize", inputSize);
        c.put("hiddenSize", hiddenSize);
        c.put("peepholes", peepholes != null);
        return c;
    }

    /** Re-creates from {@link #config()}. */
    public static LstmCell fromConfig(ModuleConfig cfg) {
        return new LstmCell(cfg.getInt("inputSize"), cfg.getInt("hiddenSize"), cfg.getBoolean("peepholes"), RnnInit.defaults(),
                Generator.global());
    }
}
