package ai.deepj.cli.build;

import ai.deepj.cli.config.DataSpec;
import ai.deepj.cli.config.LossSpec;
import ai.deepj.data.Batch;
import ai.deepj.data.Splits;
import ai.deepj.data.Subset;
import ai.deepj.data.TensorDataset;
import ai.deepj.data.synthetic.Shapes;
import ai.deepj.examples.MiniBatches;
import ai.deepj.examples.Moons;
import ai.deepj.examples.PlanarFlower;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Makes the {@link PreparedData} a {@link DataSpec} describes: generates or reads the examples,
 * holds out dev / test / train-dev sets (stratified by class for classification, with the data
 * seed), limits the training set to {@code train} examples, and shapes the targets for the loss.
 *
 * <p>Generated sets are cut in order: training examples first, then dev, test and train-dev, so
 * adding a train-dev set or more training data never changes the dev and test sets of a shapes
 * run (example {@code i} of {@link Shapes} depends only on the seed and {@code i}).
 */
public final class DataBuilder {
    private DataBuilder() {}

    /**
     * The data of a run.
     *
     * @param spec  the data section
     * @param seed  the run's seed (used when the section gives none)
     * @param task  what the loss needs the targets to be
     * @param limit if positive, only a training set of at most this many examples (for a summary or a
     *              gradient check); generated sets are then generated that small
     * @throws DataFailure for data that cannot serve (missing files, labels that are no classes)
     */
    public static PreparedData load(DataSpec spec, long seed, LossSpec.Task task, int limit) throws IOException {
        long dataSeed = spec.seed().orElse(seed);
        Sources.Pool pool;
        Sources.Pool officialTest = null;
        String origin;
        if (spec.source() instanceof DataSpec.Named n && n.generated()) {
            return generated(spec, n, dataSeed, task, limit);
        } else if (spec.source() instanceof DataSpec.Named n) {
            Sources.Official o = Sources.named(n);
            pool = o.train();
            officialTest = o.test();
            origin = n.name();
        } else {
            pool = Sources.file(spec.source(), task, null, spec.source());
            origin = spec.source().describe();
        }
        if (pool.y() == null) throw new DataFailure(origin + " has no targets (labels) to train on");
        Tensor labels = task == LossSpec.Task.REGRESSION ? null : Sources.classLabels(pool.y(), origin);
        TensorDataset all = new TensorDataset(pool.x(), labels != null ? labels : pool.y());

        // Hold out test, dev and train-dev (in that order) from the pool, by count or fraction.
        List<DataSpec.Part> carved = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        int m = all.size();
        for (DataSpec.Part p : limit > 0 ? List.<DataSpec.Part>of() : List.of(spec.test(), spec.dev(), spec.trainDev())) {
            double r = switch (p) {
                case DataSpec.Count c -> (double) c.value() / m;
                case DataSpec.Fraction f -> f.value();
                default -> 0;
            };
            if (r > 0) {
                carved.add(p);
                ratios.add(r);
            }
        }
        double held = ratios.stream().mapToDouble(Double::doubleValue).sum();
        if (held >= 1) throw new DataFailure(origin + " has " + m + " examples; the dev/test/train-dev sets asked for would leave none to train on");
        TensorDataset train = all;
        TensorDataset[] parts = new TensorDataset[carved.size()];
        if (!carved.isEmpty()) {
            double[] r = new double[ratios.size() + 1];
            r[0] = 1 - held;
            for (int i = 0; i < ratios.size(); i++) r[i + 1] = ratios.get(i);
            List<Subset> split;
            try {
                split = labels != null ? Splits.stratified(all, labels, dataSeed, r) : Splits.byRatios(all, dataSeed, r);
            } catch (IllegalArgumentException e) {
                throw new DataFailure(origin + ": cannot split " + m + " examples as asked: " + e.getMessage());
            }
            train = materialize(split.get(0));
            for (int i = 0; i < parts.length; i++) parts[i] = materialize(split.get(i + 1));
        }
        int want = limit > 0 ? Math.min(train.size(), Math.min(limit, spec.train().orElse(limit))) : spec.train().orElse(train.size());
        if (want > train.size()) {
            throw new DataFailure("train: " + want + " examples asked, but " + origin + " has " + train.size() + " left for training");
        }
        if (want < train.size()) train = first(train, want);

        TensorDataset dev = part(spec.dev(), carved, parts, task, pool, spec, origin);
        TensorDataset test = spec.test() instanceof DataSpec.Official && limit <= 0
                ? new TensorDataset(officialTest.x(), labels != null ? Sources.classLabels(officialTest.y(), origin + " test") : officialTest.y())
                : part(spec.test(), carved, parts, task, pool, spec, origin);
        TensorDataset trainDev = part(spec.trainDev(), carved, parts, task, pool, spec, origin);
        if (limit > 0) dev = test = trainDev = null;

        List<String> classes = classes(spec, pool.classes(), task, origin, train, dev, test, trainDev);
        String description = origin + ": " + sizes(train, dev, test, trainDev) + "; inputs " + shapeText(train) + "; "
                + (task == LossSpec.Task.REGRESSION ? "regression" : classes.size() + " classes");
        return new PreparedData(targets(train, task), targets(dev, task), targets(test, task), targets(trainDev, task),
                exampleShape(train), classes, description, pool.encoding(), task);
    }

    private static PreparedData generated(DataSpec spec, DataSpec.Named n, long seed, LossSpec.Task task, int limit) {
        if (task == LossSpec.Task.REGRESSION) throw new DataFailure(n.name() + " is a classification set; use cross_entropy or binary_cross_entropy");
        int train = spec.train().orElse(switch (n.name()) {
            case "shapes" -> 30000;
            case "flower" -> 320;
            default -> 300;
        });
        int dev = count(spec.dev()), test = count(spec.test()), trainDev = count(spec.trainDev());
        if (limit > 0) {
            train = Math.min(train, limit);
            dev = test = trainDev = 0;
        }
        int total = train + dev + test + trainDev;
        Tensor x, y;
        List<String> classes;
        switch (n.name()) {
            case "shapes" -> {
                TensorDataset d = Shapes.generate(total, seed);
                x = d.x();
                y = d.y();
                classes = Shapes.CLASSES;
            }
            case "moons" -> {
                PlanarFlower.Data d = Moons.generate(Math.max(total, 2), n.noise().orElse(0.2), Generator.seeded(seed));
                x = d.x();
                y = d.y();
                classes = List.of("outer", "inner");
            }
            case "flower" -> {
                Generator g = Generator.seeded(seed);
                PlanarFlower.Data d = PlanarFlower.generate(total + total % 2, g);
                Tensor order = Tensor.of(MiniBatches.permutation(total + total % 2, g), total + total % 2);
                try (var s = Autograd.noGrad()) {
                    x = d.x().indexSelect(0, order);
                    y = d.y().indexSelect(0, order);
                }
                classes = List.of("red", "blue");
            }
            default -> throw new IllegalStateException(n.name());
        }
        x = x.to(DType.defaultFloat());
        Tensor labels = Sources.classLabels(y, n.name());
        if (task == LossSpec.Task.BINARY && classes.size() != 2) {
            throw new DataFailure(n.name() + " has " + classes.size() + " classes; binary_cross_entropy is for two (use cross_entropy)");
        }
        if (!spec.classes().isEmpty()) classes = checkedNames(spec.classes(), classes.size(), n.name());
        TensorDataset trainSet = slice(x, labels, 0, train);
        TensorDataset devSet = dev > 0 ? slice(x, labels, train, dev) : null;
        TensorDataset testSet = test > 0 ? slice(x, labels, train + dev, test) : null;
        TensorDataset trainDevSet = trainDev > 0 ? slice(x, labels, train + dev + test, trainDev) : null;
        String description = n.name() + " (generated, seed " + seed + "): " + sizes(trainSet, devSet, testSet, trainDevSet) + "; inputs "
                + shapeText(trainSet) + "; " + classes.size() + " classes";
        return new PreparedData(targets(trainSet, task), targets(devSet, task), targets(testSet, task), targets(trainDevSet, task),
                exampleShape(trainSet), classes, description, null, task);
    }

    private static int count(DataSpec.Part p) {
        return p instanceof DataSpec.Count c ? c.value() : 0;
    }

    private static TensorDataset part(DataSpec.Part p, List<DataSpec.Part> carved, TensorDataset[] parts, LossSpec.Task task,
            Sources.Pool pool, DataSpec spec, String origin) throws IOException {
        int i = carved.indexOf(p);
        if (i >= 0) return parts[i];
        if (p instanceof DataSpec.FromFile f) {
            Sources.Pool other = Sources.file(f.source(), task, pool, spec.source());
            String what = f.source().describe();
            if (other.y() == null) throw new DataFailure(what + " has no targets (labels)");
            if (!Arrays.equals(exampleShape(other.x()), exampleShape(pool.x()))) {
                throw new DataFailure(what + " has inputs " + Arrays.toString(exampleShape(other.x())) + " per example but " + origin + " has "
                        + Arrays.toString(exampleShape(pool.x())));
            }
            return new TensorDataset(other.x(), task == LossSpec.Task.REGRESSION ? other.y() : Sources.classLabels(other.y(), what));
        }
        return null;
    }

    private static List<String> classes(DataSpec spec, List<String> named, LossSpec.Task task, String origin, TensorDataset... sets) {
        if (task == LossSpec.Task.REGRESSION) return List.of();
        int max = -1;
        for (TensorDataset d : sets) {
            if (d == null) continue;
            for (int v : d.y().toIntArray()) max = Math.max(max, v);
        }
        int k = Math.max(max + 1, task == LossSpec.Task.BINARY ? 2 : 0);
        if (!spec.classes().isEmpty()) return checkedNames(spec.classes(), Math.max(k, named.size()), origin);
        if (!named.isEmpty()) {
            if (max >= named.size()) throw new DataFailure(origin + ": label " + max + " but only " + named.size() + " classes " + named);
            k = named.size();
        }
        if (task == LossSpec.Task.BINARY && k != 2) {
            throw new DataFailure(origin + " has " + k + " classes; binary_cross_entropy is for two (use cross_entropy)");
        }
        if (task == LossSpec.Task.MULTICLASS && k < 2) throw new DataFailure(origin + " has only one class (label 0); nothing to classify");
        return named.isEmpty() ? Sources.numbered(k) : named;
    }

    private static List<String> checkedNames(List<String> names, int k, String origin) {
        if (names.size() != k) throw new DataFailure("data classes lists " + names.size() + " names but " + origin + " has " + k + " classes");
        return List.copyOf(names);
    }

    /**
     * Examples as a run of {@code task} needs them: inputs of the default float type, targets as the
     * loss needs them (from class indices for classification, as read for regression).
     */
    public static TensorDataset forTask(Tensor x, Tensor y, LossSpec.Task task, String what) {
        return targets(new TensorDataset(x, task == LossSpec.Task.REGRESSION ? y : Sources.classLabels(y, what)), task);
    }

    /** Inputs as the default float type; targets as the loss needs them. */
    private static TensorDataset targets(TensorDataset d, LossSpec.Task task) {
        if (d == null) return null;
        Tensor x = d.x().dtype() == DType.defaultFloat() ? d.x() : d.x().to(DType.defaultFloat());
        Tensor y = d.y();
        switch (task) {
            case MULTICLASS -> {}
            case BINARY -> y = y.to(DType.defaultFloat()).reshape(y.size(0), 1);
            case REGRESSION -> {
                y = y.to(DType.defaultFloat());
                if (y.dim() == 1) y = y.reshape(y.size(0), 1);
            }
        }
        return new TensorDataset(x, y);
    }

    private static TensorDataset slice(Tensor x, Tensor y, int start, int n) {
        return new TensorDataset(x.narrow(0, start, n).contiguous(), y.narrow(0, start, n).contiguous());
    }

    private static TensorDataset first(TensorDataset d, int n) {
        return slice(d.x(), d.y(), 0, n);
    }

    private static TensorDataset materialize(Subset s) {
        Batch b = s.all();
        return new TensorDataset(b.x(), b.y());
    }

    static int[] exampleShape(TensorDataset d) {
        return exampleShape(d.x());
    }

    static int[] exampleShape(Tensor x) {
        int[] s = x.shape().toArray();
        return Arrays.copyOfRange(s, 1, s.length);
    }

    private static String shapeText(TensorDataset d) {
        return Arrays.toString(exampleShape(d));
    }

    private static String sizes(TensorDataset train, TensorDataset dev, TensorDataset test, TensorDataset trainDev) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "train %d", train.size()));
        if (dev != null) sb.append(", dev ").append(dev.size());
        if (test != null) sb.append(", test ").append(test.size());
        if (trainDev != null) sb.append(", train-dev ").append(trainDev.size());
        return sb.toString();
    }
}
