package ai.deepj.nn.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.deepj.nn.Module;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import com.google.gson.Gson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The zoo against the same architectures written in plain PyTorch ({@code tools/fixtures/generate_zoo.py}
 * → {@code fixtures/zoo.json}): parameter counts of every standard configuration, and small versions of
 * each builder loaded with the same random float64 weights, which must give PyTorch's outputs in
 * training mode (batch statistics) and evaluation mode (running statistics) and its input gradient.
 * Equal outputs mean equal wiring: strides, paddings, shortcuts and branch order.
 */
class ZooTorchFixtureTest {
    private static final double RTOL = 1e-9, ATOL = 1e-11;

    @SuppressWarnings("unchecked")
    static Map<String, Object> fixture() {
        try (InputStream in = ZooTorchFixtureTest.class.getResourceAsStream("/fixtures/zoo.json")) {
            assertNotNull(in, "/fixtures/zoo.json");
            return new Gson().fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), Map.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The parameter counts PyTorch gives for the same definitions (its script also checks torchvision's published ones). */
    @Test
    @SuppressWarnings("unchecked")
    void parameterCountsEqualPyTorchs() {
        Map<String, Double> counts = (Map<String, Double>) fixture().get("param_counts");
        Generator g = Generator.seeded(1);
        Map<String, Long> ours = new LinkedHashMap<>();
        ours.put("lenet5_classic", LeNet5.classic(10, g).parameterCount());
        ours.put("lenet5_mnist", LeNet5.mnist(10, g).parameterCount());
        ours.put("googlenet", Inception.googLeNet(1000, g).parameterCount());
        ours.put("nin_cifar", NetworkInNetwork.cifar(10, g).parameterCount());
        ours.put("resnet18", ResNet.resnet18(1000, g).parameterCount());
        ours.put("resnet34", ResNet.resnet34(1000, g).parameterCount());
        ours.put("resnet50", ResNet.resnet50(1000, g).parameterCount());
        ours.put("resnet_small", ResNet.build(ResNet.Block.BASIC, new int[] {2}, 10,
                ResNet.Options.defaults().withWidth(32).withStem(ResNet.Stem.SMALL), g).parameterCount());
        for (var e : ours.entrySet()) assertEquals(counts.get(e.getKey()).longValue(), e.getValue(), e.getKey());
        // The big ones are built (and their counts compared with the same numbers) in ClassicNetworksTest.
        assertEquals(138357544L, counts.get("vgg16").longValue());
        assertEquals(143667240L, counts.get("vgg19").longValue());
        assertEquals(61100840L, counts.get("alexnet_torchvision").longValue());
        assertEquals(62378344L, counts.get("alexnet_course").longValue());
    }

    @TestFactory
    @SuppressWarnings("unchecked")
    Stream<DynamicTest> smallVersionsMatchPyTorch() {
        List<Map<String, Object>> cases = (List<Map<String, Object>>) fixture().get("cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> replay(c)));
    }

    @SuppressWarnings("unchecked")
    private static void replay(Map<String, Object> c) {
        String name = (String) c.get("name");
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            Module m = build((String) c.get("builder"), c.get("args"));
            List<Map<String, Object>> state = (List<Map<String, Object>>) c.get("state");
            Map<String, Tensor> mine = m.state();
            assertEquals(state.size(), mine.size(), name + ": number of tensors in the state " + mine.keySet());
            Map<String, Tensor> values = new LinkedHashMap<>();
            int i = 0;
            for (String key : mine.keySet()) values.put(key, tensor(state.get(i++)));
            m.loadState(values); // checks every shape

            Tensor x = tensor((Map<String, Object>) c.get("input"));
            m.eval();
            try (var ng = Autograd.noGrad()) {
                assertClose(name + " eval output", (Map<String, Object>) c.get("eval_output"), m.forward(x));
            }
            m.train();
            Tensor xg = x.detach().requiresGrad(true);
            Tensor y = m.forward(xg);
            assertClose(name + " train output", (Map<String, Object>) c.get("train_output"), y);
            y.backward(tensor((Map<String, Object>) c.get("upstream")));
            assertClose(name + " input gradient", (Map<String, Object>) c.get("input_grad"), xg.grad());
        }
    }

    @SuppressWarnings("unchecked")
    private static Module build(String builder, Object rawArgs) {
        Map<String, Object> a = (Map<String, Object>) rawArgs;
        Generator g = Generator.seeded(0);
        return switch (builder) {
            case "vgg" -> Vgg.build(ints(a.get("config")), integer(a, "classes"), Vgg.Options.defaults().withImageSize(integer(a, "imageSize"))
                    .withHidden(integer(a, "hidden")).withDropRate(0).withBatchNorm((Boolean) a.get("batchNorm")), g);
            case "resnet" -> ResNet.build(ResNet.Block.valueOf((String) a.get("block")), ints(a.get("layers")), integer(a, "classes"),
                    ResNet.Options.defaults().withWidth(integer(a, "width")).withStem(ResNet.Stem.valueOf((String) a.get("stem")))
                            .withStridePlacement(ResNet.StridePlacement.valueOf((String) a.get("stride"))), g);
            case "inception" -> {
                int[] k = ints(a.get("c"));
                yield Inception.module(integer(a, "in"), k[0], k[1], k[2], k[3], k[4], k[5],
                        Inception.Options.defaults().withBatchNorm((Boolean) a.get("batchNorm")), g);
            }
            case "mlpconv" -> {
                int[] k = ints(a.get("c"));
                yield NetworkInNetwork.mlpconv(integer(a, "in"), integer(a, "k"), k[0], k[1], k[2], g);
            }
            default -> throw new AssertionError("unknown builder " + builder);
        };
    }

    private static int integer(Map<String, Object> a, String key) {
        return ((Double) a.get(key)).intValue();
    }

    @SuppressWarnings("unchecked")
    private static int[] ints(Object list) {
        return ((List<Double>) list).stream().mapToInt(Double::intValue).toArray();
    }

    @SuppressWarnings("unchecked")
    static Tensor tensor(Map<String, Object> t) {
        int[] shape = ints(t.get("shape"));
        List<Double> data = (List<Double>) t.get("data");
        return Tensor.of(data.stream().mapToDouble(Double::doubleValue).toArray(), shape);
    }

    private static void assertClose(String what, Map<String, Object> expected, Tensor actual) {
        Tensor e = tensor(expected);
        assertArrayEquals(e.shape().toArray(), actual.shape().toArray(), what + ": shape");
        assertEquals(DType.FLOAT64, actual.dtype(), what + ": dtype");
        double[] ev = e.toDoubleArray(), av = actual.toDoubleArray();
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < ev.length; i++) {
            double tol = ATOL + RTOL * Math.abs(ev[i]);
            if (!(Math.abs(av[i] - ev[i]) <= tol) && bad.size() < 5) bad.add("element " + i + ": " + av[i] + " vs PyTorch " + ev[i]);
        }
        assertEquals(List.of(), bad, what);
    }
}
