package ai.deepj.train.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.nn.Dropout;
import ai.deepj.nn.Linear;
import ai.deepj.nn.Module;
import ai.deepj.nn.Sequential;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import ai.deepj.nn.io.ModelIO;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnsembleTest {
    private static final Tensor X = Tensor.uniform(Generator.seeded(1), DType.FLOAT32, -1, 1, 5, 1, 8, 8);

    @Test
    void ensembleOfIdenticalModelsEqualsOneModel() {
        Sequential a = TransferFixtures.convNet(3);
        a.eval();
        float[] logits = a.forward(X).toFloatArray();
        float[] probs = a.forward(X).softmax(1).toFloatArray();
        // Two members: (p + p) / 2 is exact in floating point, so bit for bit.
        assertArrayEquals(probs, Ensemble.ofProbabilities(a, a.copy()).forward(X).toFloatArray());
        assertArrayEquals(logits, Ensemble.ofLogits(a, a.copy()).forward(X).toFloatArray());
        assertArrayEquals(probs, Ensemble.ofProbabilities(a).forward(X).toFloatArray());
        // Three members: (3p) / 3 may round by an ulp of the values (≤ 1 for probabilities).
        assertArrayEquals(probs, Ensemble.ofProbabilities(a, a.copy(), a.copy()).forward(X).toFloatArray(), 2.4e-7f);
    }

    @Test
    void averagesProbabilitiesOfDifferentMembers() {
        Module a = TransferFixtures.convNet(3), b = TransferFixtures.convNet(4);
        Ensemble e = Ensemble.ofProbabilities(a, b);
        double[] pa = a.forward(X).to(DType.FLOAT64).softmax(1).toDoubleArray();
        double[] pb = b.forward(X).to(DType.FLOAT64).softmax(1).toDoubleArray();
        float[] got = e.forward(X).toFloatArray();
        for (int i = 0; i < got.length; i++) assertEquals((pa[i] + pb[i]) / 2, got[i], 1e-6, "element " + i);
        for (int n = 0; n < 5; n++) assertEquals(1.0, got[3 * n] + got[3 * n + 1] + got[3 * n + 2], 1e-6);
    }

    @Test
    void membersRunInEvaluationModeAndTrainingIsRefused() {
        Generator g = Generator.seeded(2);
        Sequential withDropout = new Sequential(new Linear(4, 8, Linear.Options.defaults(), g), Dropout.ofKeepProb(0.5, Generator.seeded(3)),
                new Linear(8, 3, Linear.Options.defaults(), g));
        assertTrue(withDropout.isTraining());
        Ensemble e = Ensemble.ofLogits(withDropout);
        assertFalse(withDropout.isTraining());
        Tensor x = Tensor.ones(2, 4);
        assertArrayEquals(e.forward(x).toFloatArray(), e.forward(x).toFloatArray(), "no dropout at test time");
        var ex = assertThrows(IllegalStateException.class, e::train);
        assertTrue(ex.getMessage().startsWith("Ensemble: is for evaluation only"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ensemble.ofLogits());
    }

    @Test
    void copyRebuildsTheEnsembleFromItsConfig() {
        Ensemble e = Ensemble.ofProbabilities(TransferFixtures.convNet(3), TransferFixtures.convNet(4));
        Ensemble c = (Ensemble) e.copy();
        assertEquals(Ensemble.Average.PROBABILITIES, c.average());
        assertEquals(2, c.members().size());
        assertArrayEquals(e.forward(X).toFloatArray(), c.forward(X).toFloatArray());
    }

    @Test
    void membersWithDifferentOutputShapesAreRefused() {
        Sequential three = TransferFixtures.convNet(3);
        Sequential five = Transfer.replaceHead(TransferFixtures.convNet(4), new Linear(6, 5, Linear.Options.defaults(), Generator.seeded(1)));
        var e = assertThrows(IllegalArgumentException.class, () -> Ensemble.ofLogits(three, five).forward(X));
        assertEquals("Ensemble: model 1 gave output of shape [5, 5] but model 0 gave [5, 3]; every member must give the same shape", e.getMessage());
    }

    /** Saved with ModelIO, an ensemble loads again through the registry's naming convention (no registration needed). */
    @Test
    void savesAndLoads(@TempDir Path dir) throws Exception {
        Ensemble e = Ensemble.ofProbabilities(TransferFixtures.convNet(3), TransferFixtures.convNet(4));
        ModelIO.save(e, dir);
        Module loaded = ModelIO.load(dir);
        assertTrue(loaded instanceof Ensemble, () -> "loaded " + loaded.getClass());
        loaded.eval();
        assertArrayEquals(e.forward(X).toFloatArray(), loaded.forward(X).toFloatArray());
    }
}
