package ai.deepj.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The course's temperature example (θ₁ = 40°F, θ₂ = 49°F, θ₃ = 45°F in London). */
class EwmaTest {
    static final double[] LONDON = {40, 49, 45};

    /** By hand: v₁ = 0.1·40 = 4; v₂ = 0.9·4 + 0.1·49 = 8.5; v₃ = 0.9·8.5 + 0.1·45 = 12.15. */
    @Test
    void matchesTheHandComputedAverages() {
        assertArrayEquals(new double[] {4, 8.5, 12.15}, Ewma.averages(LONDON, 0.9, false), 1e-12);
        // Divided by 1 − 0.9ᵗ = 0.1, 0.19, 0.271: 40, 44.7368421052..., 44.8339483394...
        assertArrayEquals(new double[] {40, 44.73684210526316, 44.83394833948339}, Ewma.averages(LONDON, 0.9, true), 1e-12);
    }

    /** The course's β = 0.98 example: v₂ = 0.0196·θ₁ + 0.02·θ₂, and bias correction divides by 0.0396. */
    @Test
    void betaPoint98SecondValueIsAWeightedAverageAfterCorrection() {
        Ewma e = Ewma.biasCorrected(0.98);
        e.update(40);
        double corrected = e.update(49);
        assertEquals(0.0196 * 40 + 0.02 * 49, e.raw(), 1e-12);
        assertEquals((0.0196 * 40 + 0.02 * 49) / 0.0396, corrected, 1e-12);
        assertTrue(corrected > 40 && corrected < 49, "a weighted average of 40 and 49: " + corrected);
    }

    /**
     * Over a noisy season around 60°F, the uncorrected β = 0.9 average starts far too low (below
     * half the temperature for the first five days (v_t ≈ (1 − 0.9ᵗ)·60)); the corrected one is close from day one, and after
     * ~50 days the two agree.
     */
    @Test
    void biasCorrectionFixesTheStart() {
        double[] days = new double[100];
        for (int i = 0; i < days.length; i++) days[i] = 60 + 5 * Math.sin(i * 0.7) + 3 * Math.cos(i * 1.9);
        double[] plain = Ewma.averages(days, 0.9, false);
        double[] corrected = Ewma.averages(days, 0.9, true);
        for (int i = 0; i < 5; i++) assertTrue(plain[i] < 0.5 * 60, "day " + (i + 1) + ": " + plain[i]);
        for (int i = 0; i < days.length; i++) assertTrue(Math.abs(corrected[i] - 60) < 8, "day " + (i + 1) + ": " + corrected[i]);
        for (int i = 50; i < days.length; i++) assertEquals(plain[i], corrected[i], 0.01 * 60);
    }

    @Test
    void stateAndValidation() {
        Ewma e = Ewma.of(0.5);
        assertEquals(0, e.value());
        e.update(2);
        assertEquals(1, e.value());
        assertEquals(1, e.count());
        assertThrows(IllegalArgumentException.class, () -> Ewma.of(1.0));
    }
}
