package ai.deepj.train.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.data.TensorDataset;
import ai.deepj.nn.Conv2d;
import ai.deepj.nn.GlobalAvgPool;
import ai.deepj.nn.Linear;
import ai.deepj.nn.ReLU;
import ai.deepj.nn.Sequential;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiCropTest {
    /** One image, two channels, 4 × 5: channel 0 holds 10·row + column, channel 1 the same plus 100. */
    private static Tensor known() {
        float[] v = new float[2 * 4 * 5];
        for (int c = 0; c < 2; c++) for (int r = 0; r < 4; r++) for (int col = 0; col < 5; col++) v[c * 20 + r * 5 + col] = 100 * c + 10 * r + col;
        return Tensor.of(v, 1, 2, 4, 5);
    }

    @Test
    void tenCropOfAKnownTensorGivesTheExpectedCrops() {
        List<Tensor> crops = MultiCrop.tenCrop(known(), 2, 3);
        float[][] expected = {
            {0, 1, 2, 10, 11, 12},       // top-left
            {2, 3, 4, 12, 13, 14},       // top-right
            {20, 21, 22, 30, 31, 32},    // bottom-left
            {22, 23, 24, 32, 33, 34},    // bottom-right
            {11, 12, 13, 21, 22, 23},    // centre: row round(1) = 1, column round(1) = 1
            {4, 3, 2, 14, 13, 12},       // mirrored image's top-left = mirror of top-right
            {2, 1, 0, 12, 11, 10},
            {24, 23, 22, 34, 33, 32},
            {22, 21, 20, 32, 31, 30},
            {13, 12, 11, 23, 22, 21},
        };
        assertEquals(10, crops.size());
        for (int k = 0; k < 10; k++) {
            assertArrayEquals(new int[] {1, 2, 2, 3}, crops.get(k).shape().toArray());
            float[] both = new float[12];
            for (int i = 0; i < 6; i++) {
                both[i] = expected[k][i];
                both[6 + i] = expected[k][i] + 100;
            }
            assertArrayEquals(both, crops.get(k).toFloatArray(), "crop " + k);
        }
    }

    @Test
    void centreRoundsHalvesToEvenAsTorchvisionDoes() {
        // H − h = 3: round(1.5) = 2; W − w = 1: round(0.5) = 0.
        Tensor x = Tensor.arange(ai.deepj.tensor.DType.FLOAT32, 0, 25, 1).reshape(1, 1, 5, 5);
        Tensor centre = MultiCrop.fiveCrop(x, 2, 4).get(4);
        assertArrayEquals(new float[] {10, 11, 12, 13, 15, 16, 17, 18}, centre.toFloatArray());
    }

    @Test
    void cropsThatDoNotFitAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> MultiCrop.tenCrop(known(), 5, 3));
        assertEquals("MultiCrop.tenCrop: crop 5x3 does not fit images of 4x5 (shape [1, 2, 4, 5])", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MultiCrop.tenCrop(Tensor.zeros(2, 4, 5), 2, 2));
    }

    /**
     * A pointwise convolution, ReLU, global average pooling and a linear layer sees only the multiset of
     * pixels; on a checkerboard of period 2 every even-sized crop and its mirror hold the same multiset.
     */
    @Test
    void multiCropPredictionOfAnInvariantModelEqualsTheSinglePrediction() {
        Generator g = Generator.seeded(5);
        Sequential model = new Sequential(new Conv2d(2, 4, 1, Conv2d.Options.defaults(), g), new ReLU(), new GlobalAvgPool(),
                new Linear(4, 3, Linear.Options.defaults(), g));
        int n = 3;
        float[] v = new float[n * 2 * 6 * 6];
        float[] colours = new float[n * 2 * 2];
        for (int i = 0; i < colours.length; i++) colours[i] = (float) (2 * g.nextGaussian());
        for (int b = 0; b < n; b++) for (int c = 0; c < 2; c++) for (int r = 0; r < 6; r++) for (int col = 0; col < 6; col++) {
            v[((b * 2 + c) * 6 + r) * 6 + col] = colours[(b * 2 + c) * 2 + (r + col) % 2];
        }
        Tensor images = Tensor.of(v, n, 2, 6, 6);
        float[] single = model.forward(images).softmax(1).toFloatArray();
        float[] multi = MultiCrop.predict(model, images, 4, 4).toFloatArray();
        // Equal up to float summation order (means over 36 versus 16 pixels, ten crops averaged).
        assertArrayEquals(single, multi, 1e-6f);
        assertTrue(model.isTraining(), "predict must restore the model's mode");

        int[] labels = new int[n];
        for (int b = 0; b < n; b++) {
            int best = 0;
            for (int k = 1; k < 3; k++) if (single[b * 3 + k] > single[b * 3 + best]) best = k;
            labels[b] = best;
        }
        assertEquals(1.0, MultiCrop.accuracy(model, new TensorDataset(images, Tensor.of(labels, n)), 2, 4, 4));
        labels[1] = (labels[1] + 1) % 3;
        assertEquals(2.0 / 3, MultiCrop.accuracy(model, new TensorDataset(images, Tensor.of(labels, n)), 2, 4, 4), 1e-12);
    }
}
