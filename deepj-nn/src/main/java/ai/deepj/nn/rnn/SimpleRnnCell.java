package ai.deepj.nn.rnn;

import ai.deepj.nn.ModuleConfig;
import ai.deepj.tensor.FusedRecurrent;
import ai.deepj.tensor.FusedRecurrent.Activation;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The basic RNN cell of the course: {@code a⟨t⟩ = g(Waa·a⟨t−1⟩ + Wax·x⟨t⟩ + ba)} with
 * {@code g = tanh} by default (ReLU, sigmoid or the identity on request), PyTorch's
 * {@code nn.RNNCell}: {@code h' = g(x·weightIhᵀ + biasIh + h·weightHhᵀ + biasHh)}. Here
 * {@code weightHh} is the course's {@code Waa} {@code [hidden, hidden]}, {@code weightIh} its
 * {@code Wax} {@code [hidden, input]}, and {@code ba = biasIh + biasHh} (two biases, as PyTorch
 * keeps them, so its weights load as they are). The output layer {@code ŷ⟨t⟩ = softmax(Wya·a⟨t⟩ + by)}
 * is a separate {@code Linear} (see {@link TimeDistributed}).
 *
 * {@snippet :
 * SimpleRnnCell cell = new SimpleRnnCell(27, 50);        // the course's dinosaur-name model: 27 characters
 * RnnState a = cell.step(xt, null);                      // a.h(): [batch, 50]
 * }
 */
public final class SimpleRnnCell extends RnnCell {
    private final Activation activation;
    private final Tensor biasIh, biasHh;

    /** tanh, PyTorch's default initialization from {@link Generator#global()}. */
    public SimpleRnnCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, Activation.TANH, RnnInit.defaults(), Generator.global());
    }

    /** The given activation and initialization, drawn from {@code gen}. */
    public SimpleRnnCell(int inputSize, int hiddenSize, Activation activation, RnnInit init, Generator gen) {
        super(inputSize, hiddenSize, 1, init, gen);
        if (activation == null) throw new IllegalArgumentException("SimpleRnnCell: activation is null");
        this.activation = activation;
        biasIh = addParameter("biasIh", init.create(init.bias(), hiddenSize, gen, hiddenSize));
        biasHh = addParameter("biasHh", init.create(init.bias(), hiddenSize, gen, hiddenSize));
    }

    /** The activation g. */
    public Activation activation() {
        return activation;
    }

    /** {@code [hidden]}, PyTorch's {@code bias_ih}. */
    public Tensor biasIh() {
        return biasIh;
    }

    /** {@code [hidden]}, PyTorch's {@code bias_hh}. */
    public Tensor biasHh() {
        return biasHh;
    }

    @Override
    public boolean hasCellState() {
        return false;
    }

    @Override
    FusedRecurrent.Result sequence(Tensor x, Tensor mask, RnnState initial, boolean reverse) {
        return FusedRecurrent.rnn(FusedRecurrent.inputGates(x, weightIh, biasIh), weightHh, biasHh, activation, initial == null ? null : initial.h(), mask,
                reverse);
    }

    @Override
    RnnState composedStep(Tensor x, RnnState state) {
        Tensor h = state != null ? state.h() : zerosFor(x, weightHh, x.size(0), hiddenSize);
        Tensor pre = x.linear(weightIh, biasIh).add(h.linear(weightHh, biasHh));
        return RnnState.of(switch (activation) {
            case TANH -> pre.tanh();
            case RELU -> pre.relu();
            case SIGMOID -> pre.sigmoid();
            case IDENTITY -> pre;
        });
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("inputSize", inputSize);
        c.put("hiddenSize", hiddenSize);
        c.put("activation", activation.name());
        return c;
    }

    /** Re-creates from {@link #config()}. */
    public static SimpleRnnCell fromConfig(ModuleConfig cfg) {
        return new SimpleRnnCell(cfg.getInt("inputSize"), cfg.getInt("hiddenSize"), activation(cfg), RnnInit.defaults(), Generator.global());
    }

    static Activation activation(ModuleConfig cfg) {
        return cfg.getEnum("activation", Activation.class);
    }
}
