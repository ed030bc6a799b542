package ai.deepj.nn.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.nn.GraphModel;
import ai.deepj.nn.Module;
import ai.deepj.nn.Sequential;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every standard configuration at full size: its parameter count equals the published one
 * (torchvision's documentation for AlexNet, VGG-16/19 and ResNet-18/34/50; PyTorch's count of the
 * same definitions, {@code tools/fixtures/generate_zoo.py}, for the others), and one image goes
 * through it in evaluation mode without recording, with the course's shapes along the way.
 */
class ClassicNetworksTest {
    /** The shapes after each child of {@code model} for one input. */
    private static List<int[]> shapesAfterEachChild(Sequential model, Tensor x) {
        List<int[]> shapes = new ArrayList<>();
        model.eval();
        try (var s = Autograd.noGrad()) {
            for (int i = 0; i < model.size(); i++) {
                x = model.get(i).forward(x);
                shapes.add(x.shape().toArray());
            }
        }
        return shapes;
    }

    private static Tensor image(int channels, int size) {
        return Tensor.randn(Generator.seeded(7), 1, channels, size, size);
    }

    private static void assertShape(int[] expected, int[] actual, String what) {
        assertArrayEquals(expected, actual, () -> what + ": expected " + java.util.Arrays.toString(expected) + ", got "
                + java.util.Arrays.toString(actual));
    }

    @Test
    void vgg16HasTorchvisionsParameterCountAndTheCoursesShapes() {
        Sequential vgg = Vgg.vgg16(1000, Generator.seeded(1));
        assertEquals(138_357_544L, vgg.parameterCount());
        Sequential features = (Sequential) vgg.get(0);
        assertEquals(13, features.children().values().stream().filter(m -> m instanceof ai.deepj.nn.Conv2d).count());
        List<int[]> shapes = shapesAfterEachChild(features, image(3, 224));
        assertShape(new int[] {1, 64, 224, 224}, shapes.get(1), "after conv 1");
        assertShape(new int[] {1, 64, 112, 112}, shapes.get(4), "after the first pool");
        assertShape(new int[] {1, 512, 7, 7}, shapes.getLast(), "features");
        assertShape(new int[] {1, 1000}, forward(vgg, image(3, 224)), "logits");
    }

    @Test
    void vgg19HasTorchvisionsParameterCount() {
        Sequential vgg = Vgg.vgg19(1000, Generator.seeded(2));
        assertEquals(143_667_240L, vgg.parameterCount());
        assertEquals(16, ((Sequential) vgg.get(0)).children().values().stream().filter(m -> m instanceof ai.deepj.nn.Conv2d).count());
        assertShape(new int[] {1, 1000}, forward(vgg, image(3, 224)), "logits");
    }

    @Test
    void alexNetTorchvisionAndCourse() {
        Sequential tv = AlexNet.torchvision(1000, Generator.seeded(3));
        assertEquals(61_100_840L, tv.parameterCount());
        List<int[]> shapes = shapesAfterEachChild(tv, image(3, 224));
        assertShape(new int[] {1, 64, 55, 55}, shapes.get(0), "conv 1");
        assertShape(new int[] {1, 256, 6, 6}, shapes.get(12), "features");
        assertShape(new int[] {1, 1000}, shapes.getLast(), "logits");

        Sequential course = AlexNet.course(1000, Generator.seeded(4));
        assertEquals(62_378_344L, course.parameterCount());
        shapes = shapesAfterEachChild(course, image(3, 227));
        // The course's drawing: 55×55×96 → 27×27×96 → 27×27×256 → 13×13×256 → 13×13×384 → 13×13×384 → 13×13×256 → 6×6×256.
        int[][] expected = {{1, 96, 55, 55}, null, {1, 96, 27, 27}, {1, 256, 27, 27}, null, {1, 256, 13, 13}, {1, 384, 13, 13}, null,
                {1, 384, 13, 13}, null, {1, 256, 13, 13}, null, {1, 256, 6, 6}, {1, 1000}};
        for (int i = 0; i < expected.length; i++) if (expected[i] != null) assertShape(expected[i], shapes.get(i), "child " + i);
    }

    @Test
    void resNet18And34HaveTorchvisionsParameterCounts() {
        Sequential r18 = ResNet.resnet18(1000, Generator.seeded(5));
        assertEquals(11_689_512L, r18.parameterCount());
        assertShape(new int[] {1, 1000}, forward(r18, image(3, 224)), "resnet18 logits");
        Sequential r34 = ResNet.resnet34(1000, Generator.seeded(6));
        assertEquals(21_797_672L, r34.parameterCount());
        assertEquals(List.of(3, 4, 6, 3), List.of(1, 2, 3, 4).stream().map(i -> ((Sequential) r34.get(i)).size()).toList());
    }

    @Test
    void resNet50HasTorchvisionsParameterCountAndStageShapes() {
        Sequential r50 = ResNet.resnet50(1000, Generator.seeded(8));
        assertEquals(25_557_032L, r50.parameterCount());
        List<int[]> shapes = shapesAfterEachChild(r50, image(3, 224));
        assertShape(new int[] {1, 64, 56, 56}, shapes.get(0), "stem");
        assertShape(new int[] {1, 256, 56, 56}, shapes.get(1), "stage 1");
        assertShape(new int[] {1, 512, 28, 28}, shapes.get(2), "stage 2");
        assertShape(new int[] {1, 1024, 14, 14}, shapes.get(3), "stage 3");
        assertShape(new int[] {1, 2048, 7, 7}, shapes.get(4), "stage 4");
        assertShape(new int[] {1, 2048}, shapes.get(5), "pooled");
        assertShape(new int[] {1, 1000}, shapes.get(6), "logits");
        // Each stage starts with a convolutional block (projection shortcut: 4 convolutions) followed by identity blocks (3).
        Sequential stage3 = (Sequential) r50.get(3);
        assertEquals(List.of(4L, 3L, 3L, 3L, 3L, 3L), stage3.children().values().stream().map(ClassicNetworksTest::convolutions).toList());
    }

    @Test
    void googLeNetShapesAndCount() {
        Sequential net = Inception.googLeNet(1000, Generator.seeded(9));
        assertEquals(6_998_552L, net.parameterCount());
        List<int[]> shapes = shapesAfterEachChild(net, image(3, 224));
        assertShape(new int[] {1, 192, 28, 28}, shapes.get(0), "stem");
        assertShape(new int[] {1, 256, 28, 28}, shapes.get(1), "3a");
        assertShape(new int[] {1, 480, 28, 28}, shapes.get(2), "3b");
        assertShape(new int[] {1, 480, 14, 14}, shapes.get(3), "pool");
        assertShape(new int[] {1, 832, 14, 14}, shapes.get(8), "4e");
        assertShape(new int[] {1, 1024, 7, 7}, shapes.get(11), "5b");
        assertShape(new int[] {1, 1000}, shapes.get(12), "logits");
    }

    @Test
    void leNet5AndNetworkInNetwork() {
        Sequential classic = LeNet5.classic(10, Generator.seeded(10));
        assertEquals(61_706L, classic.parameterCount());
        List<int[]> shapes = shapesAfterEachChild(classic, image(1, 32));
        assertShape(new int[] {1, 6, 28, 28}, shapes.get(0), "conv 1");
        assertShape(new int[] {1, 6, 14, 14}, shapes.get(2), "pool 1");
        assertShape(new int[] {1, 16, 10, 10}, shapes.get(3), "conv 2");
        assertShape(new int[] {1, 16, 5, 5}, shapes.get(5), "pool 2");
        assertShape(new int[] {1, 400}, shapes.get(6), "flattened");
        assertShape(new int[] {1, 10}, shapes.getLast(), "logits");
        String summary = classic.summary(1, 1, 32, 32);
        assertTrue(summary.contains("61,706") || summary.contains("61706"), summary);

        Sequential mnist = LeNet5.mnist(10, Generator.seeded(11));
        assertEquals(44_426L, mnist.parameterCount());
        shapes = shapesAfterEachChild(mnist, image(1, 28));
        assertShape(new int[] {1, 256}, shapes.get(6), "flattened 16·4·4");

        Sequential nin = NetworkInNetwork.cifar(10, Generator.seeded(12));
        assertEquals(966_986L, nin.parameterCount());
        shapes = shapesAfterEachChild(nin, image(3, 32));
        assertShape(new int[] {1, 96, 32, 32}, shapes.get(0), "mlpconv 1");
        assertShape(new int[] {1, 96, 16, 16}, shapes.get(1), "pool 1");
        assertShape(new int[] {1, 192, 8, 8}, shapes.get(4), "pool 2");
        assertShape(new int[] {1, 10, 8, 8}, shapes.get(6), "one map per class");
        assertShape(new int[] {1, 10}, shapes.get(7), "logits");
        // The course's example: a 1×1 convolution shrinks 192 channels to 32 and keeps H and W.
        Sequential shrink = NetworkInNetwork.pointwise(192, 32, Generator.seeded(13));
        assertShape(new int[] {1, 32, 28, 28}, forward(shrink, image(192, 28)), "1×1 conv");
        assertEquals(192 * 32 + 32, shrink.parameterCount());
    }

    private static long convolutions(Module block) {
        return block.children().values().stream().filter(m -> m instanceof ai.deepj.nn.Conv2d).count();
    }

    private static int[] forward(Module m, Tensor x) {
        m.eval();
        try (var s = Autograd.noGrad()) {
            Tensor y = m.forward(x);
            for (float v : y.toFloatArray()) assertTrue(Float.isFinite(v), "non-finite output");
            return y.shape().toArray();
        }
    }

    @Test
    void blocksKeepOrChangeShapesAsTheCourseSays() {
        Generator g = Generator.seeded(14);
        Tensor x = Tensor.randn(g, 2, 256, 14, 14);
        GraphModel id = ResNet.identityBlock(256, 3, new int[] {64, 64, 256}, g);
        assertShape(new int[] {2, 256, 14, 14}, forward(id, x), "identity block");
        GraphModel conv = ResNet.convolutionalBlock(256, 3, new int[] {128, 128, 512}, 2, g);
        assertShape(new int[] {2, 512, 7, 7}, forward(conv, x), "convolutional block, s = 2");
        assertEquals(4, convolutions(conv));
        assertEquals(3, convolutions(id));
        GraphModel inception = Inception.module(192, 64, 96, 128, 16, 32, 32, g);
        assertShape(new int[] {1, 256, 28, 28}, forward(inception, image(192, 28)), "module 3a");
        // 1×1 reductions: the 5×5 branch costs 192·16 + 16·25·32 weights instead of 192·25·32.
        assertEquals(192 * 64 + 64 + 192 * 96 + 96 + 96 * 9 * 128 + 128 + 192 * 16 + 16 + 16 * 25 * 32 + 32 + 192 * 32 + 32,
                inception.parameterCount());
    }
}
