package ai.deepj.examples;

import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;

/**
 * Two interleaving half circles, the "moons" data of the course's optimization lesson (Course 2,
 * week 2), generated as scikit-learn's {@code make_moons(n_samples, noise)} does: the outer moon
 * (label 0) is the upper half of the unit circle, the inner moon (label 1) the lower half of a unit
 * circle centred at {@code (1, 0.5)}, each point moved by N(0, noise²) noise in both coordinates,
 * and the points shuffled. Generated here from a seeded {@link Generator}, not downloaded, so the
 * values differ from scikit-learn's (which draws from numpy's generator) but the distribution is
 * the same.
 *
 * {@snippet :
 * PlanarFlower.Data d = Moons.generate(300, 0.2, Generator.seeded(3));   // the course's n and noise
 * d.x();   // [300, 2] float64 coordinates
 * d.y();   // [300, 1] float64 labels, 0 (outer moon) or 1 (inner moon)
 * }
 */
public final class Moons {
    private Moons() {}

    /**
     * {@code m} points: {@code ⌊m/2⌋} on the outer moon, the rest on the inner one, evenly spaced in
     * angle over {@code [0, π]} before the noise; rows in random order.
     *
     * @param m     number of points, at least 2
     * @param noise standard deviation of the Gaussian noise added to each coordinate (the course: 0.2)
     * @param gen   the source of the noise and of the order
     */
    public static PlanarFlower.Data generate(int m, double noise, Generator gen) {
        if (m < 2) throw new IllegalArgumentException("Moons: need at least 2 points, got " + m);
        if (!(noise >= 0) || Double.isInfinite(noise)) throw new IllegalArgumentException("Moons: noise must be finite and >= 0, got " + noise);
        int outer = m / 2, inner = m - outer;
        double[] x = new double[2 * m];
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            boolean isOuter = i < outer;
            int k = isOuter ? i : i - outer;
            int n = isOuter ? outer : inner;
            double angle = n == 1 ? 0 : Math.PI * k / (n - 1);   // numpy's linspace(0, π, n)
            x[2 * i] = isOuter ? Math.cos(angle) : 1 - Math.cos(angle);
            x[2 * i + 1] = isOuter ? Math.sin(angle) : 0.5 - Math.sin(angle);
            y[i] = isOuter ? 0 : 1;
        }
        for (int i = 0; i < 2 * m; i++) x[i] += noise * gen.nextGaussian();
        int[] order = MiniBatches.permutation(m, gen);
        double[] xs = new double[2 * m], ys = new double[m];
        for (int i = 0; i < m; i++) {
            xs[2 * i] = x[2 * order[i]];
            xs[2 * i + 1] = x[2 * order[i] + 1];
            ys[i] = y[order[i]];
        }
        return new PlanarFlower.Data(Tensor.of(xs, m, 2), Tensor.of(ys, m, 1));
    }
}
