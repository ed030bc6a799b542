package ai.deepj.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunSpecTest {
    private static final String BASE = """
            data: {name: shapes, train: 600, dev: 100, test: 100}
            model:
              - flatten
              - dense: 32
                activation: relu
              - dense: 6
            """;

    private static RunSpec yaml(String text) {
        return RunSpec.parse(ConfigReader.parse(text, Path.of("shapes.yaml")), Path.of("shapes.yaml"));
    }

    private static String error(String text) {
        return assertThrows(ConfigException.class, () -> yaml(text)).getMessage();
    }

    @Test
    void defaultsAreKerasLike() {
        RunSpec s = yaml(BASE);
        assertEquals("shapes", s.name());
        assertEquals(1, s.seed());
        assertEquals("cross_entropy", s.loss().name());
        assertEquals("adam", s.optimizer().name());
        assertEquals(0.001, s.optimizer().lr());
        assertEquals(0.9, s.optimizer().values().get("beta1"));
        assertEquals(10, s.epochs());
        assertEquals(32, s.batchSize());
        assertTrue(s.shuffle());
        assertEquals(List.of("accuracy"), s.metrics());
        assertEquals(Optional.of(new RunSpec.Checkpoints(1, 0, 2)), s.checkpoint());
        assertFalse(s.diagnose());
        assertTrue(s.tensorboard());
        assertEquals(DataSpec.Normalize.NONE, s.data().normalize());
        assertEquals(Optional.of(600), s.data().train());
        assertEquals(new DataSpec.Count(100, s.data().dev().where()), s.data().dev());
    }

    @Test
    void layersAreReadInEveryForm() {
        RunSpec s = yaml("""
                data: {name: shapes}
                model:
                  - flatten
                  - dense: 64
                    activation: relu
                    init: he_normal
                  - {dense: {units: 32, activation: tanh, bias: false}}
                  - batch_norm
                  - batch_norm: {convention: pytorch}
                  - dropout: {keep_prob: 0.8}
                  - dropout: {rate: 0.25}
                  - leaky_relu
                  - activation: elu
                  - rescaling: 0.5
                  - dense: 6
                """);
        List<ModelSpec.Layer> l = s.model().layers();
        assertEquals(List.of("flatten", "dense", "dense", "batch_norm", "batch_norm", "dropout", "dropout", "leaky_relu", "elu", "rescaling",
                "dense"), l.stream().map(ModelSpec.Layer::kind).toList());
        assertEquals(64, (int) l.get(1).arg("units", 0));
        assertEquals("relu", l.get(1).arg("activation", ""));
        assertEquals("he_normal", l.get(1).arg("init", ""));
        assertEquals(false, l.get(2).arg("bias", true));
        assertEquals("keras", l.get(3).arg("convention", ""));
        assertEquals(0.99, (double) l.get(3).arg("momentum", 0.0));
        assertEquals(0.1, (double) l.get(4).arg("momentum", 0.0));
        assertEquals(0.8, (double) l.get(5).arg("keep_prob", 0.0));
        assertEquals(0.75, (double) l.get(6).arg("keep_prob", 0.0));
        assertEquals(0.01, (double) l.get(7).arg("slope", 0.0));
        assertEquals(0.5, (double) l.get(9).arg("scale", 0.0));
        assertEquals(4, l.get(1).where().line());
    }

    @Test
    void theSameConfigInJson() {
        Path file = Path.of("shapes.json");
        RunSpec j = RunSpec.parse(ConfigReader.parse("""
                {"data": {"name": "shapes", "train": 600, "dev": 100, "test": 100},
                 "model": ["flatten", {"dense": 32, "activation": "relu"}, {"dense": 6}],
                 "optimizer": {"name": "momentum", "lr": 0.05, "beta": 0.9},
                 "epochs": 2}
                """, file), file);
        RunSpec y = yaml(BASE + "optimizer: {name: momentum, lr: 0.05, beta: 0.9}\nepochs: 2\n");
        assertEquals(y.model().layers().stream().map(ModelSpec.Layer::args).toList(), j.model().layers().stream().map(ModelSpec.Layer::args).toList());
        assertEquals(y.optimizer().values(), j.optimizer().values());
        assertEquals(y.epochs(), j.epochs());
        assertEquals(((DataSpec.Count) y.data().dev()).value(), ((DataSpec.Count) j.data().dev()).value());
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        assertEquals("config shapes.yaml line 7: unknown optimizer 'adamm' (known: sgd, momentum, nesterov, rmsprop, adagrad, adam, adamw)"
                + " (did you mean 'adam'?)", error(BASE + "optimizer: adamm\n"));
        assertEquals("config shapes.yaml line 7: unknown loss 'hinge' (known: cross_entropy, binary_cross_entropy, mse, mae, huber)",
                error(BASE + "loss: hinge\n"));
        assertEquals("config shapes.yaml line 7: unknown schedule 'cosin' (known: constant, inverse_time, staircase, exponential, inverse_sqrt,"
                + " step, piecewise, cosine) (did you mean 'cosine'?)", error(BASE + "schedule: {name: cosin}\n"));
        assertEquals("config shapes.yaml line 1: unknown data set 'shape' (known: shapes, moons, flower, mnist, catvnoncat)"
                + " (did you mean 'shapes'?)", error(BASE.replace("name: shapes", "name: shape")));
        assertEquals("config shapes.yaml line 3: unknown layer 'dens' (known: dense, flatten, dropout, batch_norm, activation, relu, tanh,"
                + " sigmoid, softmax, log_softmax, leaky_relu, elu, gelu, softplus, rescaling, reshape, normalization, conv2d, max_pool2d, avg_pool2d,"
                + " zero_padding2d, batch_norm2d, global_avg_pool, global_max_pool) (did you mean 'dense'?)",
                error(BASE.replace("- flatten", "- dens: 3")));
        assertEquals("config shapes.yaml line 5: unknown activation 'rleu' (known: relu, tanh, sigmoid, softmax, log_softmax, leaky_relu, elu,"
                + " gelu, softplus, linear) (did you mean 'relu'?)", error(BASE.replace("activation: relu", "activation: rleu")));
        assertEquals("config shapes.yaml line 5: unknown initializer 'he' (known: he_normal, he_uniform, glorot_normal, glorot_uniform, xavier,"
                + " lecun_normal, lecun_uniform, random, zeros, orthogonal, pytorch)", error(BASE.replace("- dense: 32", "- dense: 32\n    init: he")));
    }

    @Test
    void unknownKeysSuggestTheNearest() {
        assertEquals("config shapes.yaml line 7: unknown key 'epoch' in the top level (did you mean 'epochs'?)", error(BASE + "epoch: 3\n"));
        assertEquals("config shapes.yaml line 7: unknown key 'learning_rate' in optimizer (known: name, lr, weight_decay)",
                error(BASE + "optimizer: {name: sgd, learning_rate: 0.1}\n"));
        assertEquals("config shapes.yaml line 1: unknown key 'tets' in data (did you mean 'test'?)", error(BASE.replace("test: 100", "tets: 100")));
        assertEquals("config shapes.yaml line 5: unknown key 'activaton' in a layer (did you mean 'activation'?)",
                error(BASE.replace("activation: relu", "activaton: relu")));
    }

    @Test
    void valuesOfTheWrongKindOrRange() {
        assertEquals("config shapes.yaml line 7: epochs must be a whole number, got the text 'ten'", error(BASE + "epochs: ten\n"));
        assertEquals("config shapes.yaml line 7: epochs must be at least 1, got 0", error(BASE + "epochs: 0\n"));
        assertEquals("config shapes.yaml line 7: lr must be a number above 0, got -0.1", error(BASE + "optimizer: {name: adam, lr: -0.1}\n"));
        assertEquals("config shapes.yaml line 7: beta1 must be at least 0 and below 1, got 1.0", error(BASE + "optimizer: {name: adam, beta1: 1}\n"));
        assertEquals("config shapes.yaml line 7: shuffle must be true or false, got the text 'yes please'", error(BASE + "shuffle: yes please\n"));
        assertEquals("config shapes.yaml line 3: dense needs at least 1 unit, got 0", error(BASE.replace("- flatten", "- dense: 0")));
        assertEquals("config shapes.yaml line 1: dev must be a fraction between 0 and 1, a count of examples, or a file, got 1.5",
                error(BASE.replace("dev: 100", "dev: 1.5")));
        assertEquals("config shapes.yaml line 1: dev: generated data is sized in examples (e.g. dev: 5000), not as a fraction",
                error(BASE.replace("dev: 100", "dev: 0.1")));
        assertEquals("config shapes.yaml line 7: name must be letters, digits, '.', '_' or '-' (it names a folder), got 'my run'",
                error(BASE + "name: my run\n"));
    }

    @Test
    void layerMistakesGetTheFix() {
        assertEquals("config shapes.yaml line 3: dropout needs keep_prob (the course's probability of keeping a unit) or rate (Keras's and"
                + " PyTorch's probability of dropping it), e.g. - dropout: {keep_prob: 0.9}", error(BASE.replace("- flatten", "- dropout: 0.2")));
        assertEquals("config shapes.yaml line 3: dense needs its number of units, e.g. - dense: 64", error(BASE.replace("- flatten", "- dense")));
        assertEquals("config shapes.yaml line 3: one layer per list item: this one names dense and dropout (start each layer with its own '- ')",
                error(BASE.replace("- flatten", "- dense: 3\n    dropout: {rate: 0.1}")));
        assertEquals("config shapes.yaml line 3: keep_prob must be in (0, 1], got 0.0", error(BASE.replace("- flatten", "- dropout: {keep_prob: 0}")));
        assertEquals("config shapes.yaml line 4: normalization must be the first layer (it standardizes the raw inputs)",
                error(BASE.replace("- dense: 32", "- normalization\n  - dense: 32")));
        assertEquals("config shapes.yaml line 2: model has no layers", error("data: {name: shapes}\nmodel: []\n"));
    }

    @Test
    void sectionsCheckTheirCombinations() {
        assertEquals("config shapes.yaml line 7: give beta (the course's form) or momentum (PyTorch's), not both",
                error(BASE + "optimizer: {name: momentum, beta: 0.9, momentum: 0.9}\n"));
        assertEquals("config shapes.yaml line 7: clip needs norm (global L2 norm) or value (each element), e.g. clip: {norm: 5}",
                error(BASE + "clip: {}\n"));
        assertEquals("config shapes.yaml line 7: early_stopping monitors dev_loss but the data has no dev set (give data: dev: ...)",
                error(BASE.replace("dev: 100", "dev: 0") + "early_stopping: {patience: 2}\n"));
        assertEquals("config shapes.yaml line 8: f1 is for one positive class (binary); for cross_entropy use macro_f1",
                error(BASE + "metrics:\n  - f1\n"));
        assertEquals("config shapes.yaml line 7: piecewise needs one more value than boundaries, got 2 values for 2 boundaries",
                error(BASE + "schedule: {name: piecewise, boundaries: [2, 4], values: [0.1, 0.01]}\n"));
        assertEquals("config shapes.yaml line 1: mnist has its own test set: leave test out, or set it to false or a file",
                error("data: {name: mnist, test: 0.1}\nmodel: [flatten, {dense: 10}]\n"));
        assertEquals("config shapes.yaml line 1: data gives both name and csv; give one source",
                error("data: {name: mnist, csv: x.csv}\nmodel: [flatten, {dense: 10}]\n"));
        assertEquals("config shapes.yaml: the top level needs 'model'", error("data: {name: shapes}\n").replace(" line 1", ""));
    }

    @Test
    void lossesAcceptKerasNames() {
        assertEquals("cross_entropy", yaml(BASE + "loss: sparse_categorical_crossentropy\n").loss().name());
        LossSpec bce = yaml(BASE + "loss: binary_crossentropy\n").loss();
        assertEquals(LossSpec.Task.BINARY, bce.task());
        assertEquals(Optional.empty(), bce.fromLogits());
        assertEquals(Optional.of(true), yaml(BASE + "loss: bce_with_logits\n").loss().fromLogits());
        assertEquals(LossSpec.Task.REGRESSION, yaml(BASE + "loss: {name: huber, delta: 2}\n").loss().task());
        assertEquals(List.of(), yaml(BASE + "loss: mse\n").metrics());
    }

    @Test
    void filesAreResolvedAgainstTheConfigFolder() {
        Path file = Path.of("/data/project/configs/c.yaml");
        RunSpec s = RunSpec.parse(ConfigReader.parse("""
                data:
                  csv: ../data/train.csv
                  label: species
                  test: ../data/test.csv
                  dev: 0.2
                model: [{dense: 3}]
                """, file), file);
        DataSpec.CsvFile csv = assertInstanceOf(DataSpec.CsvFile.class, s.data().source());
        assertEquals(Path.of("/data/project/data/train.csv"), csv.file());
        assertEquals(Optional.of("species"), csv.label());
        DataSpec.FromFile test = assertInstanceOf(DataSpec.FromFile.class, s.data().test());
        assertEquals(Path.of("/data/project/data/test.csv"), ((DataSpec.CsvFile) test.source()).file());
        assertEquals(0.2, assertInstanceOf(DataSpec.Fraction.class, s.data().dev()).value());
        Node.Obj data = (Node.Obj) ((Node.Obj) ConfigPaths.absolute(s.tree())).entries().get("data");
        assertEquals("/data/project/data/train.csv", ((Node.Scalar) data.entries().get("csv")).value());
        assertEquals("/data/project/data/test.csv", ((Node.Scalar) data.entries().get("test")).value());
    }

    @Test
    void searchSpacesParseTheCourseScales() {
        RunSpec s = yaml(BASE + """
                search:
                  trials: 4
                  parallel: 2
                  space:
                    optimizer.lr: log_uniform(1e-4, 1e-1)
                    optimizer.beta1: one_minus_log(0.8, 0.999)
                    model.1.dense: choice(16, 32, 64)
                    batch_size: [32, 64]
                    l2: uniform(0, 0.1)
                """);
        SearchSpec ss = SearchSpec.parse(s.search().orElseThrow(), s.seed());
        assertEquals(4, ss.trials());
        assertEquals(2, ss.parallel());
        assertTrue(ss.maximize());
        assertEquals("log", ss.space().get("optimizer.lr").scale());
        assertEquals("one-minus-log", ss.space().get("optimizer.beta1").scale());
        assertEquals(List.of(16L, 32L, 64L), ((ai.deepj.search.Domain.Choice) ss.space().get("model.1.dense")).values());
        assertEquals("linear", ss.space().get("l2").scale());
        String bad = assertThrows(ConfigException.class, () -> SearchSpec.parse(yaml(BASE + """
                search:
                  space:
                    optimizer.lr: log_uniformm(1e-4, 1e-1)
                """).search().orElseThrow(), 1)).getMessage();
        assertEquals("config shapes.yaml line 9: optimizer.lr: unknown domain 'log_uniformm' (known: log_uniform, uniform, integer, choice,"
                + " one_minus_log) (did you mean 'log_uniform'?)", bad);
        String test = assertThrows(ConfigException.class, () -> SearchSpec.parse(yaml(BASE + """
                search:
                  metric: test_accuracy
                  space: {optimizer.lr: log_uniform(1e-4, 1e-1)}
                """).search().orElseThrow(), 1)).getMessage();
        assertEquals("config shapes.yaml line 8: choosing hyperparameters on the test set leaks it into the model: use dev_accuracy", test);
    }
}
