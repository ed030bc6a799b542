package ai.deepj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.deepj.data.SharedData;
import ai.deepj.nn.io.Safetensors;
import ai.deepj.tensor.DType;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The course's cat results on its real data (skipped, with the reason, when the data is absent). */
class CatClassifierTest {
    private static CatClassifier.Data data() throws IOException {
        var dir = SharedData.find("catvnoncat");
        assumeTrue(dir.isPresent(), () -> "skipped: " + SharedData.missingReason("catvnoncat"));
        return CatClassifier.load(dir.get());
    }

    @Test
    void logisticRegressionReachesTheCoursesAccuracy() throws IOException {
        // Course (Course 1 week 2): 99% train, 70% test with α = 0.005, 2000 iterations, zero init. Zero init is
        // deterministic, so the run is the course's own: 207 of 209 train and 35 of 50 test images right, and
        // the cost after 1500 iterations 0.166522 where the course prints 0.166521.
        var r = CatClassifier.logisticRegression(data(), 0.005, 2000, null);
        assertEquals(207.0 / 209, r.trainAccuracy(), 1e-6);
        assertEquals(35.0 / 50, r.testAccuracy(), 1e-6);
        assertEquals(Math.log(2), r.firstCost(), 1e-6);
    }

    @Test
    void fourLayerNetworkReachesTheCoursesAccuracy() throws IOException {
        // Course (Course 1 week 4): 98.6% train, 80% test with [12288, 20, 7, 5, 1], α = 0.0075, 2500 iterations,
        // from numpy's np.random.seed(1) draw. Started from that very draw deepj retraces the course's run exactly
        // (fourLayerNetworkFromTheCoursesInitialWeightsRetracesTheCoursesRun), so the difference seen here is only
        // the random draw: deepj's seeded Init.xavier is the same distribution, N(0, 1/n[l-1]), but other numbers.
        // The course's draw happens to be a slow one (cost still 0.53 after 600 iterations, 0.093 at 2400): the
        // course's own numpy code with seeds 2-7 (tools/fixtures/cat_course_init.py --seed N) ends at cost 0.003-0.034
        // with 99.5-100% train and 76, 78, 76, 74, 68, 76% test. Over seeds 1-7 deepj (float32) likewise gets 100%
        // train and 72, 76, 78, 68, 78, 74, 74% test (mean 74.3%; each test image is 2 points); seed 1 ends at
        // cost ~0.004 with 100% / 72%. The course's 80% is the lucky end of that spread.
        var r = CatClassifier.deepNetwork(data(), new int[] {20, 7, 5}, 0.0075, 2500, 1, null);
        assertTrue(r.trainAccuracy() >= 0.95, "train " + r.trainAccuracy());
        assertTrue(r.testAccuracy() >= 0.70 - 1e-6, "test " + r.testAccuracy());
    }

    /** The costs the course prints ("Cost after iteration i"), i = 0, 100, ..., 2400, to 6 decimals. */
    private static final double[] COURSE_COSTS = {
        0.771749, 0.672053, 0.648263, 0.611507, 0.567047, 0.540138, 0.527930, 0.465477, 0.369126, 0.391747,
        0.315187, 0.272700, 0.237419, 0.199601, 0.189263, 0.161189, 0.148214, 0.137775, 0.129740, 0.121225,
        0.113821, 0.107839, 0.102855, 0.100897, 0.092878};

    /**
     * From the course's own initial weights ({@code cat/course_init.safetensors}: numpy's {@code np.random.seed(1)}
     * draw, float64, written by {@code tools/fixtures/cat_course_init.py}), deepj in float64 retraces the course's
     * run: all 25 printed costs equal the course's to its 6 decimals (within 5e-7, half a unit of the last
     * printed digit), each cost agrees with the script's float64 numpy run (stored in the same file) to 1e-12
     * relative (measured: ≤ 1.2e-15, a few ulps, even after 2500 steps: no ReLU changes side between the two
     * runs; the margin allows other summation orders, e.g. other BLAS blockings), and the end is the course's 206 of 209 train and 40 of 50 test images right. About 19 s.
     *
     * <p>Float64 because the course runs in float64: in float32 the run from the same weights drifts off the
     * course's path after a few hundred iterations (0.6090 vs 0.6115 at 300, 0.4709 vs 0.5279 at 600, 0.0893 vs
     * 0.0929 at 2400) yet still ends at 98.6% / 80%.
     */
    @Test
    void fourLayerNetworkFromTheCoursesInitialWeightsRetracesTheCoursesRun() throws IOException, URISyntaxException {
        Path file = Path.of(CatClassifierTest.class.getResource("/cat/course_init.safetensors").toURI());
        double[] numpyCosts = Safetensors.read(file).tensors().get("costs").toDoubleArray();
        CatClassifier.Result r;
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            r = CatClassifier.deepNetwork(data(), CatClassifier.readCourseWeights(file), 0.0075, 2500, null);
        }
        assertEquals(COURSE_COSTS.length, r.costs().size());
        for (int i = 0; i < COURSE_COSTS.length; i++) {
            double cost = r.costs().get(i);
            assertEquals(COURSE_COSTS[i], cost, 5e-7, "course's cost after iteration " + 100 * i);
            assertEquals(numpyCosts[i], cost, 1e-12 * numpyCosts[i], "numpy's cost after iteration " + 100 * i);
        }
        assertEquals(206, Math.round(209 * r.trainAccuracy()), "train images right of 209");
        assertEquals(40, Math.round(50 * r.testAccuracy()), "test images right of 50");
    }
}
