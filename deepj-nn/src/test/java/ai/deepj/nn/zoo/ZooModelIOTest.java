package ai.deepj.nn.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.deepj.nn.Module;
import ai.deepj.nn.ModuleRegistry;
import ai.deepj.nn.io.ModelIO;
import ai.deepj.nn.loss.CrossEntropy;
import ai.deepj.optim.Adam;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import com.google.gson.Gson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every builder's model saves and loads through {@link ModelIO} (architecture JSON + safetensors):
 * after a training step (so batch-norm running statistics are not their initial values) the loaded
 * model has the same description, the same weights and buffers bit for bit, and the same
 * evaluation-mode outputs. Of the models over 60 million parameters, torchvision's AlexNet (244 MB)
 * makes the round trip at full size; VGG-16/19 (553 and 575 MB) and the course's AlexNet are
 * checked through their JSON description, which is what {@link ModelIO} rebuilds them from (their
 * weights take the same path as every other tensor), and through small VGGs built the same way.
 */
class ZooModelIOTest {
    @TempDir
    Path dir;

    /** One Adam step on random images, then a save / load round trip; returns the loaded model. */
    private Module roundTrip(String name, Module model, int channels, int size, int classes) throws IOException {
        return roundTrip(name, model, channels, size, classes, true);
    }

    /** A save / load round trip, after one Adam step on random images if {@code trainFirst}. */
    private Module roundTrip(String name, Module model, int channels, int size, int classes, boolean trainFirst) throws IOException {
        Generator g = Generator.seeded(name.hashCode());
        Tensor x = Tensor.randn(g, 2, channels, size, size);
        if (trainFirst) {
            Tensor y = Tensor.of(new int[] {0, classes - 1}, 2);
            Adam adam = Adam.of(model.parameters(), Adam.Options.defaults().withLr(1e-3));
            model.train();
            Tensor out = model.forward(x);
            // Classifiers get their usual loss; blocks (whose output is an image) any scalar of their output.
            (out.dim() == 2 ? new CrossEntropy().compute(out, y) : out.square().mean()).backward();
            adam.step();
        }
        model.eval();
        Path to = dir.resolve(name);
        ModelIO.save(model, to);
        Module back = ModelIO.load(to);
        assertEquals(ModuleRegistry.describe(model), ModuleRegistry.describe(back), name + ": description");
        Map<String, Tensor> saved = model.state(), loaded = back.state();
        assertEquals(saved.keySet(), loaded.keySet(), name + ": state names");
        for (String k : saved.keySet()) assertArrayEquals(saved.get(k).toFloatArray(), loaded.get(k).toFloatArray(), 0f, name + ": " + k);
        back.eval();
        try (var s = Autograd.noGrad()) {
            assertArrayEquals(model.forward(x).toFloatArray(), back.forward(x).toFloatArray(), 0f, name + ": outputs");
        }
        return back;
    }

    @Test
    void leNetsAndNetworkInNetwork() throws IOException {
        roundTrip("lenet-classic", LeNet5.classic(10, Generator.seeded(1)), 1, 32, 10);
        roundTrip("lenet-mnist", LeNet5.mnist(10, Generator.seeded(2)), 1, 28, 10);
        roundTrip("nin", NetworkInNetwork.cifar(10, Generator.seeded(3)), 3, 32, 10);
        roundTrip("mlpconv", NetworkInNetwork.mlpconv(3, 3, 8, 6, 4, Generator.seeded(4)), 3, 8, 4);
        roundTrip("pointwise", NetworkInNetwork.pointwise(3, 4, Generator.seeded(5)), 3, 8, 4);
    }

    @Test
    void resNets() throws IOException {
        roundTrip("resnet18", ResNet.resnet18(1000, Generator.seeded(6)), 3, 64, 1000);
        roundTrip("resnet50-narrow", ResNet.build(ResNet.Block.BOTTLENECK, new int[] {3, 4, 6, 3}, 10,
                ResNet.Options.defaults().withWidth(4).withStridePlacement(ResNet.StridePlacement.FIRST_1X1), Generator.seeded(7)), 3, 64, 10);
        roundTrip("resnet-small", ResNet.build(ResNet.Block.BASIC, new int[] {2}, 10,
                ResNet.Options.defaults().withWidth(32).withStem(ResNet.Stem.SMALL), Generator.seeded(8)), 3, 16, 10);
        roundTrip("identity-block", ResNet.identityBlock(8, 3, new int[] {4, 4, 8}, Generator.seeded(9)), 8, 6, 8);
        roundTrip("convolutional-block", ResNet.convolutionalBlock(4, 3, new int[] {2, 2, 8}, 2, Generator.seeded(10)), 4, 6, 8);
        roundTrip("basic-block", ResNet.basicBlock(4, 6, 2, Generator.seeded(11)), 4, 6, 6);
        // The full ResNet-34 and 50 through their descriptions (ModelIO rebuilds from exactly this).
        for (Module m : new Module[] {ResNet.resnet34(1000, Generator.seeded(12)), ResNet.resnet50(1000, Generator.seeded(13))}) {
            Module rebuilt = ModuleRegistry.fromConfig(json(ModuleRegistry.describe(m)));
            assertEquals(ModuleRegistry.describe(m), ModuleRegistry.describe(rebuilt));
            assertEquals(m.parameterCount(), rebuilt.parameterCount());
        }
    }

    @Test
    void inception() throws IOException {
        roundTrip("googlenet", Inception.googLeNet(1000, Generator.seeded(14)), 3, 32, 1000);
        roundTrip("googlenet-bn", Inception.googLeNet(10, Inception.Options.defaults().withBatchNorm(true), Generator.seeded(15)), 3, 32, 10);
        roundTrip("module", Inception.module(6, 2, 3, 4, 2, 3, 2, Generator.seeded(16)), 6, 5, 11);
    }

    @Test
    void vggAndAlexNet() throws IOException {
        roundTrip("vgg-small", Vgg.build(new int[] {8, Vgg.POOL, 16, Vgg.POOL}, 5,
                Vgg.Options.defaults().withImageSize(16).withHidden(32).withBatchNorm(true), Generator.seeded(17)), 3, 16, 5);
        // No training step first (AlexNet has no running statistics): saving and loading 244 MB is the point.
        roundTrip("alexnet", AlexNet.torchvision(1000, Generator.seeded(18)), 3, 224, 1000, false);
        for (Module m : new Module[] {Vgg.vgg16(1000, Generator.seeded(19)), Vgg.vgg19(1000, Generator.seeded(20)),
                AlexNet.course(1000, Generator.seeded(21))}) {
            Module rebuilt = ModuleRegistry.fromConfig(json(ModuleRegistry.describe(m)));
            assertEquals(ModuleRegistry.describe(m), ModuleRegistry.describe(rebuilt));
            assertEquals(m.parameterCount(), rebuilt.parameterCount());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Map<String, Object> description) {
        Gson gson = new Gson();
        return gson.fromJson(gson.toJson(description), Map.class);
    }
}
