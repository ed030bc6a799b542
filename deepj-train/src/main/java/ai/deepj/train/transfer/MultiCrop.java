package ai.deepj.train.transfer;

import ai.deepj.data.Batch;
import ai.deepj.data.Dataset;
import ai.deepj.nn.Module;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Multi-crop evaluation, the course's test-time trick: run the classifier on several crops of each image
 * and average its predicted probabilities. {@link #tenCrop} takes the four corners and the centre, then the
 * same five crops of the horizontally mirrored image (AlexNet's ten crops; torchvision's {@code TenCrop}).
 *
 * {@snippet :
 * List<Tensor> crops = MultiCrop.tenCrop(images, 224, 224);         // images [N, 3, 256, 256] → 10 × [N, 3, 224, 224]
 * Tensor p = MultiCrop.predict(model, images, 224, 224);            // [N, K]: mean softmax over the ten crops
 * double acc = MultiCrop.accuracy(model, test, 64, 224, 224);
 * }
 *
 * <p>Crop positions follow torchvision exactly: for images {@code H × W} and crops {@code h × w}, the corners
 * start at rows {@code 0} and {@code H − h} and columns {@code 0} and {@code W − w}; the centre at row
 * {@code round((H − h) / 2)} and column {@code round((W − w) / 2)}, rounding halves to even (Python's
 * {@code round}). The mirrored five are cropped from the mirrored image, so the first of them is the mirror
 * of the top-right crop. The model is run in evaluation mode without gradients (its mode is restored
 * afterwards) and must accept {@code h × w} inputs and return logits {@code [N, K]}.
 */
public final class MultiCrop {
    private MultiCrop() {}

    /**
     * The five crops of {@code images} {@code [N, C, H, W]}: top-left, top-right, bottom-left, bottom-right,
     * centre, each a new contiguous tensor {@code [N, C, cropH, cropW]}.
     *
     * @throws IllegalArgumentException if {@code images} is not rank 4 or a crop size is not in {@code 1 .. H} (or {@code W})
     */
    public static List<Tensor> fiveCrop(Tensor images, int cropH, int cropW) {
        check("fiveCrop", images, cropH, cropW);
        int h = images.size(2), w = images.size(3);
        int top = (int) Math.rint((h - cropH) / 2.0), left = (int) Math.rint((w - cropW) / 2.0);
        return List.of(crop(images, 0, 0, cropH, cropW), crop(images, 0, w - cropW, cropH, cropW),
                crop(images, h - cropH, 0, cropH, cropW), crop(images, h - cropH, w - cropW, cropH, cropW),
                crop(images, top, left, cropH, cropW));
    }

    /**
     * The ten crops of {@code images} {@code [N, C, H, W]}: the {@link #fiveCrop five crops}, then the five
     * crops of the {@link #mirror mirrored} images, each {@code [N, C, cropH, cropW]}.
     */
    public static List<Tensor> tenCrop(Tensor images, int cropH, int cropW) {
        check("tenCrop", images, cropH, cropW);
        List<Tensor> out = new ArrayList<>(fiveCrop(images, cropH, cropW));
        out.addAll(fiveCrop(mirror(images), cropH, cropW));
        return out;
    }

    /** The images {@code [N, C, H, W]} mirrored left to right (a new tensor). */
    public static Tensor mirror(Tensor images) {
        if (images.dim() != 4) throw new IllegalArgumentException("MultiCrop.mirror: images must be [N, C, H, W], got shape " + images.shape());
        int w = images.size(3);
        int[] reversed = new int[w];
        for (int j = 0; j < w; j++) reversed[j] = w - 1 - j;
        return images.indexSelect(3, Tensor.of(reversed, w));
    }

    /**
     * The model's softmax probabilities {@code [N, K]} averaged over the {@link #tenCrop ten crops} of
     * {@code images}, computed in evaluation mode without gradients.
     */
    public static Tensor predict(Module model, Tensor images, int cropH, int cropW) {
        List<Tensor> crops = tenCrop(images, cropH, cropW);
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var s = Autograd.noGrad()) {
            Tensor sum = null;
            for (Tensor c : crops) {
                Tensor logits = model.forward(c);
                if (logits.dim() != 2 || logits.size(0) != images.size(0)) {
                    throw new IllegalArgumentException("MultiCrop.predict: the model must map [N, C, h, w] crops to logits [N, K];"
                            + " for crops " + c.shape() + " it gave " + logits.shape());
                }
                Tensor p = logits.softmax(1);
                sum = sum == null ? p : sum.add(p);
            }
            return sum.div(crops.size());
        } finally {
            model.train(wasTraining);
        }
    }

    /**
     * The fraction of {@code data}'s examples whose ten-crop {@link #predict prediction}'s most probable class is
     * the label, in batches of {@code batchSize}. Labels are class indices {@code [N]} or one-hot rows {@code [N, K]}.
     */
    public static double accuracy(Module model, Dataset data, int batchSize, int cropH, int cropW) {
        if (batchSize <= 0) throw new IllegalArgumentException("MultiCrop.accuracy: batch size must be positive, got " + batchSize);
        int m = data.size(), correct = 0;
        if (m == 0) throw new IllegalArgumentException("MultiCrop.accuracy: the data set is empty");
        for (int from = 0; from < m; from += batchSize) {
            int[] idx = new int[Math.min(batchSize, m - from)];
            for (int i = 0; i < idx.length; i++) idx[i] = from + i;
            Batch b = data.get(idx);
            if (!b.labelled()) throw new IllegalArgumentException("MultiCrop.accuracy: the data set has no labels");
            int[] predicted = argmaxRows(predict(model, b.x(), cropH, cropW));
            int[] labels = b.y().dim() == 1 ? b.y().toIntArray() : argmaxRows(b.y());
            if (labels.length != predicted.length) {
                throw new IllegalArgumentException("MultiCrop.accuracy: labels of shape " + b.y().shape() + " do not fit "
                        + predicted.length + " predictions; expected [N] class indices or [N, K] one-hot rows");
            }
            for (int i = 0; i < labels.length; i++) if (labels[i] == predicted[i]) correct++;
        }
        return (double) correct / m;
    }

    private static int[] argmaxRows(Tensor t) {
        if (t.dim() != 2) throw new IllegalArgumentException("MultiCrop.accuracy: expected rows [N, K], got shape " + t.shape());
        int n = t.size(0), k = t.size(1);
        double[] v = t.toDoubleArray();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) if (v[i * k + j] > v[i * k + best]) best = j;
            out[i] = best;
        }
        return out;
    }

    private static Tensor crop(Tensor images, int top, int left, int cropH, int cropW) {
        return images.narrow(2, top, cropH).narrow(3, left, cropW).clone();
    }

    private static void check(String op, Tensor images, int cropH, int cropW) {
        if (images.dim() != 4) throw new IllegalArgumentException("MultiCrop." + op + ": images must be [N, C, H, W], got shape " + images.shape());
        int h = images.size(2), w = images.size(3);
        if (cropH < 1 || cropH > h || cropW < 1 || cropW > w) {
            throw new IllegalArgumentException("MultiCrop." + op + ": crop " + cropH + "x" + cropW + " does not fit images of "
                    + h + "x" + w + " (shape " + images.shape() + ")");
        }
    }
}
