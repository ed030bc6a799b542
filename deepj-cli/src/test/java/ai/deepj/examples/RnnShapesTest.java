package ai.deepj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The three RNN shapes on generated data, with fewer epochs (and numbers) than their defaults so that each
 * trains in a few seconds; each must beat chance on held-out data by far. (With the defaults all three
 * reach 100 % held-out accuracy.)
 */
class RnnShapesTest {
    private static PrintStream sink() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    @Test
    void manyToOneClassifiesVariableLengthSequencesThroughTheirMasks() {
        SequenceClassification.Result r = SequenceClassification.run(new SequenceClassification.Options(3000, 500, 32, 5, 2), sink());
        assertTrue(r.chance() < 0.56, "balanced classes: chance " + r.chance());
        assertTrue(r.heldOutAccuracy() > 0.9, "held-out accuracy " + r.heldOutAccuracy());
    }

    @Test
    void paddingDoesNotChangeTheClassifiersAnswer() {
        // The same sequence padded to 20 with PAD or run alone: the mask makes them equal.
        var model = new SequenceClassification.PatternClassifier(8, ai.deepj.tensor.Generator.seeded(3));
        int[] s = {0, 1, 2, 3, 1};
        int[] padded = new int[SequenceClassification.MAX_LENGTH];
        java.util.Arrays.fill(padded, SequenceClassification.PAD);
        System.arraycopy(s, 0, padded, 0, s.length);
        double[] alone = model.forward(ai.deepj.tensor.Tensor.of(s, 1, s.length)).toDoubleArray();
        double[] withPad = model.forward(ai.deepj.tensor.Tensor.of(padded, 1, padded.length)).toDoubleArray();
        org.junit.jupiter.api.Assertions.assertArrayEquals(alone, withPad, 1e-6);
    }

    @Test
    void manyToManyTagsEveryStep() {
        SequenceTagging.Result r = SequenceTagging.run(new SequenceTagging.Options(2000, 300, 32, 4, 2), sink());
        assertTrue(r.chance() < 0.5, "chance " + r.chance());
        assertTrue(r.heldOutAccuracy() > 0.9, "held-out accuracy over every step " + r.heldOutAccuracy());
    }

    @Test
    void oneToManyWritesOutNumbersItNeverSaw() {
        SequenceGeneration.Result r = SequenceGeneration.run(new SequenceGeneration.Options(1500, 200, 96, 4, 2), sink());
        assertTrue(r.heldOutDigitAccuracy() > 0.6, "held-out digits right " + r.heldOutDigitAccuracy() + " (chance 0.1)");
        assertEquals(6, SequenceGeneration.digitsOf(123).length);
    }
}
