package ai.deepj.data.augment;

import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;

/**
 * Adds a random offset to each channel (the course's colour shifting: "add distortions to R, G and B"):
 * every pixel of channel {@code c} gets {@code maxOffset·(2u_c - 1)}, with one {@code u_c = g.nextDouble()}
 * per channel and image. The result is not clamped to {@code [0, 1]}.
 *
 * {@snippet :
 * Transform tint = ChannelShift.upTo(0.08);                // up to ±0.08 (about ±20 of 255) per channel
 * Tensor out = tint.apply(image, Generator.seeded(10));     // image [3, H, W]
 * }
 *
 * @param maxOffset the largest offset, {@code >= 0}
 */
public record ChannelShift(double maxOffset) implements Transform {
    public ChannelShift {
        if (!(maxOffset >= 0) || Double.isInfinite(maxOffset)) {
            throw new IllegalArgumentException("ChannelShift: maxOffset must be finite and >= 0, got " + maxOffset);
        }
    }

    /** Offsets uniform in {@code [-maxOffset, maxOffset]}. */
    public static ChannelShift upTo(double maxOffset) {
        return new ChannelShift(maxOffset);
    }

    @Override
    public Tensor apply(Tensor image, Generator g) {
        return PerImage.map("ChannelShift", image, g, (in, gen) -> {
            Generator r = PerImage.need("ChannelShift", gen);
            float[] d = in.data().clone();
            int plane = in.h() * in.w();
            for (int c = 0; c < in.c(); c++) {
                double offset = maxOffset * (2 * r.nextDouble() - 1);
                for (int k = 0; k < plane; k++) d[c * plane + k] = (float) (d[c * plane + k] + offset);
            }
            return new Raster(d, in.c(), in.h(), in.w());
        });
    }
}
