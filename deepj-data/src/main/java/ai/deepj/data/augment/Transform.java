package ai.deepj.data.augment;

import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;

/**
 * A (usually random) function of an image: a float32 tensor {@code [C, H, W]} with values in
 * {@code [0, 1]}, or a batch {@code [N, C, H, W]} whose images are transformed one after another,
 * each drawing its own random parameters from {@code g}. All randomness comes from {@code g}, so the
 * same generator state gives the same output. The input is never modified; the result is a new
 * float32 tensor of the same rank (its height and width may differ, e.g. after a crop).
 *
 * {@snippet :
 * Transform augment = Compose.of(
 *         RandomCrop.of(32, 32).withPadding(4),          // the CIFAR recipe
 *         RandomFlip.horizontal(0.5),
 *         Normalize.of(new float[] {0.49f, 0.48f, 0.45f}, new float[] {0.25f, 0.24f, 0.26f}));
 * Tensor out = augment.apply(images, Generator.seeded(7));   // images [N, 3, 32, 32]
 * }
 */
@FunctionalInterface
public interface Transform {
    /**
     * The transformed image or batch.
     *
     * @param image a float32 {@code [C, H, W]} image or {@code [N, C, H, W]} batch
     * @param g     the source of randomness (deterministic transforms accept {@code null})
     * @throws IllegalArgumentException if the image has the wrong type, rank or size for this transform
     */
    Tensor apply(Tensor image, Generator g);

    /** This transform followed by {@code next}, sharing the generator. */
    default Transform andThen(Transform next) {
        return Compose.of(this, next);
    }
}
