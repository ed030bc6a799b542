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

/**
 * "Writing like Shakespeare" (Course 5, week 1): a character-level LSTM trained on the Sonnets that
 * completes a poem from the beginning you give it, as the notebook's {@code generate_output} does.
 *
 * <p>The notebook trains a Keras LSTM(128) on windows of 40 characters, each predicting the next one.
 * Here the whole training text is one stream trained with truncated backpropagation through time
 * ({@link Trainer.Builder#truncatedBptt()}): 16 lanes, windows of 50 characters, the LSTM's state carried
 * from window to window; the loss is the cross-entropy of every next character; Adam, gradient clipping
 * by global norm 5. A seeded 10 % of the non-empty lines is held out; the held-out lines, read as one
 * stream, are the dev set, and training stops when its loss has not improved for 2 epochs, keeping the
 * best epoch's weights (the Sonnets are small: the LSTM starts to memorize them after about 10 epochs).
 *
 * <p>Generation feeds the prompt (lower-cased, as the model's text) through the LSTM and then draws
 * each next character from the softmax at a temperature (the notebook's {@code sample(preds,
 * temperature = 1.0)}), feeding it back, for a few lines. Perplexity per character is reported on the
 * held-out lines, each scored from zero state after a {@code '\n'} with its own final {@code '\n'}
 * predicted, next to a unigram model's and a uniform guess's; the history's {@code dev_perplexity} is
 * the held-out lines read as one stream (state carried across them).
 *
 * {@snippet :
 * WritingLikeShakespeare.Result r = WritingLikeShakespeare.run(WritingLikeShakespeare.Options.defaults(), System.out);
 * }
 */
public final class WritingLikeShakespeare {
    /**
     * Settings.
     *
     * @param hidden       LSTM units
     * @param lanes        parallel parts of the stream (the batch size)
     * @param window       steps per window (truncation length k)
     * @param epochs       at most this many passes over the training text (early stopping may end sooner)
     * @param learningRate of Adam
     * @param clipNorm     global gradient norm clipped to this
     * @param temperature  of the generation (1: the model's distribution, as the notebook; 0: greedy)
     * @param lines        lines to generate after each prompt (at most 400 characters, as the notebook)
     * @param prompts      beginnings of poems
     * @param heldOut      fraction of the non-empty lines held out
     * @param seed         seed of the split, the weights and the generation
     * @param data         {@code shakespeare.txt}; null: the shared data's
     */
    public record Options(int hidden, int lanes, int window, int epochs, double learningRate, double clipNorm, double temperature, int lines,
            List<String> prompts, double heldOut, long seed, Path data) {
        public Options {
            if (hidden < 1 || lanes < 1 || window < 1 || epochs < 1 || !(learningRate > 0) || !(clipNorm > 0) || !(temperature >= 0) || lines < 1
                    || !(heldOut > 0 && heldOut < 1)) {
                throw new IllegalArgumentException("WritingLikeShakespeare.Options: need positive sizes, epochs, learning rate, clip norm"
                        + " and lines, temperature >= 0, heldOut in (0, 1)");
            }
            prompts = List.copyOf(prompts);
        }

        /** LSTM 256, 16 lanes × 50 steps, at most 20 epochs, Adam 0.003, clip 5, temperature 1, 4 lines after two prompts, 10 % held out. */
        public static Options defaults() {
            return new Options(256, 16, 50, 20, 3e-3, 5, 1.0, 4, List.of("Forsooth this maketh no sense ", "Shall I compare thee "), 0.1, 1,
                    null);
        }

        /** Same, for {@code v} epochs. */
        public Options withEpochs(int v) {
            return new Options(hidden, lanes, window, v, learningRate, clipNorm, temperature, lines, prompts, heldOut, seed, data);
        }

        /** Same, with {@code v} LSTM units. */
        public Options withHidden(int v) {
            return new Options(v, lanes, window, epochs, learningRate, clipNorm, temperature, lines, prompts, heldOut, seed, data);
        }

        /** Same, generating at temperature {@code v}. */
        public Options withTemperature(double v) {
            return new Options(hidden, lanes, window, epochs, learningRate, clipNorm, v, lines, prompts, heldOut, seed, data);
        }

        /** Same, completing these beginnings. */
        public Options withPrompts(List<String> v) {
            return new Options(hidden, lanes, window, epochs, learningRate, clipNorm, temperature, lines, v, heldOut, seed, data);
        }

        /** Same, with another seed. */
        public Options withSeed(long v) {
            return new Options(hidden, lanes, window, epochs, learningRate, clipNorm, temperature, lines, prompts, heldOut, v, data);
        }

        /** Same, reading {@code file}. */
        public Options withData(Path file) {
            return new Options(hidden, lanes, window, epochs, learningRate, clipNorm, temperature, lines, prompts, heldOut, seed, file);
        }
    }

    /**
     * What a run gives.
     *
     * @param poems             each prompt followed by what the model wrote
     * @param heldOutPerplexity per character on the held-out lines
     * @param trainPerplexity   per character on the training lines (scored the same way)
     * @param unigramPerplexity per character on the held-out lines of the training text's character frequencies
     * @param vocabularySize    characters (38 for the course's text)
     * @param history           the trainer's history (train and dev loss and perplexity per epoch)
     * @param seconds           training time
     * @param tokensPerSecond   training characters per second
     */
    public record Result(List<String> poems, double heldOutPerplexity, double trainPerplexity, double unigramPerplexity, int vocabularySize,
            History history, double seconds, double tokensPerSecond) {}

    private WritingLikeShakespeare() {}

    /** Trains (one line per epoch), writes the poems, reports perplexities. */
    public static Result run(Options o, PrintStream out) {
        ShakespeareText text = ShakespeareText.load(ShakespeareText.file("WritingLikeShakespeare", o.data()), o.heldOut(), o.seed());
        Vocabulary vocab = Vocabulary.ofCharacters(text.all().endsWith("\n") ? text.all() : text.all() + "\n");
        int[] stream = vocab.encode(text.trainingText());
        StreamWindows train = StreamWindows.nextToken(stream, o.lanes(), o.window());
        StreamWindows dev = StreamWindows.nextToken(vocab.encode(String.join("\n", text.heldOut()) + "\n"), Math.max(1, o.lanes() / 8),
                o.window());
        out.printf(Locale.ROOT, "%d characters (%d distinct), %d training lines, %d held out; %d lanes x %d windows of %d characters per epoch%n",
                text.all().length(), vocab.size(), text.train().size(), text.heldOut().size(), train.lanes(), train.windows(), train.window());

        Generator gen = Generator.seeded(o.seed());
        LanguageModel model = LanguageModel.charLstm(vocab.size(), o.hidden(), gen);
        long start = System.nanoTime();
        History h = Trainer.builder().model(model).loss(PerStep.loss(new CrossEntropy())).metrics(PerStep.metric(Metrics.perplexity()))
                .optimizer(Adam.of(model.parameters(), Adam.Options.defaults().withLr(o.learningRate())))
                .train(train.loader()).dev(dev).truncatedBptt().clipByNorm(o.clipNorm()).epochs(o.epochs())
                .callbacks(new EarlyStopping(EarlyStopping.Options.minimize("dev_loss").withPatience(2).withRestoreBestWeights(true)))
                .progress(Progress.lines(out).withBatchLinesEvery(0)).build().fit();
        double seconds = (System.nanoTime() - start) / 1e9;
        double tokensPerSecond = (double) train.tokensUsed() * h.epochs().size() / seconds;

        List<String> poems = new ArrayList<>();
        for (String prompt : o.prompts()) {
            String poem = prompt + write(model, vocab, prompt, o.lines(), o.temperature(), Generator.seeded(o.seed() + poems.size() + 1));
            poems.add(poem);
            out.println();
            out.println("Here is your poem:");
            out.println();
            out.println(poem);
        }
        double[] held = lineCrossEntropy(model, vocab, text.heldOut()), trained = lineCrossEntropy(model, vocab, text.train());
        double unigram = unigramCrossEntropy(vocab, stream, text.heldOut());
        out.printf(Locale.ROOT, "%nTrained %d epochs in %.1f s (%.0f training characters/s, dev evaluation included)%n", h.epochs().size(), seconds, tokensPerSecond);
        out.printf(Locale.ROOT, "Perplexity per character: held-out lines %.3f (%d characters), training lines %.3f; unigram %.3f, uniform %d%n",
                Math.exp(held[0]), (long) held[1], Math.exp(trained[0]), Math.exp(unigram), vocab.size());
        return new Result(poems, Math.exp(held[0]), Math.exp(trained[0]), Math.exp(unigram), vocab.size(), h, seconds, tokensPerSecond);
    }

    /** What the model writes after {@code prompt}: {@code lines} lines, at most 400 characters (the notebook's length). */
    static String write(LanguageModel model, Vocabulary vocab, String prompt, int lines, double temperature, Generator gen) {
        int newline = vocab.id("\n");
        StringBuilder sb = new StringBuilder();
        int[] context = vocab.encode("\n" + prompt.toLowerCase(Locale.ROOT));
        int written = 0;
        while (written < lines && sb.length() < 400) {
            int[] next = model.generate(context, 400 - sb.length(), newline, temperature, gen);
            sb.append(vocab.decode(next));
            if (next[next.length - 1] == newline) written++;
            int[] grown = new int[context.length + next.length];   // the poem so far is the next line's context
            System.arraycopy(context, 0, grown, 0, context.length);
            System.arraycopy(next, 0, grown, context.length, next.length);
            context = grown;
        }
        return sb.toString().stripTrailing();
    }

    /** {mean cross-entropy per character, characters} of lines, each from zero state after '\n', its own '\n' predicted. */
    static double[] lineCrossEntropy(LanguageModel model, Vocabulary vocab, List<String> lines) {
        List<int[]> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) continue;
            int[] ids = vocab.encode("\n" + line + "\n");
            xs.add(java.util.Arrays.copyOfRange(ids, 0, ids.length - 1));
            ys.add(java.util.Arrays.copyOfRange(ids, 1, ids.length));
        }
        return model.crossEntropy(xs, ys, 128);
    }

    /** The held-out lines' mean cross-entropy per character under the training stream's character frequencies. */
    static double unigramCrossEntropy(Vocabulary vocab, int[] trainStream, List<String> heldOut) {
        double[] counts = new double[vocab.size()];
        for (int id : trainStream) counts[id]++;
        double sum = 0;
        long n = 0;
        for (String line : heldOut) {
            if (line.isBlank()) continue;
            for (int id : vocab.encode(line + "\n")) {
                sum -= Math.log(Math.max(counts[id], 0.5) / trainStream.length);
                n++;
            }
        }
        return sum / n;
    }

    /** {@code --epochs N --hidden N --temperature T --seed S --prompt TEXT (repeatable: one) --data FILE}. */
    public static void main(String[] args) {
        ExampleArgs a = ExampleArgs.parse("shakespeare", args, "epochs", "hidden", "temperature", "seed", "prompt", "data");
        Options o = Options.defaults();
        if (a.has("epochs")) o = o.withEpochs(a.integer("epochs"));
        if (a.has("hidden")) o = o.withHidden(a.integer("hidden"));
        if (a.has("temperature")) o = o.withTemperature(a.number("temperature"));
        if (a.has("seed")) o = o.withSeed(a.integer("seed"));
        if (a.has("prompt")) o = o.withPrompts(List.of(a.string("prompt")));
        if (a.has("data")) o = o.withData(Path.of(a.string("data")));
        run(o, System.out);
    }
}
