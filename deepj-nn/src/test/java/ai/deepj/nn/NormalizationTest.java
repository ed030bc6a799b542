package ai.deepj.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.autograd.GradCheck;
import ai.deepj.nn.io.ModelIO;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Normalization against hand computations (population variance, ε inside the root), statistics
 * taken from the training set only, the feature-axis option, constant features, saving with
 * ModelIO and gradient checks. It is not a PyTorch op, so the references are computed here.
 */
class NormalizationTest {
    @TempDir
    Path dir;

    private static final double EPS = 1e-7;

    /** Population mean and variance of column f of row-major [m, d] data, by hand. */
    private static double[] stats(double[] x, int d, int f) {
        int m = x.length / d;
        double mean = 0, var = 0;
        for (int i = 0; i < m; i++) mean += x[i * d + f];
        mean /= m;
        for (int i = 0; i < m; i++) var += (x[i * d + f] - mean) * (x[i * d + f] - mean);
        return new double[] {mean, var / m};
    }

    @Test
    void statisticsAndOutputsMatchAHandComputation() {
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            double[] x = {1, 10, -3, 2, 20, 0, 4, 60, 5, 9, 30, 2, 0.5, 10, 7};  // [5, 3]
            Normalization norm = new Normalization().adapt(Tensor.of(x, 5, 3));
            assertEquals(5, norm.count());
            assertArrayEquals(new int[] {3}, norm.mean().shape().toArray());
            Tensor y = norm.forward(Tensor.of(x, 5, 3));
            for (int f = 0; f < 3; f++) {
                double[] st = stats(x, 3, f);
                assertEquals(st[0], norm.mean().get(f), 1e-14);
                assertEquals(st[1], norm.variance().get(f), 1e-12, "population variance, dividing by m");
                for (int i = 0; i < 5; i++) assertEquals((x[i * 3 + f] - st[0]) / Math.sqrt(st[1] + EPS), y.get(i, f), 1e-13);
            }
            // Column 0 by hand: mean (1 + 2 + 4 + 9 + 0.5)/5 = 3.3, variance
            // (2.3² + 1.3² + 0.7² + 5.7² + 2.8²)/5 = (5.29 + 1.69 + 0.49 + 32.49 + 7.84)/5 = 47.8/5 = 9.56.
            assertEquals(3.3, norm.mean().get(0), 1e-14);
            assertEquals(9.56, norm.variance().get(0), 1e-13);
        }
    }

    @Test
    void float32StatisticsAreTheFloat64OnesRounded() {
        Tensor x = Tensor.randn(Generator.seeded(1), 200, 4).mul(3).add(100);
        Normalization norm = new Normalization().adapt(x);
        assertEquals(DType.FLOAT32, norm.mean().dtype());
        double[] xs = x.toDoubleArray();
        for (int f = 0; f < 4; f++) {
            double[] st = stats(xs, 4, f);
            assertEquals((float) st[0], (float) norm.mean().get(f));
            assertEquals((float) st[1], (float) norm.variance().get(f), Math.ulp((float) st[1]));
        }
    }

    @Test
    void devAndTestAreTransformedWithTheTrainingStatistics() {
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            Tensor train = Tensor.randn(Generator.seeded(2), 100, 3);
            Tensor dev = Tensor.randn(Generator.seeded(3), 40, 3).mul(4).add(10);   // another distribution
            Normalization norm = new Normalization().adapt(train);
            Tensor trainMean = train.mean(new int[] {0}, false), trainVar = train.var(new int[] {0}, false, 0);
            Tensor expected = dev.sub(trainMean).div(trainVar.add(EPS).sqrt());
            assertArrayEquals(expected.toDoubleArray(), norm.forward(dev).toDoubleArray(), 1e-12);
            // Standardizing dev with its own statistics would centre it; with the training ones it stays far off.
            double devOutMean = norm.forward(dev).mean().item();
            assertTrue(devOutMean > 5, "dev output mean " + devOutMean);
            assertEquals(0, norm.forward(train).mean().item(), 1e-12);
            assertEquals(100, norm.count(), "forward does not adapt");
        }
    }

    @Test
    void adaptOnBatchesEqualsAdaptOnAllAtOnce() {
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            Tensor all = Tensor.randn(Generator.seeded(4), 103, 2, 3).mul(5).add(1e4);
            Normalization whole = new Normalization().adapt(all);
            Normalization parts = new Normalization().adapt(List.of(all.narrow(0, 0, 50), all.narrow(0, 50, 0), all.narrow(0, 50, 7),
                    all.narrow(0, 57, 46)));
            assertEquals(103, parts.count());
            assertArrayEquals(whole.mean().toDoubleArray(), parts.mean().toDoubleArray(), 1e-11);
            assertArrayEquals(whole.variance().toDoubleArray(), parts.variance().toDoubleArray(), 1e-11);
        }
    }

    @Test
    void featureAxesChooseWhichStatisticsAreSeparate() {
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            Tensor images = Tensor.randn(Generator.seeded(5), 6, 2, 4, 5);  // [N, C, H, W]
            images = images.add(Tensor.of(new double[] {-3, 8}, 1, 2, 1, 1));
            Normalization perChannel = new Normalization(Normalization.Options.defaults().withFeatureAxes(1)).adapt(images);
            assertArrayEquals(new int[] {2, 1, 1}, perChannel.mean().shape().toArray());
            for (int c = 0; c < 2; c++) {
                Tensor ch = images.narrow(1, c, 1);
                assertEquals(ch.mean().item(), perChannel.mean().get(c, 0, 0), 1e-13);
                assertEquals(ch.var(new int[] {0, 1, 2, 3}, false, 0).item(), perChannel.variance().get(c, 0, 0), 1e-12);
            }
            Tensor bigger = Tensor.randn(Generator.seeded(6), 1, 2, 7, 3);   // other image sizes fit per-channel statistics
            assertArrayEquals(new int[] {1, 2, 7, 3}, perChannel.forward(bigger).shape().toArray());

            Normalization last = new Normalization(Normalization.Options.defaults().withFeatureAxes(-1)).adapt(images);
            assertArrayEquals(new int[] {1, 1, 5}, last.mean().shape().toArray(), "Keras's axis=-1");
            Normalization perPixel = new Normalization().adapt(images);
            assertArrayEquals(new int[] {2, 4, 5}, perPixel.mean().shape().toArray());
            Normalization global = new Normalization(Normalization.Options.defaults().withFeatureAxes()).adapt(images);
            assertArrayEquals(new int[] {1, 1, 1}, global.mean().shape().toArray());
            assertEquals(images.mean().item(), global.mean().item(), 1e-13);
        }
    }

    @Test
    void aConstantFeatureGivesZeroOnTrainingDataAndFiniteValuesElsewhere() {
        Tensor train = Tensor.of(new float[] {7, 1, 7, 2, 7, 3}, 3, 2);
        Normalization norm = new Normalization().adapt(train);
        assertEquals(0, norm.variance().get(0));
        Tensor y = norm.forward(train);
        for (int i = 0; i < 3; i++) assertEquals(0, y.get(i, 0));
        double far = norm.forward(Tensor.of(new float[] {8, 2}, 1, 2)).get(0, 0);
        assertEquals(1 / Math.sqrt(1e-7), far, 1e-3 * far);
        assertTrue(Double.isFinite(far));
        // A single training example: every variance is 0, nothing is NaN.
        Normalization one = new Normalization().adapt(Tensor.of(new float[] {1, 2}, 1, 2));
        for (double v : one.forward(Tensor.of(new float[] {1, 5}, 1, 2)).toDoubleArray()) assertTrue(Double.isFinite(v));
    }

    @Test
    void invertUndoesForward() {
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            Tensor x = Tensor.randn(Generator.seeded(7), 10, 3).mul(50).add(-20);
            Normalization norm = new Normalization().adapt(x);
            assertArrayEquals(x.toDoubleArray(), norm.invert(norm.forward(x)).toDoubleArray(), 1e-11);
            Tensor z = Tensor.of(new double[] {0, 1, -1}, 1, 3);
            Tensor back = norm.invert(z);
            for (int f = 0; f < 3; f++) {
                assertEquals(norm.mean().get(f) + z.get(0, f) * Math.sqrt(norm.variance().get(f) + EPS), back.get(0, f), 1e-12);
            }
        }
    }

    @Test
    void usingItBeforeAdaptIsAClearError() {
        Normalization norm = new Normalization();
        assertFalse(norm.isAdapted());
        var e = assertThrows(IllegalStateException.class, () -> norm.forward(Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().contains("Normalization") && e.getMessage().contains("adapt"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> norm.invert(Tensor.zeros(2, 3)));
        assertThrows(IllegalStateException.class, norm::mean);
        // Rebuilt from an adapted layer's config but never given its state: still refused, not an identity map.
        Normalization adapted = new Normalization().adapt(Tensor.randn(Generator.seeded(8), 4, 3));
        Module fresh = ModuleRegistry.fromConfig(ModuleRegistry.describe(adapted));
        assertThrows(IllegalStateException.class, () -> fresh.forward(Tensor.zeros(2, 3)));
        fresh.loadState(adapted.state());
        assertArrayEquals(adapted.forward(Tensor.ones(2, 3)).toFloatArray(), fresh.forward(Tensor.ones(2, 3)).toFloatArray());
    }

    @Test
    void badInputsAndOptionsAreNamed() {
        Normalization norm = new Normalization().adapt(Tensor.randn(Generator.seeded(9), 5, 3));
        var shape = assertThrows(IllegalArgumentException.class, () -> norm.forward(Tensor.zeros(2, 4)));
        assertTrue(shape.getMessage().contains("[2, 4]") && shape.getMessage().contains("[N, 3]"), shape.getMessage());
        var again = assertThrows(IllegalArgumentException.class, () -> norm.adapt(Tensor.zeros(5, 4)));
        assertTrue(again.getMessage().contains("[4]") && again.getMessage().contains("[3]"), again.getMessage());
        var nan = assertThrows(IllegalArgumentException.class,
                () -> new Normalization().adapt(Tensor.of(new float[] {1, Float.NaN, 2, 3}, 2, 2)));
        assertTrue(nan.getMessage().contains("feature 1") && nan.getMessage().contains("NaN"), nan.getMessage());
        var none = assertThrows(IllegalArgumentException.class, () -> new Normalization().adapt(Tensor.zeros(0, 3)));
        assertTrue(none.getMessage().contains("no examples"), none.getMessage());
        var batches = assertThrows(IllegalArgumentException.class,
                () -> new Normalization().adapt(List.of(Tensor.zeros(2, 3), Tensor.zeros(2, 5))));
        assertTrue(batches.getMessage().contains("[2, 5]") && batches.getMessage().contains("[N, 3]"), batches.getMessage());
        var axis0 = assertThrows(IllegalArgumentException.class, () -> Normalization.Options.defaults().withFeatureAxes(0));
        assertTrue(axis0.getMessage().contains("axis 0"), axis0.getMessage());
        var far = assertThrows(IllegalArgumentException.class,
                () -> new Normalization(Normalization.Options.defaults().withFeatureAxes(3)).adapt(Tensor.zeros(2, 3)));
        assertTrue(far.getMessage().contains("feature axis 3"), far.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new Normalization(Normalization.Options.defaults().withFeatureAxes(1, -1)).adapt(Tensor.zeros(2, 3)));
        assertThrows(IllegalArgumentException.class, () -> Normalization.Options.defaults().withEps(0));
    }

    @Test
    void savedWithModelIOAndLoadedGivesIdenticalOutputs() throws IOException {
        Generator g = Generator.seeded(10);
        Tensor pixels = Tensor.of(new int[] {0, 255, 17, 128, 3, 99, 250, 1, 64, 200, 30, 77}, 4, 3);
        Rescaling rescale = new Rescaling(1.0 / 255);
        Normalization norm = new Normalization().adapt(rescale.forward(pixels));
        Sequential model = new Sequential(rescale, norm, new Linear(3, 2, Linear.Options.defaults(), g));
        String summary = model.summary(4, 3);
        assertTrue(summary.contains("Rescaling") && summary.contains("Normalization"), summary);
        ModelIO.save(model, dir);
        assertTrue(Files.readString(dir.resolve(ModelIO.MODEL_JSON)).contains("\"statisticsShape\""));
        Module loaded = ModelIO.load(dir);
        assertEquals(model.state().keySet(), loaded.state().keySet());
        assertTrue(loaded.state().keySet().containsAll(List.of("1.mean", "1.variance", "1.count")));
        Tensor a = model.forward(pixels), b = loaded.forward(pixels);
        assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0);
        assertEquals(4, ((Normalization) ((Sequential) loaded).get(1)).count());
        // Module.copy and a config round trip keep the statistics and the feature axes.
        Normalization perChannel = new Normalization(Normalization.Options.defaults().withFeatureAxes(1).withEps(1e-3))
                .adapt(Tensor.randn(g, 5, 2, 3));
        Module copy = perChannel.copy();
        assertEquals(ModuleRegistry.describe(perChannel), ModuleRegistry.describe(copy));
        Tensor in = Tensor.randn(g, 2, 2, 4);
        assertArrayEquals(perChannel.forward(in).toFloatArray(), copy.forward(in).toFloatArray(), 0);
    }

    @Test
    void passesGradientChecksThroughTheModelAndOnItsInput() {
        Generator g = Generator.seeded(12);
        Linear first = new Linear(3, 4, Linear.Options.defaults(), g);
        Tensor x = Tensor.randn(Generator.seeded(13), 6, 3);
        Normalization norm;
        try (var s = ai.deepj.tensor.Autograd.noGrad()) {
            norm = new Normalization().adapt(first.forward(x));
        }
        Module model = new Sequential(first, norm, new Tanh(), new Linear(4, 2, Linear.Options.defaults(), g));
        GradCheck.Result r = ModelGradCheck.check(model, x, out -> out.square().sum().mul(0.5));
        assertTrue(r.passed() && r.coordinates() == 3 * 4 + 4 + 4 * 2 + 2, r.toString());
        Module rescaled = new Sequential(new Rescaling(0.3, -2), new Linear(3, 2, Linear.Options.defaults(), g), new Tanh());
        assertTrue(ModelGradCheck.check(rescaled, x, out -> out.square().sum()).passed());
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            Normalization n64 = new Normalization().adapt(Tensor.randn(Generator.seeded(14), 8, 3).mul(2));
            GradCheck.Result onInput = GradCheck.check(in -> n64.forward(in[0]).tanh().sum(), Tensor.randn(Generator.seeded(15), 4, 3));
            assertTrue(onInput.passed(), onInput.toString());
            GradCheck.Result inverse = GradCheck.check(in -> n64.invert(in[0]).square().sum(), Tensor.randn(Generator.seeded(16), 4, 3));
            assertTrue(inverse.passed(), inverse.toString());
        }
    }
}
