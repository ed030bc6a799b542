package ai.deepj.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.deepj.data.H5Images;
import ai.deepj.data.SharedData;
import ai.deepj.data.TensorDataset;
import ai.deepj.data.synthetic.Shapes;
import ai.deepj.nn.Sequential;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pieces of the ConvNet lessons that need no data: the split, the downscaling, the generated
 * pretraining images, the network's shapes and the accuracy. The proofs on the course's files are in
 * {@link ConvNetOnCourseImagesTest}.
 */
class ConvNetLessonTest {
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void splitIsStratifiedSeededAndDisjoint() {
        int[] labels = new int[60];
        for (int i = 0; i < 60; i++) labels[i] = i % 6;
        TensorDataset d = new TensorDataset(Tensor.arange(60).reshape(60, 1).to(ai.deepj.tensor.DType.FLOAT32), Tensor.of(labels, 60));
        ConvNetLesson.Split s = ConvNetLesson.split(d, 0.3, 7);
        assertEquals(42, s.train().size());
        assertEquals(18, s.heldOut().size());
        int[] heldOut = s.heldOut().get(ConvNetLesson.indices(18)).y().toIntArray();
        int[] perClass = new int[6];
        for (int v : heldOut) perClass[v]++;
        assertArrayEquals(new int[] {3, 3, 3, 3, 3, 3}, perClass, "30 % of each class's 10");
        float[] a = s.train().get(ConvNetLesson.indices(42)).x().toFloatArray(), b = s.heldOut().get(ConvNetLesson.indices(18)).x().toFloatArray();
        java.util.Set<Float> seen = new java.util.HashSet<>();
        for (float v : a) seen.add(v);
        for (float v : b) assertTrue(seen.add(v), "example " + v + " is in both parts");
        assertArrayEquals(b, ConvNetLesson.split(d, 0.3, 7).heldOut().get(ConvNetLesson.indices(18)).x().toFloatArray(), "same seed, same split");
        assertEquals(1.0 / 6, ConvNetLesson.chance(s.heldOut()), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConvNetLesson.split(d, 1, 7));
        assertEquals("ConvNetLesson.split: the held-out share must be in (0, 1), got 1.0", e.getMessage());
    }

    @Test
    void downscaleAveragesBlocks() {
        float[] px = new float[2 * 4 * 4];
        for (int i = 0; i < px.length; i++) px[i] = i;
        TensorDataset d = new TensorDataset(Tensor.of(px, 1, 2, 4, 4), Tensor.of(new int[] {3}, 1));
        TensorDataset half = ConvNetLesson.downscale(d, 2);
        // Channel 0 rows 0-1, columns 0-1: (0 + 1 + 4 + 5) / 4; channel 1 starts at 16.
        assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f, 18.5f, 20.5f, 26.5f, 28.5f}, half.x().toFloatArray());
        assertArrayEquals(new int[] {3}, half.y().toIntArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConvNetLesson.downscale(d, 3));
        assertEquals("ConvNetLesson.downscale: images 4x4 cannot be shrunk by 3 (the factor must be >= 1 and divide both sides)", e.getMessage());
    }

    @Test
    void shapesBecomeColourImagesOfTheSameDrawing() {
        TensorDataset gray = Shapes.generate(3, 5), colour = TransferLesson.shapes(3, 56, 5);
        assertArrayEquals(new int[] {3, 3, 56, 56}, colour.x().shape().toArray());
        assertArrayEquals(gray.y().toIntArray(), colour.y().toIntArray());
        float[] g = gray.x().toFloatArray(), c = colour.x().toFloatArray();
        // 56 = 2 x 28: pixel (y, x) of every channel is the grey pixel (y/2, x/2).
        for (int i = 0; i < 3; i++) for (int ch = 0; ch < 3; ch++) for (int y = 0; y < 56; y++) for (int x = 0; x < 56; x++) {
            assertEquals(g[i * 784 + (y / 2) * 28 + x / 2], c[((i * 3 + ch) * 56 + y) * 56 + x], 0f);
        }
    }

    @Test
    void networkShapesAndItsErrors() {
        Sequential net = ConvNetLesson.convNet(3, 32, 6, List.of(8, 16, 32), Generator.seeded(1));
        assertEquals(13, net.size(), "3 blocks of conv, batch norm, ReLU, max pool, then the head");
        assertArrayEquals(new int[] {2, 6}, net.forward(Tensor.zeros(2, 3, 32, 32)).shape().toArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConvNetLesson.convNet(3, 36, 6, List.of(8, 16, 32), Generator.seeded(1)));
        assertEquals("ConvNetLesson.convNet: 3 blocks halve the side 3 times, so it must be divisible by 8, got 36", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConvNetLesson.Options.defaults().withEpochs(0));
    }

    @Test
    void accuracyCountsArgmaxHits() {
        // A fixed linear "model": logits = x itself, so the argmax of each row is its prediction.
        ai.deepj.nn.Module identity = new ai.deepj.nn.Identity();
        TensorDataset d = new TensorDataset(Tensor.of(new float[] {0.9f, 0.1f, 0.2f, 0.8f, 0.7f, 0.3f, 0.4f, 0.6f}, 4, 2),
                Tensor.of(new int[] {0, 1, 1, 1}, 4));
        assertEquals(0.75, ConvNetLesson.accuracy(identity, d), 0);
    }

    /** The course file {@code set/test_set.h5}, at 32x32, or the test is skipped with the reason. */
    static TensorDataset course(String set) throws IOException {
        String rel = set + "/test_" + set + ".h5";
        var p = SharedData.find(rel);
        assumeTrue(p.isPresent(), () -> "skipped: " + SharedData.missingReason(rel));
        return ConvNetLesson.downscale(H5Images.load(p.get()), 2);
    }
}
