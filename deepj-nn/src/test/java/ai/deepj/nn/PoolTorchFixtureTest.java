package ai.deepj.nn;

import static ai.deepj.nn.LayersTorchFixtureTest.assertClose;
import static ai.deepj.nn.LayersTorchFixtureTest.tensor;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.PadMode;
import ai.deepj.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the PyTorch fixtures of {@code fixtures/pool.json} (written by
 * {@code tools/fixtures/generate_pool.py}): zero padding, max and average pooling in 1-D, 2-D and
 * 3-D (overlapping windows, padding, dilation, ceil mode, both average divisors, ties for max),
 * global pooling, batch norm over channels (training, evaluation, running statistics after four
 * steps), and {@link Tensor#pad} in the reflect, replicate, circular and constant modes. Module
 * cases run exactly as {@link LayersTorchFixtureTest} runs them, with its tolerance
 * ({@code 1e-12 + 1e-10·|expected|}, float64 on both sides); max pooling and padding copy values,
 * so they agree exactly.
 */
class PoolTorchFixtureTest {
    static List<Map<String, Object>> cases() {
        return LayersTorchFixtureTest.cases("/fixtures/pool.json");
    }

    @TestFactory
    Stream<DynamicTest> poolingPaddingAndBatchNormMatchPyTorch() {
        return cases().stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"),
                () -> {
                    if (c.containsKey("op")) replayPad(c);
                    else LayersTorchFixtureTest.replay(c);
                }));
    }

    @Test
    void fixturesCoverEveryLayerEveryPadModeAndTies() {
        List<Map<String, Object>> cases = cases();
        var types = cases.stream().filter(c -> c.containsKey("module"))
                .map(c -> (String) ((Map<?, ?>) c.get("module")).get("type")).distinct().toList();
        for (String t : List.of("ZeroPadding1d", "ZeroPadding2d", "ZeroPadding3d", "MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d",
                "AvgPool2d", "AvgPool3d", "GlobalAvgPool", "GlobalMaxPool", "BatchNorm2d", "BatchNorm3d")) {
            assertTrue(types.contains(t), "no fixture for " + t);
        }
        var modes = cases.stream().filter(c -> c.containsKey("op")).map(c -> (String) ((Map<?, ?>) c.get("args")).get("mode"))
                .distinct().toList();
        for (PadMode m : PadMode.values()) assertTrue(modes.contains(m.name()), "no fixture for pad mode " + m);
        assertTrue(cases.stream().filter(c -> ((String) c.get("name")).contains("ties")).count() >= 5, "too few cases with ties");
    }

    @SuppressWarnings("unchecked")
    private static void replayPad(Map<String, Object> c) {
        String name = (String) c.get("name");
        Map<String, Object> args = (Map<String, Object>) c.get("args");
        int[] before = ints(args.get("before")), after = ints(args.get("after"));
        Tensor x = tensor((Map<String, Object>) c.get("input")).requiresGrad(true);
        Tensor y = x.pad(before, after, PadMode.valueOf((String) args.get("mode")), (Double) args.get("value"));
        assertClose(name + " output", (Map<String, Object>) c.get("output"), y);
        double[] up = ((List<Double>) c.get("upstream")).stream().mapToDouble(Double::doubleValue).toArray();
        y.backward(Tensor.of(up, y.shape().toArray()));
        assertClose(name + " grad input", (Map<String, Object>) ((Map<String, Object>) c.get("grads")).get("input"), x.grad());
    }

    private static int[] ints(Object list) {
        return ((List<?>) list).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
    }
}
