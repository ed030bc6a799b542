package ai.deepj.plot;

import java.awt.Color;

/**
 * The colours every chart here uses: the Okabe–Ito palette for categories (distinguishable with the
 * common forms of colour blindness) and ColorBrewer's single-hue "Blues" ramp for quantities.
 *
 * {@snippet :
 * Color train = Palette.categorical(0);          // blue
 * Color dev = Palette.categorical(1);            // vermillion
 * Color region = Palette.tint(dev, 0.7);         // 70 % of the way to white
 * Color cell = Palette.sequential(0.25);         // light blue
 * }
 */
public final class Palette {
    private Palette() {}

    // Okabe & Ito (2008), "Color Universal Design", reordered so that the first colours are the most
    // distinct on white: blue, vermillion, bluish green, reddish purple, orange, sky blue, black,
    // yellow (last: it has little contrast with a white background).
    private static final Color[] CATEGORICAL = {
        new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442),
    };

    // ColorBrewer "Blues", 9 classes, light to dark.
    private static final int[] BLUES = {
        0xF7FBFF, 0xDEEBF7, 0xC6DBEF, 0x9ECAE1, 0x6BAED6, 0x4292C6, 0x2171B5, 0x08519C, 0x08306B,
    };

    /** The number of categorical colours before {@link #categorical} starts over. */
    public static int categoricalCount() {
        return CATEGORICAL.length;
    }

    /** The {@code i}-th categorical colour; indices past {@link #categoricalCount()} wrap around. */
    public static Color categorical(int i) {
        if (i < 0) throw new IllegalArgumentException("Palette.categorical: index must be >= 0, got " + i);
        return CATEGORICAL[i % CATEGORICAL.length];
    }

    /** {@code c} mixed with white: {@code amount} 0 leaves it, 1 gives white. */
    public static Color tint(Color c, double amount) {
        if (!(amount >= 0 && amount <= 1)) {
            throw new IllegalArgumentException("Palette.tint: amount must be in [0, 1], got " + amount);
        }
        return mix(c, Color.WHITE, amount);
    }

    /** A point on the light-to-dark blue ramp; {@code t} is clamped to [0, 1] (NaN gives the lightest). */
    public static Color sequential(double t) {
        double u = Double.isNaN(t) ? 0 : Math.clamp(t, 0.0, 1.0);
        double pos = u * (BLUES.length - 1);
        int i = Math.min((int) pos, BLUES.length - 2);
        return mix(new Color(BLUES[i]), new Color(BLUES[i + 1]), pos - i);
    }

    /** Relative luminance in [0, 1] (sRGB weights, without gamma): to pick black or white text on a fill. */
    static double luminance(Color c) {
        return (0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue()) / 255.0;
    }

    static Color mix(Color a, Color b, double t) {
        return new Color(
                (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }
}
