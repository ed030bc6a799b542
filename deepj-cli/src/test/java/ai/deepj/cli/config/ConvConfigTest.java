package ai.deepj.cli.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The image layers, zoo models and augment steps of a config: every form they are written in, and the mistakes. */
class ConvConfigTest {
    private static final String DATA = "data: {name: shapes, train: 600, dev: 100, test: 100}\n";

    private static RunSpec yaml(String text) {
        return RunSpec.parse(ConfigReader.parse(text, Path.of("cnn.yaml")), Path.of("cnn.yaml"));
    }

    private static String error(String text) {
        return assertThrows(ConfigException.class, () -> yaml(text)).getMessage();
    }

    private static String model(String layers) {
        return DATA + "model:\n" + layers;
    }

    @Test
    void imageLayersAreReadInEveryForm() {
        RunSpec s = yaml(model("""
                  - conv2d: 8
                    kernel: 3
                    padding: same
                    activation: relu
                    init: he_normal
                  - {conv2d: {filters: 16, kernel: [3, 5], stride: 2, padding: [1, 2], dilation: [1, 2], groups: 8, bias: false}}
                  - batch_norm2d
                  - batch_norm2d: {convention: pytorch}
                  - max_pool2d: 2
                  - max_pool2d: [3, 2]
                    stride: 1
                    padding: 1
                  - avg_pool2d: {size: 2, stride: 1}
                  - zero_padding2d
                  - zero_padding2d: [1, 2]
                  - zero_padding2d: [0, 1, 2, 3]
                  - global_avg_pool
                  - global_max_pool
                  - flatten
                  - dense: 6
                """));
        List<ModelSpec.Layer> l = s.model().layers();
        assertEquals(List.of("conv2d", "conv2d", "batch_norm2d", "batch_norm2d", "max_pool2d", "max_pool2d", "avg_pool2d", "zero_padding2d",
                "zero_padding2d", "zero_padding2d", "global_avg_pool", "global_max_pool", "flatten", "dense"),
                l.stream().map(ModelSpec.Layer::kind).toList());
        ModelSpec.Layer c = l.get(0);
        assertEquals(8, (int) c.arg("filters", 0));
        assertArrayEquals(new int[] {3, 3}, c.arg("kernel", null));
        assertArrayEquals(new int[] {1, 1}, c.arg("stride", null));
        assertArrayEquals(new int[] {1, 1}, c.arg("dilation", null));
        assertEquals("same", c.arg("padding", null));
        assertEquals(1, (int) c.arg("groups", 0));
        assertEquals(true, c.arg("bias", false));
        assertEquals("relu", c.arg("activation", ""));
        assertEquals("he_normal", c.arg("init", ""));
        assertEquals("conv2d: 8", c.label());
        ModelSpec.Layer d = l.get(1);
        assertArrayEquals(new int[] {3, 5}, d.arg("kernel", null));
        assertArrayEquals(new int[] {2, 2}, d.arg("stride", null));
        assertArrayEquals(new int[] {1, 2}, d.arg("padding", null));
        assertArrayEquals(new int[] {1, 2}, d.arg("dilation", null));
        assertEquals(8, (int) d.arg("groups", 0));
        assertEquals(false, d.arg("bias", true));
        assertEquals(Optional.empty(), Optional.ofNullable(d.arg("activation", null)));
        assertEquals("keras", l.get(2).arg("convention", ""));
        assertEquals(0.99, (double) l.get(2).arg("momentum", 0.0));
        assertEquals(0.1, (double) l.get(3).arg("momentum", 0.0));
        assertArrayEquals(new int[] {2, 2}, l.get(4).arg("size", null));
        assertArrayEquals(new int[] {2, 2}, l.get(4).arg("stride", null), "stride defaults to the window");
        assertArrayEquals(new int[] {0, 0}, l.get(4).arg("padding", null));
        assertEquals("max_pool2d: 3x2", l.get(5).label());
        assertArrayEquals(new int[] {1, 1}, l.get(5).arg("stride", null));
        assertArrayEquals(new int[] {1, 1}, l.get(5).arg("padding", null));
        assertArrayEquals(new int[] {1, 1}, l.get(6).arg("stride", null));
        assertArrayEquals(new int[] {1, 1, 1, 1}, l.get(7).arg("padding", null));
        assertArrayEquals(new int[] {1, 1, 2, 2}, l.get(8).arg("padding", null));
        assertArrayEquals(new int[] {0, 1, 2, 3}, l.get(9).arg("padding", null));
    }

    @Test
    void kerasAndPyTorchSpellingsAreAccepted() {
        RunSpec s = yaml(model("""
                  - Conv2D: {filters: 4, kernel: 3}
                  - MaxPooling2D: 2
                  - BatchNorm2d
                  - GlobalAveragePooling2D
                  - dense: 6
                """.replace("MaxPooling2D", "max_pooling2d").replace("GlobalAveragePooling2D", "global_average_pooling2d")));
        assertEquals(List.of("conv2d", "max_pool2d", "batch_norm2d", "global_avg_pool", "dense"),
                s.model().layers().stream().map(ModelSpec.Layer::kind).toList());
    }

    @Test
    void imageLayerMistakesNameTheLineAndTheFix() {
        assertEquals("config cnn.yaml line 3: conv2d needs its number of filters and a kernel, e.g. - conv2d: 32 with kernel: 3 on the next line",
                error(model("  - conv2d\n  - dense: 6\n")));
        assertEquals("config cnn.yaml line 3: conv2d needs a kernel size, e.g. kernel: 3 (or kernel: [3, 5])",
                error(model("  - conv2d: 8\n  - dense: 6\n")));
        assertEquals("config cnn.yaml line 3: conv2d needs at least 1 filter, got 0", error(model("  - conv2d: 0\n    kernel: 3\n")));
        assertEquals("config cnn.yaml line 4: kernel must be at least 1, got 0", error(model("  - conv2d: 8\n    kernel: 0\n")));
        assertEquals("config cnn.yaml line 4: kernel must be one number or [height, width], got a list of 3",
                error(model("  - conv2d: 8\n    kernel: [3, 3, 3]\n")));
        assertEquals("config cnn.yaml line 5: unknown padding 'full' (known: valid, same)",
                error(model("  - conv2d: 8\n    kernel: 3\n    padding: full\n")));
        assertEquals("config cnn.yaml line 5: stride must be a whole number, got the text 'two'",
                error(model("  - conv2d: 8\n    kernel: 3\n    stride: two\n")));
        assertEquals("config cnn.yaml line 5: unknown key 'kernal' in a layer (did you mean 'kernel'?)",
                error(model("  - conv2d: 8\n    kernel: 3\n    kernal: 3\n")));
        assertEquals("config cnn.yaml line 3: unknown key 'filter' in conv2d (did you mean 'filters'?)",
                error(model("  - conv2d: {filters: 8, kernel: 3, filter: 2}\n")));
        assertEquals("config cnn.yaml line 3: max_pool2d needs its window size, e.g. - max_pool2d: 2", error(model("  - max_pool2d\n")));
        assertEquals("config cnn.yaml line 4: max_pool2d padding must be at most half the window (2x2), got 2, 2",
                error(model("  - max_pool2d: 2\n    padding: 2\n")));
        assertEquals("config cnn.yaml line 3: zero_padding2d must be a number, [rows, columns] or [top, bottom, left, right], got a list of 3",
                error(model("  - zero_padding2d: [1, 2, 3]\n")));
        assertEquals("config cnn.yaml line 3: global_avg_pool takes no value here; give options as global_avg_pool: {...}",
                error(model("  - global_avg_pool: 2\n")));
        assertEquals("config cnn.yaml line 4: momentum must be in [0, 1], got 2.0", error(model("  - batch_norm2d:\n      momentum: 2\n")));
        assertTrue(error(model("  - conv2: 8\n")).startsWith("config cnn.yaml line 3: unknown layer 'conv2' (known: dense, "), error(model("  - conv2: 8\n")));
        assertTrue(error(model("  - conv2: 8\n")).endsWith("(did you mean 'conv2d'?)"));
    }

    @Test
    void zooModelsAreNamedWithTheirOptions() {
        ZooSpec lenet = yaml(DATA + "model: {zoo: lenet5}\n").model().zoo().orElseThrow();
        assertEquals("lenet5", lenet.name());
        assertEquals("modern", lenet.variant());
        assertEquals(Optional.empty(), lenet.classes());
        assertEquals("classic", yaml(DATA + "model: {zoo: LeNet5, variant: classic, classes: 10}\n").model().zoo().orElseThrow().variant());

        RunSpec r = yaml(DATA + "model: {zoo: resnet, blocks: [1, 1], width: 8, stem: small, classes: 6}\n");
        ZooSpec z = r.model().zoo().orElseThrow();
        assertTrue(r.model().layers().isEmpty());
        assertArrayEquals(new int[] {1, 1}, z.blocks());
        assertEquals(8, z.width());
        assertEquals("small", z.stem());
        assertEquals("basic", z.block());
        assertEquals(Optional.of(6), z.classes());
        assertEquals("resnet [1, 1] width 8", z.label());
        ZooSpec defaults = yaml(DATA + "model: {zoo: resnet}\n").model().zoo().orElseThrow();
        assertArrayEquals(new int[] {2, 2}, defaults.blocks());
        assertEquals(16, defaults.width());
    }

    @Test
    void zooMistakesNameTheLine() {
        assertEquals("config cnn.yaml line 2: unknown zoo model 'resnt' (known: lenet5, resnet) (did you mean 'resnet'?)",
                error(DATA + "model: {zoo: resnt}\n"));
        assertEquals("config cnn.yaml line 2: unknown key 'depth' in model (known: zoo, classes, blocks, width, stem, block)",
                error(DATA + "model: {zoo: resnet, depth: 18}\n"));
        assertEquals("config cnn.yaml line 2: every stage needs at least 1 block, got [2, 0]", error(DATA + "model: {zoo: resnet, blocks: [2, 0]}\n"));
        assertEquals("config cnn.yaml line 2: unknown stem 'tiny' (known: small, imagenet)", error(DATA + "model: {zoo: resnet, stem: tiny}\n"));
        assertEquals("config cnn.yaml line 2: width must be at least 1, got 0", error(DATA + "model: {zoo: resnet, width: 0}\n"));
        assertEquals("config cnn.yaml line 2: model must be a list of layers (- dense: 64 ...), the path of a saved model or a zoo model"
                + " ({zoo: lenet5}), got a mapping", error(DATA + "model: {resnet: 18}\n"));
    }

    @Test
    void augmentStepsAreReadWithTheirDefaults() {
        RunSpec s = yaml(model("  - flatten\n  - dense: 6\n") + """
                augment:
                  - flip_horizontal
                  - flip_vertical: 0.25
                  - random_crop: {padding: 2}
                  - random_crop: {size: [28, 28], padding: 1, fill: 0.5}
                  - rotation: 10
                  - rotation: {degrees: 5, fill: 1}
                  - affine: {degrees: 10, scale: [0.9, 1.1], translate: 0.1, shear: 5}
                  - affine: {translate: [0.1, 0.2]}
                  - elastic: {alpha: 34, sigma: 4}
                """);
        List<AugmentSpec.Step> a = s.augment().orElseThrow().steps();
        assertEquals(List.of("flip_horizontal", "flip_vertical", "random_crop", "random_crop", "rotation", "rotation", "affine", "affine", "elastic"),
                a.stream().map(AugmentSpec.Step::kind).toList());
        assertEquals(0.5, (double) a.get(0).arg("p"));
        assertEquals(0.25, (double) a.get(1).arg("p"));
        assertEquals(2, (int) a.get(2).arg("padding"));
        assertEquals(false, a.get(2).args().containsKey("size"));
        assertEquals(0.0, (double) a.get(2).arg("fill"));
        assertArrayEquals(new int[] {28, 28}, a.get(3).arg("size"));
        assertEquals(0.5, (double) a.get(3).arg("fill"));
        assertEquals(10.0, (double) a.get(4).arg("degrees"));
        assertEquals(1.0, (double) a.get(5).arg("fill"));
        assertArrayEquals(new double[] {0.9, 1.1}, a.get(6).arg("scale"));
        assertArrayEquals(new double[] {0.1, 0.1}, a.get(6).arg("translate"));
        assertEquals(5.0, (double) a.get(6).arg("shear"));
        assertArrayEquals(new double[] {0.1, 0.2}, a.get(7).arg("translate"));
        assertArrayEquals(new double[] {1, 1}, a.get(7).arg("scale"));
        assertEquals(34.0, (double) a.get(8).arg("alpha"));
        assertEquals(Optional.empty(), yaml(model("  - flatten\n  - dense: 6\n")).augment());
        assertEquals(Optional.empty(), yaml(model("  - flatten\n  - dense: 6\n") + "augment: []\n").augment());
    }

    @Test
    void augmentMistakesNameTheLineAndTheFix() {
        String base = model("  - flatten\n  - dense: 6\n") + "augment:\n";
        assertEquals("config cnn.yaml line 6: unknown augment step 'flip_horizontl' (known: flip_horizontal, flip_vertical, random_crop, rotation,"
                + " affine, elastic) (did you mean 'flip_horizontal'?)", error(base + "  - flip_horizontl\n"));
        assertEquals("config cnn.yaml line 6: flip_horizontal probability must be in [0, 1], got 1.5", error(base + "  - flip_horizontal: 1.5\n"));
        assertEquals("config cnn.yaml line 6: rotation needs degrees, e.g. - rotation: 10", error(base + "  - rotation\n"));
        assertEquals("config cnn.yaml line 6: degrees must be a finite angle of 0 or more, got -5.0", error(base + "  - rotation: -5\n"));
        assertEquals("config cnn.yaml line 6: random_crop without padding cuts the image itself: nothing changes; give padding, e.g."
                + " - random_crop: {padding: 2}", error(base + "  - random_crop\n"));
        assertEquals("config cnn.yaml line 6: padding must be 0 or more, got -1", error(base + "  - random_crop: {padding: -1}\n"));
        assertEquals("config cnn.yaml line 6: unknown key 'pad' in random_crop (known: size, padding, fill)",
                error(base + "  - random_crop: {pad: 2}\n"));
        assertEquals("config cnn.yaml line 6: scale must be [min, max] with 0 < min <= max, e.g. [0.9, 1.1]",
                error(base + "  - affine: {scale: [1.1, 0.9]}\n"));
        assertEquals("config cnn.yaml line 6: affine with no degrees, scale, translate or shear changes nothing; e.g. - affine: {degrees: 10,"
                + " scale: [0.9, 1.1], translate: 0.1}", error(base + "  - affine: {}\n"));
        assertEquals("config cnn.yaml line 6: elastic needs alpha (the displacement's scale) and sigma (its smoothness in pixels), e.g."
                + " - elastic: {alpha: 34, sigma: 4}", error(base + "  - elastic: {alpha: 34}\n"));
        assertEquals("config cnn.yaml line 6: one transform per list item, with its options inside {...}: e.g. - random_crop: {padding: 2}"
                + " (this one has rotation, padding)", error(base + "  - rotation: 10\n    padding: 2\n"));
        assertEquals("config cnn.yaml line 5: augment must be a list of transforms (- flip_horizontal ...), got the text 'flip_horizontal'",
                error(base.replace("augment:\n", "augment: flip_horizontal\n")));
    }
}
