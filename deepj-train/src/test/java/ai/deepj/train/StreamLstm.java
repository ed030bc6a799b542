package ai.deepj.train;

import ai.deepj.nn.Linear;
import ai.deepj.nn.Module;
import ai.deepj.nn.rnn.Lstm;
import ai.deepj.nn.rnn.RnnOutput;
import ai.deepj.nn.rnn.RnnState;
import ai.deepj.nn.rnn.TimeDistributed;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** int32 symbols [B, T] → one-hot → LSTM → Linear at every step: logits [B, T, vocab]. Floating type of the current default. */
final class StreamLstm extends Module implements StatefulSequenceModel {
    final int vocab;
    final Lstm lstm;
    final TimeDistributed head;

    StreamLstm(int vocab, int hidden, long seed) {
        Generator g = Generator.seeded(seed);
        this.vocab = vocab;
        lstm = addModule("lstm", new Lstm(vocab, hidden, Lstm.Options.defaults(), g));
        head = addModule("head", new TimeDistributed(new Linear(hidden, vocab, Linear.Options.defaults(), g)));
    }

    @Override
    public Output forward(Tensor ids, List<RnnState> states) {
        RnnOutput r = lstm.run(Tensor.oneHot(ids, vocab, lstm.cell().weightIh().dtype()), null, states);
        return new Output(head.forward(r.sequence()), r.states());
    }

    @Override
    public Tensor forward(Tensor ids) {
        return forward(ids, null).output();
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("vocab", vocab, "hidden", lstm.hiddenSize());
    }
}
