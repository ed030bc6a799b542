package ai.deepj.train.transfer;

import ai.deepj.nn.Module;
import ai.deepj.nn.Sequential;
import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Transfer learning on a {@link Sequential}: freeze the early layers, replace the head, fine-tune
 * later layers. Layers are the Sequential's direct children, counted from 0.
 *
 * {@snippet :
 * Sequential pretrained = ...;                                   // conv body ..., Linear(64, 1000)
 * Sequential mine = Transfer.replaceHead(pretrained, new Linear(64, 3, Linear.Options.defaults(), g));
 * Transfer.freezeUpTo(mine, mine.size() - 1);                    // only the new head learns
 * Optimizer opt = Adam.of(Transfer.trainableParameters(mine), Adam.Options.defaults());
 * // ... train; later fine-tune the last two body layers as well:
 * Transfer.unfreezeLast(mine, 3);
 * }
 *
 * <p><b>Sharing, not copying.</b> {@link #replaceHead} and {@link #body} return new Sequentials holding the
 * <em>same</em> layer objects as the model given, so they share its parameters: training the new model
 * changes the old one's body, and freezing one freezes the other. For an independent network, copy first:
 * {@code Transfer.replaceHead((Sequential) pretrained.copy(), head)} ({@link Module#copy()} is a deep copy
 * of architecture, weights and buffers).
 *
 * <p>A frozen parameter ({@code requiresGrad} false) gets no gradient, and every deepj optimizer skips a
 * parameter without a gradient, so an optimizer over all parameters moves only the unfrozen ones; passing
 * {@link #trainableParameters} instead saves the optimizer state of the frozen ones. An optimizer keeps
 * the parameter list it was built with, so build a new one after unfreezing more layers.
 */
public final class Transfer {
    private Transfer() {}

    /**
     * Freezes layers {@code 0 .. index-1} and lets layers {@code index ..} learn: the course's "freeze the
     * early layers, train the rest". {@code index == 0} unfreezes everything, {@code index == size()}
     * freezes everything.
     *
     * @return {@code model}
     * @throws IllegalArgumentException if {@code index} is outside {@code [0, model.size()]}
     */
    public static Sequential freezeUpTo(Sequential model, int index) {
        if (index < 0 || index > model.size()) {
            throw new IllegalArgumentException("Transfer.freezeUpTo: index " + index + " is outside [0, " + model.size()
                    + "] for a Sequential of " + model.size() + " layers");
        }
        for (int i = 0; i < model.size(); i++) {
            if (i < index) model.get(i).freeze();
            else model.get(i).unfreeze();
        }
        return model;
    }

    /**
     * Lets the last {@code k} layers learn (fine-tuning), leaving the earlier ones as they are.
     *
     * @return {@code model}
     * @throws IllegalArgumentException if {@code k} is outside {@code [0, model.size()]}
     */
    public static Sequential unfreezeLast(Sequential model, int k) {
        if (k < 0 || k > model.size()) {
            throw new IllegalArgumentException("Transfer.unfreezeLast: k " + k + " is outside [0, " + model.size()
                    + "] for a Sequential of " + model.size() + " layers");
        }
        for (int i = model.size() - k; i < model.size(); i++) model.get(i).unfreeze();
        return model;
    }

    /** The parameters that learn ({@code requiresGrad}), in the order of {@link Module#parameters()}. */
    public static List<Tensor> trainableParameters(Module model) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : model.parameters()) if (p.requiresGrad()) out.add(p);
        return out;
    }

    /**
     * A new Sequential of the model's layers {@code 0 .. index-1} (the body, or feature extractor), sharing
     * them with {@code model}.
     *
     * @throws IllegalArgumentException if {@code index} is outside {@code [0, model.size()]}
     */
    public static Sequential body(Sequential model, int index) {
        if (index < 0 || index > model.size()) {
            throw new IllegalArgumentException("Transfer.body: index " + index + " is outside [0, " + model.size()
                    + "] for a Sequential of " + model.size() + " layers");
        }
        Sequential out = new Sequential();
        for (int i = 0; i < index; i++) out.add(model.get(i));
        return out;
    }

    /**
     * A new Sequential of all but the model's last layer, then {@code newHead}; the body is shared with
     * {@code model} (see the class notes). The new head's trainable state is left as it is.
     *
     * @throws IllegalArgumentException if the model has no layers
     */
    public static Sequential replaceHead(Sequential model, Module newHead) {
        if (model.size() == 0) throw new IllegalArgumentException("Transfer.replaceHead: the Sequential has no layers, so no head to replace");
        return replaceHead(model, model.size() - 1, newHead);
    }

    /**
     * A new Sequential of the model's layers {@code 0 .. fromIndex-1}, then {@code newHead} in place of layers
     * {@code fromIndex ..} (for a head of several layers, such as {@code Flatten, Linear, Softmax}); the body is
     * shared with {@code model}.
     *
     * @throws IllegalArgumentException if {@code fromIndex} is outside {@code [0, model.size()]}
     */
    public static Sequential replaceHead(Sequential model, int fromIndex, Module newHead) {
        if (fromIndex < 0 || fromIndex > model.size()) {
            throw new IllegalArgumentException("Transfer.replaceHead: fromIndex " + fromIndex + " is outside [0, " + model.size()
                    + "] for a Sequential of " + model.size() + " layers");
        }
        if (newHead == null) throw new IllegalArgumentException("Transfer.replaceHead: the new head is null");
        return body(model, fromIndex).add(newHead);
    }
}
