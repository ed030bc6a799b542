package ai.deepj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path tmp;

    private Path config(String name, String text) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        Cli r = Cli.run("--help");
        assertEquals(0, r.status(), r.toString());
        for (String c : List.of("train", "evaluate", "predict", "search", "gradcheck", "diagnose", "summary", "info", "flower", "cat",
                "regularization", "optimization", "dinosaurs", "shakespeare", "words", "many-to-one", "many-to-many", "one-to-many", "signs", "happy")) {
            assertTrue(r.out().contains("\n  " + c + " "), c + " missing from\n" + r.out());
        }
        assertTrue(r.out().contains("Exit status: 0 success; 1 failure"), r.out());
        assertTrue(r.out().contains("2 usage error"), r.out());
        assertEquals("", r.err());
        assertEquals(r.out(), Cli.run().out(), "no command shows the same help");
    }

    @Test
    void everyCommandHasItsOwnHelp() {
        String[][] expected = {
                {"train", "Usage: deepj train [-hvV] [--quiet] [--resume] [--out=DIR] [--set=KEY=VALUE]... CONFIG", "--resume", "--set=KEY=VALUE"},
                {"evaluate", "Usage: deepj evaluate [-hvV] [--batch-size=N] [--confusion=PNG] RUN_DIR [DATA...]", "train, dev, test, train-dev"},
                {"predict", "Usage: deepj predict [-hvV] [--batch-size=N] [--out=FILE] RUN_DIR INPUT...", "probability"},
                {"search", "Usage: deepj search [-hvV] [--out=DIR] [--set=KEY=VALUE]... CONFIG", "log_uniform(1e-4, 1e-1)"},
                {"gradcheck", "Usage: deepj gradcheck [-hvV] [--coordinates=N] [--epsilon=E] [--examples=N] [--tolerance=T]", "2e-7"},
                {"diagnose", "Usage: deepj diagnose [-hvV] [--human-error=E] [--train-dev=E] RUN_DIR", "avoidable bias"},
                {"summary", "Usage: deepj summary [-hvV] [--set=KEY=VALUE]... CONFIG|RUN_DIR", "Keras-style"},
                {"flower", "Usage: deepj flower [-hvV] [--hidden=N] [--iterations=N] [--lr=A] [--seed=S]", "(default: 4)"},
        };
        for (String[] e : expected) {
            Cli r = Cli.run(e[0], "--help");
            assertEquals(0, r.status(), r.toString());
            assertTrue(r.out().startsWith(headerOf(e[0])), r.out());
            for (int i = 1; i < e.length; i++) assertTrue(r.out().contains(e[i]), "'" + e[i] + "' missing from\n" + r.out());
            assertEquals(r.out(), Cli.run("help", e[0]).out());
        }
    }

    private static String headerOf(String command) {
        return switch (command) {
            case "train" -> "Train a model from a config file; save the run.";
            case "evaluate" -> "Metrics and confusion matrix of a trained model on a data set.";
            case "predict" -> "Predictions of a trained model, to CSV.";
            case "search" -> "Hyperparameter search over a config";
            case "gradcheck" -> "The course's gradient check";
            case "diagnose" -> "Bias / variance advice";
            case "summary" -> "The Keras-style table";
            default -> "Course 1 week 3";
        };
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhatIsWrong() {
        Cli unknown = Cli.run("trian");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().startsWith("deepj: Unmatched argument at index 0: 'trian'"), unknown.err());
        assertTrue(unknown.err().contains("train"), "suggests the nearest command: " + unknown.err());

        Cli missing = Cli.run("train");
        assertEquals(2, missing.status());
        assertEquals("deepj train: Missing required parameter: 'CONFIG'\nTry 'deepj train --help' for more information.\n", missing.err());

        Cli option = Cli.run("train", "x.yaml", "--epochs", "3");
        assertEquals(2, option.status());
        assertTrue(option.err().startsWith("deepj train: Unknown options: '--epochs', '3'"), option.err());

        Cli noFile = Cli.run("train", tmp.resolve("nope.yaml").toString());
        assertEquals(2, noFile.status());
        assertEquals("deepj train: no such config file: " + tmp.resolve("nope.yaml") + "\n", noFile.err());

        Cli flower = Cli.run("flower", "--hidden", "0");
        assertEquals(2, flower.status());
        assertTrue(flower.err().startsWith("deepj flower: --hidden needs a positive integer, got 0"), flower.err());
    }

    @Test
    void configErrorsAreOneLineWithTheLineNumberAndNoStackTrace() throws IOException {
        Path bad = config("shapes.yaml", """
                data: {name: shapes, train: 60, dev: 12, test: 12}
                model:
                  - flatten
                  - dense: 16
                    activation: relu
                  - dense: 6
                optimizer: adamm
                """);
        Cli r = Cli.run("train", bad.toString(), "--out", tmp.resolve("run").toString());
        assertEquals(2, r.status(), r.toString());
        assertEquals("deepj train: config " + bad + " line 7: unknown optimizer 'adamm' (known: sgd, momentum, nesterov, rmsprop, adagrad,"
                + " adam, adamw) (did you mean 'adam'?)\n", r.err());
        assertFalse(Files.exists(tmp.resolve("run")), "nothing is written for a bad config");

        Cli verbose = Cli.run("train", bad.toString(), "--verbose");
        assertEquals(2, verbose.status());
        assertTrue(verbose.err().contains("ai.deepj.cli.config.ConfigException: config " + bad + " line 7"), verbose.err());
        assertTrue(verbose.err().contains("\tat ai.deepj.cli.config.OptimizerSpec"), verbose.err());

        Cli set = Cli.run("train", bad.toString(), "--set", "optimizer=adam", "--set", "model.1.dense=zero", "--out", tmp.resolve("r2").toString());
        assertEquals(2, set.status());
        assertEquals("deepj train: --set model.1.dense=zero: dense (units) must be a whole number, got the text 'zero'\n", set.err());
    }

    @Test
    void layersThatCannotFitAreReportedAtTheirLine() throws IOException {
        Path bad = config("noflat.yaml", """
                data: {name: shapes, train: 60, dev: 12, test: 12}
                model:
                  - dense: 16
                  - dense: 6
                """);
        Cli r = Cli.run("summary", bad.toString());
        assertEquals(2, r.status(), r.toString());
        assertEquals("deepj summary: config " + bad + " line 3: dense: 16 needs flat inputs (one vector per example) but gets [1, 28, 28]"
                + " per example: put - flatten before it\n", r.err());

        Cli t = Cli.run("train", bad.toString(), "--out", tmp.resolve("noflat-run").toString());
        assertEquals(2, t.status(), t.toString());
        assertFalse(Files.exists(tmp.resolve("noflat-run")), "the model is checked before the run folder is made");

        Path classes = config("classes.yaml", """
                data: {name: shapes, train: 60, dev: 12, test: 12}
                model: [flatten, {dense: 10}]
                """);
        Cli c = Cli.run("summary", classes.toString());
        assertEquals(2, c.status());
        assertEquals("deepj summary: config " + classes + " line 2: the last layer (dense: 10) gives [10] per example but the data has 6"
                + " classes: end with dense: 6\n", c.err());

        Path softmax = config("softmax.yaml", """
                data: {name: shapes, train: 60, dev: 12, test: 12}
                model: [flatten, {dense: 6, activation: softmax}]
                """);
        Cli s = Cli.run("summary", softmax.toString());
        assertEquals(2, s.status());
        assertEquals("deepj summary: config " + softmax + " line 2: the model ends with softmax, but cross_entropy applies softmax itself:"
                + " end with the dense layer (logits) and leave the softmax out\n", s.err());
    }

    @Test
    void failuresExitWithOne() throws IOException {
        Path csv = config("csv.yaml", """
                data: {csv: missing.csv, label: y}
                model: [{dense: 2}]
                """);
        Cli r = Cli.run("train", csv.toString(), "--out", tmp.resolve("run").toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("deepj train: "), r.err());
        assertTrue(r.err().contains(tmp.resolve("missing.csv").toString()), r.err());
        assertEquals(1, r.err().lines().count(), r.err());

        Cli notRun = Cli.run("evaluate", tmp.toString());
        assertEquals(1, notRun.status());
        assertEquals("deepj evaluate: not a deepj run folder (no run.json): give the folder deepj train wrote: " + tmp + "\n", notRun.err());
    }

    @Test
    void aDivergingRunIsSavedButFails() throws IOException {
        Path wild = config("wild.yaml", """
                data: {name: moons, train: 64, dev: 16, test: 16}
                model: [{dense: 8, activation: relu}, {dense: 2}]
                optimizer: {name: sgd, lr: 1e30}
                epochs: 5
                batch_size: 16
                checkpoint: false
                tensorboard: false
                """);
        Path out = tmp.resolve("wild");
        Cli r = Cli.run("train", wild.toString(), "--out", out.toString(), "--quiet");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("deepj train: the cost is "), r.err());
        assertTrue(r.err().contains("training diverged; the weights are those before this step"), r.err());
        assertTrue(Files.isRegularFile(out.resolve("model/model.json")), "the run is saved for a post-mortem");
    }

    @Test
    void infoAndTheLessonsStillRun() {
        Cli info = Cli.run("info");
        assertEquals(0, info.status(), info.toString());
        assertTrue(info.out().startsWith("deepj "), info.out());
        Cli flower = Cli.run("flower", "--iterations", "200", "--hidden", "3");
        assertEquals(0, flower.status(), flower.toString());
        assertTrue(flower.out().startsWith("Planar flower data: 400 points, 2 classes. Network 2-3-1 (tanh, sigmoid), lr 1.2, 200 iterations"),
                flower.out());
        assertTrue(flower.out().contains("Trained in "), flower.out());
    }

    @Test
    void sequenceLessonsRunAndTheirBadOptionsAreUsageErrors() {
        Cli bad = Cli.run("dinosaurs", "--bogus", "1");
        assertEquals(2, bad.status(), bad.toString());
        assertTrue(bad.err().contains("unknown option '--bogus'; options: --iterations"), bad.toString());
        PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8)); // the examples print to System.out
        Cli ok;
        try {
            ok = Cli.run("many-to-one", "--epochs", "1");
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, ok.status(), ok.toString());
        assertTrue(printed.toString(java.nio.charset.StandardCharsets.UTF_8).contains("P(contains 0 1 2)"), printed.toString());
    }
}
