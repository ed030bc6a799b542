package ai.deepj.data;

import ai.deepj.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads numeric data sets from HDF5 files (pure Java, through jHDF) into tensors, as the course's
 * {@code h5py.File(path)["train_set_x"][:]} does.
 *
 * {@snippet :
 * Tensor x = Hdf5.read(Path.of("train_catvnoncat.h5"), "train_set_x");   // [209, 64, 64, 3] int32
 * Tensor y = Hdf5.read(Path.of("train_catvnoncat.h5"), "train_set_y");   // [209] int32
 * }
 *
 * <p>Integer data sets become int32 (64-bit values must fit), floating ones float32 or float64.
 */
public final class Hdf5 {
    private Hdf5() {}

    /** The data set at {@code path} (e.g. {@code "train_set_x"} or {@code "group/data"}) as a tensor. */
    public static Tensor read(Path file, String path) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString());
        try (HdfFile hdf = new HdfFile(file)) {
            Node node;
            try {
                node = hdf.getByPath(path);
            } catch (HdfException e) {
                throw new IOException(file + ": no data set '" + path + "' (has " + names(hdf) + ")", e);
            }
            if (!(node instanceof Dataset ds)) throw new IOException(file + ": '" + path + "' is a group, not a data set");
            return toTensor(file, path, ds);
        } catch (HdfException e) {
            throw new IOException(file + ": not a readable HDF5 file (" + e.getMessage() + ")", e);
        }
    }

    /** Names of the top-level members of the file. */
    public static List<String> list(Path file) throws IOException {
        try (HdfFile hdf = new HdfFile(file)) {
            return names(hdf);
        } catch (HdfException e) {
            throw new IOException(file + ": not a readable HDF5 file (" + e.getMessage() + ")", e);
        }
    }

    private static List<String> names(HdfFile hdf) {
        return new ArrayList<>(hdf.getChildren().keySet());
    }

    private static Tensor toTensor(Path file, String path, Dataset ds) throws IOException {
        int[] shape = ds.getDimensions();
        Object flat = ds.getDataFlat();
        return switch (flat) {
            case float[] f -> Tensor.of(f, shape);
            case double[] d -> Tensor.of(d, shape);
            case int[] i -> Tensor.of(i, shape);
            case short[] s -> {
                int[] i = new int[s.length];
                for (int k = 0; k < s.length; k++) i[k] = s[k];
                yield Tensor.of(i, shape);
            }
            case byte[] b -> {
                int[] i = new int[b.length];
                for (int k = 0; k < b.length; k++) i[k] = b[k];
                yield Tensor.of(i, shape);
            }
            case long[] l -> {
                int[] i = new int[l.length];
                for (int k = 0; k < l.length; k++) {
                    if (l[k] != (int) l[k]) throw new IOException(file + ": '" + path + "' holds " + l[k] + ", beyond int32");
                    i[k] = (int) l[k];
                }
                yield Tensor.of(i, shape);
            }
            default -> throw new IOException(file + ": '" + path + "' holds " + ds.getJavaType().getSimpleName()
                    + " values, not numbers");
        };
    }
}
