package ai.deepj.data.synthetic;

import ai.deepj.data.TensorDataset;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.List;

/**
 * A generated image data set for the main job: 28×28 grayscale pictures of six kinds of shape —
 * circle, square, triangle, cross, ring and bar — each at a random position, size, rotation and
 * brightness, on a noisy background. Hard enough that a linear model stays well short (it cannot
 * tell a ring from a circle by pixel sums), easy enough for a small MLP to pass 95 % in a minute.
 *
 * <p>Images are rasterized here, not drawn with Java2D, so the same seed gives the same bytes on
 * every machine and JDK: each pixel is the fraction of its 3×3 sub-samples inside the shape, times
 * the brightness, plus Gaussian noise (σ = 0.1), clamped to [0, 1]. Example {@code i} depends only
 * on {@code (seed, i)}, so any prefix of a larger set equals the smaller set.
 *
 * {@snippet :
 * TensorDataset train = Shapes.generate(30_000, 1);   // x [30000, 1, 28, 28] float32, y [30000] int32
 * }
 */
public final class Shapes {
    private Shapes() {}

    /** Image side length in pixels. */
    public static final int SIZE = 28;

    /** The class names, in label order. */
    public static final List<String> CLASSES = List.of("circle", "square", "triangle", "cross", "ring", "bar");

    private static final int SUB = 3;
    private static final double NOISE = 0.1;

    /**
     * {@code n} examples: {@code x} float32 {@code [n, 1, 28, 28]} in [0, 1], {@code y} int32
     * {@code [n]} with labels {@code 0..5} (see {@link #CLASSES}), classes in turn
     * ({@code y[i] = i mod 6}) so every prefix is balanced.
     */
    public static TensorDataset generate(int n, long seed) {
        if (n < 0) throw new IllegalArgumentException("Shapes.generate: n must be >= 0, got " + n);
        float[] pixels = new float[n * SIZE * SIZE];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            Generator g = Generator.seeded(seed * 0x9E3779B97F4A7C15L + i);
            labels[i] = i % CLASSES.size();
            draw(labels[i], g, pixels, i * SIZE * SIZE);
        }
        return new TensorDataset(Tensor.of(pixels, n, 1, SIZE, SIZE), Tensor.of(labels, n));
    }

    private static void draw(int kind, Generator g, float[] out, int off) {
        double r = 5 + 6 * g.nextDouble();                       // half-size in pixels: 5..11
        double cx = r + 1 + (SIZE - 2 * r - 2) * g.nextDouble(); // fully inside the frame
        double cy = r + 1 + (SIZE - 2 * r - 2) * g.nextDouble();
        double angle = 2 * Math.PI * g.nextDouble();
        double cos = Math.cos(angle), sin = Math.sin(angle);
        double brightness = 0.6 + 0.4 * g.nextDouble();
        double thickness = 0.22 + 0.1 * g.nextDouble();          // of r, for ring, cross and bar
        for (int py = 0; py < SIZE; py++) {
            for (int px = 0; px < SIZE; px++) {
                int inside = 0;
                for (int sy = 0; sy < SUB; sy++) {
                    for (int sx = 0; sx < SUB; sx++) {
                        double dx = px + (sx + 0.5) / SUB - cx, dy = py + (sy + 0.5) / SUB - cy;
                        // shape coordinates: rotated and scaled so the shape spans [-1, 1]
                        double u = (cos * dx + sin * dy) / r, v = (-sin * dx + cos * dy) / r;
                        if (inside(kind, u, v, thickness)) inside++;
                    }
                }
                double value = brightness * inside / (SUB * SUB) + NOISE * g.nextGaussian();
                out[off + py * SIZE + px] = (float) Math.min(1, Math.max(0, value));
            }
        }
    }

    private static boolean inside(int kind, double u, double v, double t) {
        double d2 = u * u + v * v;
        return switch (kind) {
            case 0 -> d2 <= 1;                                                       // circle
            case 1 -> Math.abs(u) <= 0.8 && Math.abs(v) <= 0.8;                      // square
            case 2 -> triangle(u, v);
            case 3 -> Math.abs(u) <= t && Math.abs(v) <= 1 || Math.abs(v) <= t && Math.abs(u) <= 1; // cross
            case 4 -> d2 <= 1 && d2 >= (1 - 1.6 * t) * (1 - 1.6 * t);              // ring
            case 5 -> Math.abs(v) <= t && Math.abs(u) <= 1;                          // bar
            default -> throw new IllegalStateException("Shapes: no shape " + kind);
        };
    }

    /** An equilateral triangle inscribed in the unit circle, apex at v = −1. */
    private static boolean triangle(double u, double v) {
        // edges: the base v = 0.5 and the two sides through the apex (0, -1) and (±0.866, 0.5)
        double side = 1.5 / 0.866; // dv/du of the sides
        return v <= 0.5 && v >= -1 + side * Math.abs(u);
    }
}
