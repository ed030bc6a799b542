package ai.deepj.data.augment;

import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;

/**
 * Per-channel standardization {@code out[c] = (in[c] - mean[c]) / std[c]} (torchvision's
 * {@code Normalize}); usually the last step, after the random transforms. Deterministic: the generator
 * is not used and may be {@code null}.
 *
 * {@snippet :
 * Transform norm = Normalize.of(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
 * Tensor out = norm.apply(batch, null);                      // batch [N, 3, H, W]
 * }
 */
public final class Normalize implements Transform {
    private final float[] mean;
    private final float[] std;

    private Normalize(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
    }

    /**
     * One mean and one standard deviation per channel.
     *
     * @throws IllegalArgumentException if the lengths differ or are 0, a value is not finite, or a std is not positive
     */
    public static Normalize of(float[] mean, float[] std) {
        if (mean == null || std == null) throw new IllegalArgumentException("Normalize: mean and std must not be null");
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("Normalize: need one mean and one std per channel, got " + mean.length + " means and "
                    + std.length + " stds");
        }
        for (int c = 0; c < mean.length; c++) {
            PerImage.checkFinite("Normalize", "mean[" + c + "]", mean[c]);
            if (!(std[c] > 0) || Float.isInfinite(std[c])) throw new IllegalArgumentException("Normalize: std[" + c + "] must be finite and > 0, got " + std[c]);
        }
        return new Normalize(mean.clone(), std.clone());
    }

    /** The per-channel means (a copy). */
    public float[] mean() {
        return mean.clone();
    }

    /** The per-channel standard deviations (a copy). */
    public float[] std() {
        return std.clone();
    }

    @Override
    public Tensor apply(Tensor image, Generator g) {
        return PerImage.map("Normalize", image, g, (in, gen) -> {
            if (in.c() != mean.length) {
                throw new IllegalArgumentException("Normalize: configured for " + mean.length + " channels but the image has " + in.c()
                        + " (shape " + image.shape() + ")");
            }
            float[] d = in.data().clone();
            int plane = in.h() * in.w();
            for (int c = 0; c < in.c(); c++) {
                for (int k = 0; k < plane; k++) d[c * plane + k] = (d[c * plane + k] - mean[c]) / std[c];
            }
            return new Raster(d, in.c(), in.h(), in.w());
        });
    }
}
