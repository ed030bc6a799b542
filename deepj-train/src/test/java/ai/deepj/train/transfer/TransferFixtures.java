package ai.deepj.train.transfer;

import ai.deepj.data.TensorDataset;
import ai.deepj.nn.Conv2d;
import ai.deepj.nn.GlobalAvgPool;
import ai.deepj.nn.Linear;
import ai.deepj.nn.MaxPool2d;
import ai.deepj.nn.ReLU;
import ai.deepj.nn.Sequential;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;

/** A small convolutional network and random images, shared by the transfer tests. */
final class TransferFixtures {
    private TransferFixtures() {}

    /**
     * Layers: 0 Conv2d(1→4, 3, pad 1), 1 ReLU, 2 MaxPool2d(2), 3 Conv2d(4→6, 3), 4 ReLU, 5 GlobalAvgPool,
     * 6 Linear(6→3). Input {@code [N, 1, 8, 8]}, output {@code [N, 3]}.
     */
    static Sequential convNet(long seed) {
        Generator g = Generator.seeded(seed);
        return new Sequential(firstConv(g), new ReLU(), new MaxPool2d(2),
                new Conv2d(4, 6, 3, Conv2d.Options.defaults(), g), new ReLU(), new GlobalAvgPool(), head(g));
    }

    /** Layers 0..5 of {@link #convNet}: output {@code [N, 6]}. */
    static Sequential convBody(long seed) {
        Generator g = Generator.seeded(seed);
        return new Sequential(firstConv(g), new ReLU(), new MaxPool2d(2),
                new Conv2d(4, 6, 3, Conv2d.Options.defaults(), g), new ReLU(), new GlobalAvgPool());
    }

    private static Conv2d firstConv(Generator g) {
        return new Conv2d(1, 4, 3, Conv2d.Options.defaults().withPadding(1), g);
    }

    static Linear head(Generator g) {
        return new Linear(6, 3, Linear.Options.defaults(), g);
    }

    /** {@code m} random images {@code [m, 1, 8, 8]} in [-1, 1) with int32 labels in 0..2. */
    static TensorDataset images(int m, long seed) {
        Generator g = Generator.seeded(seed);
        Tensor x = Tensor.uniform(g, DType.FLOAT32, -1, 1, m, 1, 8, 8);
        int[] y = new int[m];
        for (int i = 0; i < m; i++) y[i] = g.nextInt(3);
        return new TensorDataset(x, Tensor.of(y, m));
    }

    /** Independent copies of every parameter's values, by name. */
    static Map<String, float[]> snapshot(ai.deepj.nn.Module m) {
        Map<String, float[]> out = new HashMap<>();
        for (var e : m.namedParameters().entrySet()) out.put(e.getKey(), e.getValue().toFloatArray());
        return out;
    }
}
