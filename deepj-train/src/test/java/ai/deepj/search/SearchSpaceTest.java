package ai.deepj.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {
    @Test
    void gridEnumeratesTheProductLastParameterFastest() {
        SearchSpace space = SearchSpace.of()
                .with("lr", Domain.logUniform(1e-4, 1))
                .with("act", Domain.choice("relu", "tanh"))
                .with("layers", Domain.integer(1, 4));
        List<Map<String, Object>> grid = space.grid(3);
        assertEquals(3 * 2 * 3, grid.size()); // integer 1..4 with 3 points: 1, 3, 4 (rounded, evenly spaced)
        assertEquals(18, space.gridSize(3));
        Set<Map<String, Object>> distinct = new HashSet<>(grid);
        assertEquals(18, distinct.size());
        for (Object lr : List.of(1e-4, 1e-2, 1.0)) {
            for (Object act : List.of("relu", "tanh")) {
                for (Object layers : List.of(1, 3, 4)) {
                    boolean found = grid.stream().anyMatch(m -> Math.abs((Double) m.get("lr") - (Double) lr) < 1e-15
                            && m.get("act").equals(act) && m.get("layers").equals(layers));
                    assertEquals(true, found, lr + " " + act + " " + layers);
                }
            }
        }
        assertEquals(Map.of("lr", 1e-4, "act", "relu", "layers", 1), grid.get(0));
        assertEquals(Map.of("lr", 1e-4, "act", "relu", "layers", 3), grid.get(1));
        assertEquals(List.of("lr", "act", "layers"), List.copyOf(grid.get(17).keySet()));
    }

    @Test
    void zoomIsTheBoundingBoxOfTheBestPaddedByTheMarginInUnitCoordinates() {
        SearchSpace space = SearchSpace.of()
                .with("x", Domain.uniform(0, 10))
                .with("lr", Domain.logUniform(1e-4, 1))
                .with("beta", Domain.betaScale(0.9, 0.999))
                .with("hidden", Domain.integer(1, 10))
                .with("act", Domain.choice("a", "b", "c"));
        List<Map<String, Object>> best = List.of(
                Map.of("x", 2.0, "lr", 1e-3, "beta", 0.99, "hidden", 5, "act", "c"),
                Map.of("x", 3.0, "lr", 1e-2, "beta", 0.99, "hidden", 6, "act", "b"));
        SearchSpace z = space.zoom(best, 0.1);
        // x: u = 0.2 … 0.3, padded to 0.1 … 0.4 → [1, 4]
        Domain.Uniform x = (Domain.Uniform) z.domain("x");
        assertEquals(1, x.lo(), 1e-12);
        assertEquals(4, x.hi(), 1e-12);
        // lr: r = −3 … −2 → u = 0.25 … 0.5 → 0.15 … 0.6 → r = −3.4 … −1.6
        Domain.LogUniform lr = (Domain.LogUniform) z.domain("lr");
        assertEquals(-3.4, Math.log10(lr.lo()), 1e-12);
        assertEquals(-1.6, Math.log10(lr.hi()), 1e-12);
        // beta: 1 − β = 10^−2 → u = 0.5 → 0.4 … 0.6 → 1 − β = 10^−1.8 … 10^−2.2
        Domain.BetaScale beta = (Domain.BetaScale) z.domain("beta");
        assertEquals(1 - Math.pow(10, -1.8), beta.lo(), 1e-12);
        assertEquals(1 - Math.pow(10, -2.2), beta.hi(), 1e-12);
        // hidden: slots of 5 and 6 are u = 0.4 … 0.6 (centres 0.45, 0.55) → 0.35 … 0.65 → integers 4 … 7
        assertEquals(new Domain.IntRange(4, 7), z.domain("hidden"));
        // act: the values the best trials used, in the choice's order
        assertEquals(List.of("b", "c"), ((Domain.Choice) z.domain("act")).values());
    }

    @Test
    void zoomClipsToTheCurrentRange() {
        SearchSpace space = SearchSpace.of().with("x", Domain.uniform(0, 1));
        SearchSpace z = space.zoom(List.of(Map.of("x", 0.98)), 0.1);
        assertEquals(new Domain.Uniform(0.88, 1.0), round(z.domain("x")));
        // A value outside the current range (from an earlier, wider round) counts as its nearest end.
        SearchSpace inner = SearchSpace.of().with("x", Domain.uniform(0.4, 0.6)).zoom(List.of(Map.of("x", 0.9)), 0.25);
        assertEquals(new Domain.Uniform(0.55, 0.6), round(inner.domain("x")));
    }

    static Domain.Uniform round(Domain d) {
        Domain.Uniform u = (Domain.Uniform) d;
        return new Domain.Uniform(Math.round(u.lo() * 1e12) / 1e12, Math.round(u.hi() * 1e12) / 1e12);
    }

    @Test
    void mistakesAreRefusedClearly() {
        var e = assertThrows(IllegalStateException.class, () -> SearchSpace.of().grid(3));
        assertEquals("SearchSpace.grid: the space has no hyperparameters; add some with with(name, domain)", e.getMessage());
        SearchSpace s = SearchSpace.of().with("x", Domain.uniform(0, 1));
        var e2 = assertThrows(IllegalArgumentException.class, () -> s.domain("y"));
        assertEquals("SearchSpace: no hyperparameter 'y'; have [x]", e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.zoom(List.of(), 0.1));
        assertThrows(IllegalArgumentException.class, () -> s.zoom(List.of(Map.of("z", 1.0)), 0.1));
    }
}
