package ai.deepj.nn;

import ai.deepj.nn.BatchNorm1d.Convention;
import ai.deepj.nn.BatchNorm1d.Options;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.FusedBatchNorm;
import ai.deepj.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link BatchNorm1d}, {@link BatchNorm2d} and {@link BatchNorm3d} share (PyTorch's
 * {@code _BatchNorm}): the parameters γ and β, the running statistics and their two update
 * conventions, normalization over every dimension but the channel one (dimension 1), the config.
 * Subclasses only say which input ranks they accept. (Public methods are not final, so that javac
 * gives the public subclasses visibility bridges for them.)
 *
 * <p>Training mode runs the fused op {@link FusedBatchNorm#train} (one pass for the statistics, one
 * for the output, one closed-form backward); {@link #composedTraining} keeps the same computation
 * written with differentiable tensor ops, as the reference the fused op is tested against.
 */
abstract class BatchNormBase extends Module {
    private final int numFeatures;
    private final Options options;
    private final Tensor weight, bias, runningMean, runningVar;

    BatchNormBase(int numFeatures, Options options) {
        if (numFeatures <= 0) throw new IllegalArgumentException(typeName() + ": numFeatures must be positive, got " + numFeatures);
        if (options == null) throw new IllegalArgumentException(typeName() + ": options must not be null");
        this.numFeatures = numFeatures;
        this.options = options;
        weight = addParameter("weight", Tensor.ones(numFeatures));
        bias = addParameter("bias", Tensor.zeros(numFeatures));
        runningMean = addBuffer("runningMean", Tensor.zeros(numFeatures));
        runningVar = addBuffer("runningVar", Tensor.ones(numFeatures));
    }

    /** Whether {@code rank} is an input rank this layer accepts. */
    abstract boolean acceptsRank(int rank);

    /** The accepted layouts for the error message, e.g. {@code [N, 16, H, W]}. */
    abstract String layouts(int numFeatures);

    /** The number of channels {@code C}. */
    public int numFeatures() {
        return numFeatures;
    }

    /** The options. */
    public Options options() {
        return options;
    }

    /** γ, {@code [C]}. */
    public Tensor weight() {
        return weight;
    }

    /** β, {@code [C]}. */
    public Tensor bias() {
        return bias;
    }

    /** The running mean buffer, {@code [C]}. */
    public Tensor runningMean() {
        return runningMean;
    }

    /** The running variance buffer, {@code [C]}. */
    public Tensor runningVar() {
        return runningVar;
    }

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x);
        if (isTraining()) {
            FusedBatchNorm.Result r = FusedBatchNorm.train(x, weight, bias, options.eps());
            updateRunningStats(r.mean(), r.variance(), x.numel() / numFeatures);
            return r.output();
        }
        int[] perChannel = perChannelShape(x.dim());
        Tensor xHat = x.sub(runningMean.reshape(perChannel)).div(runningVar.reshape(perChannel).add(options.eps()).sqrt());
        return xHat.mul(weight.reshape(perChannel)).add(bias.reshape(perChannel));
    }

    /**
     * Training-mode batch norm from differentiable ops (mean, biased variance, normalize, scale and
     * shift), updating the running statistics like {@link #forward}: the reference for the fused op.
     */
    final Tensor composedTraining(Tensor x) {
        checkInput(x);
        int[] axes = new int[x.dim() - 1];
        axes[0] = 0;
        for (int i = 2; i < x.dim(); i++) axes[i - 1] = i;
        int[] perChannel = perChannelShape(x.dim());
        Tensor mean = x.mean(axes, true);
        Tensor var = x.sub(mean).square().mean(axes, true);
        updateRunningStats(mean.detach().reshape(numFeatures), var.detach().reshape(numFeatures), x.numel() / numFeatures);
        Tensor xHat = x.sub(mean).div(var.add(options.eps()).sqrt());
        return xHat.mul(weight.reshape(perChannel)).add(bias.reshape(perChannel));
    }

    private void checkInput(Tensor x) {
        if (!acceptsRank(x.dim()) || x.size(1) != numFeatures) {
            throw new IllegalArgumentException(typeName() + "(" + numFeatures + "): expects " + layouts(numFeatures) + ", got "
                    + x.shape());
        }
        if (isTraining() && x.numel() / numFeatures < 2) {
            throw new IllegalArgumentException(typeName() + ": training needs more than one value per channel to estimate a"
                    + " variance, got input " + x.shape() + "; use eval() for single examples");
        }
    }

    /** {@code [C, 1, …, 1]}: the channel dimension of a rank-{@code rank} input with the batch dimension broadcast. */
    private int[] perChannelShape(int rank) {
        int[] s = new int[rank - 1];
        java.util.Arrays.fill(s, 1);
        s[0] = numFeatures;
        return s;
    }

    private void updateRunningStats(Tensor batchMean, Tensor batchVar, long n) {
        double m = options.momentum();
        try (var s = Autograd.noGrad()) {
            if (options.convention() == Convention.PYTORCH) {
                runningMean.mulInPlace(1 - m).addInPlace(batchMean.mul(m));
                runningVar.mulInPlace(1 - m).addInPlace(batchVar.mul(m * n / (n - 1.0)));
            } else {
                runningMean.mulInPlace(m).addInPlace(batchMean.mul(1 - m));
                runningVar.mulInPlace(m).addInPlace(batchVar.mul(1 - m));
            }
        }
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("numFeatures", numFeatures);
        c.put("eps", options.eps());
        c.put("momentum", options.momentum());
        c.put("convention", options.convention().name());
        return c;
    }

    /** The options of a {@link #config()}, with an error naming the layer for an unknown convention. */
    static Options optionsFrom(ModuleConfig cfg) {
        return new Options(cfg.getDouble("eps"), cfg.getDouble("momentum"), cfg.getEnum("convention", Convention.class));
    }
}
