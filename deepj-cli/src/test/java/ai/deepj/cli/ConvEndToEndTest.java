package ai.deepj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.train.History;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains a tiny convolutional network with augmentation on 300 generated Shapes images through the
 * command, then checks the run's outputs, that evaluate reloads the saved convolutional model to the
 * same numbers, and that augmentation is reproducible and actually changes the training.
 */
class ConvEndToEndTest {
    private static final String CONFIG = """
            name: tiny-cnn
            seed: 5
            data: {name: shapes, train: 300, dev: 60, test: 60}
            augment:
              - flip_horizontal
              - random_crop: {padding: 2}
              - rotation: 10
            model:
              - conv2d: 8
                kernel: 5
                padding: same
                bias: false
              - batch_norm2d
              - relu
              - max_pool2d: 2
              - conv2d: {filters: 8, kernel: 3, activation: relu, init: he_normal}
              - max_pool2d: 2
              - flatten
              - dense: 6
            optimizer: {name: adam, lr: 0.01}
            epochs: 3
            batch_size: 32
            checkpoint: false
            tensorboard: false
            """;

    @TempDir
    static Path tmp;

    static Cli train;
    static Path run;

    private static Cli trainTo(String name, String config) throws IOException {
        Path file = tmp.resolve(name + ".yaml");
        Files.writeString(file, config);
        return Cli.run("train", file.toString(), "--out", tmp.resolve(name).toString(), "--quiet");
    }

    @BeforeAll
    static void trainOnce() throws IOException {
        train = trainTo("cnn", CONFIG);
        run = tmp.resolve("cnn");
    }

    private static JsonObject metrics(Path dir) throws IOException {
        return JsonParser.parseString(Files.readString(dir.resolve("metrics.json"))).getAsJsonObject();
    }

    @Test
    void trainsAConvolutionalNetworkWithAugmentation() throws IOException {
        assertEquals(0, train.status(), train.toString());
        assertEquals("", train.err());
        assertTrue(train.out().contains("data      shapes (generated, seed 5): train 300, dev 60, test 60; inputs [1, 28, 28]; 6 classes\n"),
                train.out());
        assertTrue(train.out().contains("model     2,534 parameters"), train.out());   // 200 + 16 + (576 + 8) + (288·6 + 6)
        assertTrue(train.out().contains("augment   flip_horizontal, random_crop (padding 2), rotation (±10°) (training set only)\n"), train.out());
        for (String f : List.of("metrics.json", "model/model.json", "model/weights.safetensors", "history.csv", "learning_curves.png",
                "confusion_matrix.png")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f + " missing");
        }
        assertTrue(Files.size(run.resolve("learning_curves.png")) > 5000, "a learning-curves plot");
        assertEquals(3, History.read(run).epochs().size());
        JsonObject m = metrics(run);
        assertEquals(300, m.getAsJsonObject("train").get("examples").getAsInt(), "the final train row is the 300 images as they are");
        assertTrue(m.getAsJsonObject("test").get("accuracy").getAsDouble() > 1.0 / 6, m.toString());
    }

    @Test
    void evaluateReloadsTheConvolutionalModel() throws IOException {
        Cli r = Cli.run("evaluate", run.toString());
        assertEquals(0, r.status(), r.toString());
        JsonObject t = metrics(run).getAsJsonObject("test");
        String row = String.format(Locale.ROOT, "%-10s %9d %10.4f %9.2f%%", "test", 60, t.get("loss").getAsDouble(),
                100 * t.get("accuracy").getAsDouble());
        assertTrue(r.out().contains(row), "'" + row + "' not in\n" + r.out());
    }

    @Test
    void augmentationIsReproducibleAndChangesTraining() throws IOException {
        Cli again = trainTo("again", CONFIG);
        assertEquals(0, again.status(), again.toString());
        assertEquals(Files.readString(run.resolve("history.csv")), Files.readString(tmp.resolve("again").resolve("history.csv")));

        String plain = CONFIG.replaceAll("(?s)augment:.*?model:", "model:");
        Cli without = trainTo("plain", plain);
        assertEquals(0, without.status(), without.toString());
        assertTrue(!without.out().contains("augment "), without.out());
        assertNotEquals(History.read(run).metric("train_loss")[0], History.read(tmp.resolve("plain")).metric("train_loss")[0]);
    }

    @Test
    void aZooModelTrainsFromItsName() throws IOException {
        Cli r = trainTo("zoo", CONFIG.replaceAll("(?s)model:.*?optimizer:", "model: {zoo: lenet5}\noptimizer:").replace("epochs: 3", "epochs: 1"));
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("model     44,086 parameters"), r.out());   // LeNet5.mnist: 44,426 for 10 classes, 4·85 fewer for 6
        assertEquals(1, History.read(tmp.resolve("zoo")).epochs().size());
    }
}
