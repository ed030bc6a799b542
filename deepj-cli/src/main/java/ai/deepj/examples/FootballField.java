package ai.deepj.examples;

import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;

/**
 * A noisy two-class problem in the plane standing in for the "football field" data of the course's
 * regularization lesson (Course 2, week 1): where on the field the goalkeeper's kick came down
 * ({@code x}, in {@code [−0.75, 0.75]²}) and which team headed the ball ({@code y}: 1 = ours, 0 =
 * theirs). The course ships its 211 + 200 points as a file; these are generated from a seed
 * instead, with the same character: a wavy boundary, points near it on the wrong side, stray
 * points and small clumps of the wrong colour deep in the other team's half, the details a network
 * without regularization learns by heart. (This field is noisier than the course's: about one
 * label in six disagrees with the boundary, so dev accuracies are lower than the course's 91-95%.)
 *
 * <p>Precisely: {@code x} is uniform in the square; the ball is ours when
 * {@code x₂ < BOUNDARY(x₁) + ε} with {@code BOUNDARY(x₁) = 0.3·sin(3.5·x₁)} and ε ~ N(0, 0.05²)
 * drawn per point (so labels near the boundary are a coin toss); then, around {@value #CLUMPS}
 * centres drawn uniformly, every point within {@value #CLUMP_RADIUS} has its label flipped; finally
 * each label is flipped with probability {@value #FLIP_PROBABILITY}.
 * The clumps are drawn with the points, so a training set and a dev set have theirs in different
 * places: a model that fits one set's clumps has learnt noise, which is what the dev set exposes.
 *
 * {@snippet :
 * PlanarFlower.Data train = FootballField.generate(211, Generator.seeded(1));   // the course's sizes
 * PlanarFlower.Data dev = FootballField.generate(200, Generator.seeded(2));
 * }
 */
public final class FootballField {
    /** Number of clumps of flipped labels. */
    public static final int CLUMPS = 10;
    /** Radius of a clump. */
    public static final double CLUMP_RADIUS = 0.08;
    /** Probability that any label is flipped. */
    public static final double FLIP_PROBABILITY = 0.03;
    private static final double HALF_WIDTH = 0.75, WAVE_HEIGHT = 0.3, WAVE_FREQUENCY = 3.5, BOUNDARY_NOISE = 0.05;

    private FootballField() {}

    /**
     * {@code m} points and their clumps, drawn from {@code gen}.
     *
     * @return {@code x} of shape {@code [m, 2]} and {@code y} of shape {@code [m, 1]}, float64
     */
    public static PlanarFlower.Data generate(int m, Generator gen) {
        if (m < 1) throw new IllegalArgumentException("FootballField: need at least 1 point, got " + m);
        double[][] clumps = new double[CLUMPS][2];
        for (double[] c : clumps) {
            c[0] = uniform(gen);
            c[1] = uniform(gen);
        }
        double[] x = new double[2 * m], y = new double[m];
        for (int i = 0; i < m; i++) {
            double a = uniform(gen), b = uniform(gen);
            boolean ours = b < WAVE_HEIGHT * Math.sin(WAVE_FREQUENCY * a) + BOUNDARY_NOISE * gen.nextGaussian();
            for (double[] c : clumps) {
                if (Math.hypot(a - c[0], b - c[1]) < CLUMP_RADIUS) ours = !ours;
            }
            if (gen.nextDouble() < FLIP_PROBABILITY) ours = !ours;
            x[2 * i] = a;
            x[2 * i + 1] = b;
            y[i] = ours ? 1 : 0;
        }
        return new PlanarFlower.Data(Tensor.of(x, m, 2), Tensor.of(y, m, 1));
    }

    private static double uniform(Generator gen) {
        return HALF_WIDTH * (2 * gen.nextDouble() - 1);
    }
}
