package ai.deepj.examples;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;

/**
 * The course's planar "flower" data set (Course 1, week 3): two classes of points on the petals of
 * a rose curve {@code r = a·sin(4θ)}, with noise in angle and radius, so that no straight line
 * separates them. Generated here, not downloaded.
 *
 * {@snippet :
 * PlanarFlower.Data d = PlanarFlower.generate(400, Generator.seeded(1));
 * d.x();   // [400, 2] float64 coordinates
 * d.y();   // [400, 1] float64 labels, 0 (red) or 1 (blue)
 * }
 */
public final class PlanarFlower {
    private PlanarFlower() {}

    /** Points {@code x} of shape {@code [m, 2]} and labels {@code y} of shape {@code [m, 1]}. */
    public record Data(Tensor x, Tensor y) {}

    /**
     * {@code m} points (even), half of each class, as the course's {@code load_planar_dataset}:
     * class {@code j} has θ evenly spaced over {@code [3.12·j, 3.12·(j+1)]} plus N(0, 0.2²) noise,
     * radius {@code 4·sin(4θ)} plus N(0, 0.2²) noise, and the point {@code (r·sin θ, r·cos θ)}.
     */
    public static Data generate(int m, Generator gen) {
        if (m <= 0 || m % 2 != 0) throw new IllegalArgumentException("PlanarFlower: m must be a positive even number, got " + m);
        int perClass = m / 2;
        double petal = 4;
        double[] x = new double[m * 2];
        double[] y = new double[m];
        for (int j = 0; j < 2; j++) {
            for (int i = 0; i < perClass; i++) {
                double base = perClass == 1 ? j * 3.12 : j * 3.12 + 3.12 * i / (perClass - 1);
                double theta = base + gen.nextGaussian() * 0.2;
                double r = petal * Math.sin(4 * theta) + gen.nextGaussian() * 0.2;
                int row = j * perClass + i;
                x[2 * row] = r * Math.sin(theta);
                x[2 * row + 1] = r * Math.cos(theta);
                y[row] = j;
            }
        }
        return new Data(Tensor.of(x, m, 2), Tensor.of(y, m, 1));
    }

    /** The same data in another element type. */
    public static Data to(Data d, DType dtype) {
        return new Data(d.x().to(dtype), d.y().to(dtype));
    }
}
