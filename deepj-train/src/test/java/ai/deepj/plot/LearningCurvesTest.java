package ai.deepj.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningCurvesTest {
    @TempDir
    Path dir;

    private static final double[] TRAIN_COST = {0.69, 0.5, 0.4, 0.33, 0.3};
    private static final double[] DEV_COST = {0.7, 0.55, 0.47, 0.45, 0.46};
    private static final double[] TRAIN_ACC = {0.5, 0.7, 0.8, 0.86, 0.9};
    private static final double[] DEV_ACC = {0.5, 0.68, 0.75, 0.78, 0.77};

    @Test
    void drawsCostOnTheLeftAndAccuracyOnTheRightEachWithTrainAndDev() throws Exception {
        Path file = dir.resolve("curves.png");
        LearningCurves.write(file, TRAIN_COST, DEV_COST, TRAIN_ACC, DEV_ACC);
        BufferedImage img = Pixels.readPng(file, 1200, 480);
        int half = img.getWidth() / 2;
        for (int k = 0; k < 2; k++) {
            assertTrue(Pixels.count(img, 0, 0, half, img.getHeight(), Palette.categorical(k), 0) > 100, "left panel, series " + k);
            assertTrue(Pixels.count(img, half, 0, img.getWidth(), img.getHeight(), Palette.categorical(k), 0) > 100, "right panel, series " + k);
        }
    }

    @Test
    void readsTheTrainersMetricNamesFromAHistory() throws Exception {
        Path file = dir.resolve("h.png");
        LearningCurves.write(file, Map.of("train_loss", TRAIN_COST, "dev_loss", DEV_COST, "lr", new double[] {0.1}));
        Pixels.readPng(file, 1200, 480);
        var e = assertThrows(IllegalArgumentException.class, () -> LearningCurves.write(dir.resolve("x.png"), Map.of("loss", TRAIN_COST)));
        assertEquals("LearningCurves: the history has no 'train_loss'; its keys are [loss]", e.getMessage());
    }

    @Test
    void withoutAccuracyOnlyTheCostPanelIsDrawnAcrossTheWholeWidth() {
        double[] it = {0, 100, 200, 300, 400};
        BufferedImage img = LearningCurves.perIteration(it, TRAIN_COST, null).withDev(new double[] {0, 400}, new double[] {0.7, 0.5}, null)
                .withLogCost(true).withCostLabel("cost (with L2 term)").withSize(900, 400).toImage();
        assertEquals(900, img.getWidth());
        int right = Pixels.count(img, 3 * img.getWidth() / 4, 0, img.getWidth(), img.getHeight(), Palette.categorical(0), 0);
        assertTrue(right > 30, "the train line reaches the right quarter: " + right);
    }

    @Test
    void refusesMismatchedLengths() {
        var e = assertThrows(IllegalArgumentException.class, () -> LearningCurves.perEpoch(TRAIN_COST, new double[] {0.5}));
        assertEquals("LearningCurves: train accuracy has 1 values but there are 5 x values (epochs or iterations); they must pair up", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LearningCurves.perEpoch(TRAIN_COST, TRAIN_ACC).withDev(new double[] {1}, null));
        assertTrue(e.getMessage().startsWith("LearningCurves: dev cost has 1 values but there are 5 x values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LearningCurves.perEpoch(TRAIN_COST, null).withDev(DEV_COST, DEV_ACC));
        assertEquals("LearningCurves: dev accuracy given but no train accuracy; give both or neither", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LearningCurves.perEpoch(new double[0], null));
    }
}
