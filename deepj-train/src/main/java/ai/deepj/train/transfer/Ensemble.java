package ai.deepj.train.transfer;

import ai.deepj.nn.Module;
import ai.deepj.nn.ModuleConfig;
import ai.deepj.nn.ModuleRegistry;
import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Several trained models as one, for test time: the output is the mean of the members' outputs, the
 * course's "ensembling" trick for benchmarks and competitions (rarely worth its cost in production).
 *
 * {@snippet :
 * Ensemble e = Ensemble.ofProbabilities(modelA, modelB, modelC);   // members output logits [N, K]
 * Tensor p = e.forward(x);                                          // [N, K], rows sum to 1
 * }
 *
 * <p><b>What is averaged.</b> {@link Average#PROBABILITIES} (the default, {@link #ofProbabilities}) applies
 * softmax over the last dimension to each member's output (logits) and averages the probabilities, as the
 * course and most competition practice do: each member then has the same say whatever the scale of its
 * logits, and the result is a distribution. Its output is probabilities, not logits, so it is a
 * classifier for prediction and accuracy, not something to pass to a loss that expects logits.
 * {@link Average#LOGITS} ({@link #ofLogits}) averages the raw outputs: for regression, for members that
 * already end in a softmax, or to keep logits for a loss.
 *
 * <p><b>Mode.</b> An ensemble is for evaluation: building one puts every member in evaluation mode (dropout
 * off, batch norm with running statistics) and {@link #train(boolean) train(true)} is refused. Members are
 * shared, not copied, and shown as children {@code 0, 1, ...}. Its type name is {@code train.transfer.Ensemble},
 * which {@link ModuleRegistry} finds by convention, so a saved ensemble loads in a fresh JVM.
 */
public final class Ensemble extends Module {
    /** What the ensemble averages. */
    public enum Average {
        /** Softmax over the last dimension of each member's output, then the mean. */
        PROBABILITIES,
        /** The mean of the members' raw outputs. */
        LOGITS
    }

    private final List<Module> members = new ArrayList<>();
    private final Average average;

    /** The given members, averaging as {@code average}; the members are put in evaluation mode. */
    public Ensemble(Average average, List<? extends Module> members) {
        if (average == null) throw new IllegalArgumentException("Ensemble: average must not be null");
        if (members.isEmpty()) throw new IllegalArgumentException("Ensemble: needs at least one model");
        this.average = average;
        for (Module m : members) {
            if (m == null) throw new IllegalArgumentException("Ensemble: model " + this.members.size() + " is null");
            addModule(Integer.toString(this.members.size()), m);
            this.members.add(m);
        }
        super.train(false);
    }

    /** An ensemble averaging the members' softmax probabilities. */
    public static Ensemble ofProbabilities(Module... members) {
        return new Ensemble(Average.PROBABILITIES, Arrays.asList(members));
    }

    /** An ensemble averaging the members' raw outputs. */
    public static Ensemble ofLogits(Module... members) {
        return new Ensemble(Average.LOGITS, Arrays.asList(members));
    }

    /** What is averaged. */
    public Average average() {
        return average;
    }

    /** The members, in order. */
    public List<Module> members() {
        return List.copyOf(members);
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor sum = null;
        for (int i = 0; i < members.size(); i++) {
            Tensor out = members.get(i).call(input);
            if (average == Average.PROBABILITIES) {
                if (out.dim() == 0) throw new IllegalArgumentException("Ensemble: model " + i + " gave a scalar; softmax needs a class dimension");
                out = out.softmax(out.dim() - 1);
            }
            if (sum != null && !Arrays.equals(sum.shape().toArray(), out.shape().toArray())) {
                throw new IllegalArgumentException("Ensemble: model " + i + " gave output of shape " + out.shape()
                        + " but model 0 gave " + sum.shape() + "; every member must give the same shape");
            }
            sum = sum == null ? out : sum.add(out);
        }
        return members.size() == 1 ? sum : sum.div(members.size());
    }

    /** Evaluation mode only: {@code train(true)} is refused with an {@link IllegalStateException}. */
    @Override
    public Module train(boolean on) {
        if (on) throw new IllegalStateException("Ensemble: is for evaluation only; train its members one by one");
        return super.train(false);
    }

    @Override
    public Map<String, Object> config() {
        List<Object> list = new ArrayList<>();
        for (Module m : members) list.add(ModuleRegistry.describe(m));
        return Map.of("average", average.name().toLowerCase(Locale.ROOT), "models", list);
    }

    /** {@code train.transfer.Ensemble}: the class {@code ai.deepj.train.transfer.Ensemble}, found by {@link ModuleRegistry}. */
    @Override
    public String typeName() {
        return "train.transfer.Ensemble";
    }

    /** Re-creates an ensemble from its {@link #config()}. */
    @SuppressWarnings("unchecked")
    public static Ensemble fromConfig(ModuleConfig cfg) {
        Average average;
        try {
            average = Average.valueOf(cfg.getString("average").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Ensemble config: average must be 'probabilities' or 'logits', got '"
                    + cfg.getString("average") + "'");
        }
        List<Module> ms = new ArrayList<>();
        for (Object o : cfg.getList("models")) {
            if (!(o instanceof Map<?, ?> d)) throw new IllegalArgumentException("Ensemble config: model is not an object: " + o);
            ms.add(ModuleRegistry.fromConfig((Map<String, Object>) d));
        }
        return new Ensemble(average, ms);
    }
}
