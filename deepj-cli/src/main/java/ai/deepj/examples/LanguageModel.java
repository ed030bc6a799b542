package ai.deepj.examples;

import ai.deepj.nn.Embedding;
import ai.deepj.nn.Linear;
import ai.deepj.nn.Module;
import ai.deepj.nn.ModuleConfig;
import ai.deepj.nn.ModuleRegistry;
import ai.deepj.nn.init.Init;
import ai.deepj.nn.rnn.Lstm;
import ai.deepj.nn.rnn.RnnInit;
import ai.deepj.nn.rnn.RnnOutput;
import ai.deepj.nn.rnn.RnnState;
import ai.deepj.nn.rnn.SequenceModule;
import ai.deepj.nn.rnn.SimpleRnn;
import ai.deepj.nn.rnn.TimeDistributed;
import ai.deepj.nn.loss.CrossEntropy;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import ai.deepj.train.PerStep;
import ai.deepj.train.StatefulSequenceModel;
import ai.deepj.train.text.Sampling;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recurrent language model over token ids: each id becomes a one-hot vector (characters, as the
 * course) or a learned {@link Embedding} row (words), a recurrent layer runs over the steps, and a
 * {@code Linear} layer at every step gives the scores of the next token: int32 ids {@code [batch, time]}
 * → logits {@code [batch, time, vocab]} (softmax in the loss). The course's Dinosaur Island model is
 * {@link #courseRnn} ({@code a⟨t⟩ = tanh(Wax·x⟨t⟩ + Waa·a⟨t−1⟩ + b)}, {@code ŷ⟨t⟩ = softmax(Wya·a⟨t⟩ + by)}).
 *
 * <p>With one-hot inputs the id {@link #START} (−1) is the zero vector, the course's {@code x⟨1⟩ = 0}
 * before the first character of a name. The model carries state ({@link StatefulSequenceModel}) for
 * truncated BPTT and for {@link #generate generating} one token at a time.
 *
 * {@snippet :
 * LanguageModel lm = LanguageModel.charLstm(vocab.size(), 256, Generator.seeded(1));
 * Tensor logits = lm.forward(ids);                                    // [batch, time, vocab]
 * int[] text = lm.generate(vocab.encode("shall i "), 200, -1, 0.8, Generator.seeded(2));
 * }
 */
public final class LanguageModel extends Module implements StatefulSequenceModel {
    /** The one-hot input id that stands for no character: the zero vector the course starts a name with. */
    public static final int START = -1;

    private final int vocab, embeddingDim;
    private final Embedding embedding;
    private final SequenceModule rnn;
    private final TimeDistributed head;

    /**
     * A model of {@code vocab} tokens: one-hot inputs if {@code embeddingDim} is 0, else an embedding of that
     * size ({@code rnn.inputSize()} must be {@code vocab} or {@code embeddingDim}); the head is
     * {@code Linear(rnn.outputSize(), vocab)} with the given initialization.
     */
    public LanguageModel(int vocab, int embeddingDim, SequenceModule rnn, Linear.Options head, Generator gen) {
        int in = embeddingDim == 0 ? vocab : embeddingDim;
        if (vocab < 2 || embeddingDim < 0 || rnn.inputSize() != in) {
            throw new IllegalArgumentException("LanguageModel: needs vocab >= 2 and a recurrent layer taking " + in + " features, got vocab "
                    + vocab + ", embedding " + embeddingDim + ", " + rnn);
        }
        if (!rnn.returnSequences()) throw new IllegalArgumentException("LanguageModel: the recurrent layer must return every step, " + rnn + " does not");
        this.vocab = vocab;
        this.embeddingDim = embeddingDim;
        this.embedding = embeddingDim == 0 ? null : addModule("embedding", new Embedding(vocab, embeddingDim, gen));
        this.rnn = addModule("rnn", rnn);
        this.head = addModule("head", new TimeDistributed(new Linear(rnn.outputSize(), vocab, head, gen)));
    }

    /**
     * The course's character model: one-hot inputs, a tanh RNN of {@code hidden} units and the output layer,
     * every weight {@code 0.01·N(0, 1)} and every bias 0 as the course's {@code initialize_parameters}.
     */
    public static LanguageModel courseRnn(int vocab, int hidden, Generator gen) {
        RnnInit small = RnnInit.defaults().withInput(Init.random()).withRecurrent(Init.random()).withBias(Init.zeros());
        return new LanguageModel(vocab, 0, new SimpleRnn(vocab, hidden, SimpleRnn.Options.defaults().withInit(small), gen),
                Linear.Options.defaults().withWeightInit(Init.random()).withBiasInit(Init.zeros()), gen);
    }

    /** One-hot characters into an LSTM of {@code hidden} units (PyTorch's initialization). */
    public static LanguageModel charLstm(int vocab, int hidden, Generator gen) {
        return new LanguageModel(vocab, 0, new Lstm(vocab, hidden, Lstm.Options.defaults(), gen), Linear.Options.defaults(), gen);
    }

    /** Word ids through an embedding of {@code dim} into an LSTM of {@code hidden} units. */
    public static LanguageModel wordLstm(int vocab, int dim, int hidden, Generator gen) {
        return new LanguageModel(vocab, dim, new Lstm(dim, hidden, Lstm.Options.defaults(), gen), Linear.Options.defaults(), gen);
    }

    /** The number of tokens. */
    public int vocab() {
        return vocab;
    }

    /** The recurrent layer. */
    public SequenceModule rnn() {
        return rnn;
    }

    /** The output layer at every step ({@code TimeDistributed(Linear)}). */
    public TimeDistributed head() {
        return head;
    }

    @Override
    public Output forward(Tensor ids, List<RnnState> states) {
        RnnOutput r = rnn.run(inputs(ids), null, states);
        return new Output(head.forward(r.sequence()), r.states());
    }

    @Override
    public Tensor forward(Tensor ids) {
        return forward(ids, null).output();
    }

    /** One-hot vectors ({@link #START}: zeros) or embedding rows for int32 ids {@code [batch, time]}. */
    private Tensor inputs(Tensor ids) {
        if (ids.dtype() != DType.INT32 || ids.dim() != 2) {
            throw new IllegalArgumentException("LanguageModel: expects int32 token ids [batch, time], got " + ids.dtype() + " " + ids.shape());
        }
        int[] v = ids.contiguous().toIntArray();
        for (int i = 0; i < v.length; i++) {
            if (v[i] >= vocab || v[i] < (embedding == null ? START : 0)) {
                throw new IllegalArgumentException("LanguageModel: token id " + v[i] + " at " + i + " is outside [" + (embedding == null ? START : 0)
                        + ", " + vocab + ")");
            }
        }
        if (embedding != null) return embedding.forward(ids);
        DType dt = rnn.parameters().get(0).dtype();
        float[] hot = new float[v.length * vocab];
        for (int i = 0; i < v.length; i++) if (v[i] >= 0) hot[i * vocab + v[i]] = 1;
        return Tensor.of(hot, ids.size(0), ids.size(1), vocab).to(dt);
    }

    /**
     * Feeds {@code prompt} (one sequence; empty: one-hot models start from {@link #START}) and then draws up
     * to {@code maxTokens} tokens one at a time, each fed back as the next input, stopping after
     * {@code stop} (a token id; −1: never). Temperature as {@link Sampling#sample} (0: greedy). Evaluation
     * mode, no gradients. Returns the generated tokens (not the prompt).
     */
    public int[] generate(int[] prompt, int maxTokens, int stop, double temperature, Generator gen) {
        boolean wasTraining = isTraining();
        eval();
        try (var s = Autograd.noGrad()) {
            if (prompt.length == 0 && embedding != null) throw new IllegalArgumentException("LanguageModel.generate: a word model needs a prompt");
            int[] first = prompt.length == 0 ? new int[] {START} : prompt;
            Output o = forward(Tensor.of(first.clone(), 1, first.length), null);
            List<RnnState> state = o.states();
            Tensor logits = o.output().select(1, first.length - 1).reshape(vocab);
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < maxTokens; i++) {
                int next = Sampling.sample(logits, temperature, gen);
                out.add(next);
                if (next == stop) break;
                o = forward(Tensor.of(new int[] {next}, 1, 1), state);
                state = o.states();
                logits = o.output().reshape(vocab);
            }
            return out.stream().mapToInt(Integer::intValue).toArray();
        } finally {
            train(wasTraining);
        }
    }

    /**
     * Perplexity, {@code exp} of the mean cross-entropy per predicted token, of sequences scored each from
     * zero states: input {@code x} predicts {@code y} step by step ({@code y} may hold {@link PerStep#IGNORE});
     * returns {@code {mean cross-entropy (nats), tokens}}. Evaluation mode, batches of {@code batch} sequences
     * right-padded (the padding is ignored).
     */
    public double[] crossEntropy(List<int[]> x, List<int[]> y, int batch) {
        boolean wasTraining = isTraining();
        eval();
        double sum = 0;
        long count = 0;
        CrossEntropy sumCe = new CrossEntropy(CrossEntropy.Options.defaults().withReduction(ai.deepj.nn.loss.Reduction.SUM));
        try (var s = Autograd.noGrad()) {
            for (int from = 0; from < x.size(); from += batch) {
                int to = Math.min(x.size(), from + batch), n = to - from, t = 0;
                for (int i = from; i < to; i++) t = Math.max(t, x.get(i).length);
                int[] xs = new int[n * t], ys = new int[n * t];
                java.util.Arrays.fill(ys, PerStep.IGNORE);
                for (int i = 0; i < n; i++) {
                    int[] xi = x.get(from + i), yi = y.get(from + i);
                    if (xi.length != yi.length) throw new IllegalArgumentException("LanguageModel.crossEntropy: sequence " + (from + i)
                            + " has " + xi.length + " inputs but " + yi.length + " targets");
                    System.arraycopy(xi, 0, xs, i * t, xi.length);
                    System.arraycopy(yi, 0, ys, i * t, yi.length);
                    for (int v : yi) if (v >= 0) count++;
                }
                sum += PerStep.loss(sumCe).compute(forward(Tensor.of(xs, n, t)), Tensor.of(ys, n, t)).item();
            }
        } finally {
            train(wasTraining);
        }
        return new double[] {sum / count, count};
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("vocab", vocab);
        c.put("embeddingDim", embeddingDim);
        c.put("rnn", ModuleRegistry.describe(rnn));
        return c;
    }

    /**
     * The model a {@link #config()} describes, freshly initialized (type {@code examples.LanguageModel}, found by
     * {@link ModuleRegistry}'s convention, so {@code ModelIO.load} restores a saved model in a fresh JVM).
     */
    @SuppressWarnings("unchecked")
    public static LanguageModel fromConfig(ModuleConfig cfg) {
        if (!(cfg.get("rnn") instanceof Map<?, ?> d) || !(ModuleRegistry.fromConfig((Map<String, Object>) d) instanceof SequenceModule rnn)) {
            throw new IllegalArgumentException("LanguageModel: config 'rnn' must describe a recurrent sequence layer, got " + cfg.get("rnn"));
        }
        return new LanguageModel(cfg.getInt("vocab"), cfg.getInt("embeddingDim"), rnn, Linear.Options.defaults(), Generator.seeded(0));
    }

    @Override
    public String typeName() {
        return "examples.LanguageModel";
    }
}
