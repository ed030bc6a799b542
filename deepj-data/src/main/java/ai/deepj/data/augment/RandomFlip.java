package ai.deepj.data.augment;

import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;

/**
 * Mirrors each image left–right ({@link #horizontal(double)}) or top–bottom ({@link #vertical(double)})
 * with probability {@code p}. Each image draws one {@code g.nextDouble()} and is flipped when it is
 * below {@code p}.
 *
 * {@snippet :
 * Tensor out = RandomFlip.horizontal(0.5).apply(batch, Generator.seeded(3));   // batch [N, C, H, W]
 * }
 */
public final class RandomFlip implements Transform {
    private final boolean horizontal;
    private final double p;

    private RandomFlip(boolean horizontal, double p) {
        PerImage.checkProbability(name(horizontal), p);
        this.horizontal = horizontal;
        this.p = p;
    }

    /** Left–right mirroring ({@code out[c][y][x] = in[c][y][W-1-x]}) with probability {@code p}. */
    public static RandomFlip horizontal(double p) {
        return new RandomFlip(true, p);
    }

    /** Top–bottom mirroring ({@code out[c][y][x] = in[c][H-1-y][x]}) with probability {@code p}. */
    public static RandomFlip vertical(double p) {
        return new RandomFlip(false, p);
    }

    /** The flip probability. */
    public double p() {
        return p;
    }

    /** Whether this mirrors left–right (else top–bottom). */
    public boolean isHorizontal() {
        return horizontal;
    }

    private static String name(boolean horizontal) {
        return horizontal ? "RandomFlip.horizontal" : "RandomFlip.vertical";
    }

    @Override
    public Tensor apply(Tensor image, Generator g) {
        String op = name(horizontal);
        return PerImage.map(op, image, g, (in, gen) -> {
            if (PerImage.need(op, gen).nextDouble() >= p) return in;
            Raster out = Raster.blank(in.c(), in.h(), in.w());
            for (int c = 0; c < in.c(); c++) {
                for (int y = 0; y < in.h(); y++) {
                    for (int x = 0; x < in.w(); x++) {
                        float v = horizontal ? in.get(c, y, in.w() - 1 - x) : in.get(c, in.h() - 1 - y, x);
                        out.set(c, y, x, v);
                    }
                }
            }
            return out;
        });
    }
}
