package ai.deepj.cli.build;

import ai.deepj.cli.config.ConfigException;
import ai.deepj.cli.config.DataSpec;
import ai.deepj.cli.config.LossSpec;
import ai.deepj.cli.config.ModelSpec;
import ai.deepj.nn.BatchNorm1d;
import ai.deepj.nn.Dropout;
import ai.deepj.nn.ELU;
import ai.deepj.nn.Flatten;
import ai.deepj.nn.GELU;
import ai.deepj.nn.LeakyReLU;
import ai.deepj.nn.Linear;
import ai.deepj.nn.LogSoftmax;
import ai.deepj.nn.Module;
import ai.deepj.nn.Normalization;
import ai.deepj.nn.ReLU;
import ai.deepj.nn.Rescaling;
import ai.deepj.nn.Reshape;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.Sigmoid;
import ai.deepj.nn.Softmax;
import ai.deepj.nn.Softplus;
import ai.deepj.nn.Tanh;
import ai.deepj.nn.init.Init;
import ai.deepj.nn.init.Initializer;
import ai.deepj.nn.io.ModelIO;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the model a {@link ModelSpec} describes for inputs of a given shape: each layer is sized
 * by the output of the one before (found by running the layers built so far on a small batch of
 * zeros), so a config never states input sizes. A layer that cannot take what comes before it is
 * a {@link ConfigException} at that layer's line, with the fix ({@code dense: 256 needs flat
 * inputs but gets [1, 28, 28] per example: put - flatten before it}).
 */
public final class ModelBuilder {
    private ModelBuilder() {}

    /**
     * A new model (or the saved one the spec names).
     *
     * @param spec       the layers
     * @param inputShape one example's input shape
     * @param data       the data section (its {@code normalize} puts a normalization first, adapted on {@code trainX})
     * @param trainX     the training inputs (for normalization layers)
     * @param gen        the source of initial weights and dropout masks
     */
    public static Module build(ModelSpec spec, int[] inputShape, DataSpec data, Tensor trainX, Generator gen) throws IOException {
        return build(spec, inputShape, data, trainX, 0, gen);
    }

    /**
     * A new model (or the saved one the spec names), with {@code outputs} for a zoo model that does
     * not give its {@code classes}.
     *
     * @param outputs what the last layer must give: {@link #outputs(PreparedData)}, or 0 if unknown
     */
    public static Module build(ModelSpec spec, int[] inputShape, DataSpec data, Tensor trainX, int outputs, Generator gen) throws IOException {
        DataSpec.Normalize normalize = data.normalize();
        if (spec.saved().isPresent()) {
            if (normalize != DataSpec.Normalize.NONE) {
                throw new ConfigException(data.normalizeWhere(), "data: normalize is for a new model; the saved model keeps its own input"
                        + " handling");
            }
            Module m = ModelIO.load(spec.saved().get());
            int[] out = outputShape(m, inputShape);
            if (out == null) throw new ConfigException(spec.where(), "the saved model in " + spec.saved().get() + " cannot take inputs of shape "
                    + Arrays.toString(inputShape) + " per example");
            return m;
        }
        Sequential model = new Sequential();
        int[] shape = inputShape.clone();
        if (normalize != DataSpec.Normalize.NONE) {
            model.add(normalization(normalize, trainX, data.normalizeWhere()));
        }
        if (spec.zoo().isPresent()) {
            Sequential zoo = ZooModels.build(spec.zoo().get(), inputShape, outputs, gen);
            if (model.size() == 0) model = zoo;   // no normalization in front: the zoo's model itself
            else model.add(zoo);
            String problem = problem(model, inputShape);
            if (problem != null) {
                throw new ConfigException(spec.where(), spec.zoo().get().label() + " cannot take inputs of shape " + Arrays.toString(shape)
                        + " per example: " + problem);
            }
            return model;
        }
        for (ModelSpec.Layer layer : spec.layers()) {
            for (Module m : modules(layer, shape, trainX, gen)) {
                model.add(m);
                String problem = problem(model, inputShape);
                if (problem != null) {
                    throw new ConfigException(layer.where(), layer.label() + " cannot take inputs of shape " + Arrays.toString(shape)
                            + " per example: " + problem);
                }
                shape = outputShape(model, inputShape);
            }
        }
        return model;
    }

    /**
     * What the last layer must output for the data: one logit per class for cross-entropy, one for
     * binary cross-entropy, one per target column for regression.
     */
    public static int outputs(PreparedData data) {
        return switch (data.task()) {
            case MULTICLASS -> data.numClasses();
            case BINARY -> 1;
            case REGRESSION -> data.train().y().dim() == 2 ? data.train().y().size(1) : 1;
        };
    }

    /** Why the model fails on inputs of {@code inputShape} per example (the layer's message), or null if it does not. */
    private static String problem(Module model, int[] inputShape) {
        try {
            tryForward(model, inputShape);
            return null;
        } catch (IllegalArgumentException | IllegalStateException e) {
            return e.getMessage();
        }
    }

    /** The shape of one example's output, or null if the model fails on such inputs. */
    public static int[] outputShape(Module model, int[] inputShape) {
        try {
            int[] o = tryForward(model, inputShape).shape().toArray();
            return Arrays.copyOfRange(o, 1, o.length);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return null;
        }
    }

    /** The model's output on a batch of two zero examples of {@code inputShape}, in evaluation mode, without gradients. */
    private static Tensor tryForward(Module model, int[] inputShape) {
        int[] batch = new int[inputShape.length + 1];
        batch[0] = 2;
        System.arraycopy(inputShape, 0, batch, 1, inputShape.length);
        boolean training = model.isTraining();
        model.eval();
        try (var s = Autograd.noGrad()) {
            return model.forward(Tensor.zeros(batch));
        } finally {
            model.train(training);
        }
    }

    private static List<Module> modules(ModelSpec.Layer l, int[] in, Tensor trainX, Generator gen) {
        String kind = l.kind();
        if (ImageModules.handles(kind)) return ImageModules.modules(l, in, gen);
        switch (kind) {
            case "dense" -> {
                needFlat(l, in);
                Linear.Options o = Linear.Options.defaults().withBias(l.arg("bias", true));
                String init = l.arg("init", null);
                if (init != null) o = o.withWeightInit(initializer(init));
                if (init != null && !init.equals("pytorch")) o = o.withBiasInit(Init.zeros());
                Linear linear = new Linear(in[0], (Integer) l.args().get("units"), o, gen);
                String act = l.arg("activation", null);
                return act == null || act.equals("linear") ? List.of(linear) : List.of(linear, activation(act, l));
            }
            case "flatten" -> {
                return List.of(new Flatten());
            }
            case "dropout" -> {
                return List.of(new Dropout((Double) l.args().get("keep_prob"), Generator.seeded(gen.nextLong())));
            }
            case "batch_norm" -> {
                needFlat(l, in);
                BatchNorm1d.Options o = l.arg("convention", "keras").equals("keras") ? BatchNorm1d.Options.keras() : BatchNorm1d.Options.pytorch();
                o = o.withMomentum(l.arg("momentum", o.momentum())).withEps(l.arg("eps", o.eps()));
                return List.of(new BatchNorm1d(in[0], o));
            }
            case "rescaling" -> {
                return List.of(new Rescaling(l.arg("scale", 1.0), l.arg("offset", 0.0)));
            }
            case "reshape" -> {
                return List.of(new Reshape((int[]) l.args().get("shape")));
            }
            case "normalization" -> {
                DataSpec.Normalize n = DataSpec.Normalize.valueOf(((String) l.args().get("axes")).toUpperCase(java.util.Locale.ROOT));
                return List.of(normalization(n, trainX, l.where()));
            }
            default -> {
                return List.of(activation(kind, l));
            }
        }
    }

    private static void needFlat(ModelSpec.Layer l, int[] in) {
        if (in.length != 1) {
            String hint = l.kind().equals("batch_norm") && in.length == 3 ? ": use - batch_norm2d for images, or put - flatten before it"
                    : ": put - flatten before it";
            throw new ConfigException(l.where(), l.label() + " needs flat inputs (one vector per example) but gets "
                    + Arrays.toString(in) + " per example" + hint);
        }
    }

    /** The activation module of a name of {@link ModelSpec#ACTIVATIONS}. */
    static Module activation(String name, ModelSpec.Layer l) {
        return switch (name) {
            case "relu" -> new ReLU();
            case "tanh" -> new Tanh();
            case "sigmoid" -> new Sigmoid();
            case "softmax" -> new Softmax();
            case "log_softmax" -> new LogSoftmax();
            case "leaky_relu" -> new LeakyReLU(l.arg("slope", 0.01));
            case "elu" -> new ELU(l.arg("alpha", 1.0));
            case "gelu" -> new GELU();
            case "softplus" -> new Softplus();
            default -> throw new ConfigException(l.where(), "unknown activation '" + name + "'");
        };
    }

    /** The initializer of a name of {@link ModelSpec#INITS}; null for PyTorch's default. */
    static Initializer initializer(String name) {
        return switch (name) {
            case "he_normal" -> Init.heNormal();
            case "he_uniform" -> Init.heUniform();
            case "glorot_normal" -> Init.glorotNormal();
            case "glorot_uniform" -> Init.glorotUniform();
            case "xavier" -> Init.xavier();
            case "lecun_normal" -> Init.lecunNormal();
            case "lecun_uniform" -> Init.lecunUniform();
            case "random" -> Init.random();
            case "zeros" -> Init.zeros();
            case "orthogonal" -> Init.orthogonal();
            case "pytorch" -> null;
            default -> throw new IllegalArgumentException("unknown initializer " + name);
        };
    }

    private static Normalization normalization(DataSpec.Normalize n, Tensor trainX, ai.deepj.cli.config.Location where) {
        Normalization.Options o = switch (n) {
            case PER_FEATURE, NONE -> Normalization.Options.defaults();
            case GLOBAL -> Normalization.Options.defaults().withFeatureAxes();
            case PER_CHANNEL -> {
                if (trainX.dim() != 4) {
                    throw new ConfigException(where, "per_channel normalization needs images [c, h, w] per example, the inputs are "
                            + Arrays.toString(DataBuilder.exampleShape(trainX)));
                }
                yield Normalization.Options.defaults().withFeatureAxes(1);
            }
        };
        return new Normalization(o).adapt(trainX);
    }

    /**
     * Checks that the model's output fits the loss and the data: one logit per class for
     * cross-entropy (and no softmax layer before it), one output for binary cross-entropy, one
     * column per target for regression.
     *
     * @return for binary cross-entropy, whether the output is a probability (the model ends with a sigmoid)
     */
    public static boolean checkOutput(Module model, ModelSpec spec, LossSpec loss, PreparedData data) {
        int[] out = outputShape(model, data.inputShape());
        String where = spec.zoo().isPresent() ? spec.zoo().get().label()
                : spec.layers().isEmpty() ? "the saved model" : "the last layer (" + spec.layers().getLast().label() + ")";
        var at = spec.layers().isEmpty() ? spec.where() : spec.layers().getLast().where();
        Module last = model instanceof Sequential s && s.size() > 0 ? s.get(s.size() - 1) : model;
        switch (loss.task()) {
            case MULTICLASS -> {
                if (last instanceof Softmax || last instanceof LogSoftmax) {
                    throw new ConfigException(at, "the model ends with " + last.typeName().toLowerCase(java.util.Locale.ROOT) + ", but cross_entropy"
                            + " applies softmax itself: end with the dense layer (logits) and leave the softmax out");
                }
                int k = data.numClasses();
                if (out.length != 1 || out[0] != k) {
                    throw new ConfigException(at, where + " gives " + Arrays.toString(out) + " per example but the data has " + k
                            + " classes: end with dense: " + k);
                }
                return false;
            }
            case BINARY -> {
                if (out.length != 1 || out[0] != 1) {
                    throw new ConfigException(at, where + " gives " + Arrays.toString(out) + " per example; binary_cross_entropy needs one"
                            + " output: end with dense: 1");
                }
                boolean sigmoid = last instanceof Sigmoid;
                if (loss.fromLogits().isPresent() && loss.fromLogits().get() == sigmoid) {
                    throw new ConfigException(loss.where(), loss.fromLogits().get() ? "from_logits: true but the model ends with sigmoid"
                            + " (probabilities): drop the sigmoid or set from_logits: false"
                            : "from_logits: false but the model does not end with sigmoid: its output is a logit");
                }
                return sigmoid;
            }
            case REGRESSION -> {
                int k = data.train().y().size(1);
                if (out.length != 1 || out[0] != k) {
                    throw new ConfigException(at, where + " gives " + Arrays.toString(out) + " per example but the targets have " + k
                            + " column" + (k == 1 ? "" : "s") + ": end with dense: " + k);
                }
                return false;
            }
            default -> throw new IllegalStateException();
        }
    }
}
