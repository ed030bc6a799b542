package ai.deepj.train.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.data.DataLoader;
import ai.deepj.data.Dataset;
import ai.deepj.data.TensorDataset;
import ai.deepj.nn.Linear;
import ai.deepj.nn.Module;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.io.FileFormatException;
import ai.deepj.nn.io.Safetensors;
import ai.deepj.nn.loss.CrossEntropy;
import ai.deepj.optim.Adam;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import ai.deepj.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureCacheTest {
    @TempDir Path dir;

    private static void fit(Module model, Module head, Dataset data) {
        Trainer.builder()
                .model(model)
                .loss(new CrossEntropy())
                .optimizer(Adam.of(head.parameters(), Adam.Options.defaults().withLr(0.05)))
                .train(new DataLoader(data, DataLoader.Options.batchSize(8).withShuffle(3)))
                .epochs(3)
                .quiet()
                .build()
                .fit();
    }

    @Test
    void headTrainedOnCachedFeaturesEqualsHeadTrainedOnTopOfTheFrozenBody() throws Exception {
        TensorDataset data = TransferFixtures.images(30, 4);

        // End to end: the frozen body runs inside every training step.
        Linear head1 = TransferFixtures.head(Generator.seeded(11));
        Sequential model = TransferFixtures.convBody(7).add(head1);
        Transfer.freezeUpTo(model, 6);
        fit(model, head1, data);

        // Cached: the same body runs once, in batches of a different size; the head trains on the file.
        Sequential body2 = TransferFixtures.convBody(7);
        body2.freeze();
        Path file = dir.resolve("features.safetensors");
        TensorDataset computed = FeatureCache.compute(body2, data, 7, file);
        TensorDataset cached = FeatureCache.load(file, body2, data);
        assertArrayEquals(computed.x().toFloatArray(), cached.x().toFloatArray());
        assertArrayEquals(data.y().toIntArray(), cached.y().toIntArray());
        assertArrayEquals(new int[] {30, 6}, cached.x().shape().toArray());
        assertTrue(body2.isTraining(), "compute must restore the body's mode");
        Linear head2 = TransferFixtures.head(Generator.seeded(11));
        fit(head2, head2, cached);

        // Bit for bit: each example's features do not depend on the batch it was computed in.
        for (var e : head1.namedParameters().entrySet()) {
            assertArrayEquals(e.getValue().toFloatArray(), head2.namedParameters().get(e.getKey()).toFloatArray(), e.getKey());
        }
        assertFalse(java.util.Arrays.equals(head1.namedParameters().get("weight").toFloatArray(),
                TransferFixtures.head(Generator.seeded(11)).namedParameters().get("weight").toFloatArray()), "the head must have learned");
    }

    @Test
    void staleCacheIsRefused() throws Exception {
        TensorDataset data = TransferFixtures.images(10, 4);
        Sequential body = TransferFixtures.convBody(7);
        Path file = dir.resolve("f.safetensors");
        FeatureCache.compute(body, data, 4, file);

        Sequential changed = TransferFixtures.convBody(7);
        Tensor w = changed.namedParameters().get("3.weight");
        w.set(w.get(0, 0, 0, 0) + 1e-3, 0, 0, 0, 0);
        var e = assertThrows(IllegalStateException.class, () -> FeatureCache.load(file, changed, data));
        assertTrue(e.getMessage().contains("is stale: it was computed by a different body"), e.getMessage());

        var otherData = assertThrows(IllegalStateException.class, () -> FeatureCache.load(file, body, TransferFixtures.images(10, 5)));
        assertTrue(otherData.getMessage().contains("is stale: it was computed from different data"), otherData.getMessage());

        Sequential otherArchitecture = new Sequential(TransferFixtures.convBody(7), new ai.deepj.nn.Identity());
        assertThrows(IllegalStateException.class, () -> FeatureCache.load(file, otherArchitecture, data));

        assertEquals(10, FeatureCache.load(file, TransferFixtures.convBody(7), data).size(), "an equal body built again is accepted");
    }

    @Test
    void fileThatIsNoFeatureCacheIsRefused() throws Exception {
        Path file = dir.resolve("weights.safetensors");
        Safetensors.write(file, Map.of("w", Tensor.ones(2, 2)));
        var e = assertThrows(FileFormatException.class, () -> FeatureCache.load(file, TransferFixtures.convBody(1), TransferFixtures.images(2, 1)));
        assertTrue(e.getMessage().contains("not a feature cache"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("missing.safetensors")));
    }
}
