package ai.deepj.data.augment;

import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;

/**
 * Cuts an {@code h x w} window at a uniformly random position, optionally after padding the image by
 * {@code padding} pixels of {@code fill} on every side (the CIFAR-10 recipe: pad 4, crop 32x32). Each
 * image draws {@code top = g.nextInt(H + 2p - h + 1)} then {@code left = g.nextInt(W + 2p - w + 1)}.
 *
 * {@snippet :
 * Transform crop = RandomCrop.of(32, 32).withPadding(4);
 * Tensor out = crop.apply(batch, Generator.seeded(5));    // batch [N, 3, 32, 32] -> [N, 3, 32, 32]
 * }
 *
 * @param height  the crop's height, at least 1
 * @param width   the crop's width, at least 1
 * @param padding the border added on each side before cropping, at least 0
 * @param fill    the border's value
 */
public record RandomCrop(int height, int width, int padding, float fill) implements Transform {
    public RandomCrop {
        Crops.checkSize("RandomCrop", height, width);
        if (padding < 0) throw new IllegalArgumentException("RandomCrop: padding must be >= 0, got " + padding);
        PerImage.checkFinite("RandomCrop", "fill", fill);
    }

    /** An {@code height x width} crop without padding. */
    public static RandomCrop of(int height, int width) {
        return new RandomCrop(height, width, 0, 0f);
    }

    /** The same crop after padding each side by {@code pixels} of zeros (or {@link #withFill(float) fill}). */
    public RandomCrop withPadding(int pixels) {
        return new RandomCrop(height, width, pixels, fill);
    }

    /** The same crop with padding of value {@code value}. */
    public RandomCrop withFill(float value) {
        return new RandomCrop(height, width, padding, value);
    }

    @Override
    public Tensor apply(Tensor image, Generator g) {
        return PerImage.map("RandomCrop", image, g, (in, gen) -> {
            Crops.checkFits("RandomCrop", height, width, in, padding);
            Generator r = PerImage.need("RandomCrop", gen);
            int top = r.nextInt(in.h() + 2 * padding - height + 1);
            int left = r.nextInt(in.w() + 2 * padding - width + 1);
            return Crops.cut(in, padding, fill, top, left, height, width);
        });
    }
}
