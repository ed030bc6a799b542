package ai.deepj.train;

import java.nio.file.Path;

/**
 * When and where the {@link Trainer} writes checkpoints: every {@code everySteps} optimizer steps
 * and/or every {@code everyEpochs} epochs (0 turns either off), into {@code dir}, keeping the newest
 * {@code keepLast}. A checkpoint is also written when training ends (unless the last one already
 * holds the final position) and when a callback asks ({@link TrainState#requestCheckpoint()}).
 * See {@link Checkpoint} for what a checkpoint holds and how it is written safely.
 *
 * <p>Checkpoints are written by the trainer at fixed points of the loop (after the step's gradients
 * are zeroed; after every callback's {@code onEpochEnd}) rather than by a callback, so that every
 * callback's state is saved after its update and resuming does not depend on the callbacks' order.
 *
 * {@snippet :
 * Checkpointing every = Checkpointing.to(Path.of("runs/mnist/checkpoints")).withEverySteps(500).withKeepLast(5);
 * }
 *
 * @param dir         the directory holding the checkpoints and the {@code latest} pointer
 * @param everySteps  write after every this many steps; 0: not by steps
 * @param everyEpochs write after every this many epochs; 0: not by epochs
 * @param keepLast    how many checkpoints to keep, at least 1
 */
public record Checkpointing(Path dir, int everySteps, int everyEpochs, int keepLast) {
    public Checkpointing {
        if (dir == null) throw new IllegalArgumentException("Checkpointing: dir must not be null");
        if (everySteps < 0 || everyEpochs < 0) {
            throw new IllegalArgumentException("Checkpointing: everySteps and everyEpochs must be >= 0 (0 = off), got " + everySteps + " and "
                    + everyEpochs);
        }
        if (keepLast < 1) throw new IllegalArgumentException("Checkpointing: keepLast must be >= 1, got " + keepLast);
    }

    /** Into {@code dir} after every epoch, keeping the last 3. */
    public static Checkpointing to(Path dir) {
        return new Checkpointing(dir, 0, 1, 3);
    }

    /** Same settings, also writing every {@code n} steps (0: not by steps). */
    public Checkpointing withEverySteps(int n) {
        return new Checkpointing(dir, n, everyEpochs, keepLast);
    }

    /** Same settings, writing every {@code n} epochs (0: not by epochs). */
    public Checkpointing withEveryEpochs(int n) {
        return new Checkpointing(dir, everySteps, n, keepLast);
    }

    /** Same settings, keeping the newest {@code n} checkpoints. */
    public Checkpointing withKeepLast(int n) {
        return new Checkpointing(dir, everySteps, everyEpochs, n);
    }
}
