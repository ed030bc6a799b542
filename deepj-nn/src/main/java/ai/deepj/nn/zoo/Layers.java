package ai.deepj.nn.zoo;

import ai.deepj.nn.BatchNorm2d;
import ai.deepj.nn.Conv2d;
import ai.deepj.nn.GraphModel;
import ai.deepj.nn.Module;
import ai.deepj.nn.ReLU;
import ai.deepj.nn.init.Init;
import ai.deepj.tensor.Generator;

/**
 * The few layer recipes the builders share. Convolutions followed by ReLU start from He
 * initialization (the course's choice for ReLU networks, N(0, 2/fanIn)) with zero biases;
 * ReLUs work in place (none of the layers before them keeps its output for the backward pass).
 */
final class Layers {
    private Layers() {}

    /** A {@code k × k} convolution with He-normal weights and, if {@code bias}, a zero bias. */
    static Conv2d conv(int in, int out, int k, int stride, int padding, boolean bias, Generator gen) {
        Conv2d.Options o = Conv2d.Options.defaults().withStride(stride).withPadding(padding).withBias(bias)
                .withWeightInit(Init.heNormal()).withBiasInit(Init.zeros());
        return new Conv2d(in, out, k, o, gen);
    }

    static ReLU relu() {
        return ReLU.inPlace();
    }

    /** {@code node} through conv (without bias) → batch norm, and a ReLU if {@code relu}. */
    static GraphModel.Node convBn(GraphModel.Node node, int in, int out, int k, int stride, int padding, boolean relu, Generator gen) {
        GraphModel.Node h = GraphModel.apply(new BatchNorm2d(out), GraphModel.apply(conv(in, out, k, stride, padding, false, gen), node));
        return relu ? GraphModel.apply(relu(), h) : h;
    }

    /** {@code node} through {@code layers} in order. */
    static GraphModel.Node chain(GraphModel.Node node, Module... layers) {
        for (Module m : layers) node = GraphModel.apply(m, node);
        return node;
    }

    static void positive(String op, String what, int value) {
        if (value <= 0) throw new IllegalArgumentException(op + ": " + what + " must be positive, got " + value);
    }

    static void odd(String op, String what, int value) {
        if (value <= 0 || value % 2 == 0) {
            throw new IllegalArgumentException(op + ": " + what + " must be a positive odd size (padded by " + what
                    + "/2 on each side to keep H and W), got " + value);
        }
    }
}
