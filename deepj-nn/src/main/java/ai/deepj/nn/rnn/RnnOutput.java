package ai.deepj.nn.rnn;

import ai.deepj.tensor.Tensor;
import java.util.List;

/**
 * What a {@link SequenceModule} returns for a batch of sequences.
 *
 * @param sequence the output at every step, {@code [batch, time, outputSize]}; zero at masked steps
 * @param last     the output of the last step, {@code [batch, outputSize]}: for masked (padded)
 *                 sequences, of each sequence's last <em>real</em> step; for a reverse direction,
 *                 of the step it processed last (the first real one), as PyTorch's {@code h_n}
 * @param states   the final states, one per layer and direction, in PyTorch's {@code h_n} order
 *                 (layer 0 forward, layer 0 backward, layer 1 forward, ...): feed them back as the
 *                 initial states to continue the sequences
 */
public record RnnOutput(Tensor sequence, Tensor last, List<RnnState> states) {
    /** Keeps an unmodifiable copy of {@code states}. */
    public RnnOutput {
        states = List.copyOf(states);
    }

    /** The only final state of a one-layer, one-direction module; an error naming the count otherwise. */
    public RnnState state() {
        if (states.size() != 1) {
            throw new IllegalStateException("RnnOutput: there are " + states.size() + " final states (one per layer and direction);"
                    + " use states()");
        }
        return states.get(0);
    }
}
