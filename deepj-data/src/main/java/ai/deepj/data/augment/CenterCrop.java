package ai.deepj.data.augment;

import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;

/**
 * Cuts the central {@code h x w} window: top-left corner at {@code ((H - h) / 2, (W - w) / 2)}, rounded
 * down (torchvision rounds half to even, which differs by one pixel when {@code H - h} is odd and its
 * half is odd). Deterministic: the generator is not used and may be {@code null}.
 *
 * {@snippet :
 * Tensor out = CenterCrop.of(224, 224).apply(image, null);   // image [3, 256, 256] -> [3, 224, 224]
 * }
 *
 * @param height the crop's height, at least 1
 * @param width  the crop's width, at least 1
 */
public record CenterCrop(int height, int width) implements Transform {
    public CenterCrop {
        Crops.checkSize("CenterCrop", height, width);
    }

    /** An {@code height x width} centre crop. */
    public static CenterCrop of(int height, int width) {
        return new CenterCrop(height, width);
    }

    @Override
    public Tensor apply(Tensor image, Generator g) {
        return PerImage.map("CenterCrop", image, g, (in, gen) -> {
            Crops.checkFits("CenterCrop", height, width, in, 0);
            return Crops.cut(in, 0, 0f, (in.h() - height) / 2, (in.w() - width) / 2, height, width);
        });
    }
}
