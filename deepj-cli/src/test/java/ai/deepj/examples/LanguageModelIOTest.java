package ai.deepj.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.nn.Module;
import ai.deepj.nn.io.ModelIO;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The language models save with ModelIO and load again (type {@code examples.LanguageModel}, by convention). */
class LanguageModelIOTest {
    @Test
    void characterAndWordModelsRoundTrip(@TempDir Path dir) throws Exception {
        Tensor ids = Tensor.of(new int[] {1, 4, 2, 0, 3, 3, 1, 2}, 2, 4);
        LanguageModel[] models = {LanguageModel.courseRnn(5, 7, Generator.seeded(1)),
                LanguageModel.charLstm(5, 6, Generator.seeded(2)), LanguageModel.wordLstm(5, 3, 4, Generator.seeded(3))};
        for (int i = 0; i < models.length; i++) {
            LanguageModel m = models[i];
            m.eval();
            Path d = dir.resolve("m" + i);
            ModelIO.save(m, d);
            Module loaded = ModelIO.load(d);
            assertTrue(loaded instanceof LanguageModel, () -> "loaded " + loaded.getClass());
            loaded.eval();
            assertEquals(m.toString(), loaded.toString());
            assertArrayEquals(m.forward(ids).toFloatArray(), loaded.forward(ids).toFloatArray());
        }
    }
}
