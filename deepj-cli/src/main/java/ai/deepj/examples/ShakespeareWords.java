package ai.deepj.examples;

import ai.deepj.nn.loss.CrossEntropy;
import ai.deepj.optim.Adam;
import ai.deepj.tensor.Generator;
import ai.deepj.train.History;
import ai.deepj.train.PerStep;
import ai.deepj.train.Progress;
import ai.deepj.train.StreamWindows;
import ai.deepj.train.Trainer;
import ai.deepj.train.callbacks.EarlyStopping;
import ai.deepj.train.metrics.Metrics;
import ai.deepj.train.text.Vocabulary;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A word-level language model of the Sonnets: words through a learned {@link ai.deepj.nn.Embedding}, an
 * LSTM, and a softmax over the vocabulary at every step.
 *
 * <ul>
 *   <li>Tokens: the lower-cased text's words (letters with inner apostrophes: {@code beauty's},
 *       {@code o'er}), the punctuation marks {@code . , ; : ! ?} as words of their own, and {@code <eol>}
 *       at the end of every line.</li>
 *   <li>Vocabulary: the most frequent training words, capped (2000 with {@code <unk>}); every other word
 *       is {@code <unk>} (id 0), in training and in evaluation alike.</li>
 *   <li>Training: the training lines as one stream of words, truncated BPTT (16 lanes, windows of 20
 *       words, state carried), Adam, clipping by global norm 5, and early stopping on the held-out
 *       stream's loss, keeping the best epoch's weights (a small corpus: a word model overfits it within a
 *       few epochs).</li>
 * </ul>
 *
 * <p>Perplexity per word is reported on the held-out lines (the same seeded 10 % of the lines as the
 * character model), each scored from zero state after {@code <eol>} with its own {@code <eol>}
 * predicted, {@code <unk>} counted as a word: the usual convention, which makes the figure depend on
 * the vocabulary's size. For scale: a unigram model's perplexity on the same words and the uniform
 * guess (the vocabulary's size). Character and word perplexities do not compare directly: a word spans
 * about five characters.
 *
 * {@snippet :
 * ShakespeareWords.Result r = ShakespeareWords.run(ShakespeareWords.Options.defaults(), System.out);
 * }
 */
public final class ShakespeareWords {
    /** The end-of-line word. */
    public static final String EOL = "<eol>";
    /** The unknown-word token. */
    public static final String UNK = "<unk>";
    private static final Pattern WORD = Pattern.compile("[a-z]+(?:'[a-z]+)*|[.,;:!?]");

    /**
     * Settings.
     *
     * @param vocabulary   words kept, {@code <unk>} included
     * @param embedding    embedding size
     * @param hidden       LSTM units
     * @param lanes        parallel parts of the stream
     * @param window       words per window (truncation length)
     * @param epochs       at most this many epochs (early stopping may end sooner)
     * @param learningRate of Adam
     * @param temperature  of the generation
     * @param prompt       the words to continue
     * @param heldOut      fraction of the non-empty lines held out
     * @param seed         seed of the split, weights and generation
     * @param data         {@code shakespeare.txt}; null: the shared data's
     */
    public record Options(int vocabulary, int embedding, int hidden, int lanes, int window, int epochs, double learningRate, double temperature,
            String prompt, double heldOut, long seed, Path data) {
        public Options {
            if (vocabulary < 2 || embedding < 1 || hidden < 1 || lanes < 1 || window < 1 || epochs < 1 || !(learningRate > 0)
                    || !(temperature >= 0) || !(heldOut > 0 && heldOut < 1)) {
                throw new IllegalArgumentException("ShakespeareWords.Options: need vocabulary >= 2, positive sizes, epochs and learning rate,"
                        + " temperature >= 0, heldOut in (0, 1)");
            }
        }

        /** 2000 words, embedding 64, LSTM 256, 16 lanes × 20 words, at most 15 epochs, Adam 0.003, temperature 0.8, 10 % held out. */
        public static Options defaults() {
            return new Options(2000, 64, 256, 16, 20, 15, 3e-3, 0.8, "Shall I compare thee", 0.1, 1, null);
        }

        /** Same, for at most {@code v} epochs. */
        public Options withEpochs(int v) {
            return new Options(vocabulary, embedding, hidden, lanes, window, v, learningRate, temperature, prompt, heldOut, seed, data);
        }

        /** Same, keeping {@code v} words. */
        public Options withVocabulary(int v) {
            return new Options(v, embedding, hidden, lanes, window, epochs, learningRate, temperature, prompt, heldOut, seed, data);
        }

        /** Same, with {@code v} LSTM units. */
        public Options withHidden(int v) {
            return new Options(vocabulary, embedding, v, lanes, window, epochs, learningRate, temperature, prompt, heldOut, seed, data);
        }

        /** Same, generating at temperature {@code v}. */
        public Options withTemperature(double v) {
            return new Options(vocabulary, embedding, hidden, lanes, window, epochs, learningRate, v, prompt, heldOut, seed, data);
        }

        /** Same, continuing {@code v}. */
        public Options withPrompt(String v) {
            return new Options(vocabulary, embedding, hidden, lanes, window, epochs, learningRate, temperature, v, heldOut, seed, data);
        }

        /** Same, with another seed. */
        public Options withSeed(long v) {
            return new Options(vocabulary, embedding, hidden, lanes, window, epochs, learningRate, temperature, prompt, heldOut, v, data);
        }

        /** Same, reading {@code file}. */
        public Options withData(Path file) {
            return new Options(vocabulary, embedding, hidden, lanes, window, epochs, learningRate, temperature, prompt, heldOut, seed, file);
        }
    }

    /**
     * What a run gives.
     *
     * @param heldOutPerplexity per word on the held-out lines
     * @param trainPerplexity   per word on the training lines
     * @param unigramPerplexity per word on the held-out lines of the training words' frequencies
     * @param vocabularySize    words kept, {@code <unk>} included
     * @param unknownRate       fraction of the held-out words that are {@code <unk>}
     * @param text              what the model wrote after the prompt
     * @param history           the trainer's history
     * @param seconds           training time
     */
    public record Result(double heldOutPerplexity, double trainPerplexity, double unigramPerplexity, int vocabularySize, double unknownRate,
            String text, History history, double seconds) {}

    private ShakespeareWords() {}

    /** The words of one line (lower-cased), without the end-of-line word. */
    public static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(line.toLowerCase(Locale.ROOT));
        while (m.find()) out.add(m.group());
        return out;
    }

    /** Every non-empty line's words followed by {@link #EOL}. */
    static List<String> stream(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            List<String> w = words(line);
            if (w.isEmpty()) continue;
            out.addAll(w);
            out.add(EOL);
        }
        return out;
    }

    /** Trains (one line per epoch), writes from the prompt, reports perplexities. */
    public static Result run(Options o, PrintStream out) {
        ShakespeareText text = ShakespeareText.load(ShakespeareText.file("ShakespeareWords", o.data()), o.heldOut(), o.seed());
        List<String> trainWords = stream(text.train()), heldWords = stream(text.heldOut());
        Vocabulary vocab = Vocabulary.ofWords(trainWords, o.vocabulary(), UNK);
        int[] trainIds = vocab.encode(trainWords), heldIds = vocab.encode(heldWords);
        long distinct = trainWords.stream().distinct().count();
        long unknown = java.util.Arrays.stream(heldIds).filter(i -> i == vocab.unknownId()).count();
        out.printf(Locale.ROOT, "%d training words (%d distinct), vocabulary %d with %s; %d held-out words, %.1f%% of them %s%n",
                trainWords.size(), distinct, vocab.size(), UNK, heldWords.size(), 100.0 * unknown / heldIds.length, UNK);

        StreamWindows train = StreamWindows.nextToken(trainIds, o.lanes(), o.window());
        StreamWindows dev = StreamWindows.nextToken(heldIds, Math.max(1, o.lanes() / 4), o.window());
        LanguageModel model = LanguageModel.wordLstm(vocab.size(), o.embedding(), o.hidden(), Generator.seeded(o.seed()));
        long start = System.nanoTime();
        History h = Trainer.builder().model(model).loss(PerStep.loss(new CrossEntropy())).metrics(PerStep.metric(Metrics.perplexity()))
                .optimizer(Adam.of(model.parameters(), Adam.Options.defaults().withLr(o.learningRate())))
                .train(train.loader()).dev(dev).truncatedBptt().clipByNorm(5).epochs(o.epochs())
                .callbacks(new EarlyStopping(EarlyStopping.Options.minimize("dev_loss").withPatience(2).withRestoreBestWeights(true)))
                .progress(Progress.lines(out).withBatchLinesEvery(0)).build().fit();
        double seconds = (System.nanoTime() - start) / 1e9;

        double[] held = lineCrossEntropy(model, vocab, text.heldOut()), trained = lineCrossEntropy(model, vocab, text.train());
        double unigram = unigramCrossEntropy(vocab.size(), trainIds, text.heldOut(), vocab);
        String written = write(model, vocab, o.prompt(), o.temperature(), Generator.seeded(o.seed() + 1));
        out.println();
        out.println(written);
        out.printf(Locale.ROOT, "%nTrained %d epochs in %.1f s%n", h.epochs().size(), seconds);
        out.printf(Locale.ROOT, "Perplexity per word: held-out lines %.1f (%d words), training lines %.1f; unigram %.1f, uniform %d%n",
                Math.exp(held[0]), (long) held[1], Math.exp(trained[0]), Math.exp(unigram), vocab.size());
        return new Result(Math.exp(held[0]), Math.exp(trained[0]), Math.exp(unigram), vocab.size(), (double) unknown / heldIds.length, written, h,
                seconds);
    }

    /** The prompt and two lines the model writes after it, punctuation attached to the word before. */
    static String write(LanguageModel model, Vocabulary vocab, String prompt, double temperature, Generator gen) {
        List<String> p = new ArrayList<>(List.of(EOL));
        p.addAll(words(prompt));
        int[] context = vocab.encode(p);
        int eol = vocab.id(EOL);
        StringBuilder sb = new StringBuilder(String.join(" ", words(prompt)));
        for (int line = 0; line < 2; line++) {
            int[] next = model.generate(context, 40, eol, temperature, gen);
            for (int id : next) {
                String w = vocab.token(id);
                if (w.equals(EOL)) sb.append('\n');
                else sb.append(w.matches("[.,;:!?]") || sb.isEmpty() || sb.charAt(sb.length() - 1) == '\n' ? "" : " ").append(w);
            }
            int[] grown = java.util.Arrays.copyOf(context, context.length + next.length);
            System.arraycopy(next, 0, grown, context.length, next.length);
            context = grown;
        }
        return sb.toString().strip();
    }

    /** {mean cross-entropy per word, words} of lines, each from zero state after {@code <eol>}, its own {@code <eol>} predicted. */
    static double[] lineCrossEntropy(LanguageModel model, Vocabulary vocab, List<String> lines) {
        List<int[]> xs = new ArrayList<>(), ys = new ArrayList<>();
        int eol = vocab.id(EOL);
        for (String line : lines) {
            List<String> w = words(line);
            if (w.isEmpty()) continue;
            int[] ids = vocab.encode(w), x = new int[ids.length + 1], y = new int[ids.length + 1];
            x[0] = eol;
            System.arraycopy(ids, 0, x, 1, ids.length);
            System.arraycopy(ids, 0, y, 0, ids.length);
            y[ids.length] = eol;
            xs.add(x);
            ys.add(y);
        }
        return model.crossEntropy(xs, ys, 128);
    }

    /** The held-out lines' mean cross-entropy per word under the training words' frequencies (the same vocabulary, {@code <unk>} a word). */
    static double unigramCrossEntropy(int size, int[] trainIds, List<String> heldOut, Vocabulary vocab) {
        double[] counts = new double[size];
        for (int id : trainIds) counts[id]++;
        double sum = 0;
        long n = 0;
        for (int id : vocab.encode(stream(heldOut))) {
            sum -= Math.log(Math.max(counts[id], 0.5) / trainIds.length);
            n++;
        }
        return sum / n;
    }

    /** {@code --epochs N --vocabulary N --hidden N --temperature T --prompt TEXT --seed S --data FILE}. */
    public static void main(String[] args) {
        ExampleArgs a = ExampleArgs.parse("words", args, "epochs", "vocabulary", "hidden", "temperature", "prompt", "seed", "data");
        Options o = Options.defaults();
        if (a.has("epochs")) o = o.withEpochs(a.integer("epochs"));
        if (a.has("vocabulary")) o = o.withVocabulary(a.integer("vocabulary"));
        if (a.has("hidden")) o = o.withHidden(a.integer("hidden"));
        if (a.has("temperature")) o = o.withTemperature(a.number("temperature"));
        if (a.has("prompt")) o = o.withPrompt(a.string("prompt"));
        if (a.has("seed")) o = o.withSeed(a.integer("seed"));
        if (a.has("data")) o = o.withData(Path.of(a.string("data")));
        run(o, System.out);
    }
}
