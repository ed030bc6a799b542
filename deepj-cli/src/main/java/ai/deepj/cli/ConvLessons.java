package ai.deepj.cli;

import ai.deepj.data.H5Images;
import ai.deepj.data.SharedData;
import ai.deepj.data.TensorDataset;
import ai.deepj.examples.ConvNetLesson;
import ai.deepj.examples.TransferLesson;
import ai.deepj.nn.Sequential;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Course 4's convolutional networks on its real images, {@code deepj signs} and {@code deepj happy}:
 * a small ConvNet from scratch, then transfer learning, on a seeded stratified split of the one file
 * of each data set at hand (the course's test files).
 */
final class ConvLessons {
    private ConvLessons() {}

    /** What the two commands share: options and the run. */
    abstract static class Lesson implements Callable<Integer> {
        @ParentCommand
        Main main;

        @Spec
        CommandSpec spec;

        @Option(names = "--data", paramLabel = "FILE", description = "The h5 file (default: the shared data's ${COMMAND-NAME}/test_${COMMAND-NAME}.h5).")
        Path data;

        @Option(names = "--side", paramLabel = "N", description = "Image side: 64 (the files' own) or 32 (2x2 averages, four times less work;"
                + " default: ${DEFAULT-VALUE}).")
        int side = 32;

        @Option(names = "--held-out", paramLabel = "F", description = "Share of each class held out (default: ${DEFAULT-VALUE}).")
        double heldOut = 0.3;

        @Option(names = "--epochs", paramLabel = "N", description = "Epochs from scratch (default: ${DEFAULT-VALUE}).")
        int epochs = ConvNetLesson.Options.defaults().epochs();

        @Option(names = "--seed", paramLabel = "S", description = "Seed of the split, the weights and the shuffling (default: ${DEFAULT-VALUE}).")
        int seed = 1;

        @Option(names = "--augment", description = "Random horizontal flips of the training images (from scratch).")
        boolean augment;

        @Option(names = "--pretrain", paramLabel = "SOURCE", description = "Pretraining data for transfer learning: shapes (generated),"
                + " signs, happy, or none (default: ${DEFAULT-VALUE}).")
        String pretrain = "shapes";

        @Option(names = "--pretrain-epochs", paramLabel = "N", description = "Pretraining epochs (default: 4 on shapes, 30 on a course file).")
        Integer pretrainEpochs;

        /** The data set's name in the shared data, also the command's name. */
        abstract String name();

        @Override
        public Integer call() throws IOException {
            if (side != 32 && side != 64) throw new CommandLine.ParameterException(spec.commandLine(), "--side must be 32 or 64, got " + side);
            Lessons.positive(spec, "--epochs", epochs);
            if (!(heldOut > 0 && heldOut < 1)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--held-out needs a share in (0, 1), got " + heldOut);
            }
            if (!pretrain.equals("none") && !pretrain.equals("shapes") && !pretrain.equals("signs") && !pretrain.equals("happy")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--pretrain must be shapes, signs, happy or none, got " + pretrain);
            }
            if (pretrain.equals(name())) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--pretrain " + pretrain + " would pretrain on the held-out images;"
                        + " choose shapes or the other course file");
            }
            if (pretrainEpochs != null) Lessons.positive(spec, "--pretrain-epochs", pretrainEpochs);
            PrintStream out = main.out;
            Path file = data != null ? data : course(name());
            TensorDataset all = ConvNetLesson.downscale(H5Images.load(file), 64 / side);
            int classes = ConvNetLesson.classes(all);
            ConvNetLesson.Split split = ConvNetLesson.split(all, heldOut, seed);
            out.printf(Locale.ROOT, "%s: %d images of %s (only the course's test file exists here), %d classes, shown at %dx%d;"
                    + " stratified split (seed %d): %d to train, %d held out%n", name(), all.size(), file, classes, side, side, seed,
                    split.train().size(), split.heldOut().size());
            long start = System.nanoTime();
            ConvNetLesson.Options o = ConvNetLesson.Options.defaults().withEpochs(epochs).withSeed(seed).withAugment(augment);
            ConvNetLesson.Result scratch = ConvNetLesson.fromScratch(split, classes, o, out);
            TransferLesson.Result transfer = null;
            if (!pretrain.equals("none")) {
                out.println();
                TensorDataset source = pretrain.equals("shapes") ? TransferLesson.shapes(1200, 64, seed) : H5Images.load(course(pretrain));
                source = ConvNetLesson.downscale(source, 64 / side);
                int pre = pretrainEpochs != null ? pretrainEpochs : pretrain.equals("shapes") ? 4 : 30;
                Sequential pretrained = TransferLesson.pretrain(source, ConvNetLesson.classes(source),
                        ConvNetLesson.Options.defaults().withEpochs(pre).withSeed(seed), out);
                Path cache = Files.createTempDirectory("deepj-" + name() + "-features");
                try {
                    TransferLesson.Options t = TransferLesson.Options.defaults();
                    t = new TransferLesson.Options(t.head().withSeed(seed), t.fineTune().withSeed(seed));
                    transfer = TransferLesson.transfer(pretrained, split, classes, t, cache, out);
                } finally {
                    delete(cache);
                }
            }
            out.println();
            out.printf(Locale.ROOT, "Held-out accuracy on %d images (chance %.1f%%): from scratch %.1f%%", split.heldOut().size(),
                    100 * scratch.chance(), 100 * scratch.heldOutAccuracy());
            if (transfer != null) {
                out.printf(Locale.ROOT, ", transfer from %s: head only %.1f%%, last block fine-tuned %.1f%%", pretrain,
                        100 * transfer.headOnly().heldOutAccuracy(), 100 * transfer.fineTuned().heldOutAccuracy());
            }
            out.printf(Locale.ROOT, "%nDone in %.1f s%n", (System.nanoTime() - start) / 1e9);
            return Main.OK;
        }

        private Path course(String set) {
            String rel = set + "/test_" + set + ".h5";
            return SharedData.find(rel).orElseThrow(() -> new UsageError(SharedData.missingReason(rel)
                    + (set.equals(name()) ? "; or pass --data FILE" : "; or pretrain on shapes")));
        }
    }

    /** {@code deepj signs}. */
    @Command(name = "signs", header = "Course 4: a ConvNet from scratch and by transfer on the SIGNS hand images (0-5 fingers).",
            mixinStandardHelpOptions = true, sortOptions = false,
            description = "Course 4 weeks 1-2 on test_signs.h5 (120 images of 64x64, 6 classes): a small ConvNet (conv, batch norm, ReLU, "
                    + "max pool blocks, flatten, dense) from scratch, then transfer learning (pretrain, freeze, new head trained on cached "
                    + "activations, fine-tune the last block), on a seeded stratified split of the file; prints the held-out accuracies.")
    static final class Signs extends Lesson {
        @Override
        String name() {
            return "signs";
        }
    }

    /** {@code deepj happy}. */
    @Command(name = "happy", header = "Course 4: a ConvNet from scratch and by transfer on the Happy House faces (smiling or not).",
            mixinStandardHelpOptions = true, sortOptions = false,
            description = "Course 4 weeks 1-2 on test_happy.h5 (150 images of 64x64, 2 classes): a small ConvNet (conv, batch norm, ReLU, "
                    + "max pool blocks, flatten, dense) from scratch, then transfer learning (pretrain, freeze, new head trained on cached "
                    + "activations, fine-tune the last block), on a seeded stratified split of the file; prints the held-out accuracies.")
    static final class Happy extends Lesson {
        @Override
        String name() {
            return "happy";
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
