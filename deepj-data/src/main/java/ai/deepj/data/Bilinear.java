package ai.deepj.data;

/**
 * Bilinear resizing of a stack of channel planes with half-pixel centres: output pixel
 * {@code (i, j)} samples the input at {@code ((i + 0.5) * inH / outH - 0.5, (j + 0.5) * inW / outW - 0.5)},
 * clamped to the image, interpolating the four neighbours. This is PyTorch's
 * {@code F.interpolate(mode="bilinear", align_corners=False, antialias=False)} and OpenCV's
 * {@code INTER_LINEAR}. There is no anti-aliasing: shrinking by more than 2x skips pixels (PIL's
 * resize, which torchvision uses on PIL images, filters first and gives different numbers).
 */
final class Bilinear {
    private Bilinear() {}

    /** Resizes {@code planes[c]} (each {@code inH * inW}, row-major) to {@code outH x outW}. */
    static float[][] resize(float[][] planes, int inH, int inW, int outH, int outW) {
        if (inH == outH && inW == outW) return planes;
        int[] y0 = new int[outH], y1 = new int[outH];
        float[] wy = new float[outH];
        taps(inH, outH, y0, y1, wy);
        int[] x0 = new int[outW], x1 = new int[outW];
        float[] wx = new float[outW];
        taps(inW, outW, x0, x1, wx);
        float[][] out = new float[planes.length][outH * outW];
        for (int c = 0; c < planes.length; c++) {
            float[] src = planes[c], dst = out[c];
            for (int i = 0; i < outH; i++) {
                int r0 = y0[i] * inW, r1 = y1[i] * inW;
                float b = wy[i], a = 1 - b;
                for (int j = 0; j < outW; j++) {
                    float d = wx[j], e = 1 - d;
                    dst[i * outW + j] = a * (e * src[r0 + x0[j]] + d * src[r0 + x1[j]])
                            + b * (e * src[r1 + x0[j]] + d * src[r1 + x1[j]]);
                }
            }
        }
        return out;
    }

    /** For each output index: the two input indices and the weight of the second. */
    private static void taps(int in, int out, int[] lo, int[] hi, float[] w) {
        float scale = (float) in / out;
        for (int i = 0; i < out; i++) {
            float src = Math.max(scale * (i + 0.5f) - 0.5f, 0f);
            int k = Math.min((int) src, in - 1);
            lo[i] = k;
            hi[i] = Math.min(k + 1, in - 1);
            w[i] = Math.min(src - k, 1f);
        }
    }
}
