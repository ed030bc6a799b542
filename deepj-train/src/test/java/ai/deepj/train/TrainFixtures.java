package ai.deepj.train;

import ai.deepj.data.DataLoader;
import ai.deepj.data.TensorDataset;
import ai.deepj.nn.Dropout;
import ai.deepj.nn.Linear;
import ai.deepj.nn.ReLU;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.init.Init;
import ai.deepj.nn.loss.CrossEntropy;
import ai.deepj.optim.Adam;
import ai.deepj.optim.LearningRateSchedule;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import ai.deepj.train.metrics.Metrics;
import java.nio.file.Path;

/** Small generated problems and one fully-featured trainer setup, shared by the tests and the child JVM. */
final class TrainFixtures {
    private TrainFixtures() {}

    /** Three Gaussian blobs in the plane (centres on a circle of radius 2, σ = 0.6), labels int32. */
    static TensorDataset blobs(int m, long seed) {
        Generator g = Generator.seeded(seed);
        float[] x = new float[2 * m];
        int[] y = new int[m];
        for (int i = 0; i < m; i++) {
            int c = g.nextInt(3);
            double angle = 2 * Math.PI * c / 3;
            x[2 * i] = (float) (2 * Math.cos(angle) + 0.6 * g.nextGaussian());
            x[2 * i + 1] = (float) (2 * Math.sin(angle) + 0.6 * g.nextGaussian());
            y[i] = c;
        }
        return new TensorDataset(Tensor.of(x, m, 2), Tensor.of(y, m));
    }

    /** 2 → 16 → 16 → 3 with ReLU and dropout (its own generator), He-initialized from {@code seed}. */
    static Sequential mlp(long seed) {
        Generator g = Generator.seeded(seed);
        Linear.Options he = Linear.Options.defaults().withWeightInit(Init.heNormal());
        return new Sequential(new Linear(2, 16, he, g), new ReLU(), Dropout.ofKeepProb(0.8, Generator.seeded(seed + 100)),
                new Linear(16, 16, he, g), new ReLU(), new Linear(16, 3, he, g));
    }

    /**
     * Everything at once: shuffled batches of 16 (the last one partial), Adam, L2, norm clipping, a
     * per-step schedule, two metrics, a dev set. The model's initial weights come from {@code initSeed}; a
     * resumed run may pass any seed, since the checkpoint replaces them.
     */
    static Trainer.Builder everything(Sequential model, int epochs) {
        return Trainer.builder()
                .model(model)
                .loss(new CrossEntropy())
                .optimizer(Adam.of(model.parameters(), Adam.Options.defaults().withLr(0.02)))
                .train(new DataLoader(blobs(150, 1), DataLoader.Options.batchSize(16).withShuffle(7)))
                .dev(blobs(60, 2))
                .epochs(epochs)
                .l2(0.05)
                .clipByNorm(5.0)
                .schedule(LearningRateSchedule.inverseTime(0.02, 0.01), Trainer.ScheduleUnit.STEP)
                .metrics(Metrics.accuracy(), Metrics.macroF1())
                .dataName("blobs-150-seed-1")
                .quiet();
    }

    static Checkpointing checkpointsEvery(Path dir, int steps) {
        return Checkpointing.to(dir).withEverySteps(steps).withEveryEpochs(1).withKeepLast(3);
    }
}
