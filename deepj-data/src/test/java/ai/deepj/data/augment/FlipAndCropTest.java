package ai.deepj.data.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlipAndCropTest {
    /** Channel 0 = 0..5, channel 1 = 10..15, as [2, 2, 3]. */
    private static Tensor small() {
        return Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15}, 2, 2, 3);
    }

    @Test
    void horizontalFlipWithProbabilityOneMirrorsColumns() {
        Tensor out = RandomFlip.horizontal(1).apply(small(), Generator.seeded(0));
        assertEquals(small().shape(), out.shape());
        assertArrayEquals(new float[] {2, 1, 0, 5, 4, 3, 12, 11, 10, 15, 14, 13}, out.toFloatArray());
    }

    @Test
    void verticalFlipWithProbabilityOneMirrorsRows() {
        Tensor out = RandomFlip.vertical(1).apply(small(), Generator.seeded(0));
        assertArrayEquals(new float[] {3, 4, 5, 0, 1, 2, 13, 14, 15, 10, 11, 12}, out.toFloatArray());
    }

    @Test
    void flipWithProbabilityZeroIsIdentity() {
        assertArrayEquals(small().toFloatArray(), RandomFlip.horizontal(0).apply(small(), Generator.seeded(9)).toFloatArray());
    }

    @Test
    void flipFollowsTheGeneratorPerImageOfABatch() {
        int n = 64;
        float[] data = new float[n * 2];
        for (int i = 0; i < n; i++) {
            data[2 * i] = 0;
            data[2 * i + 1] = 1;
        }
        float[] out = RandomFlip.horizontal(0.5).apply(Tensor.of(data, n, 1, 1, 2), Generator.seeded(42)).toFloatArray();
        Generator g = Generator.seeded(42);
        int flipped = 0;
        for (int i = 0; i < n; i++) {
            boolean flip = g.nextDouble() < 0.5;
            if (flip) flipped++;
            assertEquals(flip ? 1f : 0f, out[2 * i], "image " + i);
            assertEquals(flip ? 0f : 1f, out[2 * i + 1], "image " + i);
        }
        assertTrue(flipped > 0 && flipped < n, "both outcomes occur among 64 images, got " + flipped + " flips");
    }

    @Test
    void centerCropTakesTheMiddle() {
        float[] v = new float[16];
        for (int i = 0; i < 16; i++) v[i] = i;
        Tensor out = CenterCrop.of(2, 2).apply(Tensor.of(v, 1, 4, 4), null);
        assertEquals(Tensor.of(new float[4], 1, 2, 2).shape(), out.shape());
        assertArrayEquals(new float[] {5, 6, 9, 10}, out.toFloatArray());
        // odd margin rounds down: a 3x3 image cropped to 2x2 starts at (0, 0)
        Tensor odd = CenterCrop.of(2, 2).apply(Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, 1, 3, 3), null);
        assertArrayEquals(new float[] {0, 1, 3, 4}, odd.toFloatArray());
    }

    @Test
    void randomCropIsTheWindowAtTheDrawnOffset() {
        float[] v = new float[25];
        for (int i = 0; i < 25; i++) v[i] = i;
        Tensor image = Tensor.of(v, 1, 5, 5);
        Set<String> seen = new HashSet<>();
        for (long seed = 0; seed < 30; seed++) {
            Generator g = Generator.seeded(seed);
            int top = g.nextInt(3), left = g.nextInt(3);
            float[] out = RandomCrop.of(3, 3).apply(image, Generator.seeded(seed)).toFloatArray();
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 3; x++) assertEquals((top + y) * 5 + left + x, out[y * 3 + x], 0f);
            }
            seen.add(top + "," + left);
        }
        assertTrue(seen.size() > 3, "offsets vary with the seed: " + seen);
    }

    @Test
    void paddedCropMatchesTheCifarRecipeByHand() {
        float[] v = new float[9];
        for (int i = 0; i < 9; i++) v[i] = i + 1;
        Tensor image = Tensor.of(v, 1, 3, 3);
        RandomCrop crop = RandomCrop.of(3, 3).withPadding(1).withFill(-1f);
        for (long seed = 0; seed < 20; seed++) {
            Generator g = Generator.seeded(seed);
            int top = g.nextInt(3), left = g.nextInt(3);
            float[] out = crop.apply(image, Generator.seeded(seed)).toFloatArray();
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 3; x++) {
                    int sy = top + y - 1, sx = left + x - 1;
                    float expected = sy >= 0 && sy < 3 && sx >= 0 && sx < 3 ? v[sy * 3 + sx] : -1f;
                    assertEquals(expected, out[y * 3 + x], 0f);
                }
            }
        }
    }

    @Test
    void cropLargerThanImageNamesBothSizes() {
        Tensor image = Tensor.zeros(3, 28, 28);
        var e = assertThrows(IllegalArgumentException.class, () -> RandomCrop.of(32, 32).apply(image, Generator.seeded(0)));
        assertTrue(e.getMessage().contains("32x32") && e.getMessage().contains("28x28"), e.getMessage());
        var c = assertThrows(IllegalArgumentException.class, () -> CenterCrop.of(30, 10).apply(image, null));
        assertTrue(c.getMessage().contains("30x10") && c.getMessage().contains("28x28"), c.getMessage());
        // padding makes it fit
        assertEquals(32, RandomCrop.of(32, 32).withPadding(2).apply(image, Generator.seeded(0)).size(1));
    }

    @Test
    void wrongRankTypeOrMissingGeneratorIsRefused() {
        var rank = assertThrows(IllegalArgumentException.class, () -> RandomFlip.horizontal(0.5).apply(Tensor.zeros(28, 28), Generator.seeded(0)));
        assertTrue(rank.getMessage().contains("RandomFlip.horizontal") && rank.getMessage().contains("[28, 28]"), rank.getMessage());
        var type = assertThrows(IllegalArgumentException.class, () -> CenterCrop.of(1, 1).apply(Tensor.zeros(DType.FLOAT64, 1, 2, 2), null));
        assertTrue(type.getMessage().contains("float32"), type.getMessage());
        var gen = assertThrows(IllegalArgumentException.class, () -> RandomCrop.of(1, 1).apply(Tensor.zeros(1, 2, 2), null));
        assertTrue(gen.getMessage().contains("Generator"), gen.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RandomFlip.vertical(1.5));
    }

    @Test
    void composeAppliesInOrderAndSameSeedGivesSameOutput() {
        Tensor batch = Tensor.rand(Generator.seeded(1), 4, 3, 8, 8);
        Transform t = Compose.of(RandomCrop.of(6, 6).withPadding(1), RandomFlip.horizontal(0.5));
        Tensor a = t.apply(batch, Generator.seeded(11));
        Tensor b = t.apply(batch, Generator.seeded(11));
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        assertEquals(Tensor.zeros(4, 3, 6, 6).shape(), a.shape());
        Tensor flippedTwice = RandomFlip.vertical(1).andThen(RandomFlip.vertical(1)).apply(batch, Generator.seeded(0));
        assertArrayEquals(batch.toFloatArray(), flippedTwice.toFloatArray());
    }
}
