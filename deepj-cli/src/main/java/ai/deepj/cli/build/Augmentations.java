package ai.deepj.cli.build;

import ai.deepj.cli.config.AugmentSpec;
import ai.deepj.cli.config.ConfigException;
import ai.deepj.data.augment.Compose;
import ai.deepj.data.augment.ElasticDistortion;
import ai.deepj.data.augment.RandomAffine;
import ai.deepj.data.augment.RandomCrop;
import ai.deepj.data.augment.RandomFlip;
import ai.deepj.data.augment.RandomRotation;
import ai.deepj.data.augment.Transform;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The transform ({@code ai.deepj.data.augment}) an {@link AugmentSpec} describes, checked against
 * the training images: each step is tried on the first image, so a step that cannot apply is a
 * {@link ConfigException} at its line before training starts.
 */
public final class Augmentations {
    private Augmentations() {}

    /**
     * The steps composed in order.
     *
     * @param spec   the augment list
     * @param trainX the training inputs, float32 images {@code [m, c, h, w]}
     */
    public static Transform transform(AugmentSpec spec, Tensor trainX) {
        int[] shape = trainX.shape().toArray();
        if (shape.length != 4) {
            throw new ConfigException(spec.where(), "augment needs images [channels, height, width] per example; the inputs are "
                    + Arrays.toString(Arrays.copyOfRange(shape, 1, shape.length)) + " per example");
        }
        if (trainX.dtype() != DType.FLOAT32) {
            throw new ConfigException(spec.where(), "augment needs float32 images; the inputs are " + trainX.dtype());
        }
        Tensor first = trainX.narrow(0, 0, 1).contiguous();
        List<Transform> steps = new ArrayList<>();
        for (AugmentSpec.Step s : spec.steps()) {
            try {
                Transform t = step(s, shape[2], shape[3]);
                int[] out = t.apply(first, Generator.seeded(0)).shape().toArray();
                if (!Arrays.equals(out, first.shape().toArray())) {
                    throw new IllegalArgumentException("it turns images " + first.shape() + " into " + Arrays.toString(out));
                }
                steps.add(t);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(s.where(), "augment " + s.kind() + ": " + e.getMessage(), e);
            }
        }
        return steps.size() == 1 ? steps.get(0) : Compose.of(steps.toArray(Transform[]::new));
    }

    /** A line for the console: {@code flip_horizontal, random_crop (padding 2), rotation (10°)}. */
    public static String describe(AugmentSpec spec) {
        List<String> out = new ArrayList<>();
        for (AugmentSpec.Step s : spec.steps()) {
            out.add(switch (s.kind()) {
                case "flip_horizontal", "flip_vertical" -> s.kind() + ((double) s.arg("p") == 0.5 ? "" : " (p " + num(s.arg("p")) + ")");
                case "random_crop" -> "random_crop (padding " + s.args().get("padding") + ")";
                case "rotation" -> "rotation (±" + num(s.arg("degrees")) + "°)";
                default -> s.kind();
            });
        }
        return String.join(", ", out);
    }

    private static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%s", v);
    }

    private static Transform step(AugmentSpec.Step s, int height, int width) {
        return switch (s.kind()) {
            case "flip_horizontal" -> RandomFlip.horizontal(s.arg("p"));
            case "flip_vertical" -> RandomFlip.vertical(s.arg("p"));
            case "random_crop" -> {
                int[] size = s.args().containsKey("size") ? s.arg("size") : new int[] {height, width};
                if (size[0] != height || size[1] != width) {
                    throw new IllegalArgumentException("size " + size[0] + "x" + size[1] + " differs from the images' " + height + "x" + width
                            + " (dev and test images are not cropped, so the model would see two sizes); crop to the image's size and shift"
                            + " with padding");
                }
                yield RandomCrop.of(height, width).withPadding(s.arg("padding")).withFill((float) (double) s.arg("fill"));
            }
            case "rotation" -> RandomRotation.upTo(s.arg("degrees"), (float) (double) s.arg("fill"));
            case "affine" -> {
                double[] scale = s.arg("scale"), translate = s.arg("translate");
                yield RandomAffine.defaults().withDegrees(s.arg("degrees")).withScale(scale[0], scale[1])
                        .withTranslate(translate[0], translate[1]).withShear(s.arg("shear")).withFill((float) (double) s.arg("fill"));
            }
            case "elastic" -> new ElasticDistortion(s.arg("alpha"), s.arg("sigma"), (float) (double) s.arg("fill"));
            default -> throw new IllegalStateException(s.kind());
        };
    }
}
