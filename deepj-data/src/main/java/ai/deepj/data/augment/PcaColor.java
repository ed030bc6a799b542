package ai.deepj.data.augment;

import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;

/**
 * PCA colour augmentation as in AlexNet (Krizhevsky, Sutskever and Hinton, "ImageNet Classification
 * with Deep Convolutional Neural Networks", NIPS 2012, §4.1), the course's "colour shifting with PCA":
 * {@link #fit(Tensor)} finds the eigenvalues {@code λᵢ} and unit eigenvectors {@code pᵢ} of the 3x3
 * covariance of RGB pixel values over a training set; {@link #apply} adds to every pixel of an image
 * the same colour {@code Σᵢ αᵢ λᵢ pᵢ}, with {@code αᵢ ~ N(0, σ²)} drawn once per image
 * ({@code αᵢ = σ·g.nextGaussian()} for {@code i = 0, 1, 2}), {@code σ = 0.1} by default. Images with
 * much variation along a direction get shifted most along it, so the object's identity is kept while
 * its lighting's intensity and colour change.
 *
 * <p>Conventions: the covariance divides by the number of pixels ({@code N·H·W}); eigenvalues are sorted
 * in decreasing order, tiny negative ones from rounding are set to 0, and each eigenvector's largest
 * component is positive. The result is not clamped to {@code [0, 1]} (AlexNet does not clamp). Some
 * implementations (e.g. fb.resnet.torch's ImageNet constants) scale by the square roots of the
 * eigenvalues instead; to reproduce them pass those numbers to {@link #of(double[], double[][])}.
 *
 * {@snippet :
 * PcaColor pca = PcaColor.fit(trainImages);                 // trainImages [N, 3, H, W]
 * double[] lambda = pca.eigenvalues();                       // decreasing
 * Tensor out = pca.apply(batch, Generator.seeded(12));       // batch [n, 3, H, W], colours shifted
 * }
 */
public final class PcaColor implements Transform {
    private final double[] eigenvalues;
    private final double[][] eigenvectors;
    private final double sigma;

    private PcaColor(double[] eigenvalues, double[][] eigenvectors, double sigma) {
        this.eigenvalues = eigenvalues;
        this.eigenvectors = eigenvectors;
        this.sigma = sigma;
    }

    /**
     * The principal components of the RGB pixel values of {@code images}, {@code [N, 3, H, W]} (any
     * floating type; accumulated in double precision), with {@code σ = 0.1}.
     *
     * @throws IllegalArgumentException if the shape is not {@code [N, 3, H, W]} with at least one pixel
     */
    public static PcaColor fit(Tensor images) {
        if (images == null) throw new IllegalArgumentException("PcaColor.fit: images must not be null");
        if (images.dim() != 4 || images.size(1) != 3) {
            throw new IllegalArgumentException("PcaColor.fit: expected RGB images [N, 3, H, W], got shape " + images.shape());
        }
        if (!images.dtype().isFloating()) {
            throw new IllegalArgumentException("PcaColor.fit: expected floating-point images, got " + images.dtype());
        }
        int n = images.size(0), plane = images.size(2) * images.size(3);
        long count = (long) n * plane;
        if (count == 0) throw new IllegalArgumentException("PcaColor.fit: no pixels in shape " + images.shape());
        double[] v = images.toDoubleArray();
        double[] mean = new double[3];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                int base = (i * 3 + c) * plane;
                for (int k = 0; k < plane; k++) mean[c] += v[base + k];
            }
        }
        for (int c = 0; c < 3; c++) mean[c] /= count;
        double[][] cov = new double[3][3];
        for (int i = 0; i < n; i++) {
            int base = i * 3 * plane;
            for (int k = 0; k < plane; k++) {
                double r = v[base + k] - mean[0], g = v[base + plane + k] - mean[1], b = v[base + 2 * plane + k] - mean[2];
                cov[0][0] += r * r;
                cov[0][1] += r * g;
                cov[0][2] += r * b;
                cov[1][1] += g * g;
                cov[1][2] += g * b;
                cov[2][2] += b * b;
            }
        }
        for (int i = 0; i < 3; i++) {
            for (int j = i; j < 3; j++) {
                cov[i][j] /= count;
                cov[j][i] = cov[i][j];
            }
        }
        SymmetricEigen3.Result e = SymmetricEigen3.decompose(cov);
        double[] values = e.values().clone();
        for (int i = 0; i < 3; i++) values[i] = Math.max(0, values[i]);
        return new PcaColor(values, e.vectors(), 0.1);
    }

    /**
     * Known principal components, e.g. published ImageNet constants, with {@code σ = 0.1}.
     *
     * @param eigenvalues  three non-negative values
     * @param eigenvectors three orthonormal rows, {@code eigenvectors[i]} belonging to {@code eigenvalues[i]}
     */
    public static PcaColor of(double[] eigenvalues, double[][] eigenvectors) {
        if (eigenvalues == null || eigenvalues.length != 3) {
            throw new IllegalArgumentException("PcaColor.of: expected 3 eigenvalues, got "
                    + (eigenvalues == null ? "null" : eigenvalues.length));
        }
        if (eigenvectors == null || eigenvectors.length != 3) {
            throw new IllegalArgumentException("PcaColor.of: expected 3 eigenvectors, got " + (eigenvectors == null ? "null" : eigenvectors.length));
        }
        double[][] vecs = new double[3][];
        for (int i = 0; i < 3; i++) {
            if (!(eigenvalues[i] >= 0) || Double.isInfinite(eigenvalues[i])) {
                throw new IllegalArgumentException("PcaColor.of: eigenvalue " + i + " must be finite and >= 0, got " + eigenvalues[i]);
            }
            if (eigenvectors[i] == null || eigenvectors[i].length != 3) {
                throw new IllegalArgumentException("PcaColor.of: eigenvector " + i + " must have 3 components (R, G, B)");
            }
            vecs[i] = eigenvectors[i].clone();
        }
        for (int i = 0; i < 3; i++) {
            for (int j = i; j < 3; j++) {
                double dot = vecs[i][0] * vecs[j][0] + vecs[i][1] * vecs[j][1] + vecs[i][2] * vecs[j][2];
                if (Math.abs(dot - (i == j ? 1 : 0)) > 1e-4) {
                    throw new IllegalArgumentException("PcaColor.of: eigenvectors must be orthonormal, but p" + i + "·p" + j + " = " + dot);
                }
            }
        }
        return new PcaColor(eigenvalues.clone(), vecs, 0.1);
    }

    /** The same components with {@code αᵢ ~ N(0, sigma²)}. */
    public PcaColor withSigma(double sigma) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("PcaColor: sigma must be finite and >= 0, got " + sigma);
        return new PcaColor(eigenvalues, eigenvectors, sigma);
    }

    /** The eigenvalues {@code λ₀ ≥ λ₁ ≥ λ₂ ≥ 0} (a copy). */
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    /** The unit eigenvectors as rows over (R, G, B), {@code [i]} for {@code λᵢ} (a copy). */
    public double[][] eigenvectors() {
        return new double[][] {eigenvectors[0].clone(), eigenvectors[1].clone(), eigenvectors[2].clone()};
    }

    /** The standard deviation of the {@code αᵢ}. */
    public double sigma() {
        return sigma;
    }

    /** The colour {@code Σᵢ αᵢ λᵢ pᵢ} one image gets, drawing three Gaussians from {@code g}. */
    double[] drawShift(Generator g) {
        double[] shift = new double[3];
        for (int i = 0; i < 3; i++) {
            double a = sigma * g.nextGaussian();
            for (int c = 0; c < 3; c++) shift[c] += a * eigenvalues[i] * eigenvectors[i][c];
        }
        return shift;
    }

    @Override
    public Tensor apply(Tensor image, Generator g) {
        return PerImage.map("PcaColor", image, g, (in, gen) -> {
            if (in.c() != 3) {
                throw new IllegalArgumentException("PcaColor: expected 3 (RGB) channels, got " + in.c() + " in shape " + image.shape());
            }
            double[] shift = drawShift(PerImage.need("PcaColor", gen));
            float[] d = in.data().clone();
            int plane = in.h() * in.w();
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < plane; k++) d[c * plane + k] = (float) (d[c * plane + k] + shift[c]);
            }
            return new Raster(d, 3, in.h(), in.w());
        });
    }
}
