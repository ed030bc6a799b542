package ai.deepj.data.augment;

import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.List;

/**
 * Transforms applied in order, all drawing from the same generator (torchvision's {@code Compose}).
 *
 * {@snippet :
 * Transform t = Compose.of(RandomFlip.horizontal(0.5), RandomRotation.upTo(15, 0f));
 * Tensor out = t.apply(image, Generator.seeded(1));        // image [3, 64, 64]
 * }
 */
public final class Compose implements Transform {
    private final List<Transform> steps;

    private Compose(List<Transform> steps) {
        this.steps = steps;
    }

    /** The transforms {@code steps}, first to last. */
    public static Compose of(Transform... steps) {
        if (steps == null) throw new IllegalArgumentException("Compose: steps must not be null");
        for (int i = 0; i < steps.length; i++) {
            if (steps[i] == null) throw new IllegalArgumentException("Compose: step " + i + " is null");
        }
        return new Compose(List.of(steps));
    }

    /** The steps, in order. */
    public List<Transform> steps() {
        return steps;
    }

    @Override
    public Tensor apply(Tensor image, Generator g) {
        Tensor x = image;
        for (Transform t : steps) x = t.apply(x, g);
        return x;
    }
}
