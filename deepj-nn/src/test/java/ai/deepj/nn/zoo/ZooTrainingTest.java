package ai.deepj.nn.zoo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.autograd.GradCheck;
import ai.deepj.nn.Conv2d;
import ai.deepj.nn.GlobalAvgPool;
import ai.deepj.nn.Linear;
import ai.deepj.nn.ModelGradCheck;
import ai.deepj.nn.Module;
import ai.deepj.nn.ReLU;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.loss.CrossEntropy;
import ai.deepj.optim.Adam;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Small versions of the zoo's networks learn a generated task ({@link Stripes}: the orientation of
 * noisy stripes) with Adam, reaching high accuracy on held-out images in evaluation mode; and a
 * tiny residual network with the course's blocks passes a float64 gradient check of every parameter.
 */
class ZooTrainingTest {
    /** Full-batch Adam for {@code steps}; returns the held-out accuracy in evaluation mode. */
    private static double trainAndEvaluate(Module model, int channels, int size, int steps, double lr) {
        Tensor[] train = Stripes.generate(128, channels, size, 0.5, 1);
        Tensor[] dev = Stripes.generate(128, channels, size, 0.5, 2);
        CrossEntropy loss = new CrossEntropy();
        Adam adam = Adam.of(model.parameters(), Adam.Options.defaults().withLr(lr));
        double first = Double.NaN, last = Double.NaN;
        model.train();
        for (int step = 0; step < steps; step++) {
            Tensor cost = loss.compute(model.forward(train[0]), train[1]);
            if (step == 0) first = cost.item();
            last = cost.item();
            cost.backward();
            adam.step();
            adam.zeroGrad();
        }
        assertTrue(last < first / 4, "the cost fell only from " + first + " to " + last);
        model.eval();
        try (var s = Autograd.noGrad()) {
            return Stripes.accuracy(model.forward(dev[0]), dev[1]);
        }
    }

    @Test
    void aTinyResNetOfTheCoursesBlocksLearns() {
        // Stem, then a stage of a convolutional block and an identity block, then a downsampling stage.
        Sequential resnet = ResNet.build(ResNet.Block.BOTTLENECK, new int[] {2, 1}, 4,
                ResNet.Options.defaults().withWidth(4).withStem(ResNet.Stem.SMALL), Generator.seeded(3));
        double accuracy = trainAndEvaluate(resnet, 3, 12, 40, 1e-2);
        assertTrue(accuracy >= 0.9, "held-out accuracy " + accuracy);
    }

    @Test
    void aTinyBasicResNetLearns() {
        Sequential resnet = ResNet.build(ResNet.Block.BASIC, new int[] {1, 1}, 4,
                ResNet.Options.defaults().withWidth(4).withInChannels(1).withStem(ResNet.Stem.SMALL), Generator.seeded(4));
        double accuracy = trainAndEvaluate(resnet, 1, 8, 40, 1e-2);
        assertTrue(accuracy >= 0.9, "held-out accuracy " + accuracy);
    }

    @Test
    void aTinyInceptionNetworkLearns() {
        Generator g = Generator.seeded(5);
        Sequential net = new Sequential(new Conv2d(3, 8, 3, Conv2d.Options.defaults().withPadding(1), g), new ReLU(),
                Inception.module(8, 4, 4, 6, 2, 3, 3, g), Inception.module(16, 4, 4, 6, 2, 3, 3, g),
                new GlobalAvgPool(), new Linear(16, 4, Linear.Options.defaults(), g));
        double accuracy = trainAndEvaluate(net, 3, 12, 40, 1e-2);
        assertTrue(accuracy >= 0.9, "held-out accuracy " + accuracy);
    }

    @Test
    void leNet5Learns() {
        double accuracy = trainAndEvaluate(LeNet5.mnist(4, Generator.seeded(6)), 1, 28, 30, 3e-3);
        assertTrue(accuracy >= 0.9, "held-out accuracy " + accuracy);
    }

    @Test
    void aSmallVggWithBatchNormLearns() {
        Sequential vgg = Vgg.build(new int[] {8, Vgg.POOL, 16, Vgg.POOL}, 4,
                Vgg.Options.defaults().withImageSize(12).withHidden(32).withDropRate(0).withBatchNorm(true), Generator.seeded(7));
        double accuracy = trainAndEvaluate(vgg, 3, 12, 40, 3e-3);
        assertTrue(accuracy >= 0.9, "held-out accuracy " + accuracy);
    }

    @Test
    void tinyResNetsPassAGradientCheck() {
        try (var s = DType.useDefaultFloat(DType.FLOAT64)) {
            Sequential bottleneck = ResNet.build(ResNet.Block.BOTTLENECK, new int[] {2, 1}, 3,
                    ResNet.Options.defaults().withWidth(2).withStem(ResNet.Stem.SMALL), Generator.seeded(8));
            Sequential basic = ResNet.build(ResNet.Block.BASIC, new int[] {1, 1}, 3,
                    ResNet.Options.defaults().withWidth(2).withInChannels(2), Generator.seeded(9));
            Tensor labels = Tensor.of(new int[] {0, 2}, 2);
            CrossEntropy loss = new CrossEntropy();
            GradCheck.Result r = ModelGradCheck.check(bottleneck, Tensor.randn(Generator.seeded(10), 2, 3, 6, 6), out -> loss.compute(out, labels));
            assertTrue(r.passed(), "bottleneck: " + r);
            r = ModelGradCheck.check(basic, Tensor.randn(Generator.seeded(11), 2, 2, 8, 8), out -> loss.compute(out, labels));
            assertTrue(r.passed(), "basic, ImageNet stem: " + r);
        }
    }
}
