package ai.deepj.data;

import ai.deepj.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import io.jhdf.exceptions.HdfInvalidPathException;
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
 * A file that is not HDF5, is shorter than its superblock says (truncated: jHDF alone would read
 * zeros past the end), or that jHDF cannot parse raises a {@link DataFileException} naming it.
 */
public final class Hdf5 {
    private Hdf5() {}

    /** The data set at {@code path} (e.g. {@code "train_set_x"} or {@code "group/data"}) as a tensor. */
    public static Tensor read(Path file, String path) throws IOException {
        try (HdfFile hdf = open(file, "Hdf5.read")) {
            Node node;
            try {
                node = hdf.getByPath(path);
            } catch (HdfInvalidPathException e) {
                throw new DataFileException(file, "Hdf5.read: " + file + " has no data set '" + path + "' (it has " + names(hdf) + ")", e);
            }
            if (!(node instanceof Dataset ds)) {
                throw new DataFileException(file, "Hdf5.read: " + file + ": '" + path + "' is a group, not a data set");
            }
            return toTensor(file, path, ds);
        } catch (RuntimeException e) {
            // jHDF reports a malformed file with its HdfException, and at times with a JDK runtime
            // exception from deep inside (a BufferUnderflowException, say): both mean the file is bad.
            throw unreadable(file, "Hdf5.read", e);
        }
    }

    /** Names of the top-level members of the file. */
    public static List<String> list(Path file) throws IOException {
        try (HdfFile hdf = open(file, "Hdf5.list")) {
            return names(hdf);
        } catch (RuntimeException e) {
            throw unreadable(file, "Hdf5.list", e);
        }
    }

    /** Opens {@code file} and checks it is as long as its superblock says. */
    private static HdfFile open(Path file, String who) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString());
        HdfFile hdf;
        try {
            hdf = new HdfFile(file);
        } catch (RuntimeException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("No valid HDF5 signature")) {
                throw new DataFileException(file, who + ": " + file + " is not an HDF5 file (no HDF5 signature \\x89HDF\\r\\n\\x1a\\n at "
                        + "offset 0, 512, 1024, ...)", e);
            }
            throw unreadable(file, who, e);
        }
        try {
            Superblock sb = hdf.getHdfBackingStorage().getSuperblock();
            long needed = sb.getBaseAddressByte() + sb.getEndOfFileAddress();
            long size = Files.size(file);
            if (size < needed) {
                throw new DataFileException(file, who + ": " + file + " is truncated: its superblock says the file ends at byte "
                        + needed + " but only " + size + " bytes are present");
            }
            return hdf;
        } catch (IOException | RuntimeException e) {
            hdf.close();
            throw e;
        }
    }

    private static DataFileException unreadable(Path file, String who, Exception e) {
        if (e instanceof DataFileException d) return d;
        String why = e instanceof HdfException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new DataFileException(file, who + ": " + file + " is not a readable HDF5 file (" + why + ")", e);
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
                    if (l[k] != (int) l[k]) {
                        throw new DataFileException(file, "Hdf5.read: " + file + ": '" + path + "' holds " + l[k] + " at flat index " + k
                                + ", beyond int32");
                    }
                    i[k] = (int) l[k];
                }
                yield Tensor.of(i, shape);
            }
            default -> throw new DataFileException(file, "Hdf5.read: " + file + ": '" + path + "' holds "
                    + ds.getJavaType().getSimpleName() + " values, not numbers");
        };
    }
}
