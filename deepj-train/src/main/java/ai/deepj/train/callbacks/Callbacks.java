package ai.deepj.train.callbacks;

import ai.deepj.train.Callback;
import ai.deepj.train.History;
import ai.deepj.train.TrainState;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.ObjDoubleConsumer;

/**
 * Callbacks from lambdas, one hook each (Keras's {@code LambdaCallback}).
 *
 * {@snippet :
 * Callback log = Callbacks.onEpochEnd((state, metrics) -> System.out.println(state.epoch() + " " + metrics));
 * Callback slow = Callbacks.onBatchEnd((state, loss) -> sleepALittle());
 * Callback halve = Callbacks.onEpochEnd((state, m) -> {
 *     if (state.epoch() == 10) state.setHyperparameter("lr", state.learningRate() / 2, "halve at epoch 10");
 * });
 * }
 */
public final class Callbacks {
    private Callbacks() {}

    /** Runs {@code f} once before the first epoch. */
    public static Callback onTrainBegin(Consumer<TrainState> f) {
        return new Callback() {
            @Override
            public void onTrainBegin(TrainState state) {
                f.accept(state);
            }
        };
    }

    /** Runs {@code f} at the start of every epoch. */
    public static Callback onEpochBegin(Consumer<TrainState> f) {
        return new Callback() {
            @Override
            public void onEpochBegin(TrainState state) {
                f.accept(state);
            }
        };
    }

    /** Runs {@code f} after every backward pass, before clipping and the optimizer step (gradients are read-only here). */
    public static Callback afterBackward(Consumer<TrainState> f) {
        return new Callback() {
            @Override
            public void afterBackward(TrainState state) {
                f.accept(state);
            }
        };
    }

    /** Runs {@code f} with the reported cost after every optimizer step. */
    public static Callback onBatchEnd(ObjDoubleConsumer<TrainState> f) {
        return new Callback() {
            @Override
            public void onBatchEnd(TrainState state, double loss) {
                f.accept(state, loss);
            }
        };
    }

    /** Runs {@code f} with the epoch's metrics after every epoch. */
    public static Callback onEpochEnd(BiConsumer<TrainState, Map<String, Double>> f) {
        return new Callback() {
            @Override
            public void onEpochEnd(TrainState state, Map<String, Double> metrics) {
                f.accept(state, metrics);
            }
        };
    }

    /** Runs {@code f} once at the end. */
    public static Callback onTrainEnd(Consumer<TrainState> f) {
        return new Callback() {
            @Override
            public void onTrainEnd(TrainState state) {
                f.accept(state);
            }
        };
    }

    /** Runs {@code f} for every event added to the history. */
    public static Callback onEvent(BiConsumer<TrainState, History.Event> f) {
        return new Callback() {
            @Override
            public void onEvent(TrainState state, History.Event event) {
                f.accept(state, event);
            }
        };
    }
}
