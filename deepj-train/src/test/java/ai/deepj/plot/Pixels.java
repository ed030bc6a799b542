package ai.deepj.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Reading back written PNGs and looking at their pixels. */
final class Pixels {
    private Pixels() {}

    /** Reads {@code file} with ImageIO and checks its size. */
    static BufferedImage readPng(Path file, int width, int height) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, "ImageIO could not read " + file);
        assertEquals(width, img.getWidth(), "width of " + file);
        assertEquals(height, img.getHeight(), "height of " + file);
        return img;
    }

    /** The largest difference of one channel between the pixel at (x, y) and {@code c}. */
    static int distance(BufferedImage img, int x, int y, Color c) {
        Color p = new Color(img.getRGB(x, y));
        return Math.max(Math.abs(p.getRed() - c.getRed()), Math.max(Math.abs(p.getGreen() - c.getGreen()), Math.abs(p.getBlue() - c.getBlue())));
    }

    /** How many pixels in the rectangle [x0, x1) x [y0, y1) are within {@code tol} of {@code c}. */
    static int count(BufferedImage img, int x0, int y0, int x1, int y1, Color c, int tol) {
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) if (distance(img, x, y, c) <= tol) n++;
        }
        return n;
    }

    static int count(BufferedImage img, Color c, int tol) {
        return count(img, 0, 0, img.getWidth(), img.getHeight(), c, tol);
    }
}
