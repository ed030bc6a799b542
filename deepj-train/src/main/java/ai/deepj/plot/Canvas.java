package ai.deepj.plot;

import ai.deepj.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * One chart being drawn: an RGB image with anti-aliasing on, fonts sized to the image, and helpers
 * for text. Java2D runs headless here (no display is ever needed); {@code java.awt.headless} is set
 * to {@code true} unless the application chose a value itself.
 */
final class Canvas {
    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    static final Color TEXT = new Color(0x222222);
    static final Color MUTED = new Color(0x555555);
    static final Color GRID = new Color(0xE4E4E4);
    static final Color FRAME = new Color(0x9A9A9A);

    final BufferedImage image;
    final Graphics2D g;
    /** Multiplies every size in pixels (fonts, strokes, gaps) so that big images get big text. */
    final float scale;

    private Canvas(int width, int height) {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        // 800 x 500 is the reference size; text grows with the square root of the area.
        scale = (float) Math.clamp(Math.sqrt((double) width * height / (800.0 * 500.0)), 0.8, 2.5);
    }

    /** A white canvas of the given size, checked. */
    static Canvas create(String op, int width, int height) {
        checkSize(op, width, height);
        return new Canvas(width, height);
    }

    static void checkSize(String op, int width, int height) {
        if (width < 100 || height < 100 || width > 10_000 || height > 10_000) {
            throw new IllegalArgumentException(op + ": image size must be between 100 and 10000 pixels on each side, got "
                    + width + " x " + height);
        }
    }

    int width() {
        return image.getWidth();
    }

    int height() {
        return image.getHeight();
    }

    float px(double size) {
        return (float) (size * scale);
    }

    Font font(double size, boolean bold) {
        return new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont(px(size));
    }

    Font tickFont() {
        return font(12, false);
    }

    Font labelFont() {
        return font(13.5, false);
    }

    Font titleFont() {
        return font(16, true);
    }

    void stroke(double width) {
        g.setStroke(new BasicStroke(px(width), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    }

    double textWidth(Font f, String s) {
        return f.getStringBounds(s, g.getFontRenderContext()).getWidth();
    }

    /** Height of one line of text in {@code f}: ascent plus descent. */
    double lineHeight(Font f) {
        FontMetrics m = g.getFontMetrics(f);
        return m.getAscent() + m.getDescent();
    }

    /**
     * Draws {@code s} so that the point (x, y) is at the given fraction of its width ({@code ax}:
     * 0 left, 0.5 centre, 1 right) and of its height ({@code ay}: 0 top, 0.5 middle, 1 bottom).
     */
    void text(String s, Font f, Color c, double x, double y, double ax, double ay) {
        FontMetrics m = g.getFontMetrics(f);
        double w = textWidth(f, s);
        double h = m.getAscent() + m.getDescent();
        g.setFont(f);
        g.setColor(c);
        g.drawString(s, (float) (x - ax * w), (float) (y - ay * h + m.getAscent()));
    }

    /** Draws {@code s} turned 90° counter-clockwise, centred on (x, y). */
    void textVertical(String s, Font f, Color c, double x, double y) {
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        g.rotate(-Math.PI / 2);
        text(s, f, c, 0, 0, 0.5, 0.5);
        g.setTransform(saved);
    }

    /**
     * Draws the title (and an optional smaller subtitle below it) centred at the top; returns the y
     * below them where the chart may begin.
     */
    double title(String title, String subtitle) {
        double y = px(10);
        if (title != null && !title.isEmpty()) {
            Font f = titleFont();
            text(title, f, TEXT, width() / 2.0, y, 0.5, 0);
            y += lineHeight(f) + px(2);
        }
        if (subtitle != null && !subtitle.isEmpty()) {
            Font f = font(12.5, false);
            text(subtitle, f, MUTED, width() / 2.0, y, 0.5, 0);
            y += lineHeight(f) + px(2);
        }
        return y + px(6);
    }

    BufferedImage finish() {
        g.dispose();
        return image;
    }

    /**
     * Writes {@code image} as PNG to {@code file} atomically (a temporary file renamed over it),
     * creating missing parent directories.
     */
    static void writePng(BufferedImage image, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer available in this JDK (javax.imageio)");
        });
    }
}
