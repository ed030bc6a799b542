package ai.deepj.cli;

import ai.deepj.examples.DinosaurIsland;
import ai.deepj.examples.SequenceClassification;
import ai.deepj.examples.SequenceGeneration;
import ai.deepj.examples.SequenceTagging;
import ai.deepj.examples.ShakespeareWords;
import ai.deepj.examples.WritingLikeShakespeare;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * Course 5 week 1's examples as commands. Each hands its {@code --name value} options to the
 * example's own {@code main}, which names the options it takes in its error; a bad option or missing
 * data is a usage error (exit 2).
 */
final class SequenceLessons {
    private SequenceLessons() {}

    /** Runs {@code example} with {@code args}; its argument and data errors become usage errors. */
    static int run(Consumer<String[]> example, List<String> args) {
        try {
            example.accept(args.toArray(String[]::new));
            return Main.OK;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UsageError(e.getMessage());
        }
    }

    @Command(name = "dinosaurs", header = "Course 5 week 1: Dinosaur Island, the character RNN that names dinosaurs.",
            mixinStandardHelpOptions = true,
            description = {"The course's character-level RNN (hidden 50, clip 5, SGD 0.01) on dinos.txt, sampling 7 names every 2000 iterations;",
                    "held-out perplexity. Options: --iterations N (35000), --seed S (0), --temperature T (1.0; 0 = greedy),",
                    "--sample-every N (2000), --data FILE (the shared data's dinos/dinos.txt)."})
    static final class Dinosaurs implements Callable<Integer> {
        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return run(DinosaurIsland::main, args);
        }
    }

    @Command(name = "shakespeare", header = "Course 5 week 1: a character LSTM writing like Shakespeare.",
            mixinStandardHelpOptions = true,
            description = {"A character LSTM on the Sonnets with truncated BPTT, generating lines from prompts; held-out perplexity.",
                    "Options: --epochs N (20), --hidden N (256), --temperature T (1.0), --seed S (1), --prompt TEXT (repeatable),",
                    "--data FILE (the shared data's shakespeare/shakespeare.txt)."})
    static final class Shakespeare implements Callable<Integer> {
        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return run(WritingLikeShakespeare::main, args);
        }
    }

    @Command(name = "words", header = "Course 5 week 1: a word-level language model (Embedding + LSTM).",
            mixinStandardHelpOptions = true,
            description = {"A word-level LSTM with an Embedding layer on Shakespeare's words (capped vocabulary with <unk>); perplexity.",
                    "Options: --epochs N (15), --vocabulary N (2000), --hidden N (256), --temperature T (0.8), --prompt TEXT, --seed S (1), --data FILE."})
    static final class Words implements Callable<Integer> {
        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return run(ShakespeareWords::main, args);
        }
    }

    @Command(name = "many-to-one", header = "Course 5 week 1: sequence classification with masks, on generated sequences.",
            mixinStandardHelpOptions = true, description = "Options: --epochs N (8), --seed S (1).")
    static final class ManyToOne implements Callable<Integer> {
        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return run(SequenceClassification::main, args);
        }
    }

    @Command(name = "many-to-many", header = "Course 5 week 1: tagging every step of generated sequences.",
            mixinStandardHelpOptions = true, description = "Options: --epochs N (6), --seed S (1).")
    static final class ManyToMany implements Callable<Integer> {
        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return run(SequenceTagging::main, args);
        }
    }

    @Command(name = "one-to-many", header = "Course 5 week 1: generating sequences from one input.",
            mixinStandardHelpOptions = true, description = "Options: --epochs N (6), --seed S (1).")
    static final class OneToMany implements Callable<Integer> {
        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return run(SequenceGeneration::main, args);
        }
    }
}
