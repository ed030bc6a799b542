package ai.deepj.data.augment;

/**
 * Resampling an image at arbitrary source positions with bilinear interpolation. Pixel {@code (y, x)}
 * has its centre at the coordinate {@code (y, x)}; the image centre is {@code ((H-1)/2, (W-1)/2)}. A
 * neighbour outside the image takes the value {@code fill}, so an output pixel half a pixel past the
 * border is half image, half fill. A source position on a pixel centre returns that pixel exactly.
 */
final class Warp {
    private Warp() {}

    /** Output pixel {@code k} (row-major over {@code h x w}) samples {@code in} at {@code (sy[k], sx[k])}, every channel alike. */
    static Raster sample(Raster in, double[] sy, double[] sx, int h, int w, float fill) {
        Raster out = Raster.blank(in.c(), h, w);
        float[] src = in.data(), dst = out.data();
        int ih = in.h(), iw = in.w(), plane = ih * iw, outPlane = h * w;
        for (int k = 0; k < outPlane; k++) {
            double fy = Math.floor(sy[k]), fx = Math.floor(sx[k]);
            double b = sy[k] - fy, d = sx[k] - fx;
            double a = 1 - b, e = 1 - d;
            // positions far outside would overflow int; any tap there is fill anyway
            if (fy < -2 || fy > ih + 1 || fx < -2 || fx > iw + 1) {
                for (int c = 0; c < in.c(); c++) dst[c * outPlane + k] = fill;
                continue;
            }
            int y0 = (int) fy, x0 = (int) fx, y1 = y0 + 1, x1 = x0 + 1;
            boolean in00 = y0 >= 0 && y0 < ih && x0 >= 0 && x0 < iw, in01 = y0 >= 0 && y0 < ih && x1 >= 0 && x1 < iw;
            boolean in10 = y1 >= 0 && y1 < ih && x0 >= 0 && x0 < iw, in11 = y1 >= 0 && y1 < ih && x1 >= 0 && x1 < iw;
            for (int c = 0; c < in.c(); c++) {
                int base = c * plane;
                // skip zero-weight taps so an exact pixel-centre position returns the pixel bit for bit
                double v00 = in00 ? src[base + y0 * iw + x0] : fill;
                double v01 = d == 0 ? 0 : in01 ? src[base + y0 * iw + x1] : fill;
                double v10 = b == 0 ? 0 : in10 ? src[base + y1 * iw + x0] : fill;
                double v11 = b == 0 || d == 0 ? 0 : in11 ? src[base + y1 * iw + x1] : fill;
                dst[c * outPlane + k] = (float) (a * (e * v00 + d * v01) + b * (e * v10 + d * v11));
            }
        }
        return out;
    }

    /**
     * The affine warp whose forward map sends input offset {@code p - centre} to output offset
     * {@code M (p - centre) + t}; it samples each output pixel at {@code centre + M⁻¹ (q - centre - t)},
     * with {@code inv = M⁻¹} given as {@code {a, b, c, d}} for {@code [[a, b], [c, d]]} acting on {@code (x, y)}.
     */
    static Raster affine(Raster in, double[] inv, double tx, double ty, float fill) {
        int h = in.h(), w = in.w();
        double cy = (h - 1) / 2.0, cx = (w - 1) / 2.0;
        double[] sy = new double[h * w], sx = new double[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double qx = x - cx - tx, qy = y - cy - ty;
                sx[y * w + x] = cx + inv[0] * qx + inv[1] * qy;
                sy[y * w + x] = cy + inv[2] * qx + inv[3] * qy;
            }
        }
        return sample(in, sy, sx, h, w, fill);
    }

    /**
     * The inverse of rotation by {@code degrees} (counter-clockwise as displayed, y pointing down)
     * after shear {@code x += tan(shear)·y} and scaling by {@code scale}, as {@code {a, b, c, d}}.
     */
    static double[] inverseRotateShearScale(double degrees, double shearDegrees, double scale) {
        double t = Math.toRadians(degrees), cos = Math.cos(t), sin = Math.sin(t);
        double sh = Math.tan(Math.toRadians(shearDegrees));
        // forward M = R · Sh · s with R = [[cos, sin], [-sin, cos]] on (x, y) and Sh = [[1, sh], [0, 1]];
        // M⁻¹ = (1/s) · Sh⁻¹ · R⁻¹ = (1/s) · [[1, -sh], [0, 1]] · [[cos, -sin], [sin, cos]]
        double k = 1 / scale;
        return new double[] {k * (cos - sh * sin), k * (-sin - sh * cos), k * sin, k * cos};
    }

    /** Exact multiples of 90° get exact cosines and sines, so such rotations move pixel centres onto pixel centres. */
    static double[] inverseRotation(double degrees) {
        double r = degrees % 360;
        if (r < 0) r += 360;
        if (r == 0) return new double[] {1, 0, 0, 1};
        if (r == 90) return new double[] {0, -1, 1, 0};
        if (r == 180) return new double[] {-1, 0, 0, -1};
        if (r == 270) return new double[] {0, 1, -1, 0};
        return inverseRotateShearScale(degrees, 0, 1);
    }
}
