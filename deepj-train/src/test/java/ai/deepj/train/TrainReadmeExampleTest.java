package ai.deepj.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.advise.BiasVariance;
import ai.deepj.data.DataLoader;
import ai.deepj.data.Splits;
import ai.deepj.data.Subset;
import ai.deepj.data.TensorDataset;
import ai.deepj.data.synthetic.Shapes;
import ai.deepj.nn.Flatten;
import ai.deepj.nn.Linear;
import ai.deepj.nn.ReLU;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.init.Init;
import ai.deepj.nn.loss.CrossEntropy;
import ai.deepj.optim.Adam;
import ai.deepj.plot.LearningCurves;
import ai.deepj.tensor.Generator;
import ai.deepj.train.callbacks.EarlyStopping;
import ai.deepj.train.metrics.Metrics;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "everyday loop" example, as written there, must run and learn. */
class TrainReadmeExampleTest {
    @Test
    void readmeExampleRunsAndLearns(@TempDir Path runDir) throws Exception {
        Generator g = Generator.seeded(0);
        PrintStream out = System.out;
        System.setOut(new PrintStream(java.io.OutputStream.nullOutputStream()));
        History h;
        try {
            // ---- as in the README
            TensorDataset data = Shapes.generate(3000, 1);             // generated 28×28 images of 6 shapes
            List<Subset> parts = Splits.stratified(data, data.y(), 1, 0.8, 0.2);   // 80 % train, 20 % dev
            Linear.Options he = Linear.Options.defaults().withWeightInit(Init.heNormal());
            Sequential model = new Sequential(new Flatten(), new Linear(784, 128, he, g), new ReLU(), new Linear(128, 6, he, g));
            h = Trainer.builder()
                    .model(model).loss(new CrossEntropy())
                    .optimizer(Adam.of(model.parameters(), Adam.Options.defaults().withLr(1e-3)))
                    .train(parts.get(0), DataLoader.Options.batchSize(64).withShuffle(1).withPrefetch(2))
                    .dev(parts.get(1)).epochs(8).metrics(Metrics.accuracy())
                    .callbacks(new EarlyStopping(EarlyStopping.Options.minimize("dev_loss").withPatience(2).withRestoreBestWeights(true)))
                    .checkpoints(Checkpointing.to(runDir.resolve("checkpoints")))   // resume: .resumeFrom(...)
                    .build().fit();                        // progress bar on a terminal, plain lines otherwise
            h.write(runDir);                               // history.json, history.csv, steps.csv
            LearningCurves.write(runDir.resolve("curves.png"), h.metric("train_loss"), h.metric("dev_loss"),
                    h.metric("train_accuracy"), h.metric("dev_accuracy"));
            System.out.print(BiasVariance.of(0.02, 0.05).withHumanLevel(0.003).report());   // the course's basic recipe
            // ----
        } finally {
            System.setOut(out);
        }
        double[] dev = h.metric("dev_accuracy");
        // chance is 1/6; a small MLP without translation invariance gets past 60 % in 8 short epochs
        assertTrue(dev[dev.length - 1] > 0.5 && dev[dev.length - 1] > dev[0], "dev accuracy " + java.util.Arrays.toString(dev));
        for (String f : List.of("history.json", "history.csv", "steps.csv", "curves.png")) {
            assertTrue(Files.size(runDir.resolve(f)) > 0, f);
        }
        assertTrue(Files.isDirectory(runDir.resolve("checkpoints")));
    }
}
