package ai.deepj.data.augment;

/**
 * Eigen-decomposition of a symmetric 3x3 matrix by the cyclic Jacobi method (Golub and Van Loan,
 * "Matrix Computations", §8.5): plane rotations zero the off-diagonal entries one pair at a time until
 * they are negligible; the product of the rotations holds the eigenvectors. Quadratically convergent;
 * a 3x3 needs a handful of sweeps.
 */
final class SymmetricEigen3 {
    private SymmetricEigen3() {}

    /** Eigenvalues in decreasing order and the matching unit eigenvectors, {@code vectors[i]} for {@code values[i]}. */
    record Result(double[] values, double[][] vectors) {}

    static Result decompose(double[][] a) {
        if (a.length != 3 || a[0].length != 3 || a[1].length != 3 || a[2].length != 3) {
            throw new IllegalArgumentException("SymmetricEigen3: expected a 3x3 matrix");
        }
        double[][] m = new double[3][3];
        double norm2 = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                if (!Double.isFinite(a[i][j])) throw new IllegalArgumentException("SymmetricEigen3: entry (" + i + ", " + j + ") is " + a[i][j]);
                if (Math.abs(a[i][j] - a[j][i]) > 1e-12 * (Math.abs(a[i][j]) + Math.abs(a[j][i]))) {
                    throw new IllegalArgumentException("SymmetricEigen3: matrix is not symmetric at (" + i + ", " + j + "): "
                            + a[i][j] + " vs " + a[j][i]);
                }
                m[i][j] = a[i][j];
                norm2 += a[i][j] * a[i][j];
            }
        }
        double[][] v = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        int[][] pairs = {{0, 1}, {0, 2}, {1, 2}};
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = m[0][1] * m[0][1] + m[0][2] * m[0][2] + m[1][2] * m[1][2];
            if (off == 0 || off <= 1e-32 * norm2) break;
            for (int[] pq : pairs) {
                int p = pq[0], q = pq[1];
                if (m[p][q] == 0) continue;
                double theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
                double t = Math.abs(theta) > 1e100 ? 1 / (2 * theta)
                        : Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                // m <- Jᵀ m J and v <- v J, J the rotation in the (p, q) plane
                for (int k = 0; k < 3; k++) {
                    double kp = m[k][p], kq = m[k][q];
                    m[k][p] = c * kp - s * kq;
                    m[k][q] = s * kp + c * kq;
                }
                for (int k = 0; k < 3; k++) {
                    double pk = m[p][k], qk = m[q][k];
                    m[p][k] = c * pk - s * qk;
                    m[q][k] = s * pk + c * qk;
                }
                for (int k = 0; k < 3; k++) {
                    double kp = v[k][p], kq = v[k][q];
                    v[k][p] = c * kp - s * kq;
                    v[k][q] = s * kp + c * kq;
                }
            }
        }
        Integer[] order = {0, 1, 2};
        java.util.Arrays.sort(order, (i, j) -> Double.compare(m[j][j], m[i][i]));
        double[] values = new double[3];
        double[][] vectors = new double[3][3];
        for (int r = 0; r < 3; r++) {
            int col = order[r];
            values[r] = m[col][col];
            // the sign of an eigenvector is arbitrary: make its largest component positive, for reproducible output
            int big = 0;
            for (int k = 1; k < 3; k++) if (Math.abs(v[k][col]) > Math.abs(v[big][col])) big = k;
            double sign = v[big][col] < 0 ? -1 : 1;
            for (int k = 0; k < 3; k++) vectors[r][k] = sign * v[k][col];
        }
        return new Result(values, vectors);
    }
}
