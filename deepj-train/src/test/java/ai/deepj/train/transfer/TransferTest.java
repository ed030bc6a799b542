package ai.deepj.train.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.data.DataLoader;
import ai.deepj.nn.Linear;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.loss.CrossEntropy;
import ai.deepj.optim.Adam;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import ai.deepj.train.Trainer;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransferTest {
    /** Trains all of {@code model.parameters()} (frozen ones included) for two epochs with the real Trainer. */
    private static void train(Sequential model) {
        Trainer.builder()
                .model(model)
                .loss(new CrossEntropy())
                .optimizer(Adam.of(model.parameters(), Adam.Options.defaults().withLr(0.05)))
                .train(new DataLoader(TransferFixtures.images(24, 1), DataLoader.Options.batchSize(8).withShuffle(2)))
                .epochs(2)
                .quiet()
                .build()
                .fit();
    }

    /** Asserts that exactly the parameters whose names start with one of {@code moved} changed. */
    private static void assertMoved(Map<String, float[]> before, Sequential model, Set<String> movedLayers) {
        for (var e : model.namedParameters().entrySet()) {
            String layer = e.getKey().substring(0, e.getKey().indexOf('.'));
            boolean same = Arrays.equals(before.get(e.getKey()), e.getValue().toFloatArray());
            if (movedLayers.contains(layer)) assertFalse(same, e.getKey() + " should have learned");
            else assertTrue(same, e.getKey() + " is frozen but changed");
        }
    }

    @Test
    void optimizerMovesOnlyLayersAfterTheFreezePoint() {
        Sequential model = TransferFixtures.convNet(5);
        Transfer.freezeUpTo(model, 3);                       // conv 0 frozen; conv 3 and linear 6 learn
        var before = TransferFixtures.snapshot(model);
        train(model);
        assertMoved(before, model, Set.of("3", "6"));
        assertEquals(2, Transfer.trainableParameters(model).size() / 2);
    }

    @Test
    void fineTuningLaterLayersAndPrefixFreezing() {
        Sequential model = TransferFixtures.convNet(6);
        Transfer.freezeUpTo(model, model.size());            // everything frozen
        Transfer.unfreezeLast(model, 1);                     // only the head
        var before = TransferFixtures.snapshot(model);
        train(model);
        assertMoved(before, model, Set.of("6"));

        Transfer.unfreezeLast(model, 4);                     // fine-tune conv 3 as well
        model.freeze("6.");                                  // ... but now hold the head
        before = TransferFixtures.snapshot(model);
        train(model);
        assertMoved(before, model, Set.of("3"));
    }

    @Test
    void indicesOutsideTheModelAreRefused() {
        Sequential model = TransferFixtures.convNet(1);
        var e = assertThrows(IllegalArgumentException.class, () -> Transfer.freezeUpTo(model, 8));
        assertEquals("Transfer.freezeUpTo: index 8 is outside [0, 7] for a Sequential of 7 layers", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Transfer.unfreezeLast(model, -1));
        assertThrows(IllegalArgumentException.class, () -> Transfer.replaceHead(new Sequential(), new Linear(2, 2)));
    }

    @Test
    void replaceHeadSharesTheBodyAndCopyMakesItIndependent() {
        Sequential model = TransferFixtures.convNet(2);
        Linear newHead = new Linear(6, 5, Linear.Options.defaults(), Generator.seeded(9));
        Sequential mine = Transfer.replaceHead(model, newHead);
        assertEquals(7, mine.size());
        assertSame(newHead, mine.get(6));
        for (int i = 0; i < 6; i++) assertSame(model.get(i), mine.get(i));
        assertEquals(5, mine.forward(Tensor.zeros(2, 1, 8, 8)).size(1));

        Sequential twoLayerHead = Transfer.replaceHead(model, 5, new Sequential(new ai.deepj.nn.GlobalMaxPool(), newHead));
        assertEquals(6, twoLayerHead.size());

        Sequential independent = Transfer.replaceHead((Sequential) model.copy(), newHead);
        Tensor w = model.namedParameters().get("0.weight");
        Tensor copied = independent.namedParameters().get("0.weight");
        assertNotSame(w, copied);
        assertArrayEquals(w.toFloatArray(), copied.toFloatArray());
        w.set(42.0, 0, 0, 0, 0);
        assertEquals(42.0, mine.namedParameters().get("0.weight").get(0, 0, 0, 0));
        assertTrue(copied.get(0, 0, 0, 0) != 42.0, "the copy's body must not change with the original");
    }
}
