package ai.deepj.nn.rnn;

import ai.deepj.nn.Module;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.FusedRecurrent;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;

/**
 * One recurrent step with explicit state: {@code (x⟨t⟩, state⟨t−1⟩) → state⟨t⟩}, the course's
 * {@code rnn_cell_forward} / {@code lstm_cell_forward}. Decoders, beam search and sampling loops
 * call {@link #step} themselves; the sequence layers ({@link SimpleRnn}, {@link Gru}, {@link Lstm})
 * run a cell over whole sequences with a fused kernel.
 *
 * <p>Parameters use PyTorch's layout, gates stacked along the rows: {@code weightIh}
 * {@code [gates·hidden, input]} multiplies {@code x⟨t⟩} and {@code weightHh}
 * {@code [gates·hidden, hidden]} multiplies the previous state. The course writes one matrix over
 * the concatenation {@code [a⟨t−1⟩, x⟨t⟩]}: its {@code W} is {@code [weightHh | weightIh]}
 * (columns), so {@code W·[a, x] = weightHh·a + weightIh·x}. Each step makes one matrix product
 * for all gates from {@code x} and one for all gates from the state.
 *
 * {@snippet :
 * LstmCell cell = new LstmCell(10, 32);
 * RnnState s = cell.initialState(batch, DType.FLOAT32);
 * for (int t = 0; t < steps; t++) s = cell.step(x.select(1, t), s);   // x: [batch, steps, 10]
 * }
 */
public abstract sealed class RnnCell extends Module permits SimpleRnnCell, GruCell, LstmCell {
    final int inputSize, hiddenSize;
    final Tensor weightIh, weightHh;

    RnnCell(int inputSize, int hiddenSize, int gates, RnnInit init, Generator gen) {
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": sizes must be positive, got " + inputSize + " -> "
                    + hiddenSize);
        }
        if (init == null || gen == null) throw new IllegalArgumentException(getClass().getSimpleName() + ": init and generator are required");
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        weightIh = addParameter("weightIh", init.create(init.input(), hiddenSize, gen, gates * hiddenSize, inputSize));
        weightHh = addParameter("weightHh", init.create(init.recurrent(), hiddenSize, gen, gates * hiddenSize, hiddenSize));
    }

    /** Features of {@code x⟨t⟩}. */
    public final int inputSize() {
        return inputSize;
    }

    /** Size of the hidden state {@code a⟨t⟩}. */
    public final int hiddenSize() {
        return hiddenSize;
    }

    /** {@code [gates·hidden, input]}: PyTorch's {@code weight_ih}, the course's {@code Wax} for all gates. */
    public final Tensor weightIh() {
        return weightIh;
    }

    /** {@code [gates·hidden, hidden]}: PyTorch's {@code weight_hh}, the course's {@code Waa} for all gates. */
    public final Tensor weightHh() {
        return weightHh;
    }

    /** True if the state has a memory cell {@code c} (only the LSTM). */
    public abstract boolean hasCellState();

    /** The zero state for {@code batch} sequences. */
    public final RnnState initialState(int batch, DType dtype) {
        Tensor h = Tensor.zeros(dtype, batch, hiddenSize);
        return new RnnState(h, hasCellState() ? Tensor.zeros(dtype, batch, hiddenSize) : null);
    }

    /**
     * One step: {@code x⟨t⟩} {@code [batch, inputSize]} and the previous state (null for zeros) give
     * the next state, whose {@code h} is the step's output. Differentiable with respect to the input,
     * the state and the parameters (a fused kernel with a hand-written backward).
     */
    public final RnnState step(Tensor x, RnnState state) {
        if (x.dim() != 2 || x.size(1) != inputSize) {
            throw new IllegalArgumentException(this + ": expects input [batch, " + inputSize + "], got " + x.shape());
        }
        checkState(toString(), state, x.size(0));
        FusedRecurrent.Result r = sequence(x.unsqueeze(1), null, state, false);
        return new RnnState(r.h(), r.c());
    }

    /** One step from the zero state; returns the new hidden state {@code [batch, hiddenSize]}. */
    @Override
    public final Tensor forward(Tensor x) {
        return step(x, null).h();
    }

    /** The whole sequence {@code x [B, T, inputSize]} through the fused kernel; arguments already checked. */
    abstract FusedRecurrent.Result sequence(Tensor x, Tensor mask, RnnState initial, boolean reverse);

    /**
     * One step composed of differentiable tensor ops: the reference the fused kernels are tested
     * against, and the clearest statement of the cell's equations.
     */
    abstract RnnState composedStep(Tensor x, RnnState state);

    /** An error naming {@code who} unless {@code state} (null allowed) fits {@code batch} sequences of this cell. */
    final void checkState(String who, RnnState state, int batch) {
        if (state == null) return;
        checkStateTensor(who, "h", state.h(), batch);
        if (hasCellState()) {
            if (state.c() == null) {
                throw new IllegalArgumentException(who + ": the state has no cell state c; an LSTM needs h and c, both [" + batch + ", "
                        + hiddenSize + "]");
            }
            checkStateTensor(who, "c", state.c(), batch);
        } else if (state.c() != null) {
            throw new IllegalArgumentException(who + ": the state has a cell state c " + state.c().shape()
                    + ", but only an LSTM has one");
        }
    }

    private void checkStateTensor(String who, String name, Tensor t, int batch) {
        if (t.dim() != 2 || t.size(0) != batch || t.size(1) != hiddenSize) {
            throw new IllegalArgumentException(who + ": state " + name + " must be [" + batch + ", " + hiddenSize + "] (batch "
                    + batch + ", hidden size " + hiddenSize + "), got " + t.shape());
        }
    }

    @Override
    public final String typeName() {
        return "rnn." + getClass().getSimpleName();
    }

    /** {@code LstmCell(3 -> 4)}: how error messages name the cell. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + inputSize + " -> " + hiddenSize + ")";
    }

    static Tensor zerosFor(Tensor x, Tensor like, int batch, int hidden) {
        return Tensor.zeros(DType.promote(x.dtype(), like.dtype()), batch, hidden);
    }
}
