package ai.deepj.nn.rnn;

import static ai.deepj.nn.rnn.RnnTesting.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.FusedRecurrent.Activation;
import ai.deepj.tensor.Tensor;
import com.google.gson.Gson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the PyTorch fixtures of {@code fixtures/rnn.json} (written by
 * {@code tools/fixtures/generate_rnn.py}): {@code nn.RNN} (tanh, ReLU), {@code nn.GRU},
 * {@code nn.LSTM} with {@code batch_first=True}, one and two layers, one and two directions,
 * packed variable-length batches (unsorted lengths) and initial states, and the one-step cells.
 * Each module is built by {@link PyTorchRnn} from PyTorch's {@code state_dict()}, run on the same
 * input with the lengths as the mask, and back-propagated from the same loss; the outputs (zero
 * after each sequence's end), final states {@code h_n}/{@code c_n} (in PyTorch's order), and the
 * gradients of the input, the initial states and every weight must agree with PyTorch's.
 *
 * <p>Tolerance, element by element: {@code |actual − expected| ≤ 1e-12 + 1e-10·|expected|}. Both
 * sides compute in float64; the rest is summation order and libm.
 */
class RnnTorchFixtureTest {
    static final double RTOL = 1e-10, ATOL = 1e-12;

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> cases() {
        try (InputStream in = RnnTorchFixtureTest.class.getResourceAsStream("/fixtures/rnn.json")) {
            assertNotNull(in, "fixtures/rnn.json");
            Map<String, Object> doc = new Gson().fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), Map.class);
            return (List<Map<String, Object>>) doc.get("cases");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> recurrentLayersMatchPyTorch() {
        return cases().stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> replay(c)));
    }

    @Test
    void fixturesCoverEveryKindLayersDirectionsAndPacking() {
        List<Map<String, Object>> cs = cases();
        for (String kind : List.of("lstm", "gru", "rnn_tanh", "rnn_relu", "lstm_cell", "gru_cell", "rnn_tanh_cell")) {
            assertTrue(cs.stream().anyMatch(c -> c.get("kind").equals(kind)), "no fixture for " + kind);
        }
        for (String kind : List.of("lstm", "gru", "rnn_tanh")) {
            assertTrue(cs.stream().anyMatch(c -> c.get("kind").equals(kind) && c.get("lengths") != null), "no packed " + kind);
            assertTrue(cs.stream().anyMatch(c -> c.get("kind").equals(kind) && (Boolean) c.get("bidirectional")), "no bidirectional " + kind);
            assertTrue(cs.stream().anyMatch(c -> c.get("kind").equals(kind) && ((Number) c.get("layers")).intValue() == 2),
                    "no 2-layer " + kind);
        }
    }

    @SuppressWarnings("unchecked")
    private static void replay(Map<String, Object> c) {
        String name = (String) c.get("name"), kind = (String) c.get("kind");
        Map<String, Tensor> sd = new LinkedHashMap<>();
        for (var e : ((Map<String, Object>) c.get("params")).entrySet()) sd.put(e.getKey(), tensor(e.getValue()));
        Tensor x = tensor(c.get("input")).requiresGrad(true);
        Tensor h0 = c.get("h0") == null ? null : tensor(c.get("h0")).requiresGrad(true);
        Tensor c0 = c.get("c0") == null ? null : tensor(c.get("c0")).requiresGrad(true);
        Map<String, Object> up = (Map<String, Object>) c.get("upstream");
        Map<String, Tensor> params;
        Map<String, String> torchToDeepj = new LinkedHashMap<>();
        Tensor loss;
        if (kind.endsWith("_cell")) {
            RnnCell cell = switch (kind) {
                case "lstm_cell" -> PyTorchRnn.lstmCell(sd);
                case "gru_cell" -> PyTorchRnn.gruCell(sd);
                default -> PyTorchRnn.rnnCell(sd, Activation.TANH);
            };
            for (String p : sd.keySet()) torchToDeepj.put(p, camel(p));
            params = cell.namedParameters();
            RnnState s = cell.step(x, new RnnState(h0, c0));
            assertClose(name + " h'", tensor(c.get("output")), s.h(), ATOL, RTOL);
            loss = s.h().mul(tensor(up.get("output"))).sum();
            if (c0 != null) {
                assertClose(name + " c'", tensor(c.get("c_n")), s.c(), ATOL, RTOL);
                loss = loss.add(s.c().mul(tensor(up.get("c_n"))).sum());
            }
        } else {
            SequenceModule m = switch (kind) {
                case "lstm" -> Lstm.fromPyTorch(sd);
                case "gru" -> Gru.fromPyTorch(sd);
                case "rnn_tanh" -> SimpleRnn.fromPyTorch(sd, Activation.TANH);
                default -> SimpleRnn.fromPyTorch(sd, Activation.RELU);
            };
            int layers = ((Number) c.get("layers")).intValue(), dirs = (Boolean) c.get("bidirectional") ? 2 : 1;
            assertEquals(layers * dirs, m.stateCount(), name + ": states");
            torchToDeepj = PyTorchRnn.parameterNames(m);
            params = m.namedParameters();
            List<RnnState> initial = null;
            if (h0 != null) {
                initial = new ArrayList<>();
                for (int k = 0; k < m.stateCount(); k++) initial.add(new RnnState(h0.select(0, k), c0 == null ? null : c0.select(0, k)));
            }
            Tensor lengths = c.get("lengths") == null ? null
                    : Tensor.of(((List<Double>) c.get("lengths")).stream().mapToInt(Double::intValue).toArray(), x.size(0));
            RnnOutput out = m.run(x, lengths, initial);
            assertClose(name + " output", tensor(c.get("output")), out.sequence(), ATOL, RTOL);
            Tensor hn = Tensor.stack(0, out.states().stream().map(RnnState::h).toArray(Tensor[]::new));
            assertClose(name + " h_n", tensor(c.get("h_n")), hn, ATOL, RTOL);
            // last(): the top layer's final states side by side (PyTorch's h_n[-1], or h_n[-2] ‖ h_n[-1])
            List<RnnState> top = out.states().subList(out.states().size() - dirs, out.states().size());
            assertClose(name + " last", Tensor.concat(-1, top.stream().map(RnnState::h).toArray(Tensor[]::new)), out.last(), 0, 0);
            loss = out.sequence().mul(tensor(up.get("output"))).sum().add(hn.mul(tensor(up.get("h_n"))).sum());
            if (kind.equals("lstm")) {
                Tensor cn = Tensor.stack(0, out.states().stream().map(RnnState::c).toArray(Tensor[]::new));
                assertClose(name + " c_n", tensor(c.get("c_n")), cn, ATOL, RTOL);
                loss = loss.add(cn.mul(tensor(up.get("c_n"))).sum());
            }
        }
        loss.backward();
        Map<String, Object> grads = (Map<String, Object>) c.get("grads");
        assertEquals(params.size() + 1 + (h0 != null ? 1 : 0) + (c0 != null ? 1 : 0), grads.size(), name + ": gradients " + grads.keySet());
        for (var e : grads.entrySet()) {
            Tensor actual = switch (e.getKey()) {
                case "input" -> x.grad();
                case "h0" -> h0.grad();
                case "c0" -> c0.grad();
                default -> params.get(torchToDeepj.get(e.getKey())).grad();
            };
            assertClose(name + " grad " + e.getKey(), tensor(e.getValue()), actual, ATOL, RTOL);
        }
    }

    /** {@code weight_ih → weightIh}: a cell's PyTorch names in deepj's spelling. */
    private static String camel(String torchName) {
        String[] p = torchName.split("_");
        return p[0] + Character.toUpperCase(p[1].charAt(0)) + p[1].substring(1);
    }

    @SuppressWarnings("unchecked")
    static Tensor tensor(Object o) {
        Map<String, Object> t = (Map<String, Object>) o;
        int[] shape = ((List<Double>) t.get("shape")).stream().mapToInt(Double::intValue).toArray();
        double[] data = ((List<Double>) t.get("data")).stream().mapToDouble(Double::doubleValue).toArray();
        return Tensor.of(data, shape).to(DType.FLOAT64);
    }
}
