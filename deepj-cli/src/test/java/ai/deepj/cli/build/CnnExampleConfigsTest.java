package ai.deepj.cli.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.cli.config.ConfigReader;
import ai.deepj.cli.config.RunSpec;
import ai.deepj.data.synthetic.Shapes;
import ai.deepj.nn.Module;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The convolutional example configs in examples/ parse and build the networks docs/cnn-examples.md describes (no training). */
class CnnExampleConfigsTest {
    private static RunSpec example(String name) throws IOException {
        Path f = Path.of("..", "examples", name);
        assertTrue(Files.isRegularFile(f), f.toAbsolutePath() + " missing");
        return RunSpec.parse(ConfigReader.read(f), f);
    }

    @Test
    void mnistLeNet5BuildsTheDocumentedNetwork() throws IOException {
        RunSpec s = example("mnist-lenet5.yaml");
        Module m = ModelBuilder.build(s.model(), new int[] {1, 28, 28}, s.data(), Tensor.zeros(2, 1, 28, 28), 10, Generator.seeded(s.seed()));
        assertEquals(61_728, m.parameterCount());
        assertArrayEquals(new int[] {10}, ModelBuilder.outputShape(m, new int[] {1, 28, 28}));
        assertEquals(12, s.epochs());
    }

    @Test
    void shapesResNetBuildsTheZoosNetworkAndItsAugmentation() throws IOException {
        RunSpec s = example("shapes-resnet.yaml");
        Tensor x = Shapes.generate(4, 1).x();
        Module m = ModelBuilder.build(s.model(), new int[] {1, 28, 28}, s.data(), x, 6, Generator.seeded(s.seed()));
        assertEquals(19_574, m.parameterCount());
        assertEquals("flip_horizontal, flip_vertical, random_crop (padding 2)", Augmentations.describe(s.augment().orElseThrow()));
        assertArrayEquals(x.shape().toArray(), Augmentations.transform(s.augment().orElseThrow(), x).apply(x, Generator.seeded(1)).shape().toArray());
    }
}
