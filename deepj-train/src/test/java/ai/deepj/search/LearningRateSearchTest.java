package ai.deepj.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.nn.Linear;
import ai.deepj.nn.ReLU;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.init.Init;
import ai.deepj.nn.loss.MeanSquaredError;
import ai.deepj.optim.GradientDescent;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A small real search: the learning rate α of gradient descent for a [3, 16, 1] ReLU net fitting a
 * noisy linear target, sampled on the course's log scale from 10^−4 to 10^1. Too small an α
 * crawls, too large an α diverges (those trials fail with a NaN cost and the search goes on); the
 * best lies just below the divergence. Judged against a grid every quarter decade.
 */
class LearningRateSearchTest {
    static final int M = 200, STEPS = 100;

    /**
     * Trains with α = the trial's {@code lr} on y = x·w + noise (x ~ N(0, 1) [200, 3], noise
     * N(0, 0.1²)) and returns the final mean squared error; the data are fixed, the weights drawn
     * from the trial's seed.
     */
    static final Objective TRAIN = trial -> {
        Generator data = Generator.seeded(42);
        Tensor x = Tensor.randn(data, M, 3);
        Tensor y = x.matmul(Tensor.of(new float[] {1.5f, -2f, 0.5f}, 3, 1)).add(Tensor.randn(data, M, 1).mul(0.1));
        Generator g = trial.generator();
        Linear.Options he = Linear.Options.defaults().withWeightInit(Init.heNormal()).withBiasInit(Init.zeros());
        Sequential model = new Sequential(new Linear(3, 16, he, g), new ReLU(), new Linear(16, 1, he, g));
        GradientDescent gd = GradientDescent.of(model.parameters(), trial.getDouble("lr"));
        MeanSquaredError loss = new MeanSquaredError();
        double[] costs = new double[STEPS];
        for (int s = 0; s < STEPS; s++) {
            Tensor cost = loss.compute(model.forward(x), y);
            costs[s] = cost.item();
            cost.backward();
            gd.step();
            gd.zeroGrad();
        }
        return Outcome.of(costs[STEPS - 1], Map.of("cost", costs));
    };

    @Test
    void randomSearchOverTheLearningRateFindsAGoodAlpha() {
        SearchSpace space = SearchSpace.of().with("lr", Domain.logUniform(1e-4, 10));
        Search search = Search.minimize(space).withSeed(1).withMetricName("final_cost").withRunner(LocalTrialRunner.threads(2));
        SearchResult random = search.random(12, TRAIN);
        SearchResult grid = search.grid(21, TRAIN); // 10^−4, 10^−3.75, …, 10^1
        TrialResult best = random.best().orElseThrow(), reference = grid.best().orElseThrow();
        double alpha = best.spec().getDouble("lr"), refAlpha = reference.spec().getDouble("lr");

        // The smallest α barely moves the cost; the best is several times lower.
        TrialResult slowest = grid.trials().get(0);
        assertEquals(1e-4, slowest.spec().getDouble("lr"), 1e-18);
        assertTrue(best.metric() < slowest.metric() / 3, random.table() + "\n" + grid.table());
        // Twelve random trials come within 25 % of the best of 21 grid points, at an α within half
        // a decade of the grid's.
        assertTrue(best.metric() < 1.25 * reference.metric(), random.table() + "\n" + grid.table());
        assertTrue(Math.abs(Math.log10(alpha) - Math.log10(refAlpha)) <= 0.5, alpha + " vs the grid's " + refAlpha);
        // Divergence: the failed trials are those with the largest α, recorded with their reason.
        assertTrue(!grid.failed().isEmpty() && grid.failed().contains(grid.trials().get(20)), grid.table());
        for (TrialResult f : grid.failed()) {
            assertTrue(f.spec().getDouble("lr") > refAlpha, grid.table());
            assertEquals("metric is NaN", f.error());
        }
        assertEquals(STEPS, best.history().get("cost").length);
        assertTrue(best.history().get("cost")[STEPS - 1] < best.history().get("cost")[0]);
    }
}
