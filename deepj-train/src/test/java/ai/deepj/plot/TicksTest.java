package ai.deepj.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TicksTest {
    @Test
    void niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(0.2, Ticks.niceAbove(0.11), 1e-15);
        assertEquals(0.1, Ticks.niceBelow(0.11), 1e-15);
        assertEquals(0.5, Ticks.niceAbove(0.4), 1e-15);
        assertEquals(0.2, Ticks.niceBelow(0.4), 1e-15);
        assertEquals(10, Ticks.niceAbove(7.5), 1e-12);
        assertEquals(5, Ticks.niceBelow(7.5), 1e-12);
        assertEquals(2e-5, Ticks.niceBelow(2e-5), 1e-20);
        assertEquals(2e-5, Ticks.niceAbove(2e-5), 1e-20);
    }

    @Test
    void theStepWhoseTickCountIsNearerTheTargetWins() {
        // 0.5 .. 1 with 8 wanted: step 0.05 gives 11 ticks, 0.1 gives 6; 6 is nearer.
        assertArrayEquals(new String[] {"0.5", "0.6", "0.7", "0.8", "0.9", "1"}, Ticks.linear(0.48, 1.02, 8, false).labels());
    }

    @Test
    void linearTicksAreMultiplesOfTheStepWithShortLabels() {
        Ticks.Set t = Ticks.linear(-0.03, 1.03, 5, false);
        assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1.0}, t.values(), 1e-12);
        assertArrayEquals(new String[] {"0", "0.2", "0.4", "0.6", "0.8", "1"}, t.labels());
    }

    @Test
    void integerAxesNeverGetFractionalTicks() {
        Ticks.Set t = Ticks.linear(0.9, 3.1, 10, true);
        assertArrayEquals(new String[] {"1", "2", "3"}, t.labels());
    }

    @Test
    void oneAxisUsesOneNotation() {
        assertArrayEquals(new String[] {"0", "5e4", "1e5", "1.5e5"}, Ticks.linear(0, 160_000, 4, false).labels());
        assertArrayEquals(new String[] {"1e-4", "1e-3", "1e-2", "1e-1"}, Ticks.log(1e-4, 0.1, 4).labels());
    }

    @Test
    void logTicksAddTwoAndFiveOverFewDecadesAndMinorTicksBetween() {
        Ticks.Set t = Ticks.log(0.04, 1.1, 8);
        assertArrayEquals(new double[] {0.05, 0.1, 0.2, 0.5, 1}, t.values(), 1e-12);
        assertArrayEquals(new String[] {"0.05", "0.1", "0.2", "0.5", "1"}, t.labels());
        assertArrayEquals(new double[] {0.04, 0.06, 0.07, 0.08, 0.09, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9}, t.minor(), 1e-12);
    }

    @Test
    void logTicksThinOutOverManyDecades() {
        Ticks.Set t = Ticks.log(1e-12, 1, 4);
        assertArrayEquals(new String[] {"1e-12", "1e-9", "1e-6", "1e-3", "1e0"}, t.labels());
    }

    @Test
    void narrowLogRangeFallsBackToLinearTicks() {
        Ticks.Set t = Ticks.log(0.31, 0.34, 5);
        assertArrayEquals(new String[] {"0.31", "0.32", "0.33", "0.34"}, t.labels());
    }

    @Test
    void compactKeepsSignificantDigits() {
        assertEquals("0.9253", Ticks.compact(0.925312, 4));
        assertEquals("0.003", Ticks.compact(0.003, 3));
        assertEquals("2.5e-5", Ticks.compact(2.5e-5, 3));
        assertEquals("1234", Ticks.compact(1234.4, 4));
    }
}
