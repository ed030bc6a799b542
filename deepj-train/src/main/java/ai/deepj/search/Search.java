package ai.deepj.search;

import ai.deepj.tensor.Generator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A hyperparameter search over a {@link SearchSpace}: random search (the course's advice: "try
 * random values, don't use a grid"), grid search for comparison, and coarse to fine. Immutable
 * configuration; each method runs a search and returns its {@link SearchResult}.
 *
 * {@snippet :
 * SearchSpace space = SearchSpace.of()
 *         .with("lr", Domain.logUniform(1e-4, 1))
 *         .with("beta", Domain.betaScale(0.9, 0.999));
 * SearchResult r = Search.minimize(space)
 *         .withSeed(42)
 *         .withRunner(LocalTrialRunner.threads(4))     // caviar; LocalTrialRunner.panda() for one at a time
 *         .withMetricName("dev_loss")
 *         .random(25, trial -> Outcome.of(train(trial.getDouble("lr"), trial.getDouble("beta"), trial.seed())));
 * System.out.print(r.table());
 * r.writeCsv(Path.of("search.csv"));
 * }
 *
 * <p><b>Reproducible.</b> Trial {@code i}'s hyperparameter values are drawn from a generator
 * seeded from (search seed, i), and its own {@link TrialSpec#seed() seed} is derived from the same
 * pair: the trials do not depend on how many threads run them, in which order they finish, or on
 * each other. The same search seed gives the same trials; with an objective that takes all its
 * randomness from the trial's seed, the same results.
 */
public final class Search {
    private final SearchSpace space;
    private final Goal goal;
    private final long seed;
    private final TrialRunner runner;
    private final String metricName;
    private final Consumer<TrialResult> progress;

    private Search(SearchSpace space, Goal goal, long seed, TrialRunner runner, String metricName, Consumer<TrialResult> progress) {
        if (space == null) throw new IllegalArgumentException("Search: space must not be null");
        if (runner == null) throw new IllegalArgumentException("Search: runner must not be null");
        if (metricName == null || metricName.isBlank()) throw new IllegalArgumentException("Search: the metric name must not be blank");
        this.space = space;
        this.goal = goal;
        this.seed = seed;
        this.runner = runner;
        this.metricName = metricName;
        this.progress = progress;
    }

    /**
     * A search for the smallest metric, seed 0, on {@link LocalTrialRunner#caviar()} (one trial per
     * processor), metric named {@code metric}.
     */
    public static Search minimize(SearchSpace space) {
        return new Search(space, Goal.MINIMIZE, 0, LocalTrialRunner.caviar(), "metric", null);
    }

    /** As {@link #minimize}, for the largest metric (an accuracy). */
    public static Search maximize(SearchSpace space) {
        return new Search(space, Goal.MAXIMIZE, 0, LocalTrialRunner.caviar(), "metric", null);
    }

    /** The same search with another seed. */
    public Search withSeed(long s) {
        return new Search(space, goal, s, runner, metricName, progress);
    }

    /** The same search on another runner. */
    public Search withRunner(TrialRunner r) {
        return new Search(space, goal, seed, r, metricName, progress);
    }

    /** The same search, naming its metric in tables and CSV (e.g. {@code dev_loss}). */
    public Search withMetricName(String name) {
        return new Search(space, goal, seed, runner, name, progress);
    }

    /** The same search, calling {@code onResult} as each trial finishes (on the calling thread). */
    public Search withProgress(Consumer<TrialResult> onResult) {
        return new Search(space, goal, seed, runner, metricName, onResult);
    }

    /** The space searched. */
    public SearchSpace space() {
        return space;
    }

    /** Minimize or maximize. */
    public Goal goal() {
        return goal;
    }

    /** The search's seed. */
    public long seed() {
        return seed;
    }

    // ------------------------------------------------------------------ trials

    /** The {@code n} random trials {@link #random} runs, ids 0 … n−1. */
    public List<TrialSpec> randomTrials(int n) {
        if (n < 1) throw new IllegalArgumentException("Search.random: need at least 1 trial, got " + n);
        return sampleTrials(space, 0, 0, n);
    }

    private List<TrialSpec> sampleTrials(SearchSpace s, int round, int firstId, int n) {
        List<TrialSpec> specs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int id = firstId + i;
            Map<String, Object> params = s.sample(Generator.seeded(Seeds.derive(seed, id, Seeds.PARAMS)));
            specs.add(new TrialSpec(id, round, Seeds.derive(seed, id, Seeds.TRIAL), params));
        }
        return specs;
    }

    /** The trials {@link #grid} runs: every combination of {@code pointsPerParameter} values per hyperparameter. */
    public List<TrialSpec> gridTrials(int pointsPerParameter) {
        List<Map<String, Object>> combos = space.grid(pointsPerParameter);
        List<TrialSpec> specs = new ArrayList<>(combos.size());
        for (int id = 0; id < combos.size(); id++) specs.add(new TrialSpec(id, 0, Seeds.derive(seed, id, Seeds.TRIAL), combos.get(id)));
        return specs;
    }

    // ------------------------------------------------------------------ searches

    /** Random search: {@code trials} trials, each hyperparameter sampled on its domain's scale. */
    public SearchResult random(int trials, Objective objective) {
        List<TrialResult> results = runner.run(randomTrials(trials), objective, progress);
        return result("random search", List.of(space), results);
    }

    /**
     * Grid search: every combination of {@code pointsPerParameter} values of each hyperparameter
     * (evenly spaced on its scale; all values of a choice or of a small integer range). The course
     * prefers random search: with 25 trials a 5×5 grid tries only 5 values of the hyperparameter
     * that matters, random search 25.
     */
    public SearchResult grid(int pointsPerParameter, Objective objective) {
        List<TrialResult> results = runner.run(gridTrials(pointsPerParameter), objective, progress);
        return result("grid search", List.of(space), results);
    }

    /** Coarse to fine: see {@link CoarseToFine} for the plan and the zoom. */
    public SearchResult coarseToFine(CoarseToFine plan, Objective objective) {
        SearchSpace current = space;
        List<SearchSpace> spaces = new ArrayList<>();
        List<TrialResult> all = new ArrayList<>();
        for (int round = 0; round < plan.rounds(); round++) {
            spaces.add(current);
            List<TrialSpec> specs = sampleTrials(current, round, all.size(), plan.trialsPerRound());
            all.addAll(runner.run(specs, objective, progress));
            if (round + 1 < plan.rounds()) {
                List<Map<String, Object>> best = all.stream().filter(TrialResult::ok).sorted(bestFirst()).limit(plan.topK())
                        .map(TrialResult::params).toList();
                if (!best.isEmpty()) current = current.zoom(best, plan.margin());
            }
        }
        return result("coarse-to-fine search (" + plan.rounds() + " rounds of " + plan.trialsPerRound() + ", top " + plan.topK()
                + ", margin " + plan.margin() + ")", spaces, all);
    }

    private Comparator<TrialResult> bestFirst() {
        return (a, b) -> {
            int c = goal.compare(a.metric(), b.metric());
            return c != 0 ? c : Integer.compare(a.id(), b.id());
        };
    }

    private SearchResult result(String method, List<SearchSpace> spaces, List<TrialResult> results) {
        return new SearchResult(method, goal, seed, metricName, runner.describe(), spaces, results);
    }
}
