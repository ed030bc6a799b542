package ai.deepj.data.augment;

import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;

/**
 * Elastic distortion (Simard, Steinkraus and Platt, "Best Practices for Convolutional Neural Networks
 * Applied to Visual Document Analysis", ICDAR 2003): two random displacement fields {@code dx, dy}, each
 * pixel uniform in {@code [-1, 1]}, are smoothed by a Gaussian of standard deviation {@code sigma} pixels
 * (kernel truncated at 4σ, zeros beyond the border, as SciPy's {@code gaussian_filter(mode="constant")}),
 * scaled by {@code alpha}, and output pixel {@code (y, x)} samples the image bilinearly at
 * {@code (y + dy, x + dx)}; all channels move alike. Like most implementations (and unlike the paper)
 * the smoothed field is not renormalized, so {@code alpha} is not a displacement in pixels. The paper's
 * MNIST setting is about {@code alpha = 34, sigma = 4}. Each image draws {@code 2·H·W} values:
 * all of {@code dx}, row-major, then all of {@code dy}.
 *
 * {@snippet :
 * Transform elastic = ElasticDistortion.of(34, 4);
 * Tensor out = elastic.apply(digits, Generator.seeded(8));     // digits [N, 1, 28, 28]
 * }
 *
 * @param alpha the field's scale, {@code >= 0} (0 is the identity)
 * @param sigma the smoothing Gaussian's standard deviation in pixels, {@code > 0}
 * @param fill  the value of pixels moved in from outside the image
 */
public record ElasticDistortion(double alpha, double sigma, float fill) implements Transform {
    public ElasticDistortion {
        if (!(alpha >= 0) || Double.isInfinite(alpha)) throw new IllegalArgumentException("ElasticDistortion: alpha must be finite and >= 0, got " + alpha);
        if (!(sigma > 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("ElasticDistortion: sigma must be finite and > 0, got " + sigma);
        PerImage.checkFinite("ElasticDistortion", "fill", fill);
    }

    /** Strength {@code alpha}, smoothness {@code sigma}, fill 0. */
    public static ElasticDistortion of(double alpha, double sigma) {
        return new ElasticDistortion(alpha, sigma, 0f);
    }

    @Override
    public Tensor apply(Tensor image, Generator g) {
        return PerImage.map("ElasticDistortion", image, g, (in, gen) -> {
            Generator r = PerImage.need("ElasticDistortion", gen);
            int h = in.h(), w = in.w();
            double[] dx = field(r, h * w), dy = field(r, h * w);
            double[] kernel = gaussian(sigma);
            dx = smooth(dx, h, w, kernel);
            dy = smooth(dy, h, w, kernel);
            double[] sy = new double[h * w], sx = new double[h * w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int k = y * w + x;
                    sx[k] = x + alpha * dx[k];
                    sy[k] = y + alpha * dy[k];
                }
            }
            return Warp.sample(in, sy, sx, h, w, fill);
        });
    }

    private static double[] field(Generator r, int n) {
        double[] f = new double[n];
        for (int i = 0; i < n; i++) f[i] = 2 * r.nextDouble() - 1;
        return f;
    }

    /** A normalized Gaussian kernel of radius {@code ceil(4σ)} (SciPy's default truncation). */
    static double[] gaussian(double sigma) {
        int radius = (int) Math.ceil(4 * sigma);
        double[] k = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) k[i] /= sum;
        return k;
    }

    /** Separable convolution of an {@code h x w} field with {@code kernel}, zeros outside. */
    static double[] smooth(double[] f, int h, int w, double[] kernel) {
        int radius = kernel.length / 2;
        double[] rows = new double[h * w], out = new double[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int j = Math.max(-radius, -x); j <= Math.min(radius, w - 1 - x); j++) s += kernel[j + radius] * f[y * w + x + j];
                rows[y * w + x] = s;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int i = Math.max(-radius, -y); i <= Math.min(radius, h - 1 - y); i++) s += kernel[i + radius] * rows[(y + i) * w + x];
                out[y * w + x] = s;
            }
        }
        return out;
    }
}
