package ai.deepj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.deepj.data.SharedData;
import org.junit.jupiter.api.Test;

class ConvLessonsTest {
    @Test
    void badOptionsAreUsageErrors() {
        Cli side = Cli.run("signs", "--side", "48");
        assertEquals(2, side.status(), side.toString());
        assertTrue(side.err().startsWith("deepj signs: --side must be 32 or 64, got 48"), side.err());

        Cli share = Cli.run("happy", "--held-out", "1.5");
        assertEquals(2, share.status(), share.toString());
        assertTrue(share.err().startsWith("deepj happy: --held-out needs a share in (0, 1), got 1.5"), share.err());

        Cli leak = Cli.run("signs", "--pretrain", "signs");
        assertEquals(2, leak.status(), leak.toString());
        assertTrue(leak.err().startsWith("deepj signs: --pretrain signs would pretrain on the held-out images; choose shapes or the other"
                + " course file"), leak.err());

        Cli source = Cli.run("happy", "--pretrain", "imagenet");
        assertEquals(2, source.status(), source.toString());
        assertTrue(source.err().startsWith("deepj happy: --pretrain must be shapes, signs, happy or none, got imagenet"), source.err());
    }

    @Test
    void happyRunsAndReportsTheHeldOutAccuracy() {
        String rel = "happy/test_happy.h5";
        assumeTrue(SharedData.find(rel).isPresent(), () -> "skipped: " + SharedData.missingReason(rel));
        Cli r = Cli.run("happy", "--epochs", "2", "--pretrain", "none");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().startsWith("happy: 150 images of "), r.out());
        assertTrue(r.out().contains("2 classes, shown at 32x32; stratified split (seed 1): 105 to train, 45 held out"), r.out());
        assertTrue(r.out().contains("Held-out accuracy on 45 images (chance 55.6%): from scratch "), r.out());
    }
}
