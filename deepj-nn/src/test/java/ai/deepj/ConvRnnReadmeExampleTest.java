package ai.deepj;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.deepj.nn.BatchNorm2d;
import ai.deepj.nn.Conv2d;
import ai.deepj.nn.Flatten;
import ai.deepj.nn.Linear;
import ai.deepj.nn.MaxPool2d;
import ai.deepj.nn.ReLU;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.rnn.Lstm;
import ai.deepj.nn.rnn.PyTorchRnn;
import ai.deepj.nn.rnn.RnnOutput;
import ai.deepj.nn.rnn.SequenceModule;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's convolutional and recurrent example, kept compiling and true. */
class ConvRnnReadmeExampleTest {
    @Test
    void readmeConvAndRnnExampleRuns() {
        Generator g = Generator.seeded(0);
        Tensor images = Tensor.randn(g, 2, 1, 28, 28);
        Tensor x = Tensor.randn(g, 3, 5, 64);
        Tensor lengths = Tensor.of(new int[] {5, 2, 4}, 3);
        // ---- as in the README
        Sequential cnn = new Sequential(
                new Conv2d(1, 6, 5), new ReLU(), new MaxPool2d(2),          // NCHW; im2col + GEMM, hand-written backward
                new Conv2d(6, 16, 5), new BatchNorm2d(16), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(256, 10));
        Lstm lstm = new Lstm(64, 256);                                       // batch-first [B, T, F]
        RnnOutput out = lstm.run(x, lengths, null);                          // masks for padded batches; out.sequence(), out.last()
        Map<String, Tensor> stateDict = PyTorchRnn.stateDict(lstm);
        SequenceModule fromTorch = Lstm.fromPyTorch(stateDict);              // PyTorch's gate layout (i, f, g, o), two biases
        // ----
        assertArrayEquals(new int[] {2, 10}, cnn.forward(images).shape().toArray());
        assertArrayEquals(new int[] {3, 5, 256}, out.sequence().shape().toArray());
        assertArrayEquals(new int[] {3, 256}, out.last().shape().toArray());
        assertArrayEquals(out.last().toFloatArray(), fromTorch.run(x, lengths, null).last().toFloatArray(), 0f);
    }
}
