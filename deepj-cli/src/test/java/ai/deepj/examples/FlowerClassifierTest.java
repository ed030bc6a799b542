package ai.deepj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.Generator;
import java.io.PrintStream;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

class FlowerClassifierTest {
    @Test
    void flowerDataHasTwoBalancedClassesOnThePetals() {
        PlanarFlower.Data d = PlanarFlower.generate(400, Generator.seeded(1));
        assertEquals(200, d.y().sum().item(), 0);
        double maxRadius = d.x().square().sum(new int[] {1}, false).sqrt().max().item();
        assertTrue(maxRadius > 3.5 && maxRadius < 5, "petal length " + maxRadius);
    }

    @Test
    void oneHiddenLayerNetLearnsTheFlowerAsTheCourseReports() {
        // The course reports about 90% accuracy with 4 tanh units, lr 1.2, 10000 iterations.
        var r = FlowerClassifier.train(FlowerClassifier.Options.course(), new PrintStream(OutputStream.nullOutputStream()));
        assertEquals(Math.log(2), r.firstCost(), 1e-3, "initial cost with tiny weights is log 2");
        assertTrue(r.finalCost() < 0.35, "final cost " + r.finalCost());
        assertTrue(r.accuracy() >= 0.85, "accuracy " + r.accuracy());
    }
}
