package ai.deepj.nn.rnn;

import ai.deepj.nn.init.Initializer;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;

/**
 * How a recurrent cell's parameters start. Null entries take PyTorch's default for recurrent
 * layers: every weight and bias uniform in {@code ±1/√hiddenSize}. Keras starts differently
 * (Glorot-uniform input weights, orthogonal recurrent weights, zero biases with the LSTM's forget
 * bias at 1): {@code RnnInit.defaults().withInput(Init.glorotUniform()).withRecurrent(Init.orthogonal())
 * .withBias(Init.zeros())}.
 *
 * @param input     for {@code weightIh} ({@code [gates·hidden, input]}), the course's {@code Wax}
 * @param recurrent for {@code weightHh} ({@code [gates·hidden, hidden]}), the course's {@code Waa}
 * @param bias      for the biases
 */
public record RnnInit(Initializer input, Initializer recurrent, Initializer bias) {
    /** PyTorch's default everywhere. */
    public static RnnInit defaults() {
        return new RnnInit(null, null, null);
    }

    /** Same, with another initializer of the input weights. */
    public RnnInit withInput(Initializer init) {
        return new RnnInit(init, recurrent, bias);
    }

    /** Same, with another initializer of the recurrent weights. */
    public RnnInit withRecurrent(Initializer init) {
        return new RnnInit(input, init, bias);
    }

    /** Same, with another initializer of the biases. */
    public RnnInit withBias(Initializer init) {
        return new RnnInit(input, recurrent, init);
    }

    Tensor create(Initializer chosen, int hiddenSize, Generator gen, int... shape) {
        if (chosen != null) return chosen.create(gen, DType.defaultFloat(), shape);
        double bound = 1 / Math.sqrt(hiddenSize);
        return Tensor.uniform(gen, DType.defaultFloat(), -bound, bound, shape);
    }
}
