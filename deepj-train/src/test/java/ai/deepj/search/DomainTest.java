package ai.deepj.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.Generator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each domain samples on its scale; grids and narrowing follow the unit coordinate. */
class DomainTest {
    static final int N = 40_000;

    /** |count − expected| within 4 binomial standard deviations. */
    static void assertCount(int count, double p, String what) {
        double expected = N * p, sd = Math.sqrt(N * p * (1 - p));
        assertTrue(Math.abs(count - expected) < 4 * sd, what + ": " + count + " vs expected " + expected + " ± " + (4 * sd));
    }

    @Test
    void logUniformSpreadsSamplesEvenlyOverDecades() {
        // The course: α from 0.0001 to 1, r = -4 * rand(), α = 10^r — a quarter of the samples per decade.
        Domain lr = Domain.logUniform(1e-4, 1);
        Generator g = Generator.seeded(1);
        int[] perDecade = new int[4];
        for (int i = 0; i < N; i++) {
            double a = (Double) lr.sample(g);
            assertTrue(a >= 1e-4 && a <= 1, "sample " + a);
            perDecade[(int) Math.min(3, Math.floor(Math.log10(a) + 4))]++;
        }
        for (int d = 0; d < 4; d++) assertCount(perDecade[d], 0.25, "decade 1e" + (d - 4) + " to 1e" + (d - 3));
        // Uniform sampling would put 90 % of them in [0.1, 1]: the course's reason for the log scale.
        Domain linear = Domain.uniform(1e-4, 1);
        int top = 0;
        for (int i = 0; i < N; i++) if ((Double) linear.sample(g) >= 0.1) top++;
        assertCount(top, (1 - 0.1) / (1 - 1e-4), "uniform samples in [0.1, 1]");
    }

    @Test
    void betaScaleSamplesBetween09And0999EvenlyPerDecadeOfOneMinusBeta() {
        Domain beta = Domain.betaScale(0.9, 0.999);
        Generator g = Generator.seeded(2);
        int low = 0, high = 0;
        for (int i = 0; i < N; i++) {
            double b = (Double) beta.sample(g);
            assertTrue(b >= 0.9 && b <= 0.999, "sample " + b);
            if (b < 0.99) low++; else high++;
        }
        // 1 − β = 10^r, r ∈ [−3, −1]: as many samples in 0.9 … 0.99 as in 0.99 … 0.999.
        assertCount(low, 0.5, "β in [0.9, 0.99)");
        assertCount(high, 0.5, "β in [0.99, 0.999]");
        assertEquals(0.9, (Double) beta.fromUnit(0), 0);
        assertEquals(0.99, (Double) beta.fromUnit(0.5), 1e-15);
        assertEquals(0.999, (Double) beta.fromUnit(1), 0);
        assertEquals(0.5, beta.toUnit(0.99), 1e-12);
    }

    @Test
    void integerAndChoiceAreUniformOverTheirValues() {
        Domain hidden = Domain.integer(2, 4); // the course: layers 2, 3, 4
        Domain act = Domain.choice("relu", "tanh", "sigmoid", "leaky");
        Generator g = Generator.seeded(3);
        int[] h = new int[3], a = new int[4];
        for (int i = 0; i < N; i++) {
            h[(Integer) hidden.sample(g) - 2]++;
            a[List.of("relu", "tanh", "sigmoid", "leaky").indexOf(act.sample(g))]++;
        }
        for (int c : h) assertCount(c, 1.0 / 3, "integer value");
        for (int c : a) assertCount(c, 0.25, "choice value");
        assertEquals(4, hidden.fromUnit(1.0));
        assertEquals(2, hidden.fromUnit(0.0));
    }

    @Test
    void uniformSamplesStayInRangeWithTheRightMean() {
        Domain d = Domain.uniform(-1, 3);
        Generator g = Generator.seeded(4);
        double sum = 0;
        for (int i = 0; i < N; i++) {
            double v = (Double) d.sample(g);
            assertTrue(v >= -1 && v <= 3);
            sum += v;
        }
        // mean 1, standard deviation 4/√12; 4 standard errors.
        assertEquals(1, sum / N, 4 * (4 / Math.sqrt(12)) / Math.sqrt(N));
    }

    @Test
    void gridsAreEvenlySpacedOnTheScale() {
        assertEquals(List.of(0.0, 0.5, 1.0), Domain.uniform(0, 1).grid(3));
        List<Object> lr = Domain.logUniform(1e-4, 1).grid(5);
        double[] expected = {1e-4, 1e-3, 1e-2, 1e-1, 1};
        for (int i = 0; i < 5; i++) assertEquals(expected[i], (Double) lr.get(i), expected[i] * 1e-12);
        List<Object> beta = Domain.betaScale(0.9, 0.999).grid(3);
        assertEquals(0.99, (Double) beta.get(1), 1e-12);
        assertEquals(List.of(2, 3, 4), Domain.integer(2, 4).grid(10));
        assertEquals(List.of(50, 75, 100), Domain.integer(50, 100).grid(3));
        assertEquals(List.of("a", "b"), Domain.choice("a", "b").grid(7));
        assertEquals(List.of(0.5), Domain.uniform(0, 1).grid(1));
    }

    @Test
    void badRangesAreRefusedWithTheDomainNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Domain.logUniform(0, 1));
        assertEquals("Domain.logUniform: need 0 < lo <= hi, got [0.0, 1.0]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Domain.betaScale(0.9, 1));
        assertEquals("Domain.betaScale: need 0 <= lo <= hi < 1 (e.g. 0.9 to 0.999), got [0.9, 1.0]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Domain.uniform(2, 1));
        assertThrows(IllegalArgumentException.class, () -> Domain.integer(5, 4));
        assertThrows(IllegalArgumentException.class, () -> Domain.choice());
        assertThrows(IllegalArgumentException.class, () -> Domain.choice("a", "a"));
        assertThrows(IllegalArgumentException.class, () -> Domain.choice(new Object()));
        assertThrows(IllegalArgumentException.class, () -> Domain.uniform(0, 1).grid(0));
        e = assertThrows(IllegalArgumentException.class, () -> Domain.uniform(0, 1).toUnit("x"));
        assertEquals("Domain.uniform: expected a number, got x (String)", e.getMessage());
    }
}
