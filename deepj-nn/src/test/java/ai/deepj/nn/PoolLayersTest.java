package ai.deepj.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.autograd.GradCheck;
import ai.deepj.nn.io.ModelIO;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The padding, pooling and global-pooling layers beyond the PyTorch fixtures: what the
 * constructors mean (sides, defaults), config round trips and saving with {@link ModelIO}, the
 * gradient check of whole small networks built from them in 1-D, 2-D and 3-D, and every error,
 * word for word, naming the layer.
 */
class PoolLayersTest {
    private static final Generator G = Generator.seeded(21);

    @TempDir
    Path dir;

    private static String illegal(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    private static Linear linear(int in, int out) {
        return new Linear(in, out, Linear.Options.defaults(), G);
    }

    /** A small network of each spatial rank using every new layer, ending in a [N, k] output. */
    static List<Sequential> networks() {
        Sequential oneD = new Sequential(linear(6, 30), new Reshape(3, 10), new ZeroPadding1d(1, 2), new BatchNorm1d(3),
                new MaxPool1d(PoolOptions.of(3).withStride(2)), new AvgPool1d(PoolOptions.of(2).withStride(1).withCeilMode(true)),
                new Tanh(), new GlobalMaxPool(), linear(3, 2));
        Sequential twoD = new Sequential(linear(12, 72), new Reshape(2, 6, 6), new ZeroPadding2d(1, 0, 1, 1), new BatchNorm2d(2),
                new MaxPool2d(PoolOptions.of(3).withStride(2).withPadding(1)),
                new AvgPool2d(PoolOptions.of(3).withStride(1).withPadding(1).withCountIncludePad(false)), new Tanh(),
                new MaxPool2d(2), new Flatten(), linear(8, 3));
        Sequential threeD = new Sequential(linear(5, 96), new Reshape(2, 3, 4, 4), new ZeroPadding3d(1, 0, 0), new BatchNorm3d(2),
                new MaxPool3d(PoolOptions.of(1, 2, 2)), new AvgPool3d(PoolOptions.of(2).withCeilMode(true)), new Tanh(),
                new GlobalAvgPool(true), new Flatten(), linear(2, 1));
        return List.of(oneD, twoD, threeD);
    }

    private static final int[][] INPUTS = {{4, 6}, {3, 12}, {3, 5}};

    /**
     * Every coordinate of the small tensors (γ, β, the last layer), 40 sampled ones of the first
     * layer's weight: the pooling layers sit between the first layer and the loss, so every sampled
     * coordinate's gradient passes through all of them.
     */
    @Test
    void smallNetworksOfEveryRankPassModelGradCheck() {
        GradCheck.Options sampled = GradCheck.Options.defaults().withMaxPerInput(40);
        List<Sequential> nets = networks();
        for (int i = 0; i < nets.size(); i++) {
            Sequential m = nets.get(i);
            Tensor x = Tensor.randn(Generator.seeded(30 + i), INPUTS[i]);
            GradCheck.Result train = ModelGradCheck.check(m, x, out -> out.square().sum(), sampled);
            assertTrue(train.passed(), () -> m + ": " + train);
            m.eval(); // and with batch norm's running statistics
            GradCheck.Result eval = ModelGradCheck.check(m, x, out -> out.square().sum(), sampled);
            assertTrue(eval.passed(), () -> m + " in eval mode: " + eval);
        }
        assertEquals("[3, 2]", networks().get(0).forward(Tensor.randn(G, 3, 6)).shape().toString());
    }

    @Test
    void everyLayerSurvivesAConfigRoundTripAndSaving() throws IOException {
        List<Sequential> nets = networks();
        for (int i = 0; i < nets.size(); i++) {
            Sequential m = nets.get(i);
            Tensor x = Tensor.randn(Generator.seeded(40 + i), INPUTS[i]);
            m.forward(x); // moves the batch-norm statistics
            m.eval();
            Module back = ModuleRegistry.fromConfig(ModuleRegistry.describe(m));
            back.loadState(m.state());
            back.eval();
            assertEquals(ModuleRegistry.describe(m), ModuleRegistry.describe(back));
            assertArrayEquals(m.forward(x).toFloatArray(), back.forward(x).toFloatArray(), 0f);
            Path d = dir.resolve("net" + i);
            ModelIO.save(m, d);
            Module loaded = ModelIO.load(d);
            loaded.eval();
            assertArrayEquals(m.forward(x).toFloatArray(), loaded.forward(x).toFloatArray(), 0f);
        }
        Map<String, Object> cfg = new MaxPool2d(PoolOptions.of(3, 2).withStride(2).withPadding(1, 0).withDilation(1, 2)).config();
        assertEquals("{kernel=[3, 2], stride=[2, 2], padding=[1, 0], dilation=[1, 2], ceilMode=false}", cfg.toString());
        assertEquals("{kernel=[2], stride=[2], padding=[0], ceilMode=true, countIncludePad=false}",
                new AvgPool1d(PoolOptions.of(2).withCeilMode(true).withCountIncludePad(false)).config().toString());
        assertEquals(PoolOptions.of(2, 2).withStride(2, 2).withPadding(0, 0).withDilation(1, 1), new MaxPool2d(2).options());
    }

    @Test
    void constructorsMeanWhatTheySay() {
        Tensor img = Tensor.ones(1, 1, 2, 3);
        // top 1, bottom 2, left 0, right 3
        Tensor p = new ZeroPadding2d(1, 2, 0, 3).forward(img);
        assertArrayEquals(new int[] {1, 1, 5, 6}, p.shape().toArray());
        assertEquals(6, p.sum().item());
        assertEquals(1, p.get(0, 0, 1, 0));
        assertEquals(0, p.get(0, 0, 1, 3));
        assertEquals(0, p.get(0, 0, 0, 0));
        assertArrayEquals(new int[] {1, 1, 4, 5}, new ZeroPadding2d(1).forward(img).shape().toArray());
        assertArrayEquals(new int[] {1, 1, 2, 7}, new ZeroPadding2d(0, 2).forward(img).shape().toArray());
        assertArrayEquals(new int[] {1, 1, 6}, new ZeroPadding1d(2, 1).forward(Tensor.ones(1, 1, 3)).shape().toArray());
        assertArrayEquals(new int[] {1, 1, 3, 4, 7}, new ZeroPadding3d(1, 0, 0, 2, 3, 1).forward(Tensor.ones(1, 1, 2, 2, 3))
                .shape().toArray());
        assertArrayEquals(new int[] {2, 3}, new GlobalAvgPool().forward(Tensor.ones(2, 3, 4, 5)).shape().toArray());
        assertArrayEquals(new int[] {2, 3, 1, 1}, new GlobalAvgPool(true).forward(Tensor.ones(2, 3, 4, 5)).shape().toArray());
        assertArrayEquals(new int[] {2, 3, 1, 1, 1}, new GlobalMaxPool(true).forward(Tensor.ones(2, 3, 4, 5, 2)).shape().toArray());
        assertArrayEquals(new int[] {1, 1, 2, 2}, new MaxPool2d(3, 2).forward(Tensor.ones(1, 1, 5, 6)).shape().toArray());
        assertArrayEquals(new int[] {1, 1, 3}, new AvgPool1d(2).forward(Tensor.ones(1, 1, 7)).shape().toArray());
        assertEquals(0, new MaxPool2d(2).parameterCount());
    }

    @Test
    void errorsNameTheLayer() {
        assertEquals("MaxPool2d: input [1, 3, 2, 2] is too small for kernel [3, 3], stride [2, 2], padding [0, 0], dilation [1, 1]:"
                + " the output would be [0, 0]", illegal(() -> new MaxPool2d(3, 2).forward(Tensor.zeros(1, 3, 2, 2))));
        assertEquals("AvgPool3d: input [1, 1, 4, 1, 4] is too small for kernel [2, 2, 2], stride [2, 2, 2], padding [0, 0, 0]:"
                + " the output would be [2, 0, 2]", illegal(() -> new AvgPool3d(2).forward(Tensor.zeros(1, 1, 4, 1, 4))));
        assertEquals("AvgPool1d: expects a [N, C, L] input, got [2, 3, 4, 4]", illegal(() -> new AvgPool1d(2).forward(Tensor.zeros(2, 3, 4, 4))));
        assertEquals("MaxPool2d: padding [2, 2] must be at most half the kernel [3, 3] (dilated: (kernel - 1) * dilation + 1)",
                illegal(() -> new MaxPool2d(PoolOptions.of(3).withPadding(2))));
        assertEquals("AvgPool2d: average pooling has no dilation (as in PyTorch), got [2, 2]",
                illegal(() -> new AvgPool2d(PoolOptions.of(2).withDilation(2))));
        assertEquals("MaxPool2d: countIncludePad applies only to average pooling",
                illegal(() -> new MaxPool2d(PoolOptions.of(2).withCountIncludePad(false))));
        assertEquals("MaxPool3d: kernel [2, 2] must have 1 or 3 sizes", illegal(() -> new MaxPool3d(PoolOptions.of(2, 2))));
        assertEquals("MaxPool1d: kernel, stride and dilation must be positive and padding non-negative, got kernel [0], stride [0],"
                + " padding [0], dilation [1]", illegal(() -> new MaxPool1d(0)));
        assertEquals("PoolOptions: kernel needs at least one size", illegal(PoolOptions::of));
        assertEquals("GlobalAvgPool: expects [N, C, ...] with at least one spatial dimension, got [3, 4]",
                illegal(() -> new GlobalAvgPool().forward(Tensor.zeros(3, 4))));
        assertEquals("GlobalMaxPool: input [2, 3, 0, 4] has no spatial elements to pool",
                illegal(() -> new GlobalMaxPool().forward(Tensor.zeros(2, 3, 0, 4))));
        assertEquals("ZeroPadding2d: padding must be non-negative, got before [-1, -1] and after [-1, -1]",
                illegal(() -> new ZeroPadding2d(-1)));
        assertEquals("ZeroPadding2d: expects a [N, C, H, W] input, got [2, 3, 4]", illegal(() -> new ZeroPadding2d(1).forward(Tensor.zeros(2, 3, 4))));
        assertEquals("MaxPool2d config: 'ceilMode' must be true or false, got 1.0", illegal(() -> ModuleRegistry.fromConfig(Map.of(
                "type", "MaxPool2d", "config", Map.of("kernel", List.of(2.0), "stride", List.of(2.0), "padding", List.of(0.0),
                        "dilation", List.of(1.0), "ceilMode", 1.0)))));
    }

    @Test
    void float64ModelsStayFloat64() {
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            Sequential m = networks().get(1);
            assertEquals(DType.FLOAT64, m.forward(Tensor.randn(G, 2, 12)).dtype());
        }
    }
}
