package ai.deepj.nn.rnn;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.FusedRecurrent.Activation;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * PyTorch's recurrent weights in and out. deepj's cells keep PyTorch's layout, so the weights copy
 * as they are; only the names change:
 *
 * <table>
 *   <caption>PyTorch {@code state_dict} names and deepj parameters</caption>
 *   <tr><th>PyTorch</th><th>deepj (in the cell)</th><th>gate order (rows)</th></tr>
 *   <tr><td>{@code weight_ih_l{k}[_reverse]}</td><td>{@code weightIh}</td>
 *       <td>LSTM {@code (i, f, g, o)}; GRU {@code (r, z, n)}; RNN one block</td></tr>
 *   <tr><td>{@code weight_hh_l{k}[_reverse]}</td><td>{@code weightHh}</td><td>the same</td></tr>
 *   <tr><td>{@code bias_ih_l{k}[_reverse]}</td><td>{@code biasIh}</td><td>the same</td></tr>
 *   <tr><td>{@code bias_hh_l{k}[_reverse]}</td><td>{@code biasHh}</td><td>the same</td></tr>
 * </table>
 *
 * <p>The module built for {@code nn.LSTM}/{@code nn.GRU}/{@code nn.RNN} with {@code batch_first=True}
 * is a single layer ({@link Lstm}, {@link Gru}, {@link SimpleRnn}: names {@code cell.weightIh}, ...),
 * a {@link Bidirectional} for one bidirectional layer ({@code forward.cell.weightIh},
 * {@code backward.cell.weightIh} for {@code _reverse}), or a {@link StackedRnn} for several layers
 * ({@code 0.cell.weightIh}, or {@code 0.forward.cell.weightIh} when bidirectional, for layer 0).
 * Its outputs equal PyTorch's {@code output} (padded with zeros, from packed sequences) and its
 * final states PyTorch's {@code h_n[k]}, {@code c_n[k]}, in the same order. PyTorch's default
 * input is time-first ({@code batch_first=False}): transpose it ({@code x.transpose(0, 1)}) first.
 * Not supported: {@code bias=False}, LSTM projections ({@code proj_size}), and the course's GRU
 * form (PyTorch has no such layer).
 *
 * {@snippet :
 * Map<String, Tensor> sd = Safetensors.read(Path.of("lstm.safetensors"));   // torch: save_file(lstm.state_dict(), ...)
 * SequenceModule lstm = PyTorchRnn.lstm(sd, 1.0);                          // sizes, layers, directions from the names
 * }
 */
public final class PyTorchRnn {
    private PyTorchRnn() {}

    private enum Kind {
        LSTM(4, "LSTM"), GRU(3, "GRU"), RNN(1, "RNN");

        final int gates;
        final String torch;

        Kind(int gates, String torch) {
            this.gates = gates;
            this.torch = torch;
        }
    }

    /**
     * The equivalent of {@code nn.LSTM} with this {@code state_dict()}; {@code keepProb} is
     * {@code 1 − dropout} of PyTorch's layer (the state dict does not hold it), applied between
     * layers, so unused for one layer.
     */
    public static SequenceModule lstm(Map<String, Tensor> stateDict, double keepProb) {
        return build(Kind.LSTM, null, stateDict, keepProb);
    }

    /** The equivalent of {@code nn.GRU} (PyTorch's form) with this {@code state_dict()}. */
    public static SequenceModule gru(Map<String, Tensor> stateDict, double keepProb) {
        return build(Kind.GRU, null, stateDict, keepProb);
    }

    /** The equivalent of {@code nn.RNN(nonlinearity=...)} with this {@code state_dict()}; {@code activation} TANH or RELU. */
    public static SequenceModule rnn(Map<String, Tensor> stateDict, Activation activation, double keepProb) {
        return build(Kind.RNN, activation, stateDict, keepProb);
    }

    /** The equivalent of {@code nn.LSTMCell} ({@code weight_ih}, {@code weight_hh}, {@code bias_ih}, {@code bias_hh}). */
    public static LstmCell lstmCell(Map<String, Tensor> stateDict) {
        return (LstmCell) cell(Kind.LSTM, null, stateDict);
    }

    /** The equivalent of {@code nn.GRUCell}. */
    public static GruCell gruCell(Map<String, Tensor> stateDict) {
        return (GruCell) cell(Kind.GRU, null, stateDict);
    }

    /** The equivalent of {@code nn.RNNCell(nonlinearity=...)}. */
    public static SimpleRnnCell rnnCell(Map<String, Tensor> stateDict, Activation activation) {
        return (SimpleRnnCell) cell(Kind.RNN, activation, stateDict);
    }

    /**
     * For a module of PyTorch's shape (as built here), PyTorch's parameter names mapped to deepj's
     * ({@code weight_ih_l1_reverse → 1.backward.cell.weightIh}); an error for other modules.
     */
    public static Map<String, String> parameterNames(SequenceModule module) {
        Map<String, String> names = new LinkedHashMap<>();
        if (module instanceof StackedRnn s) {
            for (int l = 0; l < s.layers().size(); l++) layerNames(s.layers().get(l), l, l + ".", names);
        } else {
            layerNames(module, 0, "", names);
        }
        return names;
    }

    /** The module's weights under PyTorch's names: a {@code state_dict()} PyTorch's layer of the same shape loads. */
    public static Map<String, Tensor> stateDict(SequenceModule module) {
        Map<String, Tensor> mine = module.namedParameters(), out = new LinkedHashMap<>();
        for (var e : parameterNames(module).entrySet()) out.put(e.getKey(), mine.get(e.getValue()).detach());
        return out;
    }

    private static void layerNames(SequenceModule m, int layer, String prefix, Map<String, String> names) {
        if (m instanceof Bidirectional b) {
            cellNames(b.forwardLayer(), "_l" + layer, prefix + "forward.", names);
            cellNames(b.backwardLayer(), "_l" + layer + "_reverse", prefix + "backward.", names);
        } else if (m instanceof RecurrentLayer r) {
            cellNames(r, "_l" + layer, prefix, names);
        } else {
            throw new IllegalArgumentException("PyTorchRnn: " + m + " has no PyTorch counterpart inside a stack");
        }
    }

    private static void cellNames(RecurrentLayer layer, String suffix, String prefix, Map<String, String> names) {
        RnnCell cell = layer.cell();
        if (cell instanceof GruCell g && g.form() == GruCell.Form.COURSE) {
            throw new IllegalArgumentException("PyTorchRnn: " + layer + " uses the course's GRU form, which PyTorch does not have");
        }
        if (cell instanceof LstmCell l && l.peepholes() != null) {
            throw new IllegalArgumentException("PyTorchRnn: " + layer + " has peepholes, which PyTorch's LSTM does not have");
        }
        for (String[] p : new String[][] {{"weight_ih", "weightIh"}, {"weight_hh", "weightHh"}, {"bias_ih", "biasIh"}, {"bias_hh", "biasHh"}}) {
            names.put(p[0] + suffix, prefix + "cell." + p[1]);
        }
    }

    private static SequenceModule build(Kind kind, Activation activation, Map<String, Tensor> sd, double keepProb) {
        String what = "PyTorchRnn." + kind.name().toLowerCase(java.util.Locale.ROOT);
        Tensor w0 = sd.get("weight_ih_l0");
        if (w0 == null) {
            throw new IllegalArgumentException(what + ": no 'weight_ih_l0' in the state dict " + new TreeSet<>(sd.keySet())
                    + "; is it an nn." + kind.torch + "'s state_dict()?");
        }
        int layers = 0;
        while (sd.containsKey("weight_ih_l" + layers)) layers++;
        boolean bi = sd.containsKey("weight_ih_l0_reverse");
        int hidden = checkedHidden(what, kind, sd, "_l0");
        List<SequenceModule> stack = new ArrayList<>();
        Generator gen = Generator.seeded(0); // the weights are replaced at once
        try (var s = DType.useDefaultFloat(w0.dtype())) {
            int in = w0.size(1);
            for (int l = 0; l < layers; l++) {
                RecurrentLayer f = layer(kind, activation, in, hidden, false, gen);
                stack.add(bi ? new Bidirectional(f, layer(kind, activation, in, hidden, true, gen), Bidirectional.Merge.CONCAT) : f);
                in = bi ? 2 * hidden : hidden;
            }
        }
        SequenceModule m = layers == 1 ? stack.get(0) : new StackedRnn(stack, keepProb, Generator.seeded(Generator.global().nextLong()));
        load(what, m, sd);
        return m;
    }

    private static int checkedHidden(String what, Kind kind, Map<String, Tensor> sd, String suffix) {
        Tensor whh = sd.get("weight_hh" + suffix);
        if (whh == null || whh.dim() != 2 || whh.size(0) != kind.gates * whh.size(1)) {
            throw new IllegalArgumentException(what + ": 'weight_hh" + suffix + "' must be [" + kind.gates + "·hidden, hidden] for nn."
                    + kind.torch + (suffix.isEmpty() ? "Cell" : "") + ", got " + (whh == null ? "none" : whh.shape()));
        }
        return whh.size(1);
    }

    private static RecurrentLayer layer(Kind kind, Activation activation, int in, int hidden, boolean reverse, Generator gen) {
        return switch (kind) {
            case LSTM -> new Lstm(in, hidden, Lstm.Options.defaults().withReverse(reverse), gen);
            case GRU -> new Gru(in, hidden, Gru.Options.defaults().withReverse(reverse), gen);
            case RNN -> new SimpleRnn(in, hidden, SimpleRnn.Options.defaults().withReverse(reverse).withActivation(checkActivation(activation)),
                    gen);
        };
    }

    private static Activation checkActivation(Activation a) {
        if (a != Activation.TANH && a != Activation.RELU) {
            throw new IllegalArgumentException("PyTorchRnn.rnn: PyTorch's nonlinearity is TANH or RELU, got " + a);
        }
        return a;
    }

    private static RnnCell cell(Kind kind, Activation activation, Map<String, Tensor> sd) {
        String what = "PyTorchRnn." + kind.name().toLowerCase(java.util.Locale.ROOT) + "Cell";
        Tensor wih = sd.get("weight_ih");
        if (wih == null || wih.dim() != 2) {
            throw new IllegalArgumentException(what + ": needs 'weight_ih' [" + kind.gates + "·hidden, input] in the state dict "
                    + new TreeSet<>(sd.keySet()) + "; is it an nn." + kind.torch + "Cell's state_dict()?");
        }
        int hidden = checkedHidden(what, kind, sd, "");
        RnnCell cell;
        Generator gen = Generator.seeded(0);
        try (var s = DType.useDefaultFloat(wih.dtype())) {
            cell = switch (kind) {
                case LSTM -> new LstmCell(wih.size(1), hidden, false, RnnInit.defaults(), gen);
                case GRU -> new GruCell(wih.size(1), hidden, GruCell.Form.PYTORCH, RnnInit.defaults(), gen);
                case RNN -> new SimpleRnnCell(wih.size(1), hidden, checkActivation(activation), RnnInit.defaults(), gen);
            };
        }
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (String[] p : new String[][] {{"weight_ih", "weightIh"}, {"weight_hh", "weightHh"}, {"bias_ih", "biasIh"}, {"bias_hh", "biasHh"}}) {
            state.put(p[1], required(what, sd, p[0]));
        }
        unexpected(what, sd, List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh"));
        cell.loadState(state);
        return cell;
    }

    private static void load(String what, SequenceModule m, Map<String, Tensor> sd) {
        Map<String, String> names = parameterNames(m);
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (var e : names.entrySet()) state.put(e.getValue(), required(what, sd, e.getKey()));
        unexpected(what, sd, names.keySet());
        m.loadState(state);
    }

    private static Tensor required(String what, Map<String, Tensor> sd, String name) {
        Tensor t = sd.get(name);
        if (t == null) {
            String hint = name.startsWith("bias") ? " (a layer made with bias=False is not supported)" : "";
            throw new IllegalArgumentException(what + ": the state dict has no '" + name + "'" + hint + "; it has "
                    + new TreeSet<>(sd.keySet()));
        }
        return t;
    }

    private static void unexpected(String what, Map<String, Tensor> sd, java.util.Collection<String> known) {
        TreeSet<String> extra = new TreeSet<>(sd.keySet());
        extra.removeAll(known);
        if (!extra.isEmpty()) {
            String hint = extra.stream().anyMatch(k -> k.startsWith("weight_hr")) ? " (LSTM projections, proj_size, are not supported)" : "";
            throw new IllegalArgumentException(what + ": unexpected entries " + extra + hint);
        }
    }
}
