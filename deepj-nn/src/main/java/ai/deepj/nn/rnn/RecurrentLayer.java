package ai.deepj.nn.rnn;

import ai.deepj.tensor.FusedRecurrent;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.List;

/**
 * One recurrent layer in one direction: a {@link RnnCell} (the child {@code cell}) run over whole
 * sequences by a fused kernel, one recorded op per sequence with a hand-written backward through
 * time. The product of the inputs with {@code weightIh} is one GEMM over all steps before the loop;
 * each step then makes one product with {@code weightHh} for all gates.
 *
 * <p>{@code reverse} processes the steps last to first, outputs staying at their time index: the
 * backward half of a {@link Bidirectional} layer. With a mask, a reverse layer in effect starts at
 * each sequence's last real step.
 */
public abstract sealed class RecurrentLayer extends SequenceModule permits SimpleRnn, Gru, Lstm {
    final RnnCell cell;
    final boolean returnSequences, reverse;

    RecurrentLayer(RnnCell cell, boolean returnSequences, boolean reverse) {
        this.cell = addModule("cell", cell);
        this.returnSequences = returnSequences;
        this.reverse = reverse;
    }

    /** The cell whose step this layer repeats (its parameters are the layer's). */
    public RnnCell cell() {
        return cell;
    }

    /** Size of the hidden state, and of each output step. */
    public final int hiddenSize() {
        return cell.hiddenSize();
    }

    /** True if this layer processes the steps last to first. */
    public final boolean reverse() {
        return reverse;
    }

    @Override
    public final int inputSize() {
        return cell.inputSize();
    }

    @Override
    public final int outputSize() {
        return cell.hiddenSize();
    }

    @Override
    public final int stateCount() {
        return 1;
    }

    @Override
    public final boolean returnSequences() {
        return returnSequences;
    }

    /** A freshly initialized layer with the same options, processing the other way (for {@link Bidirectional}). */
    abstract RecurrentLayer reversed(Generator gen);

    @Override
    final RnnOutput runChecked(Tensor x, Tensor mask, List<RnnState> initial) {
        RnnState s0 = initial == null ? null : initial.get(0);
        cell.checkState(toString(), s0, x.size(0));
        FusedRecurrent.Result r = cell.sequence(x, mask, s0, reverse);
        return new RnnOutput(r.output(), r.h(), List.of(new RnnState(r.h(), r.c())));
    }

    /** {@code Lstm(3 -> 4)}, {@code Lstm(3 -> 4, reverse)}: how error messages name the layer. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + inputSize() + " -> " + hiddenSize() + (reverse ? ", reverse" : "") + ")";
    }
}
