package ai.deepj.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchTest {
    /** A bowl with its minimum at α = 10^−2, x = 0.3: f = (log₁₀ α + 2)² + 25·(x − 0.3)². */
    static final Objective BOWL = t -> {
        double r = Math.log10(t.getDouble("lr")) + 2, dx = t.getDouble("x") - 0.3;
        return Outcome.of(r * r + 25 * dx * dx);
    };

    static SearchSpace bowlSpace() {
        return SearchSpace.of().with("lr", Domain.logUniform(1e-5, 1)).with("x", Domain.uniform(0, 1));
    }

    @Test
    void sameSeedGivesTheSameTrialsAndResultsOnAnyNumberOfThreads() {
        // Each trial also draws from its own generator, so its metric depends on its seed.
        Objective noisy = t -> {
            double noise = t.generator().nextDouble();
            Thread.sleep((t.id() * 7) % 5); // finish out of order
            return Outcome.of(t.getDouble("lr") + noise, Map.of("curve", new double[] {noise, t.id()}));
        };
        Search s = Search.minimize(bowlSpace()).withSeed(11);
        SearchResult one = s.withRunner(LocalTrialRunner.panda()).random(24, noisy);
        SearchResult four = s.withRunner(LocalTrialRunner.threads(4)).random(24, noisy);
        assertEquals(24, one.trials().size());
        for (int i = 0; i < 24; i++) {
            TrialResult a = one.trials().get(i), b = four.trials().get(i);
            assertEquals(i, a.id());
            assertEquals(a.spec(), b.spec());
            assertEquals(a.metric(), b.metric(), 0);
            assertArrayEquals(a.history().get("curve"), b.history().get("curve"));
        }
        // A different seed, different trials; trial seeds are all distinct.
        assertNotEquals(s.randomTrials(3), s.withSeed(12).randomTrials(3));
        assertEquals(24, one.trials().stream().mapToLong(t -> t.spec().seed()).distinct().count());
        // The first trials do not depend on how many are asked for.
        assertEquals(s.randomTrials(5), s.randomTrials(24).subList(0, 5));
    }

    @Test
    void failingTrialsAreRecordedNotFatal() {
        Objective sometimes = t -> {
            if (t.id() == 1) throw new IllegalStateException("out of patience");
            if (t.id() == 2) return Outcome.of(Double.NaN);
            return Outcome.of(t.getDouble("x"));
        };
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        SearchResult r = Search.maximize(bowlSpace()).withRunner(LocalTrialRunner.threads(2)).withProgress(t -> seen.add(t.id()))
                .random(6, sometimes);
        assertEquals(6, seen.size());
        assertEquals(List.of(1, 2), r.failed().stream().map(TrialResult::id).toList());
        TrialResult f = r.trials().get(1);
        assertFalse(f.ok());
        assertTrue(f.error().startsWith("IllegalStateException: out of patience (at "), f.error());
        assertEquals("metric is NaN", r.trials().get(2).error());
        assertEquals(4, r.ranked().size());
        // maximize: best first
        for (int i = 1; i < 4; i++) assertTrue(r.ranked().get(i - 1).metric() >= r.ranked().get(i).metric());
        assertTrue(r.table().contains("failed:\n  id 1 lr="), r.table());
    }

    @Test
    void coarseToFineNarrowsTowardTheOptimum() {
        CoarseToFine plan = CoarseToFine.of(4, 20).withTopK(3);
        SearchResult r = Search.minimize(bowlSpace()).withSeed(3).withRunner(LocalTrialRunner.threads(2)).coarseToFine(plan, BOWL);
        assertEquals(80, r.trials().size());
        assertEquals(4, r.spaces().size());
        double prevLr = 5, prevX = 1;
        for (SearchSpace s : r.spaces()) {
            Domain.LogUniform lr = (Domain.LogUniform) s.domain("lr");
            Domain.Uniform x = (Domain.Uniform) s.domain("x");
            double lrWidth = Math.log10(lr.hi()) - Math.log10(lr.lo()), xWidth = x.hi() - x.lo();
            assertTrue(lrWidth <= prevLr + 1e-12 && xWidth <= prevX + 1e-12, "each round's space lies inside the previous one: " + s);
            assertTrue(lr.lo() <= 1e-2 && 1e-2 <= lr.hi() && x.lo() <= 0.3 && 0.3 <= x.hi(), "the optimum stays inside: " + s);
            prevLr = lrWidth;
            prevX = xWidth;
        }
        assertTrue(prevLr < 5 / 4.0 && prevX < 1 / 4.0, "the last space is much narrower: " + r.spaces().get(3));
        double bestFirstRound = r.trials().stream().filter(t -> t.spec().round() == 0).mapToDouble(TrialResult::metric).min().orElseThrow();
        double bestLastRound = r.trials().stream().filter(t -> t.spec().round() == 3).mapToDouble(TrialResult::metric).min().orElseThrow();
        assertTrue(bestLastRound < bestFirstRound / 4, bestLastRound + " vs " + bestFirstRound);
        TrialResult best = r.best().orElseThrow();
        assertEquals(-2, Math.log10(best.spec().getDouble("lr")), 0.1);
        assertEquals(0.3, best.spec().getDouble("x"), 0.02);
        // Trials of later rounds are numbered on.
        assertEquals(List.of(60, 3), List.of(r.trials().get(60).id(), r.trials().get(60).spec().round()));
    }

    @Test
    void gridSearchRunsEveryCombination() {
        SearchResult r = Search.minimize(bowlSpace()).withRunner(LocalTrialRunner.threads(3)).grid(5, BOWL);
        assertEquals(25, r.trials().size());
        TrialResult best = r.best().orElseThrow();
        // The grid's α are 10^−5, 10^−3.75, 10^−2.5, 10^−1.25, 1 and its x 0, 0.25, …, 1: the nearest
        // to the optimum (10^−2, 0.3) are 10^−2.5 and 0.25. Five values of each, 25 trials: the
        // course's point against grids.
        assertEquals(-2.5, Math.log10(best.spec().getDouble("lr")), 1e-12);
        assertEquals(0.25, best.spec().getDouble("x"), 1e-15);
        assertEquals(5, r.trials().stream().map(t -> t.params().get("lr")).distinct().count());
    }

    @Test
    void tableCsvAndScatter(@TempDir Path dir) throws Exception {
        SearchSpace space = bowlSpace().with("act", Domain.choice("relu", "tanh, scaled"));
        Objective o = t -> t.id() == 0 ? Outcome.of(Double.POSITIVE_INFINITY) : BOWL.evaluate(t);
        SearchResult r = Search.minimize(space).withSeed(5).withMetricName("dev_loss").withRunner(LocalTrialRunner.panda()).random(5, o);
        String table = r.table();
        assertTrue(table.startsWith("Random search: 5 trials (4 ok, 1 failed), minimize dev_loss, seed 5, 1 local thread\n"), table);
        assertTrue(table.contains("rank  id"), table);
        assertTrue(table.contains("metric is Infinity"), table);

        Path csv = dir.resolve("search.csv");
        r.writeCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("id,round,seed,status,rank,lr,x,act,dev_loss,seconds,error", lines.get(0));
        assertEquals(6, lines.size());
        assertTrue(lines.get(1).startsWith("0,0," + r.trials().get(0).spec().seed() + ",failed,,"), lines.get(1));
        assertTrue(lines.get(1).endsWith(",metric is Infinity"), lines.get(1));
        TrialResult t1 = r.trials().get(1);
        String[] cells = lines.get(2).split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
        assertEquals(t1.spec().getDouble("lr"), Double.parseDouble(cells[5]), 0);
        assertEquals(t1.metric(), Double.parseDouble(cells[8]), 0);
        assertTrue(List.of("relu", "\"tanh, scaled\"").contains(cells[7]), cells[7]);

        Map<String, SearchResult.Scatter> scatter = r.scatter();
        assertEquals(List.of("lr", "x", "act"), List.copyOf(scatter.keySet()));
        SearchResult.Scatter lr = scatter.get("lr");
        assertEquals("log", lr.scale());
        assertEquals(4, lr.x().length);
        assertArrayEquals(new int[] {1, 2, 3, 4}, lr.ids());
        assertEquals(r.trials().get(1).metric(), lr.metric()[0], 0);
        SearchResult.Scatter act = scatter.get("act");
        assertEquals(List.of("relu", "tanh, scaled"), act.categories());
        for (double v : act.x()) assertTrue(v == 0 || v == 1);
    }

    @Test
    void specsResultsAndLambdaObjectivesSurviveJavaSerialization() throws Exception {
        double offset = 0.5; // captured: serializable
        Objective o = t -> Outcome.of(t.getDouble("x") + offset, Map.of("h", new double[] {1, 2}));
        TrialSpec spec = Search.minimize(bowlSpace()).withSeed(9).randomTrials(1).get(0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(spec);
            out.writeObject(o);
            out.writeObject(TrialResult.evaluate(spec, o));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            TrialSpec spec2 = (TrialSpec) in.readObject();
            Objective o2 = (Objective) in.readObject();
            TrialResult r2 = (TrialResult) in.readObject();
            assertEquals(spec, spec2);
            TrialResult again = TrialResult.evaluate(spec2, o2);
            assertEquals(spec.getDouble("x") + 0.5, again.metric(), 0);
            assertEquals(again.metric(), r2.metric(), 0);
            assertArrayEquals(new double[] {1, 2}, r2.history().get("h"));
        }
    }

    @Test
    void trialSpecAccessorsNameTheProblem() {
        TrialSpec t = new TrialSpec(3, 0, 1, Map.of("lr", 0.1, "act", "relu", "layers", 2));
        assertEquals(2, t.getInt("layers"));
        assertEquals(2.0, t.getDouble("layers"));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> t.getInt("lr"));
        assertEquals("TrialSpec: hyperparameter 'lr' of trial 3 is 0.1 (Double), not an integer", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> t.get("beta"));
        assertTrue(e.getMessage().startsWith("TrialSpec: trial 3 has no hyperparameter 'beta'; it has "), e.getMessage());
    }
}
