package ai.deepj.cli.build;

import ai.deepj.cli.config.ConfigException;
import ai.deepj.cli.config.ZooSpec;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.zoo.LeNet5;
import ai.deepj.nn.zoo.ResNet;
import ai.deepj.tensor.Generator;
import java.util.Arrays;

/** The zoo model a {@link ZooSpec} names, for the data's inputs and outputs. */
final class ZooModels {
    private ZooModels() {}

    /**
     * The model.
     *
     * @param outputs the outputs the data needs (classes, 1 for binary, target columns), or 0 if unknown
     */
    static Sequential build(ZooSpec z, int[] inputShape, int outputs, Generator gen) {
        int classes = z.classes().orElse(outputs);
        if (classes < 1) throw new ConfigException(z.where(), z.name() + " needs classes: N (the number of outputs)");
        if (inputShape.length != 3) {
            throw new ConfigException(z.where(), z.label() + " needs images [channels, height, width] per example but the data gives "
                    + Arrays.toString(inputShape));
        }
        if (z.name().equals("lenet5")) {
            int side = z.variant().equals("classic") ? 32 : 28;
            if (inputShape[0] != 1 || inputShape[1] != side || inputShape[2] != side) {
                throw new ConfigException(z.where(), z.label() + " takes images [1, " + side + ", " + side + "] but the data gives "
                        + Arrays.toString(inputShape) + (side == 32 ? " (variant: modern takes [1, 28, 28])" : " (build it from layers for other sizes)"));
            }
            return z.variant().equals("classic") ? LeNet5.classic(classes, gen) : LeNet5.mnist(classes, gen);
        }
        ResNet.Options o = ResNet.Options.defaults().withInChannels(inputShape[0]).withWidth(z.width())
                .withStem(z.stem().equals("small") ? ResNet.Stem.SMALL : ResNet.Stem.IMAGENET);
        return ResNet.build(z.block().equals("basic") ? ResNet.Block.BASIC : ResNet.Block.BOTTLENECK, z.blocks(), classes, o, gen);
    }
}
