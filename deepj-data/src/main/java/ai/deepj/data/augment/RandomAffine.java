package ai.deepj.data.augment;

import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;

/**
 * A random affine distortion about the image centre: shear along x by an angle in
 * {@code [-shearDegrees, shearDegrees]}, scaling by a factor in {@code [minScale, maxScale]}, rotation by
 * an angle in {@code [-degrees, degrees]} (counter-clockwise as displayed), then translation by up to
 * {@code translateX·W} and {@code translateY·H} pixels. Each image draws, in this order, one
 * {@code g.nextDouble()} each for angle, scale, x shift, y shift and shear, all uniform. Output pixels
 * are sampled bilinearly; those from outside the image get {@code fill}. The
 * {@link #defaults() defaults} are the identity.
 *
 * {@snippet :
 * Transform distort = RandomAffine.defaults().withDegrees(10).withScale(0.9, 1.1)
 *         .withTranslate(0.1, 0.1).withShear(5);
 * Tensor out = distort.apply(digits, Generator.seeded(4));     // digits [N, 1, 28, 28]
 * }
 *
 * @param degrees      the largest rotation, {@code >= 0}
 * @param minScale     the smallest scale factor, {@code > 0}
 * @param maxScale     the largest scale factor, {@code >= minScale}
 * @param translateX   the largest horizontal shift as a fraction of the width, in {@code [0, 1]}
 * @param translateY   the largest vertical shift as a fraction of the height, in {@code [0, 1]}
 * @param shearDegrees the largest shear angle, in {@code [0, 90)}
 * @param fill         the value of pixels moved in from outside the image
 */
public record RandomAffine(double degrees, double minScale, double maxScale, double translateX, double translateY,
        double shearDegrees, float fill) implements Transform {
    public RandomAffine {
        String op = "RandomAffine";
        PerImage.checkFinite(op, "fill", fill);
        if (!(degrees >= 0) || Double.isInfinite(degrees)) throw new IllegalArgumentException(op + ": degrees must be finite and >= 0, got " + degrees);
        if (!(minScale > 0) || !(maxScale >= minScale) || Double.isInfinite(maxScale)) {
            throw new IllegalArgumentException(op + ": scale range must satisfy 0 < min <= max < inf, got [" + minScale + ", " + maxScale + "]");
        }
        if (!(translateX >= 0 && translateX <= 1) || !(translateY >= 0 && translateY <= 1)) {
            throw new IllegalArgumentException(op + ": translate fractions must be in [0, 1], got (" + translateX + ", " + translateY + ")");
        }
        if (!(shearDegrees >= 0 && shearDegrees < 90)) throw new IllegalArgumentException(op + ": shearDegrees must be in [0, 90), got " + shearDegrees);
    }

    /** The identity: no rotation, scale 1, no shift, no shear, fill 0. */
    public static RandomAffine defaults() {
        return new RandomAffine(0, 1, 1, 0, 0, 0, 0f);
    }

    /** Rotations uniform in {@code [-d, d]} degrees. */
    public RandomAffine withDegrees(double d) {
        return new RandomAffine(d, minScale, maxScale, translateX, translateY, shearDegrees, fill);
    }

    /** Scale factors uniform in {@code [min, max]}. */
    public RandomAffine withScale(double min, double max) {
        return new RandomAffine(degrees, min, max, translateX, translateY, shearDegrees, fill);
    }

    /** Shifts uniform in {@code [-fx·W, fx·W]} and {@code [-fy·H, fy·H]} pixels. */
    public RandomAffine withTranslate(double fx, double fy) {
        return new RandomAffine(degrees, minScale, maxScale, fx, fy, shearDegrees, fill);
    }

    /** Shear angles uniform in {@code [-d, d]} degrees. */
    public RandomAffine withShear(double d) {
        return new RandomAffine(degrees, minScale, maxScale, translateX, translateY, d, fill);
    }

    /** The value of pixels from outside the image. */
    public RandomAffine withFill(float value) {
        return new RandomAffine(degrees, minScale, maxScale, translateX, translateY, shearDegrees, value);
    }

    @Override
    public Tensor apply(Tensor image, Generator g) {
        return PerImage.map("RandomAffine", image, g, (in, gen) -> {
            Generator r = PerImage.need("RandomAffine", gen);
            double angle = degrees * (2 * r.nextDouble() - 1);
            double scale = minScale + (maxScale - minScale) * r.nextDouble();
            double tx = translateX * in.w() * (2 * r.nextDouble() - 1);
            double ty = translateY * in.h() * (2 * r.nextDouble() - 1);
            double shear = shearDegrees * (2 * r.nextDouble() - 1);
            return Warp.affine(in, Warp.inverseRotateShearScale(angle, shear, scale), tx, ty, fill);
        });
    }
}
