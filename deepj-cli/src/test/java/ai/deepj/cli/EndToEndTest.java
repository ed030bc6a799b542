package ai.deepj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.data.Images;
import ai.deepj.data.Npy;
import ai.deepj.data.Npz;
import ai.deepj.data.TensorDataset;
import ai.deepj.data.synthetic.Shapes;
import ai.deepj.tensor.Tensor;
import ai.deepj.train.History;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains a tiny MLP on 300 generated Shapes examples for two epochs through the command, then runs
 * every other command on that run and checks what they print and write against each other.
 */
class EndToEndTest {
    private static final String CONFIG = """
            name: tiny
            seed: 3
            data: {name: shapes, train: 300, dev: 60, test: 60, normalize: true}
            model:
              - flatten
              - dense: 32
                activation: relu
                init: he_normal
              - dropout: {keep_prob: 0.9}
              - dense: 6
            optimizer: {name: adam, lr: 0.003}
            schedule: {name: cosine}
            epochs: 2
            batch_size: 32
            diagnose: true
            health_every: 2
            """;

    @TempDir
    static Path tmp;

    static Path config;
    static Path run;
    static Cli train;

    @BeforeAll
    static void trainOnce() throws IOException {
        config = tmp.resolve("tiny.yaml");
        Files.writeString(config, CONFIG);
        run = tmp.resolve("run");
        train = Cli.run("train", config.toString(), "--out", run.toString(), "--quiet");
    }

    private static JsonObject metrics() throws IOException {
        return JsonParser.parseString(Files.readString(run.resolve("metrics.json"))).getAsJsonObject();
    }

    @Test
    void trainPrintsTheFinalTableAndWritesEveryOutput() throws IOException {
        assertEquals(0, train.status(), train.toString());
        assertEquals("", train.err());
        String out = train.out();
        assertTrue(out.startsWith("deepj train " + config + " -> " + run + "\n"), out);
        assertTrue(out.contains("data      shapes (generated, seed 3): train 300, dev 60, test 60; inputs [1, 28, 28]; 6 classes\n"), out);
        assertTrue(out.contains("training  adam lr 0.003, cosine schedule per epoch, cross_entropy, batch 32, 2 epochs, seed 3\n"), out);
        assertTrue(out.contains("model     25,318 parameters"), out);
        assertTrue(out.contains("set         examples       loss   accuracy      error\n"), out);
        for (String set : List.of("train", "dev", "test")) {
            String row = String.format(java.util.Locale.ROOT, "%-10s %9d ", set, set.equals("train") ? 300 : 60);
            assertTrue(out.contains("\n" + row), "'" + row + "' not in\n" + out);
        }
        for (String f : List.of("run.json", "config.json", "metrics.json", "model/model.json", "model/weights.safetensors", "model/optimizer.json",
                "history.csv", "history.json", "steps.csv", "learning_curves.png", "confusion_matrix.png", "health.txt", "health.csv", "health.png")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f + " missing");
        }
        try (Stream<Path> s = Files.list(run)) {
            assertEquals(1, s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).count());
        }
        try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
            assertTrue(s.anyMatch(Files::isDirectory), "a checkpoint");
        }
        History h = History.read(run);
        assertEquals(2, h.epochs().size());
        assertEquals(List.of("train_loss", "train_accuracy", "dev_loss", "dev_accuracy", "lr"), h.metricNames());
        JsonObject m = metrics();
        assertEquals(300, m.getAsJsonObject("train").get("examples").getAsInt());
        double acc = m.getAsJsonObject("test").get("accuracy").getAsDouble();
        assertEquals(1 - acc, m.getAsJsonObject("test").get("error").getAsDouble(), 1e-12);
        assertTrue(acc > 1.0 / 6, "better than chance after two epochs: " + acc);
        assertTrue(Files.readString(run.resolve("health.txt")).startsWith("Training health"), Files.readString(run.resolve("health.txt")));
    }

    @Test
    void evaluateReproducesTheRunsOwnNumbers() throws IOException {
        Cli r = Cli.run("evaluate", run.toString());
        assertEquals(0, r.status(), r.toString());
        JsonObject m = metrics();
        for (String set : List.of("dev", "test")) {
            JsonObject s = m.getAsJsonObject(set);
            String row = String.format(java.util.Locale.ROOT, "%-10s %9d %10.4f %9.2f%%", set, s.get("examples").getAsInt(),
                    s.get("loss").getAsDouble(), 100 * s.get("accuracy").getAsDouble());
            assertTrue(r.out().contains(row), "'" + row + "' not in\n" + r.out());
            assertTrue(r.out().contains(set + ": confusion matrix (rows: true class, columns: predicted)"), r.out());
        }
        assertTrue(r.out().contains("true \\ pred    circle"), r.out());
        assertTrue(r.out().contains("precision  recall      f1"), r.out());

        // The same test set written to an .npz file gives the same numbers.
        TensorDataset all = Shapes.generate(420, 3);
        Path npz = tmp.resolve("test.npz");
        Npz.write(npz, Map.of("x", all.x().narrow(0, 360, 60).contiguous(), "y", all.y().narrow(0, 360, 60).contiguous()));
        Path png = tmp.resolve("cm.png");
        Cli f = Cli.run("evaluate", run.toString(), npz.toString(), "--confusion", png.toString());
        assertEquals(0, f.status(), f.toString());
        JsonObject t = m.getAsJsonObject("test");
        assertTrue(f.out().contains(String.format(java.util.Locale.ROOT, "test.npz          60 %10.4f %9.2f%%", t.get("loss").getAsDouble(),
                100 * t.get("accuracy").getAsDouble())), f.out());
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void predictWritesClassesAndProbabilitiesThatAgreeWithEvaluate() throws IOException {
        TensorDataset all = Shapes.generate(420, 3);
        Path npy = tmp.resolve("x.npy");
        Npy.write(npy, all.x().narrow(0, 360, 60).contiguous());
        Path csv = tmp.resolve("predictions.csv");
        Cli r = Cli.run("predict", run.toString(), npy.toString(), "--out", csv.toString());
        assertEquals(0, r.status(), r.toString());
        assertEquals("wrote 60 predictions to " + csv + "\n", r.out());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("input,prediction,p_circle,p_square,p_triangle,p_cross,p_ring,p_bar", lines.get(0));
        assertEquals(61, lines.size());
        int[] y = all.y().narrow(0, 360, 60).contiguous().toIntArray();
        int right = 0;
        for (int i = 0; i < 60; i++) {
            String[] f = lines.get(i + 1).split(",");
            assertEquals(Integer.toString(i), f[0]);
            double sum = 0, best = -1;
            int arg = -1;
            for (int c = 0; c < 6; c++) {
                double p = Double.parseDouble(f[2 + c]);
                sum += p;
                if (p > best) {
                    best = p;
                    arg = c;
                }
            }
            assertEquals(1, sum, 1e-4);
            assertEquals(Shapes.CLASSES.get(arg), f[1]);
            if (arg == y[i]) right++;
        }
        assertEquals(metrics().getAsJsonObject("test").get("accuracy").getAsDouble(), right / 60.0, 1e-12);
    }

    @Test
    void imageFoldersAreReadLikeTheTrainingImages() throws IOException {
        TensorDataset all = Shapes.generate(420, 3);
        float[] px = all.x().narrow(0, 360, 60).contiguous().toFloatArray();
        for (int i = 0; i < px.length; i++) px[i] = Math.round(px[i] * 255) / 255f;   // what an 8-bit PNG holds
        Tensor x = Tensor.of(px, 60, 1, 28, 28);
        Tensor y = all.y().narrow(0, 360, 60).contiguous();
        int[] labels = y.toIntArray();
        Path folder = tmp.resolve("images");
        for (String c : Shapes.CLASSES) Files.createDirectories(folder.resolve(c));
        for (int i = 0; i < 60; i++) {
            Images.write(folder.resolve(Shapes.CLASSES.get(labels[i])).resolve(String.format("%02d.png", i)), x.select(0, i));
        }
        Path npz = tmp.resolve("quantized.npz");
        Npz.write(npz, Map.of("x", x, "y", y));
        Cli fromImages = Cli.run("evaluate", run.toString(), folder.toString());
        Cli fromArrays = Cli.run("evaluate", run.toString(), npz.toString());
        assertEquals(0, fromImages.status(), fromImages.toString());
        assertEquals(0, fromArrays.status(), fromArrays.toString());
        String rowImages = fromImages.out().lines().filter(l -> l.startsWith("images ")).findFirst().orElseThrow();
        String rowArrays = fromArrays.out().lines().filter(l -> l.startsWith("quantized.npz ")).findFirst().orElseThrow();
        assertEquals(rowArrays.substring("quantized.npz".length()).strip(), rowImages.substring("images".length()).strip());

        Cli p = Cli.run("predict", run.toString(), folder.toString());
        assertEquals(0, p.status(), p.toString());
        List<String> lines = p.out().lines().toList();
        assertEquals(61, lines.size());
        assertTrue(lines.get(1).startsWith("bar/"), lines.get(1));
    }

    @Test
    void summaryOfTheRun() {
        Cli r = Cli.run("summary", run.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().startsWith("The trained model of " + run + ", for inputs [1, 28, 28] per example\nLayer (type)"), r.out());
        assertTrue(r.out().contains("2 (Linear)                           [1, 32]                      25,120\n"), r.out());
        assertTrue(r.out().contains("Total params: 25,318\n"), r.out());
    }

    @Test
    void gradcheckPassesOnTheConfigAndTheTrainedModel() {
        for (String source : List.of(config.toString(), run.toString())) {
            Cli r = Cli.run("gradcheck", source, "--coordinates", "20");
            assertEquals(0, r.status(), r.toString());
            String which = source.equals(run.toString()) ? " (the ones it fits worst of the first 300)" : "";
            assertTrue(r.out().contains("on 8 training examples" + which + " (float64, dropout off, up to 20 coordinates per parameter tensor,"
                    + " 4 tensors, ε 1e-06)"), r.out());
            assertTrue(r.out().contains("(great) over 66 coordinates"), r.out());
            assertTrue(r.out().contains("Your backward propagation works perfectly fine! difference = "), r.out());
        }
        Cli strict = Cli.run("gradcheck", config.toString(), "--coordinates", "5", "--tolerance", "1e-30");
        assertEquals(1, strict.status(), strict.toString());
        assertTrue(strict.out().contains("There is a mistake in the backward propagation! difference = "), strict.out());
    }

    @Test
    void diagnoseGivesTheCoursesAdviceAndTheHealthReport() throws IOException {
        Cli r = Cli.run("diagnose", run.toString(), "--human-error", "1%");
        assertEquals(0, r.status(), r.toString());
        JsonObject m = metrics();
        String pctTrain = pct(m.getAsJsonObject("train").get("error").getAsDouble());
        assertTrue(r.out().contains("Bias / variance analysis\n"), r.out());
        assertTrue(r.out().contains("  human-level error (Bayes proxy)  1 %\n"), r.out());
        assertTrue(r.out().contains(String.format("  %-32s %s%n", "training error", pctTrain)), r.out());
        assertTrue(r.out().contains("Next steps:\n"), r.out());
        assertTrue(r.out().contains(Files.readString(run.resolve("health.txt"))), r.out());
        Cli bad = Cli.run("diagnose", run.toString(), "--human-error", "lots");
        assertEquals(2, bad.status());
        assertTrue(bad.err().startsWith("deepj diagnose: --human-error needs a fraction (0.01) or a percentage (1%), got 'lots'"), bad.err());
    }

    private static String pct(double fraction) {
        String s = String.format(java.util.Locale.ROOT, "%.3f", fraction * 100);
        if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s + " %";
    }

    @Test
    void resumingContinuesToTheSameWeightsAsOneRun() throws IOException {
        Path part = tmp.resolve("part");
        Cli first = Cli.run("train", config.toString(), "--out", part.toString(), "--quiet", "--set", "epochs=1", "--set", "tensorboard=false",
                "--set", "schedule=constant");
        assertEquals(0, first.status(), first.toString());
        Cli again = Cli.run("train", config.toString(), "--out", part.toString(), "--quiet", "--set", "epochs=1");
        assertEquals(2, again.status());
        assertTrue(again.err().contains("is not empty (it holds a run: --resume continues it)"), again.err());
        Cli resumed = Cli.run("train", config.toString(), "--out", part.toString(), "--resume", "--quiet", "--set", "tensorboard=false",
                "--set", "schedule=constant");
        assertEquals(0, resumed.status(), resumed.toString());
        Path whole = tmp.resolve("whole");
        Cli once = Cli.run("train", config.toString(), "--out", whole.toString(), "--quiet", "--set", "tensorboard=false", "--set",
                "schedule=constant");
        assertEquals(0, once.status(), once.toString());
        assertEquals(2, History.read(part).epochs().size());
        JsonObject a = JsonParser.parseString(Files.readString(part.resolve("metrics.json"))).getAsJsonObject();
        JsonObject b = JsonParser.parseString(Files.readString(whole.resolve("metrics.json"))).getAsJsonObject();
        for (String set : List.of("train", "dev", "test")) {
            assertEquals(b.getAsJsonObject(set).get("loss").getAsDouble(), a.getAsJsonObject(set).get("loss").getAsDouble(), 0.0, set);
        }
    }
}
