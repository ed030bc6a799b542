package ai.deepj.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
    @TempDir
    Path root;

    private Path png(String relative, int... bytes) throws IOException {
        Path f = root.resolve(relative);
        Files.createDirectories(f.getParent());
        Images.write(f, ImagesTest.fromBytes(bytes, 3, 1, 2));   // 1x2 RGB
        return f;
    }

    @Test
    void loadsClassesInSortedOrderWithExactPngPixels() throws IOException {
        Path dog1 = png("dog/b.png", 1, 2, 3, 4, 5, 6);
        Path dog0 = png("dog/a.png", 10, 20, 30, 40, 50, 60);
        Path cat = png("cat/z.png", 255, 0, 0, 255, 128, 128);
        Path nested = png("cat/more/y.png", 7, 7, 7, 7, 7, 7);
        png(".ipynb_checkpoints/x.png", 9, 9, 9, 9, 9, 9);             // hidden: not a class
        png("dog/.hidden.png", 9, 9, 9, 9, 9, 9);                     // hidden: skipped
        Files.writeString(root.resolve("dog/README.txt"), "not an image");   // not an image extension: skipped
        BufferedImage mid = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        mid.setRGB(0, 0, 0x808080);
        mid.setRGB(1, 0, 0x808080);
        Path jpeg = root.resolve("eel/only.jpg");
        Files.createDirectories(jpeg.getParent());
        ImagesTest.writeJpeg(mid, jpeg);

        ImageFolder.Result r = ImageFolder.load(root, ImageFolder.Options.defaults());
        assertEquals(List.of("cat", "dog", "eel"), r.classes());
        // as torchvision's sorted(os.walk(...)): a directory's own files, then its subdirectories'
        assertEquals(List.of(cat, nested, dog0, dog1, jpeg), r.files());
        assertArrayEquals(new int[] {0, 0, 1, 1, 2}, r.y().toIntArray());
        assertArrayEquals(new int[] {5, 3, 1, 2}, r.x().shape().toArray());
        assertArrayEquals(ImagesTest.fromBytes(new int[] {10, 20, 30, 40, 50, 60}, 3, 1, 2).toFloatArray(), r.x().select(0, 2).toFloatArray());
        assertArrayEquals(ImagesTest.fromBytes(new int[] {255, 0, 0, 255, 128, 128}, 3, 1, 2).toFloatArray(), r.x().select(0, 0).toFloatArray());
        float[] gray = r.x().select(0, 4).toFloatArray();
        for (float v : gray) assertEquals(128 / 255f, v, 3 / 255f);
        assertEquals(5, r.dataset().size());
    }

    @Test
    void resizesAndConvertsToGray() throws IOException {
        png("a/one.png", 0, 255, 255, 0, 0, 255);                      // pixels (0, 1, 0) and (1, 0, 1)
        Path big = root.resolve("b/big.png");
        Files.createDirectories(big.getParent());
        Images.write(big, Tensor.ones(3, 4, 6));
        var e = assertThrows(DataFileException.class, () -> ImageFolder.load(root, ImageFolder.Options.defaults()));
        assertTrue(e.getMessage().contains("big.png is 4x6 but") && e.getMessage().contains("is 1x2") && e.getMessage().contains("withSize"),
                e.getMessage());
        ImageFolder.Result r = ImageFolder.load(root, ImageFolder.Options.defaults().withSize(2, 4).withColor(Images.Color.GRAY));
        assertArrayEquals(new int[] {2, 1, 2, 4}, r.x().shape().toArray());
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 1}, r.x().select(0, 1).toFloatArray(), 1e-6f);
        // gray 0.587 and 0.413, stretched to 2x4: the outer columns keep them (half-pixel centres clamp at the edge)
        float[] a = r.x().select(0, 0).toFloatArray();
        assertEquals(0.587f, a[0], 1e-6f);
        assertEquals(0.413f, a[7], 1e-6f);
    }

    @Test
    void malformedFoldersAreErrorsNamingTheDirectoryOrFile() throws IOException {
        var e = assertThrows(DataFileException.class, () -> ImageFolder.load(root, ImageFolder.Options.defaults()));
        assertTrue(e.getMessage().contains("has no class subdirectories"), e.getMessage());
        png("cat/a.png", 1, 2, 3, 4, 5, 6);
        Files.createDirectories(root.resolve("dog"));
        Files.writeString(root.resolve("dog/notes.txt"), "x");
        e = assertThrows(DataFileException.class, () -> ImageFolder.load(root, ImageFolder.Options.defaults()));
        assertTrue(e.getMessage().contains("class directory " + root.resolve("dog") + " holds no image files"), e.getMessage());
        Files.writeString(root.resolve("dog/broken.png"), "\u0089PNG not really");
        e = assertThrows(DataFileException.class, () -> ImageFolder.load(root, ImageFolder.Options.defaults()));
        assertTrue(e.getMessage().contains("broken.png"), e.getMessage());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> ImageFolder.load(root.resolve("absent"), ImageFolder.Options.defaults()));
        assertThrows(IllegalArgumentException.class, () -> ImageFolder.Options.defaults().withSize(0, 3));
    }
}
