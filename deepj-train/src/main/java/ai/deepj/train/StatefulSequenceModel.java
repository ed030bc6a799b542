package ai.deepj.train;

import ai.deepj.nn.rnn.RnnState;
import ai.deepj.tensor.Tensor;
import java.util.List;

/**
 * A sequence model whose forward pass can continue from recurrent states and hands back the states it
 * ends in: what {@link Trainer.Builder#truncatedBptt()} needs to carry the state of one long stream from
 * a batch to the next. A model implements it beside {@link ai.deepj.nn.Module#forward(Tensor)} (which
 * starts from zero states), typically by passing the states to its recurrent layer's
 * {@link ai.deepj.nn.rnn.SequenceModule#run(Tensor, Tensor, List) run}.
 *
 * {@snippet :
 * final class CharLstm extends Module implements StatefulSequenceModel {
 *     private final int vocab;
 *     private final Lstm lstm;
 *     private final TimeDistributed head;
 *
 *     CharLstm(int vocab, int hidden) {
 *         this.vocab = vocab;
 *         lstm = addModule("lstm", new Lstm(vocab, hidden));
 *         head = addModule("head", new TimeDistributed(new Linear(hidden, vocab)));
 *     }
 *
 *     @Override public Output forward(Tensor ids, List<RnnState> states) {    // ids: int32 [batch, time]
 *         RnnOutput r = lstm.run(Tensor.oneHot(ids, vocab, DType.FLOAT32), null, states);
 *         return new Output(head.forward(r.sequence()), r.states());          // logits [batch, time, vocab]
 *     }
 *
 *     @Override public Tensor forward(Tensor ids) {
 *         return forward(ids, null).output();
 *     }
 * }
 * }
 */
public interface StatefulSequenceModel {
    /**
     * What one call returns.
     *
     * @param output the model's output for every step, e.g. logits {@code [batch, time, classes]}
     * @param states the recurrent states after the last step, to continue from
     */
    record Output(Tensor output, List<RnnState> states) {
        /** Requires both; keeps an unmodifiable copy of {@code states}. */
        public Output {
            if (output == null || states == null) throw new IllegalArgumentException("StatefulSequenceModel.Output: output and states are required");
            states = List.copyOf(states);
        }
    }

    /**
     * Runs over {@code x} ({@code [batch, time, ...]}, e.g. int32 token ids {@code [batch, time]})
     * continuing from {@code states} (null: zero states), differentiably.
     */
    Output forward(Tensor x, List<RnnState> states);
}
