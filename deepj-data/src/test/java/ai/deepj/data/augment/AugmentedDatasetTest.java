package ai.deepj.data.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.data.Batch;
import ai.deepj.data.DataLoader;
import ai.deepj.data.TensorDataset;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AugmentedDatasetTest {
    private static final int M = 10;

    private static TensorDataset images() {
        Tensor x = Tensor.rand(Generator.seeded(1), M, 3, 8, 8);
        int[] labels = new int[M];
        for (int i = 0; i < M; i++) labels[i] = i % 3;
        return new TensorDataset(x, Tensor.of(labels, M));
    }

    private static final Transform AUGMENT = Compose.of(RandomCrop.of(6, 6).withPadding(1), RandomFlip.horizontal(0.5), ChannelShift.upTo(0.1));

    private static float[] example(Batch b, int k) {
        float[] all = b.x().toFloatArray();
        int per = all.length / b.size();
        return Arrays.copyOfRange(all, k * per, (k + 1) * per);
    }

    @Test
    void eachExampleIsTheTransformUnderItsOwnSeed() {
        TensorDataset base = images();
        AugmentedDataset data = new AugmentedDataset(base, AUGMENT, 99);
        data.setEpoch(3);
        Batch b = data.get(new int[] {7, 2});
        assertArrayEquals(new int[] {2, 3, 6, 6}, b.x().shape().toArray());
        assertArrayEquals(new int[] {1, 2}, b.y().toIntArray());
        Tensor x7 = base.get(new int[] {7}).x().reshape(3, 8, 8);
        float[] expected = AUGMENT.apply(x7, Generator.seeded(AugmentedDataset.exampleSeed(99, 3, 7))).toFloatArray();
        assertArrayEquals(expected, example(b, 0));
    }

    @Test
    void sameEpochAndIndexGiveTheSameImageWhateverTheBatch() {
        AugmentedDataset data = new AugmentedDataset(images(), AUGMENT, 5);
        data.setEpoch(2);
        float[] alone = example(data.get(new int[] {4}), 0);
        float[] inBatch = example(data.get(new int[] {9, 0, 4, 1}), 2);
        assertArrayEquals(alone, inBatch);
        data.setEpoch(3);
        assertFalse(Arrays.equals(alone, example(data.get(new int[] {4}), 0)), "a new epoch draws new parameters");
        data.setEpoch(2);
        assertArrayEquals(alone, example(data.get(new int[] {4}), 0), "back at epoch 2 (a resumed run) the same image");
        AugmentedDataset otherSeed = new AugmentedDataset(images(), AUGMENT, 6);
        otherSeed.setEpoch(2);
        assertFalse(Arrays.equals(alone, example(otherSeed.get(new int[] {4}), 0)));
    }

    @Test
    void exampleSeedsAreDistinctAcrossEpochsAndIndices() {
        Set<Long> seeds = new HashSet<>();
        for (int e = 0; e < 50; e++) {
            for (int i = 0; i < 200; i++) seeds.add(AugmentedDataset.exampleSeed(42, e, i));
        }
        assertEquals(50 * 200, seeds.size());
        assertNotEquals(AugmentedDataset.exampleSeed(1, 0, 0), AugmentedDataset.exampleSeed(2, 0, 0));
    }

    @Test
    void aShuffledPrefetchingLoaderSeesTheSameBatchesOnEveryRun() {
        List<float[]> first = run(2), second = run(0);
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) assertArrayEquals(first.get(i), second.get(i), "batch " + i);
    }

    /** Two epochs of 4-example batches, with the given prefetch. */
    private static List<float[]> run(int prefetch) {
        AugmentedDataset data = new AugmentedDataset(images(), AUGMENT, 11);
        DataLoader loader = new DataLoader(data, DataLoader.Options.batchSize(4).withShuffle(3).withPrefetch(prefetch));
        List<float[]> seen = new ArrayList<>();
        for (int epoch = 0; epoch < 2; epoch++) {
            data.setEpoch(epoch);
            try (DataLoader.Epoch batches = loader.epoch(epoch)) {
                for (Batch b : batches) seen.add(b.x().toFloatArray());
            }
        }
        return seen;
    }

    @Test
    void badInputsAreRefusedWithClearMessages() {
        var flat = assertThrows(IllegalArgumentException.class,
                () -> new AugmentedDataset(new TensorDataset(Tensor.zeros(4, 784)), AUGMENT, 0).get(new int[] {0}));
        assertTrue(flat.getMessage().contains("[4, 784]") || flat.getMessage().contains("[1, 784]"), flat.getMessage());
        assertTrue(flat.getMessage().contains("[b, C, H, W]"), flat.getMessage());
        AugmentedDataset data = new AugmentedDataset(images(), AUGMENT, 0);
        assertThrows(IllegalArgumentException.class, () -> data.setEpoch(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> data.get(new int[] {M}));
        var tooSmall = assertThrows(IllegalArgumentException.class,
                () -> new AugmentedDataset(images(), CenterCrop.of(9, 9), 0).get(new int[] {0}));
        assertTrue(tooSmall.getMessage().contains("9x9") && tooSmall.getMessage().contains("8x8"), tooSmall.getMessage());
        assertSame(AUGMENT, data.transform());
        assertEquals(M, data.size());
    }

    @Test
    void theLoaderSetsTheEpochSoAResumedEpochSeesTheSameImages() {
        AugmentedDataset a = new AugmentedDataset(images(), AUGMENT, 7);
        AugmentedDataset b = new AugmentedDataset(images(), AUGMENT, 7);
        var subset = new ai.deepj.data.Subset(b, new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        DataLoader la = new DataLoader(a, DataLoader.Options.batchSize(4).withShuffle(3).withPrefetch(1));
        DataLoader lb = new DataLoader(subset, DataLoader.Options.batchSize(4).withShuffle(3));
        List<float[]> epoch2 = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
            try (DataLoader.Epoch batches = la.epoch(e)) {
                for (Batch x : batches) if (e == 2) epoch2.add(x.x().toFloatArray());
            }
        }
        assertEquals(2, a.epoch(), "the loader told the data set the epoch");
        List<float[]> resumed = new ArrayList<>();
        try (DataLoader.Epoch batches = lb.epoch(2)) {        // straight to epoch 2, through a Subset
            for (Batch x : batches) resumed.add(x.x().toFloatArray());
        }
        assertEquals(2, b.epoch());
        assertEquals(epoch2.size(), resumed.size());
        for (int i = 0; i < resumed.size(); i++) assertArrayEquals(epoch2.get(i), resumed.get(i));
    }
}
