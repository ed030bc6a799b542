package ai.deepj.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {
    @TempDir
    Path dir;

    /** {@code bytes / 255} as a float32 tensor of the given shape. */
    static Tensor fromBytes(int[] bytes, int... shape) {
        float[] f = new float[bytes.length];
        for (int i = 0; i < f.length; i++) f[i] = bytes[i] / 255f;
        return Tensor.of(f, shape);
    }

    /** A test-only JPEG at quality 0.95 (the JDK's default 0.75 blurs flat colours more). */
    static void writeJpeg(BufferedImage img, Path file) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.95f);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            w.setOutput(out);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
    }

    @Test
    void rgbPngRoundTripsExactly() throws IOException {
        int[] bytes = {0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255, 128, 64, 32, 16, 8, 7};
        Tensor img = fromBytes(bytes, 3, 2, 3);
        Path f = dir.resolve("rgb.png");
        Images.write(f, img);
        Tensor back = Images.read(f);
        assertEquals(DType.FLOAT32, back.dtype());
        assertArrayEquals(new int[] {3, 2, 3}, back.shape().toArray());
        assertArrayEquals(img.toFloatArray(), back.toFloatArray());
        assertEquals(255, ImageIO.read(f.toFile()).getRGB(0, 0) >>> 24, "opaque");
        assertEquals(0x00FA80, ImageIO.read(f.toFile()).getRGB(0, 0) & 0xFFFFFF, "R from channel 0, G from 1, B from 2");
    }

    @Test
    void grayPngKeepsItsSamplesAndCanBeReadAsRgb() throws IOException {
        int[] bytes = {0, 17, 34, 128, 200, 255};
        Path f = dir.resolve("gray.png");
        Images.write(f, fromBytes(bytes, 2, 3));                     // [h, w] is gray
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, ImageIO.read(f.toFile()).getType());
        Images.Options gray = Images.Options.defaults().withColor(Images.Color.GRAY);
        assertArrayEquals(fromBytes(bytes, 1, 2, 3).toFloatArray(), Images.read(f, gray).toFloatArray());
        Tensor rgb = Images.read(f);
        assertArrayEquals(new int[] {3, 2, 3}, rgb.shape().toArray());
        for (int c = 0; c < 3; c++) assertArrayEquals(fromBytes(bytes, 2, 3).toFloatArray(), rgb.select(0, c).toFloatArray());
    }

    @Test
    void rgbaDropsAlphaAndSixteenBitAndPaletteImagesAreExact() throws IOException {
        int[] rgba = {10, 20, 30, 40, 50, 60, 70, 80, 255, 128, 0, 64};   // [4, 1, 3]: R, G, B, then alpha 128, 0, 64
        Path f = dir.resolve("rgba.png");
        Images.write(f, fromBytes(rgba, 4, 1, 3));
        assertArrayEquals(fromBytes(Arrays.copyOf(rgba, 9), 3, 1, 3).toFloatArray(), Images.read(f).toFloatArray());

        BufferedImage deep = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {1, 65535});
        Path g = dir.resolve("deep.png");
        ImageIO.write(deep, "png", g.toFile());
        assertArrayEquals(new float[] {1 / 65535f, 1f}, Images.read(g, Images.Options.defaults().withColor(Images.Color.GRAY)).toFloatArray());

        IndexColorModel palette = new IndexColorModel(1, 2, new byte[] {(byte) 200, 0}, new byte[] {100, 0}, new byte[] {50, (byte) 255});
        BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY, palette);
        indexed.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {0, 1});
        Path p = dir.resolve("palette.png");
        ImageIO.write(indexed, "png", p.toFile());
        assertArrayEquals(fromBytes(new int[] {200, 0, 100, 0, 50, 255}, 3, 1, 2).toFloatArray(), Images.read(p).toFloatArray());
    }

    @Test
    void grayFromRgbUsesTheItuR601Weights() throws IOException {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xFF0000);
        img.setRGB(1, 0, 0x204080);
        Path f = dir.resolve("c.png");
        ImageIO.write(img, "png", f.toFile());
        float[] g = Images.read(f, Images.Options.defaults().withColor(Images.Color.GRAY)).toFloatArray();
        assertEquals(0.299, g[0], 1e-6);
        assertEquals((0.299 * 0x20 + 0.587 * 0x40 + 0.114 * 0x80) / 255, g[1], 1e-6);
    }

    @Test
    void jpegIsCloseToWhatWasWritten() throws IOException {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) img.setRGB(x, y, x < 8 ? 0x3366CC : 0xF0E0D0);
        Path f = dir.resolve("blocks.jpg");
        writeJpeg(img, f);
        Tensor t = Images.read(f);
        assertArrayEquals(new int[] {3, 16, 16}, t.shape().toArray());
        // away from the edge between the blocks, JPEG at quality 0.95 is within a few levels
        float[] left = {0x33 / 255f, 0x66 / 255f, 0xCC / 255f}, right = {0xF0 / 255f, 0xE0 / 255f, 0xD0 / 255f};
        for (int c = 0; c < 3; c++) {
            assertEquals(left[c], t.get(c, 4, 2), 4 / 255.0, "channel " + c);
            assertEquals(right[c], t.get(c, 10, 13), 4 / 255.0, "channel " + c);
        }
    }

    @Test
    void resizeMatchesPyTorchBilinear() throws IOException {
        // torch.nn.functional.interpolate(x, size, mode="bilinear", align_corners=False) on the bytes, then / 255
        Images.Options gray = Images.Options.defaults().withColor(Images.Color.GRAY);
        Path up = dir.resolve("up.png");
        Images.write(up, fromBytes(new int[] {0, 1, 2, 3, 4, 5}, 2, 3));
        double[] torchUp = {0.0, 0.40000003576278687, 1.0, 1.6000001430511475, 2.0, 1.5, 1.899999976158142, 2.5, 3.1000001430511475,
            3.5, 3.0, 3.4000000953674316, 4.0, 4.600000381469727, 5.0};
        float[] got = Images.read(up, gray.withSize(3, 5)).toFloatArray();
        for (int i = 0; i < got.length; i++) assertEquals(torchUp[i] / 255, got[i], 1e-6, "up " + i);
        Path down = dir.resolve("down.png");
        int[] sixteen = new int[16];
        for (int i = 0; i < 16; i++) sixteen[i] = i;
        Images.write(down, fromBytes(sixteen, 4, 4));
        double[] torchDown = {2.1666667461395264, 3.5, 4.833333492279053, 10.166666030883789, 11.5, 12.833333015441895};
        got = Images.read(down, gray.withSize(2, 3)).toFloatArray();
        for (int i = 0; i < got.length; i++) assertEquals(torchDown[i] / 255, got[i], 1e-6, "down " + i);
    }

    @Test
    void writeRefusesWhatAPngCannotHold() {
        Path f = dir.resolve("x.png");
        var e = assertThrows(IllegalArgumentException.class, () -> Images.write(f, Tensor.of(new float[] {0.5f, 1.2f}, 1, 1, 2)));
        assertTrue(e.getMessage().contains("value 1.2") && e.getMessage().contains("clamp"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Images.write(f, Tensor.of(new float[] {Float.NaN}, 1, 1, 1)));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Images.write(f, Tensor.zeros(2, 4, 4)));
        assertTrue(e.getMessage().contains("[2, 4, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Images.write(dir.resolve("x.jpg"), Tensor.zeros(3, 4, 4)));
        assertTrue(e.getMessage().contains(".png"), e.getMessage());
        assertTrue(Files.notExists(f));
    }

    @Test
    void intImagesAreWrittenAsBytes() throws IOException {
        Path f = dir.resolve("ints.png");
        Images.write(f, Tensor.of(new int[] {0, 7, 255}, 1, 1, 3));
        assertArrayEquals(new float[] {0, 7 / 255f, 1}, Images.read(f, Images.Options.defaults().withColor(Images.Color.GRAY)).toFloatArray());
    }

    // ------------------------------------------------------------------ malformed files

    @Test
    void corruptOrUnknownFilesAreErrorsNamingTheFile() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.png"), "this is not an image");
        var e = assertThrows(DataFileException.class, () -> Images.read(text));
        assertTrue(e.getMessage().contains("notes.png is not in an image format javax.imageio reads") && e.getMessage().contains("png"),
                e.getMessage());

        Path png = dir.resolve("whole.png");
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) for (int x = 0; x < 32; x++) img.setRGB(x, y, x * 0x070503 + y * 0x030507);
        ImageIO.write(img, "png", png.toFile());
        byte[] b = Files.readAllBytes(png);
        Path cut = Files.write(dir.resolve("cut.png"), Arrays.copyOf(b, b.length / 2));
        e = assertThrows(DataFileException.class, () -> Images.read(cut));
        assertTrue(e.getMessage().contains("cut.png is a corrupt or unsupported png image"), e.getMessage());

        Path jpg = dir.resolve("whole.jpg");
        writeJpeg(img, jpg);
        byte[] j = Files.readAllBytes(jpg);
        Path cutJpg = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(j, j.length * 2 / 3));
        e = assertThrows(DataFileException.class, () -> Images.read(cutJpg));
        assertTrue(e.getMessage().contains("cut.jpg is a damaged jpeg image (") && e.getMessage().contains("premature end"),
                e.getMessage());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> Images.read(dir.resolve("absent.png")));
    }

    // ------------------------------------------------------------------ the course's style-transfer images

    @Test
    void readsTheStyleTransferJpegs() throws IOException {
        var d = SharedData.find("style_transfer");
        assumeTrue(d.isPresent(), () -> "skipped: " + SharedData.missingReason("style_transfer"));
        // sizes from shared/data/README.md (width x height there; [c, h, w] here)
        Object[][] cases = {{"louvre_small.jpg", 300, 400}, {"monet.jpg", 300, 400}, {"louvre.jpg", 600, 800},
            {"monet_800600.jpg", 600, 800}, {"camp-nou.jpg", 300, 400}, {"persian_cat.jpg", 719, 1280}};
        for (Object[] c : cases) {
            Tensor t = Images.read(d.get().resolve((String) c[0]));
            assertArrayEquals(new int[] {3, (int) c[1], (int) c[2]}, t.shape().toArray(), (String) c[0]);
            assertTrue(t.min().item() >= 0 && t.max().item() <= 1, (String) c[0]);
            assertTrue(t.max().item() - t.min().item() > 0.5, c[0] + " has contrast");
            double mean = t.mean().item();
            assertTrue(mean > 0.1 && mean < 0.9, c[0] + " mean " + mean);
        }
        Tensor small = Images.read(d.get().resolve("louvre.jpg"), Images.Options.defaults().withSize(300, 400).withColor(Images.Color.GRAY));
        assertArrayEquals(new int[] {1, 300, 400}, small.shape().toArray());
        // halving exactly with half-pixel centres averages each 2x2 block
        Tensor full = Images.read(d.get().resolve("louvre.jpg"), Images.Options.defaults().withColor(Images.Color.GRAY));
        double block = (full.get(0, 100, 200) + full.get(0, 100, 201) + full.get(0, 101, 200) + full.get(0, 101, 201)) / 4;
        assertEquals(block, small.get(0, 50, 100), 1e-6);
    }
}
