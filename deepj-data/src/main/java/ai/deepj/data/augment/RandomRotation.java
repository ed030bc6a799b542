package ai.deepj.data.augment;

import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;

/**
 * Rotates each image about its centre {@code ((H-1)/2, (W-1)/2)} by an angle drawn uniformly from
 * {@code [minDegrees, maxDegrees]} ({@code minDegrees + (maxDegrees - minDegrees)·g.nextDouble()}),
 * positive angles counter-clockwise as displayed (torchvision's convention). Output pixels are sampled
 * bilinearly; those whose source lies outside the image get {@code fill}. Multiples of 90° are exact.
 *
 * {@snippet :
 * Transform rot = RandomRotation.upTo(15, 0f);           // uniform in [-15°, 15°], black corners
 * Tensor out = rot.apply(image, Generator.seeded(2));      // image [3, 64, 64] -> [3, 64, 64]
 * }
 *
 * @param minDegrees the smallest angle
 * @param maxDegrees the largest angle, at least {@code minDegrees}
 * @param fill       the value of pixels rotated in from outside the image
 */
public record RandomRotation(double minDegrees, double maxDegrees, float fill) implements Transform {
    public RandomRotation {
        PerImage.checkFinite("RandomRotation", "minDegrees", minDegrees);
        PerImage.checkFinite("RandomRotation", "maxDegrees", maxDegrees);
        PerImage.checkFinite("RandomRotation", "fill", fill);
        if (minDegrees > maxDegrees) {
            throw new IllegalArgumentException("RandomRotation: minDegrees " + minDegrees + " > maxDegrees " + maxDegrees);
        }
    }

    /** Angles uniform in {@code [-degrees, degrees]}. */
    public static RandomRotation upTo(double degrees, float fill) {
        if (!(degrees >= 0)) throw new IllegalArgumentException("RandomRotation: degrees must be >= 0, got " + degrees);
        return new RandomRotation(-degrees, degrees, fill);
    }

    /** Angles uniform in {@code [minDegrees, maxDegrees]}; equal bounds give a fixed rotation. */
    public static RandomRotation between(double minDegrees, double maxDegrees, float fill) {
        return new RandomRotation(minDegrees, maxDegrees, fill);
    }

    @Override
    public Tensor apply(Tensor image, Generator g) {
        return PerImage.map("RandomRotation", image, g, (in, gen) -> {
            double u = PerImage.need("RandomRotation", gen).nextDouble();
            double degrees = minDegrees + (maxDegrees - minDegrees) * u;
            return Warp.affine(in, Warp.inverseRotation(degrees), 0, 0, fill);
        });
    }
}
