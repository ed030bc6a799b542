package ai.deepj.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleFreezeByPrefixTest {
    private static Sequential model() {
        Generator g = Generator.seeded(3);
        Sequential inner = new Sequential(new Linear(4, 4, Linear.Options.defaults(), g), new ReLU(),
                new Linear(4, 4, Linear.Options.defaults(), g));
        Sequential m = new Sequential(new Linear(2, 4, Linear.Options.defaults(), g), inner);
        for (int i = 0; i < 9; i++) m.add(new Linear(4, 4, Linear.Options.defaults(), g));
        return m; // parameters 0.*, 1.0.*, 1.2.*, 2.* ... 10.*
    }

    private static List<String> frozen(Module m) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : m.namedParameters().entrySet()) if (!e.getValue().requiresGrad()) out.add(e.getKey());
        return out;
    }

    @Test
    void prefixMatchesWholeNamePartsOnly() {
        Sequential m = model();
        m.freeze("1");
        assertEquals(List.of("1.0.weight", "1.0.bias", "1.2.weight", "1.2.bias"), frozen(m), "'1' must not match 10.*");
        m.unfreeze("1.2");
        assertEquals(List.of("1.0.weight", "1.0.bias"), frozen(m));
        m.freeze("10.", "0.weight");
        assertEquals(List.of("0.weight", "1.0.weight", "1.0.bias", "10.weight", "10.bias"), frozen(m));
        m.unfreeze();
        assertEquals(List.of(), frozen(m));
    }

    @Test
    void prefixMatchingNothingIsRefusedAndChangesNothing() {
        Sequential m = model();
        var e = assertThrows(IllegalArgumentException.class, () -> m.freeze("0.", "layers.3"));
        assertTrue(e.getMessage().contains("freeze: no parameter of Sequential matches prefix 'layers.3'"), e.getMessage());
        assertEquals(List.of(), frozen(m), "a refused call must not freeze the prefixes that did match");
        var partial = assertThrows(IllegalArgumentException.class, () -> m.unfreeze("0.w"));
        assertTrue(partial.getMessage().contains("'0.w'"), partial.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.freeze(new String[0]));
        assertThrows(IllegalArgumentException.class, () -> m.freeze(""));
    }
}
