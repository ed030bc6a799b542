package ai.deepj;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.autograd.GradCheck;
import ai.deepj.nn.Dropout;
import ai.deepj.nn.Linear;
import ai.deepj.nn.ModelGradCheck;
import ai.deepj.nn.Module;
import ai.deepj.nn.ReLU;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.init.Init;
import ai.deepj.nn.io.ModelIO;
import ai.deepj.nn.loss.CrossEntropy;
import ai.deepj.nn.loss.Regularization;
import ai.deepj.optim.Adam;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's network example, kept compiling and true. */
class NnReadmeExampleTest {
    @Test
    void readmeNetworkExampleTrainsSavesAndLoads(@TempDir Path dir) throws Exception {
        Generator g = Generator.seeded(0);
        Tensor x = Tensor.randn(g, 256, 20);
        Tensor y = x.narrow(1, 0, 1).gt(0).add(x.narrow(1, 1, 1).gt(0)).reshape(-1).to(DType.INT32); // 3 classes

        Linear.Options he = Linear.Options.defaults().withWeightInit(Init.heNormal());
        Sequential model = new Sequential(
                new Linear(20, 64, he, g), new ReLU(), Dropout.ofKeepProb(0.9),
                new Linear(64, 3, he, g));
        System.out.print(model.summary(1, 20));

        CrossEntropy loss = new CrossEntropy();
        Adam adam = Adam.of(model.parameters(), Adam.Options.defaults().withLr(1e-2));
        double first = 0, last = 0;
        for (int step = 0; step < 200; step++) {
            Tensor cost = loss.compute(model.forward(x), y).add(Regularization.l2(model, 0.1, x.size(0)));
            if (step == 0) first = cost.item();
            last = cost.item();
            cost.backward();
            adam.step();
            adam.zeroGrad();
        }
        assertTrue(last < first / 4, first + " -> " + last);

        model.eval();
        GradCheck.Result check = ModelGradCheck.check(model, x.narrow(0, 0, 8), out -> loss.compute(out, y.narrow(0, 0, 8)));
        assertTrue(check.passed(), check.toString());

        ModelIO.save(model, adam, dir);
        Module loaded = ModelIO.load(dir).eval();
        assertArrayEquals(model.forward(x).toFloatArray(), loaded.forward(x).toFloatArray(), 0f);
    }
}
