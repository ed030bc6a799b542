package ai.deepj.cli;

import ai.deepj.cli.build.DataBuilder;
import ai.deepj.cli.build.PreparedData;
import ai.deepj.cli.config.ConfigException;
import ai.deepj.cli.config.ConfigPaths;
import ai.deepj.cli.config.ConfigReader;
import ai.deepj.cli.config.Location;
import ai.deepj.cli.config.Node;
import ai.deepj.cli.config.Overrides;
import ai.deepj.cli.config.RunSpec;
import ai.deepj.cli.config.SearchSpec;
import ai.deepj.cli.run.Evaluation;
import ai.deepj.cli.run.RunDir;
import ai.deepj.cli.run.Training;
import ai.deepj.plot.ScatterPlot;
import ai.deepj.search.CoarseToFine;
import ai.deepj.search.LocalTrialRunner;
import ai.deepj.search.Objective;
import ai.deepj.search.Outcome;
import ai.deepj.search.Search;
import ai.deepj.search.SearchResult;
import ai.deepj.search.SearchSpace;
import ai.deepj.search.TrialResult;
import ai.deepj.search.TrialSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code deepj search}: a hyperparameter search over a training config. */
@Command(name = "search", header = "Hyperparameter search over a config (random, grid, coarse-to-fine).",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = "Search hyperparameters: train the config once per trial with values drawn from its search: "
                + "space (random, grid or coarse-to-fine, as the course teaches: learning rates on a log scale, β "
                + "on a 1 − β log scale), several trials at a time. Prints the results table and writes "
                + "results.csv, one scatter PNG per hyperparameter (metric against value) and best.json, the "
                + "config with the best values (train it with deepj train).",
        footerHeading = "%n",
        footer = {"Example config section:", "  search:", "    trials: 12", "    parallel: 2", "    epochs: 3", "    metric: dev_accuracy",
                "    space:", "      optimizer.lr: log_uniform(1e-4, 1e-1)", "      model.1.dense: choice(64, 128, 256)", "",
                "Examples:", "  deepj search examples/shapes-search.yaml", "  deepj search examples/shapes.yaml --set search.trials=4"})
final class SearchCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "A training config with a search: section.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config value (as for train; search.trials=4 too). Repeatable.")
    List<String> settings = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the results (default: runs/NAME-search, or -2, -3, ...).")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!Files.exists(config)) throw new UsageError("no such config file: " + config);
        Node tree = Overrides.apply(ConfigReader.read(config), settings);
        RunSpec base = RunSpec.parse(tree, config);
        if (base.search().isEmpty()) {
            throw new ConfigException(tree.where(), "no search: section (give search: space: with the values to vary; see deepj search --help)");
        }
        SearchSpec ss = SearchSpec.parse(base.search().get(), base.seed());
        // Trials share the data: pin its seed, drop the search section, apply the trial length.
        Node fixed = tree.with(List.of("data", "seed"), new Node.Scalar(base.data().seed().orElse(base.seed()), base.data().where()));
        if (ss.epochs() > 0) fixed = fixed.with(List.of("epochs"), new Node.Scalar((long) ss.epochs(), ss.where()));
        Node trialBase = ConfigPaths.absolute(without(fixed, "search"));
        for (var e : ss.space().entrySet()) {   // every sampled value must make a valid config: check the grid's corners now
            Object v = e.getValue().fromUnit(0.5);
            RunSpec.parse(apply(trialBase, Map.of(e.getKey(), v), ss.where()), config);
        }

        RunDir dir = outDir(base);
        Files.createDirectories(dir.dir());
        var o = main.out;
        PreparedData data = DataBuilder.load(base.data(), base.seed(), base.loss().task(), 0);
        o.println("deepj search " + config + " -> " + dir.dir());
        o.println("data      " + data.description());
        o.printf(Locale.ROOT, "search    %s, %s, %d at a time, %s of %s%n", ss.method().replace('_', '-'), trialsText(ss), ss.parallel(),
                ss.maximize() ? "maximize" : "minimize", ss.metric());
        String layout = Training.imageLayout(base, data.inputShape());
        SearchSpace space = SearchSpace.of();
        for (var e : ss.space().entrySet()) space = space.with(e.getKey(), e.getValue());
        Location where = ss.where();
        Node trialTree = trialBase;
        Objective objective = trial -> {
            Node t = apply(trialTree, trial.params(), where).with(List.of("seed"), new Node.Scalar(trial.seed(), where));
            RunSpec spec = RunSpec.parse(t, config);
            Training.Result r = Training.run(spec, data, layout, new Training.Options(null, false, null));
            Map<String, double[]> history = new LinkedHashMap<>();
            for (String name : r.history().metricNames()) history.put(name, r.history().metric(name));
            return Outcome.of(metric(r.evaluations(), ss.metric()), history);
        };
        AtomicInteger done = new AtomicInteger();
        int total = ss.method().equals("grid") ? (int) Math.min(Integer.MAX_VALUE, space.gridSize(ss.points())) : ss.trials() * ss.rounds();
        Search search = (ss.maximize() ? Search.maximize(space) : Search.minimize(space)).withSeed(ss.seed()).withMetricName(ss.metric())
                .withRunner(LocalTrialRunner.threads(ss.parallel())).withProgress(t -> {
                    synchronized (o) {
                        o.println(trialLine(t, done.incrementAndGet(), total, ss.metric()));
                    }
                });
        SearchResult result = switch (ss.method()) {
            case "grid" -> search.grid(ss.points(), objective);
            case "coarse_to_fine" -> search.coarseToFine(CoarseToFine.of(ss.rounds(), ss.trials()), objective);
            default -> search.random(ss.trials(), objective);
        };
        o.println();
        o.print(result.table());
        List<Path> written = new ArrayList<>();
        Path csv = dir.dir().resolve("results.csv");
        result.writeCsv(csv);
        written.add(csv);
        written.addAll(scatter(result, dir, ss));
        if (result.best().isPresent()) {
            TrialResult best = result.best().get();
            Node bestTree = apply(without(tree, "search"), best.params(), where);
            Path bestFile = dir.dir().resolve("best.json");
            dir.writeConfigTo(bestFile, ConfigPaths.absolute(bestTree));
            written.add(bestFile);
            o.printf(Locale.ROOT, "%nbest      trial %d: %s %s = %.4f; its config: %s (deepj train %s)%n", best.id(), params(best), ss.metric(),
                    best.metric(), bestFile, bestFile);
        }
        o.println("saved     " + dir.dir() + ": " + String.join(", ", written.stream().map(p -> dir.dir().relativize(p).toString()).toList()));
        return result.best().isPresent() ? Main.OK : Main.FAILURE;
    }

    private static String trialsText(SearchSpec ss) {
        return switch (ss.method()) {
            case "grid" -> ss.points() + " points per parameter";
            case "coarse_to_fine" -> ss.rounds() + " rounds of " + ss.trials() + " trials";
            default -> ss.trials() + " trials";
        };
    }

    private static double metric(Map<String, Evaluation> evals, String metric) {
        String set = metric.substring(0, metric.indexOf('_'));
        Evaluation e = evals.get(set);
        if (e == null) throw new IllegalStateException("the run has no " + set + " set to measure " + metric + " on");
        return switch (metric.substring(metric.indexOf('_') + 1)) {
            case "accuracy" -> e.accuracy();
            case "error" -> e.error();
            default -> e.loss();
        };
    }

    static Node apply(Node tree, Map<String, Object> params, Location where) {
        Node t = tree;
        for (var e : params.entrySet()) {
            Object v = e.getValue() instanceof Integer i ? (Object) (long) i : e.getValue() instanceof Float f ? (Object) (double) f : e.getValue();
            t = t.with(Overrides.path(e.getKey(), where), new Node.Scalar(v, where));
        }
        return t;
    }

    private static Node without(Node tree, String key) {
        if (!(tree instanceof Node.Obj o) || !o.entries().containsKey(key)) return tree;
        Map<String, Node> entries = new LinkedHashMap<>(o.entries());
        entries.remove(key);
        return new Node.Obj(entries, o.keys(), o.where());
    }

    private static String params(TrialResult t) {
        List<String> parts = new ArrayList<>();
        for (var e : t.params().entrySet()) parts.add(e.getKey() + "=" + value(e.getValue()));
        return String.join(" ", parts);
    }

    private static String value(Object v) {
        return v instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : String.valueOf(v);
    }

    private static String trialLine(TrialResult t, int done, int total, String metric) {
        String result = t.ok() ? String.format(Locale.ROOT, "%s %.4f", metric, t.metric()) : "failed: " + t.error();
        return String.format(Locale.ROOT, "trial %d/%d  id %d  %s  %s  (%.1f s)", done, total, t.id(), params(t), result, t.seconds());
    }

    private static List<Path> scatter(SearchResult result, RunDir dir, SearchSpec ss) throws IOException {
        List<Path> out = new ArrayList<>();
        for (SearchResult.Scatter s : result.scatter().values()) {
            if (s.x().length == 0) continue;
            double[] x = s.x().clone();
            String label = s.parameter();
            boolean logX = s.scale().equals("log");
            if (s.scale().equals("one-minus-log")) {
                for (int i = 0; i < x.length; i++) x[i] = 1 - x[i];
                label = "1 − " + s.parameter() + " (log scale)";
                logX = true;
            } else if (logX) {
                label += " (log scale)";
            }
            ScatterPlot p = ScatterPlot.of(x, s.metric()).withTitle(ss.metric() + " against " + s.parameter())
                    .withAxisLabels(label, ss.metric()).withLogX(logX).withBest(ss.maximize() ? ScatterPlot.Best.MAX : ScatterPlot.Best.MIN);
            if (s.scale().equals("category")) {
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < s.categories().size(); i++) keys.add(i + " = " + s.categories().get(i));
                p = p.withAxisLabels(s.parameter() + " (choice " + String.join(", ", keys) + ")", ss.metric());
                String[] labels = new String[x.length];
                for (int i = 0; i < x.length; i++) labels[i] = s.categories().get((int) x[i]);
                p = p.withPointLabels(labels);
            }
            Path f = dir.dir().resolve("scatter_" + s.parameter().replaceAll("[^A-Za-z0-9_.-]", "_") + ".png");
            p.write(f);
            out.add(f);
        }
        return out;
    }

    private RunDir outDir(RunSpec base) throws IOException {
        if (out != null) {
            RunDir d = new RunDir(out);
            if (!d.isEmpty()) throw new UsageError("--out " + out + " is not empty; choose another folder");
            return d;
        }
        RunDir d = new RunDir(Path.of("runs", base.name() + "-search"));
        for (int i = 2; !d.isEmpty(); i++) d = new RunDir(Path.of("runs", base.name() + "-search-" + i));
        return d;
    }
}
