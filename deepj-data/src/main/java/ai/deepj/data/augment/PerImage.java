package ai.deepj.data.augment;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;

/**
 * The shared shell of every transform: checks that the input is a float32 {@code [C, H, W]} image or
 * {@code [N, C, H, W]} batch, runs a per-image function on each image in order (so the images of a
 * batch draw their random parameters one after another from the same generator), and stacks the results.
 */
final class PerImage {
    private PerImage() {}

    /** A transform of one image. */
    @FunctionalInterface
    interface Fn {
        Raster apply(Raster in, Generator g);
    }

    static Tensor map(String op, Tensor images, Generator g, Fn fn) {
        if (images == null) throw new IllegalArgumentException(op + ": image must not be null");
        if (images.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": expected a float32 image, got " + images.dtype()
                    + " (convert with .to(DType.FLOAT32))");
        }
        int rank = images.dim();
        if (rank != 3 && rank != 4) {
            throw new IllegalArgumentException(op + ": expected an image [C, H, W] or a batch [N, C, H, W], got shape "
                    + images.shape() + " (rank " + rank + ")");
        }
        int n = rank == 4 ? images.size(0) : 1;
        int c = images.size(rank - 3), h = images.size(rank - 2), w = images.size(rank - 1);
        if (n == 0 || c == 0 || h == 0 || w == 0) {
            throw new IllegalArgumentException(op + ": expected a non-empty image, got shape " + images.shape());
        }
        float[] all = images.toFloatArray();
        int per = c * h * w;
        float[] out = null;
        int oc = 0, oh = 0, ow = 0;
        for (int i = 0; i < n; i++) {
            float[] one = new float[per];
            System.arraycopy(all, i * per, one, 0, per);
            Raster r = fn.apply(new Raster(one, c, h, w), g);
            if (out == null) {
                oc = r.c();
                oh = r.h();
                ow = r.w();
                out = new float[n * oc * oh * ow];
            }
            System.arraycopy(r.data(), 0, out, i * oc * oh * ow, oc * oh * ow);
        }
        return rank == 4 ? Tensor.of(out, n, oc, oh, ow) : Tensor.of(out, oc, oh, ow);
    }

    /** The generator, or a clear error for a random transform called without one. */
    static Generator need(String op, Generator g) {
        if (g == null) throw new IllegalArgumentException(op + ": this transform is random and needs a Generator, got null");
        return g;
    }

    static void checkProbability(String op, double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(op + ": probability p must be in [0, 1], got " + p);
    }

    static void checkFinite(String op, String what, double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException(op + ": " + what + " must be finite, got " + v);
    }
}
