package ai.deepj.nn.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.FusedRecurrent.Activation;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Shared pieces of the recurrent tests: the layer kinds, a scalar loss over everything a run returns, comparisons. */
final class RnnTesting {
    private RnnTesting() {}

    /** A named way to build a one-direction layer. */
    record Kind(String name, Function<Generator, RecurrentLayer> make) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final int IN = 4, HIDDEN = 3;

    /** Every cell and option the kernels distinguish. */
    static List<Kind> kinds() {
        List<Kind> k = new ArrayList<>();
        for (Activation a : Activation.values()) {
            k.add(new Kind("SimpleRnn " + a, g -> new SimpleRnn(IN, HIDDEN, SimpleRnn.Options.defaults().withActivation(a), g)));
        }
        k.add(new Kind("Gru PYTORCH", g -> new Gru(IN, HIDDEN, Gru.Options.defaults(), g)));
        k.add(new Kind("Gru COURSE", g -> new Gru(IN, HIDDEN, Gru.Options.defaults().withForm(GruCell.Form.COURSE), g)));
        k.add(new Kind("Lstm", g -> new Lstm(IN, HIDDEN, Lstm.Options.defaults(), g)));
        k.add(new Kind("Lstm peepholes", g -> new Lstm(IN, HIDDEN, Lstm.Options.defaults().withPeepholes(true), g)));
        return k;
    }

    /** The layer in float64 with weights drawn wide enough (±1) that gates saturate unevenly. */
    static RecurrentLayer float64(Kind kind, long seed) {
        RecurrentLayer layer;
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            layer = kind.make().apply(Generator.seeded(seed));
        }
        Generator g = Generator.seeded(seed + 1000);
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (var e : layer.namedParameters().entrySet()) {
            state.put(e.getKey(), Tensor.uniform(g, DType.FLOAT64, -1, 1, e.getValue().shape().toArray()));
        }
        layer.loadState(state);
        return layer;
    }

    /**
     * A mask exercising every case: a full sequence, a right-padded one, one of length 0, and one
     * with a hole in the middle (a general 0/1 mask).
     */
    static Tensor mask(int batch, int time) {
        double[] m = new double[batch * time];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                m[b * time + t] = switch (b % 4) {
                    case 0 -> 1;
                    case 1 -> t < time / 2 ? 1 : 0;
                    case 2 -> 0;
                    default -> t == 1 || t == time - 2 ? 0 : 1;
                };
            }
        }
        return Tensor.of(m, batch, time);
    }

    /** {@code Σ sequence∗U1 + Σ last∗U2 + Σ h∗U3 (+ Σ c∗U4)} with fixed random U: every output gets its own gradient. */
    static Tensor loss(RnnOutput out, long seed) {
        Generator g = Generator.seeded(seed);
        Tensor l = out.sequence().mul(randnLike(g, out.sequence())).sum();
        l = l.add(out.last().mul(randnLike(g, out.last())).sum());
        for (RnnState s : out.states()) {
            l = l.add(s.h().mul(randnLike(g, s.h())).sum());
            if (s.c() != null) l = l.add(s.c().mul(randnLike(g, s.c())).sum());
        }
        return l;
    }

    static Tensor randnLike(Generator g, Tensor t) {
        return Tensor.normal(g, t.dtype(), 0, 1, t.shape().toArray());
    }

    /** Element by element: {@code |a − e| ≤ atol + rtol·|e|}. */
    static void assertClose(String what, Tensor expected, Tensor actual, double atol, double rtol) {
        assertNotNull(actual, what + ": missing");
        assertArrayEquals(expected.shape().toArray(), actual.shape().toArray(), what + ": shape");
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            double tol = atol + rtol * Math.abs(e[i]);
            if (!(Math.abs(a[i] - e[i]) <= tol)) {
                throw new AssertionError(what + ": element " + i + " is " + a[i] + ", expected " + e[i] + " (tolerance " + tol + ")");
            }
        }
    }
}
