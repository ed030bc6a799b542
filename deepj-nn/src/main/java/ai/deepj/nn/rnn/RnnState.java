package ai.deepj.nn.rnn;

import ai.deepj.tensor.Tensor;

/**
 * The state a recurrent cell carries from one step to the next: the hidden state {@code h} (the
 * course's activation {@code a⟨t⟩}), {@code [batch, hiddenSize]}, and for an LSTM its memory cell
 * {@code c} (the course's {@code c⟨t⟩}), also {@code [batch, hiddenSize]}; {@code c} is null for the
 * simple RNN and the GRU (whose memory cell, in the course's notation, is {@code h} itself:
 * {@code c⟨t⟩ = a⟨t⟩}).
 *
 * {@snippet :
 * RnnState s = cell.initialState(batch, DType.FLOAT32);   // zeros
 * for (Tensor x : steps) s = cell.step(x, s);             // x: [batch, inputSize]
 * Tensor a = s.h();
 * }
 *
 * @param h hidden state {@code [batch, hiddenSize]}
 * @param c LSTM cell state {@code [batch, hiddenSize]}, or null
 */
public record RnnState(Tensor h, Tensor c) {
    /** Requires {@code h}. */
    public RnnState {
        if (h == null) throw new IllegalArgumentException("RnnState: the hidden state h is required");
    }

    /** A state without a cell state (simple RNN, GRU). */
    public static RnnState of(Tensor h) {
        return new RnnState(h, null);
    }

    /** An LSTM state. */
    public static RnnState of(Tensor h, Tensor c) {
        return new RnnState(h, c);
    }

    /** True for an LSTM state. */
    public boolean hasCell() {
        return c != null;
    }

    /** The batch size, {@code h.size(0)}. */
    public int batch() {
        return h.size(0);
    }

    /**
     * The same values cut off from the graph: truncated backpropagation through time carries the
     * state into the next chunk of a long sequence without back-propagating into the previous one.
     */
    public RnnState detach() {
        return new RnnState(h.detach(), c == null ? null : c.detach());
    }

    /**
     * The rows at int32 {@code indices} (along the batch dimension): how beam search reorders the
     * states of its hypotheses after each step. Differentiable.
     */
    public RnnState indexSelect(Tensor indices) {
        return new RnnState(h.indexSelect(0, indices), c == null ? null : c.indexSelect(0, indices));
    }
}
