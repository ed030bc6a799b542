package ai.deepj.data.augment;

/** Cutting a window out of an image, with an optional constant border first. */
final class Crops {
    private Crops() {}

    /** The window of {@code h x w} whose top-left corner is {@code (top, left)} in the image padded by {@code pad} on every side with {@code fill}. */
    static Raster cut(Raster in, int pad, float fill, int top, int left, int h, int w) {
        Raster out = Raster.blank(in.c(), h, w);
        for (int c = 0; c < in.c(); c++) {
            for (int y = 0; y < h; y++) {
                int sy = top + y - pad;
                for (int x = 0; x < w; x++) {
                    int sx = left + x - pad;
                    boolean inside = sy >= 0 && sy < in.h() && sx >= 0 && sx < in.w();
                    out.set(c, y, x, inside ? in.get(c, sy, sx) : fill);
                }
            }
        }
        return out;
    }

    static void checkFits(String op, int h, int w, Raster in, int pad) {
        int ph = in.h() + 2 * pad, pw = in.w() + 2 * pad;
        if (h > ph || w > pw) {
            throw new IllegalArgumentException(op + ": crop " + h + "x" + w + " is larger than the image " + in.h() + "x" + in.w()
                    + (pad > 0 ? " (" + ph + "x" + pw + " after padding by " + pad + ")" : ""));
        }
    }

    static void checkSize(String op, int h, int w) {
        if (h < 1 || w < 1) throw new IllegalArgumentException(op + ": crop size must be at least 1x1, got " + h + "x" + w);
    }
}
