package ai.deepj.train;

import ai.deepj.nn.Sequential;
import ai.deepj.nn.io.Safetensors;
import ai.deepj.train.callbacks.Callbacks;
import java.nio.file.Path;

/**
 * The program {@link KillResumeTest} runs in a child JVM: {@link TrainFixtures#everything} for 4 epochs
 * with a checkpoint every 5 steps and a short sleep per step, fresh or resumed from the checkpoints
 * directory; at the end it writes the model's weights to a file.
 *
 * <p>Arguments: {@code <checkpoints dir> <weights file> fresh|resume <sleep ms per step>}.
 */
public final class ResumeChild {
    private ResumeChild() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !(args[2].equals("fresh") || args[2].equals("resume"))) {
            throw new IllegalArgumentException("usage: ResumeChild <checkpoints dir> <weights file> fresh|resume <sleep ms per step>");
        }
        Path root = Path.of(args[0]), weights = Path.of(args[1]);
        boolean resume = args[2].equals("resume");
        long sleepMs = Long.parseLong(args[3]);
        Sequential model = TrainFixtures.mlp(resume ? 99 : 5);   // a resumed run's initial weights are replaced by the checkpoint's
        Trainer.Builder b = TrainFixtures.everything(model, 4)
                .checkpoints(TrainFixtures.checkpointsEvery(root, 5))
                .callbacks(Callbacks.onBatchEnd((s, loss) -> {
                    try {
                        Thread.sleep(sleepMs);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
        if (resume) b.resumeFrom(root);
        History h = b.build().fit();
        Safetensors.write(weights, model.state());
        System.out.println("done: " + h.events().get(h.events().size() - 1).message());
    }
}
