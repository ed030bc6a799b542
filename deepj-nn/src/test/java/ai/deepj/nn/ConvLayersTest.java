package ai.deepj.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.autograd.GradCheck;
import ai.deepj.nn.init.Init;
import ai.deepj.nn.io.ModelIO;
import ai.deepj.nn.loss.CrossEntropy;
import ai.deepj.tensor.ConvOptions;
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
 * Conv1d, Conv2d and Conv3d as layers: parameters and PyTorch's initialization, config and
 * {@link ModelIO} round trips, summaries with output shapes, whole-model gradient checks, and the
 * messages callers see. The numbers themselves are checked against PyTorch in
 * {@link ConvTorchFixtureTest} and against finite differences in deepj-core's {@code ConvGradCheckTest}.
 */
class ConvLayersTest {
    @TempDir
    Path dir;

    private static Tensor randn(long seed, int... shape) {
        return Tensor.randn(Generator.seeded(seed), shape);
    }

    @Test
    void parametersHaveTheWeightLayoutOfPyTorch() {
        Conv2d c = new Conv2d(6, 8, new int[] {3, 5}, Conv2d.Options.defaults().withGroups(2), Generator.seeded(1));
        assertArrayEquals(new int[] {8, 3, 3, 5}, c.weight().shape().toArray());
        assertArrayEquals(new int[] {8}, c.bias().shape().toArray());
        assertEquals(List.of("weight", "bias"), List.copyOf(c.namedParameters().keySet()));
        assertEquals(8 * 3 * 3 * 5 + 8, c.parameterCount());
        assertArrayEquals(new int[] {4, 2, 7}, new Conv1d(2, 4, 7).weight().shape().toArray());
        assertArrayEquals(new int[] {4, 2, 1, 2, 3}, new Conv3d(2, 4, new int[] {1, 2, 3}, Conv3d.Options.defaults(), Generator.seeded(2))
                .weight().shape().toArray());
        Conv2d noBias = new Conv2d(3, 4, 3, Conv2d.Options.defaults().withBias(false), Generator.seeded(3));
        assertNull(noBias.bias());
        assertEquals(List.of("weight"), List.copyOf(noBias.namedParameters().keySet()));
        assertEquals(DType.FLOAT32, c.weight().dtype());
    }

    @Test
    void defaultInitializationIsPyTorchsKaimingUniformWithASqrt5() {
        // kaiming_uniform_(a=√5): gain √(2/(1+5)), bound gain·√(3/fanIn) = 1/√fanIn; the bias U(±1/√fanIn) too.
        Conv2d c = new Conv2d(16, 32, 3, Conv2d.Options.defaults().withGroups(4), Generator.seeded(4));
        double bound = 1 / Math.sqrt(16 / 4 * 9);
        double wMax = c.weight().abs().max().item(), bMax = c.bias().abs().max().item();
        assertTrue(wMax <= bound && wMax > 0.99 * bound, "max |weight| " + wMax + " for bound " + bound); // 1152 draws
        assertTrue(bMax <= bound, "max |bias| " + bMax + " for bound " + bound);
        // U(±b) has variance b²/3; over 1152 draws the mean square is within 10% (4 standard deviations)
        assertEquals(bound * bound / 3, c.weight().square().mean().item(), bound * bound / 3 * 0.1);
        Conv2d he = new Conv2d(3, 64, 3, Conv2d.Options.defaults().withWeightInit(Init.heNormal()).withBiasInit(Init.zeros()),
                Generator.seeded(5));
        assertEquals(2.0 / 27, he.weight().square().mean().item(), 2.0 / 27 * 0.1);
        assertEquals(0, he.bias().abs().max().item());
    }

    @Test
    void configRoundTripsThroughTheRegistryAndModelIO() throws IOException {
        Generator g = Generator.seeded(6);
        Sequential model = new Sequential(
                new Conv1d(2, 4, 3, Conv1d.Options.defaults().withSamePadding().withDilation(2), g),
                new Tanh(),
                new Reshape(4, 1, 9),
                new Conv2d(4, 6, new int[] {1, 3}, Conv2d.Options.defaults().withStride(1, 2).withPadding(0, 1).withGroups(2), g),
                new Reshape(6, 1, 1, 5),
                new Conv3d(6, 3, 1, Conv3d.Options.defaults().withValidPadding().withBias(false), g),
                new Flatten());
        Map<String, Object> cfg = model.get(3).config();
        assertEquals(Map.of("in", 4, "out", 6, "kernel", List.of(1, 3), "stride", List.of(1, 2), "padding", List.of(0, 1),
                "dilation", List.of(1), "groups", 2, "bias", true), cfg);
        assertEquals("same", model.get(0).config().get("padding"));
        assertEquals("valid", model.get(5).config().get("padding"));
        Tensor x = randn(7, 3, 2, 9);
        Tensor y = model.forward(x);
        assertArrayEquals(new int[] {3, 15}, y.shape().toArray());
        assertArrayEquals(y.toFloatArray(), model.copy().forward(x).toFloatArray(), 0f);
        ModelIO.save(model, dir);
        Module loaded = ModelIO.load(dir);
        assertArrayEquals(y.toFloatArray(), loaded.forward(x).toFloatArray(), 0f);
        ConvNd c = (ConvNd) ((Sequential) loaded).get(3);
        assertEquals(ConvOptions.defaults().withStride(1, 2).withPadding(0, 1).withGroups(2), c.convOptions());
        assertArrayEquals(new int[] {1, 3}, c.kernelSize());
    }

    @Test
    void configWithAnUnknownPaddingIsRefused() {
        Map<String, Object> cfg = new java.util.HashMap<>(new Conv2d(1, 1, 3).config());
        cfg.put("padding", "full");
        assertEquals("Conv2d config: 'padding' must be \"same\", \"valid\" or a list of integers, got \"full\"",
                illegal(() -> ModuleRegistry.fromConfig(Map.of("type", "Conv2d", "config", cfg))));
    }

    @Test
    void summaryShowsEachLayersOutputShape() {
        Generator g = Generator.seeded(8);
        Sequential lenet = new Sequential(
                new Conv2d(1, 6, 5, Conv2d.Options.defaults(), g), new ReLU(),
                new Conv2d(6, 16, 5, Conv2d.Options.defaults().withStride(2), g), new ReLU(),
                new Flatten(), new Linear(16 * 12 * 12, 10, Linear.Options.defaults(), g));
        String s = lenet.summary(1, 1, 32, 32);
        assertTrue(s.contains("0 (Conv2d)") && s.contains("[1, 6, 28, 28]") && s.contains("156"), s);
        assertTrue(s.contains("2 (Conv2d)") && s.contains("[1, 16, 12, 12]") && s.contains("2,416"), s);
        assertTrue(s.contains("Total params: " + String.format(java.util.Locale.ROOT, "%,d", 156 + 2416 + 2304 * 10 + 10)), s);
    }

    @Test
    void aSmallConvNetPassesModelGradCheck() {
        Generator g = Generator.seeded(9);
        Sequential net = new Sequential(
                new Conv2d(2, 4, 3, Conv2d.Options.defaults().withPadding(1), g), new Tanh(),
                new Conv2d(4, 4, 3, Conv2d.Options.defaults().withStride(2).withGroups(2), g), new Tanh(),
                new Conv2d(4, 3, 1, Conv2d.Options.defaults(), g), new Flatten(),
                new Linear(3 * 2 * 2, 3, Linear.Options.defaults(), g));
        Tensor x = randn(10, 3, 2, 6, 5);
        Tensor labels = Tensor.of(new int[] {0, 2, 1}, 3);
        CrossEntropy loss = new CrossEntropy();
        GradCheck.Result r = ModelGradCheck.check(net, x, out -> loss.compute(out, labels));
        assertTrue(r.passed(), r.toString());
        assertEquals(net.parameterCount(), r.coordinates());
        Sequential seq = new Sequential(new Conv1d(3, 2, 3, Conv1d.Options.defaults().withSamePadding(), g), new ReLU(),
                new Conv1d(2, 2, 2, Conv1d.Options.defaults().withStride(2), g), new Flatten());
        GradCheck.Result r1 = ModelGradCheck.check(seq, randn(11, 2, 3, 8), out -> out.square().sum());
        assertTrue(r1.passed(), r1.toString());
        Sequential vol = new Sequential(new Conv3d(1, 2, 2, Conv3d.Options.defaults().withPadding(1), g), new Tanh(), new Flatten());
        GradCheck.Result r3 = ModelGradCheck.check(vol, randn(12, 2, 1, 2, 3, 3), out -> out.square().sum());
        assertTrue(r3.passed(), r3.toString());
    }

    private static String illegal(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    @Test
    void mistakesNameTheLayer() {
        Conv2d c = new Conv2d(3, 16, 3);
        assertEquals("Conv2d(3 -> 16, kernel [3, 3]): expects input [N, 3, H, W] or [3, H, W], got [8, 1, 28, 28]",
                illegal(() -> c.forward(Tensor.zeros(8, 1, 28, 28))));
        assertEquals("Conv2d(3 -> 16, kernel [3, 3]): expects input [N, 3, H, W] or [3, H, W], got [8, 784]",
                illegal(() -> c.forward(Tensor.zeros(8, 784))));
        assertEquals("Conv1d(2 -> 2, kernel [5]): conv1d: the kernel does not fit along length: input 3, kernel 5, padding 0, stride 1,"
                + " dilation 1 give an output size of ⌊(3 + 2·0 − 1·(5 − 1) − 1) / 1⌋ + 1 = -1 (input [4, 2, 3], weight [2, 2, 5]); pad"
                + " the input or use a smaller kernel, stride or dilation",
                illegal(() -> new Conv1d(2, 2, 5).forward(Tensor.zeros(4, 2, 3))));
        assertEquals("Conv2d: groups 4 must divide both the input channels (6) and the output channels (8)",
                illegal(() -> new Conv2d(6, 8, 3, Conv2d.Options.defaults().withGroups(4), Generator.seeded(1))));
        assertEquals("Conv3d: kernel size [3, 3] has 2 values; give 1 or 3",
                illegal(() -> new Conv3d(1, 1, new int[] {3, 3}, Conv3d.Options.defaults(), Generator.seeded(1))));
        assertEquals("Conv2d: stride [1, 2, 2] has 3 values; give 1 or 2",
                illegal(() -> new Conv2d(1, 1, 3, Conv2d.Options.defaults().withStride(1, 2, 2), Generator.seeded(1))));
        assertEquals("Conv1d: channels must be positive, got 0 -> 4", illegal(() -> new Conv1d(0, 4, 3)));
        assertEquals("Conv2d: kernel sizes must be positive, got [3, 0]",
                illegal(() -> new Conv2d(1, 1, new int[] {3, 0}, Conv2d.Options.defaults(), Generator.seeded(1))));
    }
}
