package ai.deepj.nn.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.deepj.nn.ModuleRegistry;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Caller mistakes with recurrent layers, cells, masks, states and PyTorch weights raise a message
 * that names the module, what it expected and what came, checked word for word.
 */
class RnnErrorMessageTest {
    private static final Lstm LSTM = new Lstm(3, 4);
    private static final Tensor X = Tensor.zeros(2, 5, 3);

    private static String illegal(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    private static String state(Executable call) {
        return assertThrows(IllegalStateException.class, call).getMessage();
    }

    @Test
    void wrongInputRankOrFeatureSize() {
        assertEquals("Lstm(3 -> 4): expects input [batch, time, 3] (batch-first), got [2, 3]", illegal(() -> LSTM.run(Tensor.zeros(2, 3))));
        assertEquals("Lstm(3 -> 4): expects input [batch, time, 3] (batch-first), got [2, 5, 4]",
                illegal(() -> LSTM.forward(Tensor.zeros(2, 5, 4))));
        assertEquals("Lstm(3 -> 4): needs at least one sequence and one time step, got [2, 0, 3]", illegal(() -> LSTM.run(Tensor.zeros(2, 0, 3))));
        assertEquals("LstmCell(3 -> 4): expects input [batch, 3], got [2, 5]", illegal(() -> LSTM.cell().step(Tensor.zeros(2, 5), null)));
        assertEquals("Lstm(3 -> 4): step expects input [batch, 3], got [2, 5, 3]", illegal(() -> LSTM.step(X, null)));
        assertEquals("Bidirectional(Gru(3 -> 4), CONCAT): expects input [batch, time, 3] (batch-first), got [2, 5, 2]",
                illegal(() -> new Bidirectional(new Gru(3, 4)).run(Tensor.zeros(2, 5, 2))));
        assertEquals("TimeDistributed(Linear): expects input [batch, time, ...] of rank 3 or more, got [2, 3]",
                illegal(() -> new TimeDistributed(new ai.deepj.nn.Linear(3, 2)).forward(Tensor.zeros(2, 3))));
    }

    @Test
    void wrongStateShapes() {
        Tensor x = Tensor.zeros(2, 3);
        assertEquals("LstmCell(3 -> 4): state h must be [2, 4] (batch 2, hidden size 4), got [2, 5]",
                illegal(() -> LSTM.cell().step(x, RnnState.of(Tensor.zeros(2, 5), Tensor.zeros(2, 4)))));
        assertEquals("LstmCell(3 -> 4): state c must be [2, 4] (batch 2, hidden size 4), got [4]",
                illegal(() -> LSTM.cell().step(x, RnnState.of(Tensor.zeros(2, 4), Tensor.zeros(4)))));
        assertEquals("LstmCell(3 -> 4): the state has no cell state c; an LSTM needs h and c, both [2, 4]",
                illegal(() -> LSTM.cell().step(x, RnnState.of(Tensor.zeros(2, 4)))));
        assertEquals("GruCell(3 -> 4): the state has a cell state c [2, 4], but only an LSTM has one",
                illegal(() -> new GruCell(3, 4).step(x, RnnState.of(Tensor.zeros(2, 4), Tensor.zeros(2, 4)))));
        assertEquals("Lstm(3 -> 4): state h must be [2, 4] (batch 2, hidden size 4), got [3, 4]",
                illegal(() -> LSTM.run(X, null, List.of(RnnState.of(Tensor.zeros(3, 4), Tensor.zeros(3, 4))))));
        assertEquals("Bidirectional(Lstm(3 -> 4), CONCAT): expects 2 initial states (one per layer and direction), got 1",
                illegal(() -> new Bidirectional(new Lstm(3, 4)).run(X, null, List.of(LSTM.cell().initialState(2, DType.FLOAT32)))));
        assertEquals("RnnState: the hidden state h is required", illegal(() -> RnnState.of(null)));
        assertEquals("RnnOutput: there are 2 final states (one per layer and direction); use states()",
                state(() -> new Bidirectional(new Lstm(3, 4)).run(X).state()));
    }

    @Test
    void wrongMasksAndLengths() {
        assertEquals("Lstm(3 -> 4): mask must be [batch, time] = [2, 5] of 0/1, or int32 lengths [2]; got float32 [2, 4]",
                illegal(() -> LSTM.run(X, Tensor.zeros(2, 4), null)));
        assertEquals("Lstm(3 -> 4): mask values must be 0 or 1, got 0.5 at [1, 2]",
                illegal(() -> LSTM.run(X, Tensor.of(new double[] {1, 1, 1, 1, 1, 1, 1, 0.5, 0, 0}, 2, 5), null)));
        assertEquals("Lstm(3 -> 4): length 6 of sequence 1 is outside [0, 5]", illegal(() -> LSTM.run(X, Tensor.of(new int[] {5, 6}, 2), null)));
        assertEquals("Lstm(3 -> 4): lengths must be int32 [2] (one per sequence), got [3]",
                illegal(() -> LSTM.run(X, Tensor.of(new int[] {5, 4, 3}, 3), null)));
        assertEquals("Masks.fromLengths: length -1 of sequence 0 is outside [0, 4]", illegal(() -> Masks.fromLengths(new int[] {-1}, 4)));
        assertEquals("Lstm(3 -> 4): takes [x] or [x, mask], got 3 inputs", illegal(() -> LSTM.forward(List.of(X, X, X))));
    }

    @Test
    void wrongCompositions() {
        assertEquals("StackedRnn: layer 1 Gru(5 -> 2) takes 5 features but layer 0 Lstm(3 -> 4) gives 4",
                illegal(() -> new StackedRnn(1, new Lstm(3, 4), new Gru(5, 2))));
        assertEquals("Bidirectional: the forward layer Lstm(3 -> 4, reverse) must not have reverse set",
                illegal(() -> new Bidirectional(new Lstm(3, 4, Lstm.Options.defaults().withReverse(true), ai.deepj.tensor.Generator.seeded(0)))));
        assertEquals("Bidirectional(Lstm(3 -> 4), CONCAT): cannot run one step at a time; its backward direction needs the whole sequence",
                state(() -> new Bidirectional(new Lstm(3, 4)).step(Tensor.zeros(2, 3), null)));
        assertEquals("Dropout: keepProb must be in (0, 1], got 0.0 (keeping nothing); for a drop rate p use Dropout.withDropRate(p)",
                illegal(() -> new StackedRnn(0, new Lstm(3, 4), new Lstm(4, 4))));
        assertEquals("LstmCell: sizes must be positive, got 0 -> 4", illegal(() -> new LstmCell(0, 4)));
        Map<String, Object> bad = new LinkedHashMap<>(Map.of("type", "rnn.SimpleRnn", "config",
                Map.of("inputSize", 3, "hiddenSize", 4, "returnSequences", true, "reverse", false, "activation", "SOFTMAX")));
        assertEquals("rnn.SimpleRnn config: unknown activation 'SOFTMAX'; one of [TANH, RELU, SIGMOID, IDENTITY]",
                illegal(() -> ModuleRegistry.fromConfig(bad)));
    }

    @Test
    void pyTorchWeightsThatDoNotFit() {
        Map<String, Tensor> sd = new LinkedHashMap<>(PyTorchRnn.stateDict(new Lstm(3, 2)));
        assertEquals("PyTorchRnn.lstm: no 'weight_ih_l0' in the state dict [foo]; is it an nn.LSTM's state_dict()?",
                illegal(() -> PyTorchRnn.lstm(Map.of("foo", Tensor.zeros(1)), 1)));
        Map<String, Tensor> proj = new LinkedHashMap<>(sd);
        proj.put("weight_hr_l0", Tensor.zeros(1, 2));
        assertEquals("PyTorchRnn.lstm: unexpected entries [weight_hr_l0] (LSTM projections, proj_size, are not supported)",
                illegal(() -> PyTorchRnn.lstm(proj, 1)));
        assertEquals("PyTorchRnn.gru: 'weight_hh_l0' must be [3·hidden, hidden] for nn.GRU, got [8, 2]", illegal(() -> PyTorchRnn.gru(sd, 1)));
        Map<String, Tensor> noBias = new LinkedHashMap<>(sd);
        noBias.remove("bias_ih_l0");
        noBias.remove("bias_hh_l0");
        assertEquals("PyTorchRnn.lstm: the state dict has no 'bias_ih_l0' (a layer made with bias=False is not supported); it has"
                + " [weight_hh_l0, weight_ih_l0]", illegal(() -> PyTorchRnn.lstm(noBias, 1)));
        assertEquals("PyTorchRnn: Gru(3 -> 4) uses the course's GRU form, which PyTorch does not have",
                illegal(() -> PyTorchRnn.stateDict(new Gru(3, 4, Gru.Options.defaults().withForm(GruCell.Form.COURSE),
                        ai.deepj.tensor.Generator.seeded(0)))));
        assertEquals("PyTorchRnn: Lstm(3 -> 4) has peepholes, which PyTorch's LSTM does not have",
                illegal(() -> PyTorchRnn.stateDict(new Lstm(3, 4, Lstm.Options.defaults().withPeepholes(true), ai.deepj.tensor.Generator.seeded(0)))));
        assertEquals("PyTorchRnn.rnn: PyTorch's nonlinearity is TANH or RELU, got SIGMOID",
                illegal(() -> PyTorchRnn.rnn(PyTorchRnn.stateDict(new SimpleRnn(3, 2)), ai.deepj.tensor.FusedRecurrent.Activation.SIGMOID, 1)));
    }
}
