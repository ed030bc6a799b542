package ai.deepj.data;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The course's labelled image files in HDF5 ({@code train_catvnoncat.h5}, {@code test_signs.h5},
 * {@code test_happy.h5}, ...): a data set {@code <prefix>_x} of 8-bit pixels {@code [m, h, w, c]}
 * (channels last, as numpy keeps them) and a data set {@code <prefix>_y} of {@code m} integer
 * labels ({@code [m]}, or {@code [1, m]} as some course files store them). Read as a
 * {@link TensorDataset} of float32 images {@code [m, c, h, w]} (channels first, as deepj's
 * convolutions take them) scaled to {@code [0, 1]} by {@code /255}, and int32 labels {@code [m]}.
 *
 * {@snippet :
 * TensorDataset signs = H5Images.load(Path.of("test_signs.h5"));   // x [120, 3, 64, 64], y [120] in 0..5
 * TensorDataset cats = H5Images.load(Path.of("train_catvnoncat.h5"), "train_set_x", "train_set_y");
 * }
 *
 * <p>Everything a later step would trip on is refused here with a {@link DataFileException} naming the
 * file and data set: a missing data set (the message lists what the file has), images that are not
 * 4-d with 1 or 3 channels, pixels that are not integers in {@code 0..255}, labels that are not
 * integers, are negative, or are not one per image.
 */
public final class H5Images {
    private H5Images() {}

    /**
     * Reads the one pair {@code <prefix>_x}, {@code <prefix>_y} of the file (for the course's files
     * {@code train_set_x}/{@code train_set_y} or {@code test_set_x}/{@code test_set_y}).
     *
     * @throws DataFileException if the file has no such pair or more than one (name them then with
     *         {@link #load(Path, String, String)}), or if the data are malformed (see the class comment)
     */
    public static TensorDataset load(Path file) throws IOException {
        List<String> names = Hdf5.list(file).stream().sorted().toList();
        List<String> prefixes = new ArrayList<>();
        for (String n : names) {
            if (n.endsWith("_x") && names.contains(n.substring(0, n.length() - 2) + "_y")) prefixes.add(n.substring(0, n.length() - 2));
        }
        if (prefixes.size() != 1) {
            throw new DataFileException(file, "H5Images.load: " + file + " has " + (prefixes.isEmpty() ? "no" : prefixes.size())
                    + " pairs of data sets NAME_x and NAME_y " + (prefixes.isEmpty() ? "" : "(" + String.join(", ", prefixes) + ") ")
                    + "(it has " + String.join(", ", names) + "); name the images and labels with load(file, x, y)");
        }
        String p = prefixes.get(0);
        return load(file, p + "_x", p + "_y");
    }

    /**
     * Reads the images in data set {@code xName} and the labels in {@code yName}.
     *
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws DataFileException                 if it is not HDF5, lacks a data set, or the data are
     *                                           malformed (see the class comment)
     */
    public static TensorDataset load(Path file, String xName, String yName) throws IOException {
        String op = "H5Images.load";
        Tensor raw = Hdf5.read(file, xName);
        if (raw.dim() != 4 || (raw.size(3) != 1 && raw.size(3) != 3)) {
            throw new DataFileException(file, op + ": " + file + ": '" + xName + "' must be images [m, height, width, channels] with 1 or 3"
                    + " channels (channels last), got " + raw.dtype() + " " + raw.shape());
        }
        if (raw.dtype() != DType.INT32) {
            throw new DataFileException(file, op + ": " + file + ": '" + xName + "' must hold 8-bit integer pixels 0..255, got a "
                    + raw.dtype() + " data set");
        }
        int[] px = raw.toIntArray();
        for (int i = 0; i < px.length; i++) {
            if (px[i] < 0 || px[i] > 255) {
                throw new DataFileException(file, op + ": " + file + ": '" + xName + "' must hold pixels 0..255, got " + px[i]
                        + " at flat index " + i);
            }
        }
        int m = raw.size(0);
        Tensor y = Hdf5.read(file, yName);
        boolean oneRow = y.dim() == 2 && y.size(0) == 1;
        if (!(y.dim() == 1 || oneRow) || y.numel() != m) {
            throw new DataFileException(file, op + ": " + file + ": '" + yName + "' must hold one label per image, [" + m + "] or [1, " + m
                    + "], got " + y.shape() + " for " + m + " images in '" + xName + "'");
        }
        if (y.dtype() != DType.INT32) {
            throw new DataFileException(file, op + ": " + file + ": '" + yName + "' must hold integer class labels, got a " + y.dtype()
                    + " data set");
        }
        int[] labels = y.toIntArray();
        for (int i = 0; i < m; i++) {
            if (labels[i] < 0) {
                throw new DataFileException(file, op + ": " + file + ": '" + yName + "' holds label " + labels[i] + " at index " + i
                        + "; class labels must be >= 0");
            }
        }
        Tensor x = raw.permute(0, 3, 1, 2).contiguous().to(DType.FLOAT32).div(255);
        return new TensorDataset(x, Tensor.of(labels, m));
    }
}
