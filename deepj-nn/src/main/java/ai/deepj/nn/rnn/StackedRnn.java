package ai.deepj.nn.rnn;

import ai.deepj.nn.Dropout;
import ai.deepj.nn.ModuleConfig;
import ai.deepj.nn.ModuleRegistry;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deep RNN (the course's stacked layers {@code a^[l]⟨t⟩}): each layer reads the sequence of the
 * previous layer's outputs, with inverted dropout ({@link Dropout}, the course's {@code keepProb})
 * on the outputs between layers while training, as PyTorch's {@code nn.LSTM(num_layers=L,
 * dropout=1 − keepProb)}. Layers are children {@code 0, 1, ...}, the dropout {@code dropout}.
 *
 * <p>The mask goes to every layer. The states are the layers' states in order (for bidirectional
 * layers, forward then backward), PyTorch's {@code h_n} order; {@code last()} and
 * {@link #returnSequences()} are the last layer's.
 *
 * {@snippet :
 * StackedRnn deep = new StackedRnn(0.8, new Lstm(10, 32), new Lstm(32, 32));   // keepProb 0.8 between
 * StackedRnn deepBi = new StackedRnn(1.0, new Bidirectional(new Gru(10, 16)), new Bidirectional(new Gru(32, 16)));
 * }
 */
public final class StackedRnn extends SequenceModule {
    private final List<SequenceModule> layers;
    private final double keepProb;
    private final Dropout dropout;

    /** The given layers, with dropout keeping {@code keepProb} of the outputs between them (1: none). */
    public StackedRnn(double keepProb, SequenceModule... layers) {
        this(List.of(layers), keepProb, Generator.seeded(Generator.global().nextLong()));
    }

    /** The given layers, with dropout masks drawn from {@code gen}. */
    public StackedRnn(List<? extends SequenceModule> layers, double keepProb, Generator gen) {
        if (layers.isEmpty()) throw new IllegalArgumentException("StackedRnn: needs at least one layer");
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).inputSize() != layers.get(i - 1).outputSize()) {
                throw new IllegalArgumentException("StackedRnn: layer " + i + " " + layers.get(i) + " takes " + layers.get(i).inputSize()
                        + " features but layer " + (i - 1) + " " + layers.get(i - 1) + " gives " + layers.get(i - 1).outputSize());
            }
        }
        this.layers = List.copyOf(layers);
        for (int i = 0; i < layers.size(); i++) addModule(Integer.toString(i), layers.get(i));
        this.keepProb = keepProb;
        Dropout d = Dropout.ofKeepProb(keepProb, gen); // checks keepProb
        dropout = keepProb < 1 && layers.size() > 1 ? addModule("dropout", d) : null;
    }

    /** The layers, bottom first. */
    public List<SequenceModule> layers() {
        return layers;
    }

    /** The probability of keeping an output between layers. */
    public double keepProb() {
        return keepProb;
    }

    @Override
    public int inputSize() {
        return layers.get(0).inputSize();
    }

    @Override
    public int outputSize() {
        return layers.get(layers.size() - 1).outputSize();
    }

    @Override
    public int stateCount() {
        int n = 0;
        for (SequenceModule l : layers) n += l.stateCount();
        return n;
    }

    @Override
    public boolean returnSequences() {
        return layers.get(layers.size() - 1).returnSequences();
    }

    @Override
    RnnOutput runChecked(Tensor x, Tensor mask, List<RnnState> initial) {
        List<RnnState> states = new ArrayList<>();
        Tensor in = x;
        RnnOutput out = null;
        int at = 0;
        for (int i = 0; i < layers.size(); i++) {
            SequenceModule layer = layers.get(i);
            int n = layer.stateCount();
            if (i > 0 && dropout != null) in = dropout.forward(in);
            out = layer.runChecked(in, mask, initial == null ? null : initial.subList(at, at + n));
            at += n;
            states.addAll(out.states());
            in = out.sequence();
        }
        return new RnnOutput(out.sequence(), out.last(), states);
    }

    /** One step through every layer; refused if a layer is bidirectional. */
    @Override
    public RnnOutput step(Tensor x, List<RnnState> states) {
        for (SequenceModule l : layers) {
            if (l instanceof Bidirectional b) {
                throw new IllegalStateException(this + ": cannot run one step at a time; " + b + " needs the whole sequence");
            }
        }
        return super.step(x, states);
    }

    @Override
    public String toString() {
        return "StackedRnn(" + layers.size() + " layers, " + inputSize() + " -> " + outputSize() + ")";
    }

    @Override
    public Map<String, Object> config() {
        List<Object> list = new ArrayList<>();
        for (SequenceModule l : layers) list.add(ModuleRegistry.describe(l));
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("layers", list);
        c.put("keepProb", keepProb);
        return c;
    }

    /** Re-creates from {@link #config()} (fresh weights; dropout masks from a generator seeded from {@link Generator#global()}). */
    @SuppressWarnings("unchecked")
    public static StackedRnn fromConfig(ModuleConfig cfg) {
        List<SequenceModule> layers = new ArrayList<>();
        for (Object o : cfg.getList("layers")) {
            if (!(o instanceof Map<?, ?> d) || !(ModuleRegistry.fromConfig((Map<String, Object>) d) instanceof SequenceModule m)) {
                throw new IllegalArgumentException("rnn.StackedRnn config: each layer must describe a recurrent module, got " + o);
            }
            layers.add(m);
        }
        return new StackedRnn(layers, cfg.getDouble("keepProb"), Generator.seeded(Generator.global().nextLong()));
    }
}
