package ai.deepj.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.deepj.nn.rnn.Bidirectional;
import ai.deepj.nn.rnn.GruCell;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleConfigEnumTest {
    @Test
    void readsAConstantByName() {
        ModuleConfig cfg = new ModuleConfig("rnn.Gru", Map.of("form", "COURSE", "merge", "SUM"));
        assertEquals(GruCell.Form.COURSE, cfg.getEnum("form", GruCell.Form.class));
        assertEquals(Bidirectional.Merge.SUM, cfg.getEnum("merge", Bidirectional.Merge.class));
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        ModuleConfig cfg = new ModuleConfig("rnn.Gru", Map.of("form", "keras", "n", 3));
        assertEquals("rnn.Gru config: unknown form 'keras'; one of [COURSE, PYTORCH]",
                assertThrows(IllegalArgumentException.class, () -> cfg.getEnum("form", GruCell.Form.class)).getMessage());
        assertEquals("rnn.Gru config: 'n' must be a string, got 3",
                assertThrows(IllegalArgumentException.class, () -> cfg.getEnum("n", GruCell.Form.class)).getMessage());
    }
}
