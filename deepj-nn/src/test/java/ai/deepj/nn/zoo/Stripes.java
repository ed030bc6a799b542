package ai.deepj.nn.zoo;

import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;

/**
 * A generated image task for the training tests: stripes of period 4 in one of four orientations
 * (class 0 horizontal, 1 vertical, 2 diagonal, 3 anti-diagonal) at a random phase and contrast,
 * plus Gaussian noise, in every channel. The class does not depend on position, so networks that
 * end in global average pooling can learn it.
 */
final class Stripes {
    private Stripes() {}

    /** {@code n} images {@code [n, channels, size, size]} and their labels {@code [n]}, class {@code i % 4} for image {@code i}. */
    static Tensor[] generate(int n, int channels, int size, double noise, long seed) {
        Generator g = Generator.seeded(seed);
        float[] x = new float[n * channels * size * size];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int label = i % 4;
            y[i] = label;
            double phase = g.nextDouble() * 4, amplitude = 0.7 + 0.6 * g.nextDouble();
            for (int c = 0; c < channels; c++) {
                for (int r = 0; r < size; r++) {
                    for (int q = 0; q < size; q++) {
                        int along = switch (label) {
                            case 0 -> r;
                            case 1 -> q;
                            case 2 -> r + q;
                            default -> r - q + size;
                        };
                        double v = amplitude * Math.sin(2 * Math.PI * (along + phase) / 4) + noise * g.nextGaussian();
                        x[((i * channels + c) * size + r) * size + q] = (float) v;
                    }
                }
            }
        }
        return new Tensor[] {Tensor.of(x, n, channels, size, size), Tensor.of(y, n)};
    }

    /** The fraction of rows of {@code logits} whose arg-max is the label. */
    static double accuracy(Tensor logits, Tensor labels) {
        int[] predicted = logits.argmax(1, false).toIntArray();
        int[] truth = labels.toIntArray();
        int right = 0;
        for (int i = 0; i < truth.length; i++) if (predicted[i] == truth[i]) right++;
        return (double) right / truth.length;
    }
}
