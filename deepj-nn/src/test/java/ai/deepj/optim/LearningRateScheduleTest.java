package ai.deepj.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.Tensor;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Schedules against {@code torch.optim.lr_scheduler} (ExponentialLR, StepLR, MultiStepLR,
 * CosineAnnealingLR; tolerance {@code 1e-12 + 1e-12·|expected|}, since PyTorch updates the rate
 * recursively, one multiplication per epoch, where deepj evaluates the closed form), and the rest
 * against exact values of their formulas.
 */
class LearningRateScheduleTest {
    static LearningRateSchedule fromFixture(String kind, JsonObject a) {
        return switch (kind) {
            case "exponential" -> LearningRateSchedule.exponential(a.get("lr0").getAsDouble(), a.get("base").getAsDouble());
            case "step" -> LearningRateSchedule.step(a.get("lr0").getAsDouble(), a.get("stepSize").getAsInt(), a.get("gamma").getAsDouble());
            case "piecewiseConstant" -> LearningRateSchedule.piecewiseConstant(Fixtures.ints(a.get("boundaries")),
                    Fixtures.doubles(a.get("values")));
            case "warmupCosine" -> LearningRateSchedule.warmupCosine(a.get("peak").getAsDouble(), a.get("warmup").getAsInt(),
                    a.get("total").getAsInt(), a.get("min").getAsDouble());
            default -> throw new AssertionError(kind);
        };
    }

    @TestFactory
    Stream<DynamicTest> schedulesMatchPyTorch() {
        return StreamSupport.stream(Fixtures.doc().getAsJsonArray("schedules").spliterator(), false).map(JsonElement::getAsJsonObject)
                .map(c -> DynamicTest.dynamicTest(c.get("name").getAsString(), () -> {
                    LearningRateSchedule s = fromFixture(c.get("kind").getAsString(), c.getAsJsonObject("args"));
                    double[] expected = Fixtures.doubles(c.get("lrs"));
                    double[] actual = new double[expected.length];
                    for (int t = 0; t < actual.length; t++) actual[t] = s.at(t);
                    Fixtures.assertClose(expected, actual, c.get("name").getAsString());
                }));
    }

    /** The course's table: α₀ = 0.2, decay rate 1 → epoch 1: 0.1, 2: 0.0667, 3: 0.05, 4: 0.04. */
    @Test
    void inverseTimeReproducesTheCourseTable() {
        LearningRateSchedule s = LearningRateSchedule.inverseTime(0.2, 1);
        assertEquals(0.2, s.at(0), 0);
        assertEquals(0.1, s.at(1), 1e-17);
        assertEquals(0.2 / 3, s.at(2), 1e-17);
        assertEquals(0.05, s.at(3), 1e-17);
        assertEquals(0.04, s.at(4), 1e-17);
    }

    /** The course's schedule_lr_decay(0.5, epoch, decay_rate=0.3, time_interval=1000)-style staircase. */
    @Test
    void inverseTimeStaircaseChangesOnlyEveryInterval() {
        LearningRateSchedule s = LearningRateSchedule.inverseTimeStaircase(0.5, 0.3, 100);
        assertEquals(0.5, s.at(0), 0);
        assertEquals(0.5, s.at(99), 0);
        assertEquals(0.5 / 1.3, s.at(100), 0);
        assertEquals(0.5 / 1.3, s.at(199), 0);
        assertEquals(0.5 / 1.6, s.at(200), 0);
        assertEquals(0.5 / (1 + 0.3 * 10), s.at(1050), 0);
    }

    @Test
    void exponentialWithTheCourseBase() {
        LearningRateSchedule s = LearningRateSchedule.exponential(0.1, 0.95);
        assertEquals(0.1, s.at(0), 0);
        assertEquals(0.095, s.at(1), 1e-17);
        assertEquals(0.1 * 0.9025, s.at(2), 1e-17);
    }

    @Test
    void inverseSqrtUsesEpochOneAtEpochZero() {
        LearningRateSchedule s = LearningRateSchedule.inverseSqrt(0.1, 2);
        assertEquals(0.2, s.at(0), 0);
        assertEquals(0.2, s.at(1), 0);
        assertEquals(0.1, s.at(4), 1e-17);
        assertEquals(0.2 / 3, s.at(9), 1e-17);
    }

    @Test
    void warmupRisesLinearlyThenCosineFallsToTheMinimum() {
        LearningRateSchedule s = LearningRateSchedule.warmupCosine(1.0, 4, 14, 0.1);
        assertEquals(0.2, s.at(0), 1e-15);
        assertEquals(0.4, s.at(1), 1e-15);
        assertEquals(0.8, s.at(3), 1e-15);
        assertEquals(1.0, s.at(4), 0);
        assertEquals(0.55, s.at(9), 1e-15); // half-way: min + (peak − min)/2
        assertEquals(0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.3)), s.at(7), 1e-15);
        assertEquals(0.1, s.at(14), 1e-15);
        assertEquals(0.1, s.at(1000), 0);
    }

    @Test
    void piecewiseConstantSwitchesAtTheBoundary() {
        LearningRateSchedule s = LearningRateSchedule.piecewiseConstant(new int[] {3, 10}, new double[] {1, 0.5, 0.25});
        assertEquals(1, s.at(2));
        assertEquals(0.5, s.at(3));
        assertEquals(0.5, s.at(9));
        assertEquals(0.25, s.at(10));
        var e = assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.piecewiseConstant(new int[] {3, 10}, new double[] {1, 0.5}));
        assertTrue(e.getMessage().contains("one more value"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.piecewiseConstant(new int[] {5, 5}, new double[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> s.at(-1));
    }

    @Test
    void applyToSetsEveryGroupsLearningRate() {
        Tensor a = Tensor.zeros(1).requiresGrad(true), b = Tensor.zeros(1).requiresGrad(true);
        Optimizer opt = Adam.of(List.of(a)).addParamGroup(List.of(b), Map.of("lr", 0.5));
        double lr = LearningRateSchedule.step(0.1, 2, 0.5).applyTo(opt, 5);
        assertEquals(0.025, lr, 0);
        assertEquals(0.025, opt.groups().get(0).get("lr"), 0);
        assertEquals(0.025, opt.groups().get(1).get("lr"), 0);
    }
}
