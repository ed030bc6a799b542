package ai.deepj.advise;

import static ai.deepj.advise.BiasVariance.Problem.AVOIDABLE_BIAS;
import static ai.deepj.advise.BiasVariance.Problem.DATA_MISMATCH;
import static ai.deepj.advise.BiasVariance.Problem.VARIANCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The course's own examples (Course 2 "Bias / variance", Course 3 "Avoidable bias", "Data mismatch"). */
class BiasVarianceTest {
    // ---------------------------------------------------------------- Course 2: human error ≈ 0 %

    @Test
    void train1Dev11IsHighVariance() {
        BiasVariance bv = BiasVariance.of(0.01, 0.11);
        assertEquals(0.01, bv.avoidableBias(), 1e-15);
        assertEquals(0.10, bv.variance(), 1e-15);
        assertEquals(Set.of(VARIANCE), bv.problems());
        assertEquals("high variance", bv.diagnosis());
        assertTrue(bv.nextSteps().contains("regularization: L2, dropout, data augmentation"));
        assertTrue(bv.nextSteps().contains("get more training data (or augment the data you have)"));
    }

    @Test
    void train15Dev16IsHighBias() {
        BiasVariance bv = BiasVariance.of(0.15, 0.16);
        assertEquals(Set.of(AVOIDABLE_BIAS), bv.problems());
        assertEquals("high bias", bv.diagnosis());
        assertEquals("train a bigger network (more hidden layers or more hidden units)", bv.nextSteps().get(0));
    }

    @Test
    void train15Dev30IsHighBiasAndHighVariance() {
        BiasVariance bv = BiasVariance.of(0.15, 0.30);
        assertEquals(Set.of(AVOIDABLE_BIAS, VARIANCE), bv.problems());
        assertEquals("high bias and high variance", bv.diagnosis());
        // Both gaps are 15 points: a tie goes to bias, the basic recipe's first question.
        assertEquals(Optional.of(AVOIDABLE_BIAS), bv.focus());
    }

    @Test
    void train05Dev1LooksFine() {
        BiasVariance bv = BiasVariance.of(0.005, 0.01);
        assertTrue(bv.looksFine());
        assertEquals("looks fine", bv.diagnosis());
        assertEquals(Optional.empty(), bv.focus());
    }

    @Test
    void withHumanLevel15PercentTrain15Dev16IsFine() {
        // The notes' case 5: "low bias because the human error itself is 15 %" (blurry images).
        BiasVariance bv = BiasVariance.of(0.15, 0.16).withHumanLevel(0.15);
        assertEquals(0, bv.avoidableBias(), 1e-15);
        assertTrue(bv.looksFine(), bv.report());
    }

    // ---------------------------------------------------------------- Course 3: avoidable bias

    @Test
    void humanLevel1Train8Dev10FocusesOnBias() {
        BiasVariance bv = BiasVariance.of(0.08, 0.10).withHumanLevel(0.01);
        assertEquals(0.07, bv.avoidableBias(), 1e-12);
        assertEquals(0.02, bv.variance(), 1e-12);
        assertEquals(Optional.of(AVOIDABLE_BIAS), bv.focus());
        assertEquals("train a bigger network (more hidden layers or more hidden units)", bv.nextSteps().get(0));
    }

    @Test
    void humanLevel75Train8Dev10FocusesOnVariance() {
        BiasVariance bv = BiasVariance.of(0.08, 0.10).withHumanLevel(0.075);
        assertEquals(0.005, bv.avoidableBias(), 1e-12);
        assertEquals(Set.of(VARIANCE), bv.problems());
        assertEquals(Optional.of(VARIANCE), bv.focus());
    }

    @Test
    void medicalImagingChoiceOfHumanLevelMatters() {
        // Course 3: human level 1 % (typical doctor), 0.7 % (experienced doctor), 0.5 % (team of experts).
        BiasVariance bias = BiasVariance.of(0.05, 0.06).withHumanLevel(0.005);
        assertEquals(Optional.of(AVOIDABLE_BIAS), bias.focus());
        BiasVariance variance = BiasVariance.of(0.01, 0.05).withHumanLevel(0.005);
        assertEquals(Optional.of(VARIANCE), variance.focus());
        // Train 0.7 %, dev 0.8 %: against a team of experts (0.5 %) the avoidable bias (0.2) is the
        // larger gap, though both are below the thresholds.
        BiasVariance close = BiasVariance.of(0.007, 0.008).withHumanLevel(0.005);
        assertTrue(close.looksFine());
        assertTrue(close.avoidableBias() > close.variance());
        // Against a typical doctor (1 %) the training error is better than human level: noted.
        BiasVariance surpass = BiasVariance.of(0.007, 0.008).withHumanLevel(0.01);
        assertTrue(surpass.notes().get(0).startsWith("the training error is below human level"), surpass.report());
    }

    // ---------------------------------------------------------------- Course 3: data mismatch

    @Test
    void trainDevSeparatesVarianceFromDataMismatch() {
        BiasVariance variance = BiasVariance.of(0.01, 0.10).withTrainDev(0.09);
        assertEquals(Set.of(VARIANCE), variance.problems());
        assertEquals(0.01, variance.dataMismatch().getAsDouble(), 1e-12);

        BiasVariance mismatch = BiasVariance.of(0.01, 0.10).withTrainDev(0.015);
        assertEquals(Set.of(DATA_MISMATCH), mismatch.problems());
        assertEquals("data mismatch", mismatch.diagnosis());
        assertTrue(mismatch.nextSteps().get(0).startsWith("carry out manual error analysis"));

        BiasVariance bias = BiasVariance.of(0.10, 0.12).withTrainDev(0.11).withHumanLevel(0);
        assertEquals(Set.of(AVOIDABLE_BIAS), bias.problems());

        BiasVariance both = BiasVariance.of(0.10, 0.20).withTrainDev(0.11).withHumanLevel(0);
        assertEquals(Set.of(AVOIDABLE_BIAS, DATA_MISMATCH), both.problems());
        assertEquals("high bias and data mismatch", both.diagnosis());
    }

    @Test
    void withoutTrainDevTheReportWarnsThatVarianceMayBeMismatch() {
        BiasVariance bv = BiasVariance.of(0.01, 0.11);
        assertFalse(bv.dataMismatch().isPresent());
        assertTrue(bv.report().contains("mixes variance and data mismatch"), bv.report());
    }

    // ---------------------------------------------------------------- thresholds, report, errors

    @Test
    void thresholdsAreConfigurableAndRoundingDoesNotTipAnEqualGap() {
        // 0.16 − 0.15 is 0.010000000000000009 in binary: equal to a 1-point threshold, not above it.
        BiasVariance bv = BiasVariance.of(0.15, 0.16).withThresholds(BiasVariance.Thresholds.defaults().withVariance(0.01));
        assertFalse(bv.highVariance());
        BiasVariance strict = bv.withThresholds(BiasVariance.Thresholds.defaults().withVariance(0.005));
        assertTrue(strict.highVariance());
        BiasVariance lax = BiasVariance.of(0.01, 0.11).withThresholds(new BiasVariance.Thresholds(0.2, 0.2, 0.2));
        assertTrue(lax.looksFine());
    }

    @Test
    void reportShowsErrorsGapsAndDiagnosis() {
        String r = BiasVariance.of(0.08, 0.10).withHumanLevel(0.01).report();
        assertTrue(r.contains("human-level error (Bayes proxy)  1 %"), r);
        assertTrue(r.contains("training error                   8 %"), r);
        assertTrue(r.contains("avoidable bias                   7 %      (threshold 1.5 %)  HIGH"), r);
        assertTrue(r.contains("variance                         2 %      (threshold 1.5 %)  HIGH"), r);
        assertTrue(r.contains("Diagnosis: high bias and high variance; focus first on avoidable bias, the largest gap (7 %)"), r);
    }

    @Test
    void percentagesAreRefusedWithAHint() {
        var e = assertThrows(IllegalArgumentException.class, () -> BiasVariance.of(1, 11));
        assertEquals("BiasVariance: the dev error must be a fraction in [0, 1], got 11.0 (pass 0.11 for 11 %: errors are "
                + "fractions, not percentages)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BiasVariance.of(Double.NaN, 0.1));
        assertThrows(IllegalArgumentException.class, () -> BiasVariance.of(0.1, 0.1).withTrainDev(-0.01));
        assertThrows(IllegalArgumentException.class, () -> new BiasVariance.Thresholds(0.01, 1.5, 0.01));
    }

    @Test
    void percentFormatting() {
        assertEquals("11 %", BiasVariance.pct(0.11));
        assertEquals("0.25 %", BiasVariance.pct(0.0025));
        assertEquals("0 %", BiasVariance.pct(0));
        assertEquals("-0.3 %", BiasVariance.pct(-0.003));
    }
}
