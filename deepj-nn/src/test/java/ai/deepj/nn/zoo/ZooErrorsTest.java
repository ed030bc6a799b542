package ai.deepj.nn.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.nn.Sequential;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Builders refuse impossible architectures with a message naming the builder, the argument and the value. */
class ZooErrorsTest {
    private static String message(Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    @Test
    void resNetBlocks() {
        Generator g = Generator.seeded(1);
        assertEquals("ResNet.identityBlock: the shortcut adds the input unchanged, so F3 must equal the 64 input channels, got filters"
                + " [64, 64, 256]; use convolutionalBlock to change the channels",
                message(() -> ResNet.identityBlock(64, 3, new int[] {64, 64, 256}, g)));
        assertEquals("ResNet.identityBlock: filters must be three positive counts {F1, F2, F3}, got [64, 64]",
                message(() -> ResNet.identityBlock(64, 3, new int[] {64, 64}, g)));
        assertEquals("ResNet.convolutionalBlock: f must be a positive odd size (padded by f/2 on each side to keep H and W), got 2",
                message(() -> ResNet.convolutionalBlock(64, 2, new int[] {64, 64, 256}, 1, g)));
        assertEquals("ResNet.convolutionalBlock: s must be positive, got 0",
                message(() -> ResNet.convolutionalBlock(64, 3, new int[] {64, 64, 256}, 0, g)));
        assertEquals("ResNet.build: every stage needs at least one block, got [2, 0]",
                message(() -> ResNet.build(ResNet.Block.BASIC, new int[] {2, 0}, 10, ResNet.Options.defaults(), g)));
        assertEquals("ResNet.Options: width must be positive, got 0", message(() -> ResNet.Options.defaults().withWidth(0)));
        assertEquals("ResNet.build: numClasses must be positive, got 0", message(() -> ResNet.resnet18(0, g)));
    }

    @Test
    void vggAndInception() {
        Generator g = Generator.seeded(2);
        assertEquals("Vgg.config: the paper defines depths 11, 13, 16 and 19, got 15", message(() -> Vgg.config(15)));
        assertEquals("Vgg.build: configuration [8, 0, 8, 0, 8, 0] pools a 4 x 4 image below 1 x 1; use a larger imageSize or fewer pools",
                message(() -> Vgg.build(new int[] {8, Vgg.POOL, 8, Vgg.POOL, 8, Vgg.POOL}, 2, Vgg.Options.defaults().withImageSize(4), g)));
        assertEquals("Vgg.Options: dropRate must be in [0, 1), got 1.0", message(() -> Vgg.Options.defaults().withDropRate(1)));
        assertEquals("Inception.module: c5x5Reduce must be positive, got 0", message(() -> Inception.module(8, 1, 1, 1, 0, 1, 1, g)));
        assertEquals("NetworkInNetwork.mlpconv: k must be a positive odd size (padded by k/2 on each side to keep H and W), got 4",
                message(() -> NetworkInNetwork.mlpconv(3, 4, 8, 8, 8, g)));
        assertEquals("LeNet5.classic: numClasses must be positive, got -1", message(() -> LeNet5.classic(-1, g)));
    }

    /** A network whose classifier is sized for 224 × 224 says so, through its first fully connected layer, for another size. */
    @Test
    void aWrongImageSizeIsNamedByTheClassifier() {
        Sequential alex = AlexNet.torchvision(10, Generator.seeded(3));
        alex.eval();
        String m;
        try (var s = Autograd.noGrad()) {
            m = message(() -> alex.forward(Tensor.zeros(1, 3, 128, 128)));
        }
        assertTrue(m.contains("9216") && m.contains("2304"), m);
    }
}
