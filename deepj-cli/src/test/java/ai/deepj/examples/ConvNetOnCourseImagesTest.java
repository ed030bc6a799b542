package ai.deepj.examples;

import static ai.deepj.examples.ConvNetLessonTest.QUIET;
import static ai.deepj.examples.ConvNetLessonTest.course;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.data.TensorDataset;
import ai.deepj.nn.Sequential;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof on real data: the small ConvNet and transfer learning learn the course's SIGNS and Happy
 * House images. Only the course's test files exist here, so each run trains on a stratified 70 % of
 * one file (seed 1) and is judged on the other 30 %, which it never sees; the images are shrunk to
 * 32×32 (2×2 averages) to keep each test to seconds. Every figure below was measured with these
 * settings (docs/cnn-real-data.md); the thresholds leave a margin of several held-out images, and
 * each is far above chance (SIGNS: 1 in 6; Happy House: 55.6 %, the larger class).
 */
class ConvNetOnCourseImagesTest {
    @TempDir Path cache;

    @Test
    void smallConvNetLearnsSignsFromScratch() throws IOException {
        TensorDataset signs = course("signs");
        ConvNetLesson.Result r = ConvNetLesson.fromScratch(ConvNetLesson.split(signs, 0.3, 1), 6, ConvNetLesson.Options.defaults(), QUIET);
        assertEquals(1.0 / 6, r.chance(), 1e-12);
        assertTrue(r.trainAccuracy() >= 0.95, "fits its 84 training images: " + r);
        assertTrue(r.heldOutAccuracy() >= 0.5, "held out: measured 63.9 % (23 of 36), chance 16.7 %: " + r);
    }

    @Test
    void smallConvNetLearnsHappyHouseFromScratch() throws IOException {
        TensorDataset happy = course("happy");
        ConvNetLesson.Result r = ConvNetLesson.fromScratch(ConvNetLesson.split(happy, 0.3, 1), 2, ConvNetLesson.Options.defaults(), QUIET);
        assertEquals(25.0 / 45, r.chance(), 1e-12);
        assertTrue(r.trainAccuracy() >= 0.95, "fits its 105 training images: " + r);
        assertTrue(r.heldOutAccuracy() >= 0.85, "held out: measured 97.8 % (44 of 45), chance 55.6 %: " + r);
    }

    @Test
    void flipsKeepSignsWellAboveChance() throws IOException {
        TensorDataset signs = course("signs");
        ConvNetLesson.Result r = ConvNetLesson.fromScratch(ConvNetLesson.split(signs, 0.3, 1), 6,
                ConvNetLesson.Options.defaults().withAugment(true), QUIET);
        assertTrue(r.heldOutAccuracy() >= 0.5, "held out with random flips: measured 69.4 % (25 of 36): " + r);
    }

    @Test
    void transferFromGeneratedShapesLearnsSigns() throws IOException {
        TensorDataset signs = course("signs");
        ConvNetLesson.Split split = ConvNetLesson.split(signs, 0.3, 1);
        Sequential pretrained = TransferLesson.pretrain(ConvNetLesson.downscale(TransferLesson.shapes(1200, 64, 1), 2), 6,
                ConvNetLesson.Options.defaults().withEpochs(4), QUIET);
        String before = pretrained.get(0).namedParameters().get("weight").toString();
        TransferLesson.Result r = TransferLesson.transfer(pretrained, split, 6, TransferLesson.Options.defaults(), cache, QUIET);
        assertTrue(r.headOnly().heldOutAccuracy() >= 0.4, "new head on frozen shape features: measured 52.8 % (19 of 36): " + r);
        assertTrue(r.fineTuned().heldOutAccuracy() >= 0.45, "last block fine-tuned: measured 58.3 % (21 of 36): " + r);
        // The figures came from cached activations; the whole network run on the images agrees.
        assertEquals(r.fineTuned().heldOutAccuracy(), ConvNetLesson.accuracy(r.model(), split.heldOut()), 0);
        assertEquals(before, pretrained.get(0).namedParameters().get("weight").toString(), "the pretrained network is left as it was");
    }

    @Test
    void transferFromSignsLearnsHappyHouse() throws IOException {
        TensorDataset happy = course("happy"), signs = course("signs");
        ConvNetLesson.Split split = ConvNetLesson.split(happy, 0.3, 1);
        Sequential pretrained = TransferLesson.pretrain(signs, 6, ConvNetLesson.Options.defaults(), QUIET);
        TransferLesson.Result r = TransferLesson.transfer(pretrained, split, 2, TransferLesson.Options.defaults(), cache, QUIET);
        assertTrue(r.headOnly().heldOutAccuracy() >= 0.8, "new head on frozen SIGNS features: measured 88.9 % (40 of 45): " + r);
        assertTrue(r.fineTuned().heldOutAccuracy() >= 0.8, "last block fine-tuned: measured 95.6 % (43 of 45): " + r);
        assertEquals(r.fineTuned().heldOutAccuracy(), ConvNetLesson.accuracy(r.model(), split.heldOut()), 0);
    }
}
