package ai.deepj.train;

import ai.deepj.nn.rnn.RnnState;
import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Truncated backpropagation through time (Williams and Peng 1990; as in PyTorch's word language model):
 * the recurrent state one batch ends in is where the next batch starts, detached from the graph, so the
 * forward pass sees the whole stream while gradients flow back at most one batch (the window of k steps
 * a {@link StreamWindows} cuts). The trainer calls {@link #forward} instead of the model's own forward.
 *
 * <p>A {@link Callback} of the run, so that the state starts from zeros at every epoch (the stream starts
 * again) and is saved in checkpoints: a run resumed inside an epoch continues from the same state.
 */
final class CarriedState implements Callback {
    private final StatefulSequenceModel model;
    /** The detached states the next batch starts from; null: zeros. */
    private List<RnnState> states;

    CarriedState(StatefulSequenceModel model) {
        this.model = model;
    }

    /** The model's output for {@code x}, continuing from the states the previous call ended in. */
    Tensor forward(Tensor x) {
        StatefulSequenceModel.Output out = model.forward(x, states);
        List<RnnState> next = new ArrayList<>(out.states().size());
        for (RnnState s : out.states()) next.add(s.detach());   // the cut: no gradient flows into earlier batches
        states = next;
        return out.output();
    }

    /** Back to zero states. */
    void reset() {
        states = null;
    }

    @Override
    public void onEpochBegin(TrainState state) {
        if (state.batchInEpoch() == 0) reset();   // a resumed run continuing inside an epoch keeps the restored state
    }

    @Override
    public CallbackState checkpointState() {
        if (states == null) return null;
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < states.size(); i++) {
            tensors.put("h" + i, states.get(i).h());
            if (states.get(i).hasCell()) tensors.put("c" + i, states.get(i).c());
        }
        return new CallbackState(Map.of("states", states.size()), tensors);
    }

    @Override
    public void restoreCheckpointState(CallbackState saved) {
        int n = (int) saved.number("states");
        List<RnnState> restored = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Tensor h = saved.tensors().get("h" + i);
            if (h == null) throw new IllegalArgumentException("Trainer.resume: the carried state " + i + " has no h in the checkpoint");
            restored.add(new RnnState(h, saved.tensors().get("c" + i)));
        }
        states = restored;
    }
}
