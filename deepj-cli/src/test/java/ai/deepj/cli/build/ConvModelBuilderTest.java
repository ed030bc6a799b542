package ai.deepj.cli.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.deepj.cli.config.ConfigException;
import ai.deepj.cli.config.ConfigReader;
import ai.deepj.cli.config.RunSpec;
import ai.deepj.data.augment.Compose;
import ai.deepj.data.augment.RandomCrop;
import ai.deepj.data.augment.RandomFlip;
import ai.deepj.data.augment.RandomRotation;
import ai.deepj.data.augment.Transform;
import ai.deepj.nn.BatchNorm1d;
import ai.deepj.nn.BatchNorm2d;
import ai.deepj.nn.Conv2d;
import ai.deepj.nn.Flatten;
import ai.deepj.nn.GlobalAvgPool;
import ai.deepj.nn.Linear;
import ai.deepj.nn.MaxPool2d;
import ai.deepj.nn.Module;
import ai.deepj.nn.PoolOptions;
import ai.deepj.nn.ReLU;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.ZeroPadding2d;
import ai.deepj.nn.init.Init;
import ai.deepj.nn.zoo.LeNet5;
import ai.deepj.nn.zoo.ResNet;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Models built from image layers and zoo names, compared with the same model built by hand; the transforms of augment lists. */
class ConvModelBuilderTest {
    private static final int[] IMAGE = {1, 28, 28};

    private static RunSpec spec(String text) {
        return RunSpec.parse(ConfigReader.parse(text, Path.of("cnn.yaml")), Path.of("cnn.yaml"));
    }

    private static Module build(String text, int[] input, int outputs) throws IOException {
        RunSpec s = spec(text);
        int[] batch = new int[input.length + 1];
        batch[0] = 4;
        System.arraycopy(input, 0, batch, 1, input.length);
        return ModelBuilder.build(s.model(), input, s.data(), Tensor.zeros(batch), outputs, Generator.seeded(s.seed()));
    }

    private static String error(String text, int[] input) {
        return assertThrows(ConfigException.class, () -> build(text, input, 6)).getMessage();
    }

    private static float[] forward(Module m, Tensor x) {
        m.eval();
        try (var s = Autograd.noGrad()) {
            return m.forward(x).toFloatArray();
        }
    }

    private static final String DATA = "seed: 7\ndata: {name: shapes, train: 100, dev: 0, test: 0}\n";

    @Test
    void imageLayersBuildTheSameModelAsByHand() throws IOException {
        Module built = build(DATA + """
                model:
                  - zero_padding2d: [0, 1, 0, 1]
                  - conv2d: 8
                    kernel: 3
                    padding: same
                    bias: false
                    init: he_normal
                  - batch_norm2d
                  - relu
                  - max_pool2d: 3
                    stride: 2
                    padding: 1
                  - conv2d: {filters: 16, kernel: [3, 5], stride: 2, padding: [1, 2], activation: relu}
                  - global_avg_pool
                  - dense: 6
                """, IMAGE, 6);
        Generator g = Generator.seeded(7);
        Sequential byHand = new Sequential(new ZeroPadding2d(0, 1, 0, 1),
                new Conv2d(1, 8, 3, Conv2d.Options.defaults().withSamePadding().withBias(false).withWeightInit(Init.heNormal())
                        .withBiasInit(Init.zeros()), g),
                new BatchNorm2d(8, BatchNorm1d.Options.keras()), new ReLU(),
                new MaxPool2d(PoolOptions.of(3).withStride(2).withPadding(1)),
                new Conv2d(8, 16, new int[] {3, 5}, Conv2d.Options.defaults().withStride(2).withPadding(1, 2), g), new ReLU(),
                new GlobalAvgPool(), new Linear(16, 6, Linear.Options.defaults(), g));
        assertEquals(byHand.parameterCount(), built.parameterCount());
        assertEquals(8 * 9 + 2 * 8 + 16 * 8 * 15 + 16 + 16 * 6 + 6, built.parameterCount());
        assertArrayEquals(new int[] {6}, ModelBuilder.outputShape(built, IMAGE));
        Tensor x = Tensor.randn(Generator.seeded(3), 3, 1, 28, 28);
        assertArrayEquals(forward(byHand, x), forward(built, x));
    }

    @Test
    void layerShapesFollowTheConvolutionArithmetic() throws IOException {
        Sequential m = (Sequential) build(DATA + """
                model:
                  - conv2d: {filters: 4, kernel: 5}
                  - avg_pool2d: 2
                  - conv2d: {filters: 4, kernel: 3, dilation: 2, groups: 2, padding: 1}
                  - global_max_pool
                  - dense: 6
                """, IMAGE, 6);
        assertArrayEquals(new int[] {4, 24, 24}, ModelBuilder.outputShape(new Sequential(m.get(0)), IMAGE));
        assertArrayEquals(new int[] {4, 12, 12}, ModelBuilder.outputShape(new Sequential(m.get(0), m.get(1)), IMAGE));
        // (12 + 2·1 − 2·(3 − 1) − 1) / 1 + 1 = 10
        assertArrayEquals(new int[] {4, 10, 10}, ModelBuilder.outputShape(new Sequential(m.get(0), m.get(1), m.get(2)), IMAGE));
        assertEquals(4 * 2 * 9 + 4, ((Conv2d) m.get(2)).parameterCount(), "groups: 2 halves the weights");
    }

    @Test
    void layersThatDoNotFitAreReportedAtTheirLine() {
        assertEquals("config cnn.yaml line 5: conv2d: 8 needs images [channels, height, width] per example but gets [784]: leave out the flatten"
                + " before it, or put - reshape: [channels, height, width] before it",
                error(DATA + "model:\n  - flatten\n  - conv2d: 8\n    kernel: 3\n  - dense: 6\n", IMAGE));
        assertEquals("config cnn.yaml line 5: dense: 6 needs flat inputs (one vector per example) but gets [8, 26, 26] per example: put - flatten"
                + " before it", error(DATA + "model:\n  - conv2d: {filters: 8, kernel: 3}\n  - dense: 6\n", IMAGE));
        assertEquals("config cnn.yaml line 5: batch_norm needs flat inputs (one vector per example) but gets [8, 26, 26] per example: use"
                + " - batch_norm2d for images, or put - flatten before it",
                error(DATA + "model:\n  - conv2d: {filters: 8, kernel: 3}\n  - batch_norm\n", IMAGE));
        assertEquals("config cnn.yaml line 4: conv2d: 6 has groups: 4, which must divide both its input channels (1) and its filters (6)",
                error(DATA + "model:\n  - conv2d: {filters: 6, kernel: 3, groups: 4}\n", IMAGE));
        String tooBig = error(DATA + "model:\n  - max_pool2d: 8\n  - conv2d: {filters: 8, kernel: 5}\n", IMAGE);
        assertEquals(true, tooBig.startsWith("config cnn.yaml line 5: conv2d: 8 cannot take inputs of shape [1, 3, 3] per example: "), tooBig);
    }

    @Test
    void zooModelsAreTheZoosOwn() throws IOException {
        Module lenet = build(DATA + "model: {zoo: lenet5}\n", IMAGE, 6);
        Module byHand = LeNet5.mnist(6, Generator.seeded(7));
        assertEquals(byHand.parameterCount(), lenet.parameterCount());
        Tensor x = Tensor.randn(Generator.seeded(5), 2, 1, 28, 28);
        assertArrayEquals(forward(byHand, x), forward(lenet, x));

        Module resnet = build(DATA + "model: {zoo: resnet, blocks: [1, 1], width: 4, classes: 6}\n", new int[] {3, 16, 16}, 0);
        Module resByHand = ResNet.build(ResNet.Block.BASIC, new int[] {1, 1}, 6,
                ResNet.Options.defaults().withInChannels(3).withWidth(4).withStem(ResNet.Stem.SMALL), Generator.seeded(7));
        Tensor rgb = Tensor.randn(Generator.seeded(6), 2, 3, 16, 16);
        assertArrayEquals(forward(resByHand, rgb), forward(resnet, rgb));

        Sequential normalized = (Sequential) build(DATA.replace("test: 0", "test: 0, normalize: true") + "model: {zoo: resnet, width: 4}\n",
                IMAGE, 6);
        assertEquals(2, normalized.size(), "the normalization, then the zoo's model");
        assertArrayEquals(new int[] {6}, ModelBuilder.outputShape(normalized, IMAGE), "classes default to the data's");
    }

    @Test
    void zooModelsRefuseInputsTheyCannotTake() {
        assertEquals("config cnn.yaml line 3: lenet5 (classic) takes images [1, 32, 32] but the data gives [1, 28, 28] (variant: modern takes"
                + " [1, 28, 28])", error(DATA + "model: {zoo: lenet5, variant: classic}\n", IMAGE));
        assertEquals("config cnn.yaml line 3: resnet [2, 2] width 16 needs images [channels, height, width] per example but the data gives [2]",
                error(DATA + "model: {zoo: resnet}\n", new int[] {2}));
        assertEquals("config cnn.yaml line 3: lenet5 needs classes: N (the number of outputs)",
                assertThrows(ConfigException.class, () -> build(DATA + "model: {zoo: lenet5}\n", IMAGE, 0)).getMessage());
    }

    @Test
    void augmentListsComposeTheLibrarysTransforms() {
        RunSpec s = spec(DATA + "model: [flatten, {dense: 6}]\naugment:\n  - flip_horizontal\n  - random_crop: {padding: 2}\n  - rotation: 10\n");
        Tensor x = Tensor.rand(Generator.seeded(1), 5, 1, 28, 28);
        Transform t = Augmentations.transform(s.augment().orElseThrow(), x);
        assertInstanceOf(Compose.class, t);
        Transform byHand = Compose.of(RandomFlip.horizontal(0.5), RandomCrop.of(28, 28).withPadding(2), RandomRotation.upTo(10, 0f));
        assertArrayEquals(byHand.apply(x, Generator.seeded(9)).toFloatArray(), t.apply(x, Generator.seeded(9)).toFloatArray());
        assertEquals("flip_horizontal, random_crop (padding 2), rotation (±10°)", Augmentations.describe(s.augment().orElseThrow()));
    }

    @Test
    void augmentStepsThatCannotApplyAreReportedAtTheirLine() {
        RunSpec crop = spec(DATA + "model: [flatten, {dense: 6}]\naugment:\n  - random_crop: {size: 20, padding: 2}\n");
        assertEquals("config cnn.yaml line 5: augment random_crop: size 20x20 differs from the images' 28x28 (dev and test images are not cropped,"
                + " so the model would see two sizes); crop to the image's size and shift with padding",
                assertThrows(ConfigException.class, () -> Augmentations.transform(crop.augment().orElseThrow(), Tensor.zeros(2, 1, 28, 28)))
                        .getMessage());
        RunSpec flip = spec(DATA + "model: [flatten, {dense: 6}]\naugment: [flip_horizontal]\n");
        assertEquals("config cnn.yaml line 4: augment needs images [channels, height, width] per example; the inputs are [784] per example",
                assertThrows(ConfigException.class, () -> Augmentations.transform(flip.augment().orElseThrow(), Tensor.zeros(2, 784)))
                        .getMessage());
    }

    @Test
    void flattenStillWorksAfterImageLayers() throws IOException {
        Sequential m = (Sequential) build(DATA + "model:\n  - conv2d: {filters: 2, kernel: 3, stride: 3}\n  - flatten\n  - dense: 6\n", IMAGE, 6);
        assertInstanceOf(Flatten.class, m.get(1));
        assertEquals(2 * 9 * 9, ((Linear) m.get(2)).parameters().get(0).size(1));
    }
}
