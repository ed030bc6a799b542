package ai.deepj.cli.build;

import ai.deepj.cli.config.ConfigException;
import ai.deepj.cli.config.DataSpec;
import ai.deepj.cli.config.LossSpec;
import ai.deepj.data.Csv;
import ai.deepj.data.DataFileException;
import ai.deepj.data.Hdf5;
import ai.deepj.data.Idx;
import ai.deepj.data.ImageFolder;
import ai.deepj.data.Images;
import ai.deepj.data.Mnist;
import ai.deepj.data.Npy;
import ai.deepj.data.Npz;
import ai.deepj.data.SharedData;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the examples of one {@link DataSpec.Source} (a file, or the files of a named set) into
 * tensors, with the conventions of each format: IDX unsigned-byte images and image folders are
 * scaled to [0, 1] (as {@link Mnist} and {@link ImageFolder} do), catvnoncat's pixels are divided
 * by 255 as the course does, NPY/NPZ arrays and CSV values are taken as they are.
 */
public final class Sources {
    private Sources() {}

    /**
     * Examples: inputs {@code x} of the file's type, targets {@code y} as read (or null), class names
     * if the source names them (else empty), and the CSV encoding for CSV sources.
     */
    public record Pool(Tensor x, Tensor y, List<String> classes, Csv.Encoding encoding) {
        /** The number of examples. */
        public int size() {
            return x.size(0);
        }
    }

    /** The official train and test pools of a named set that has files (mnist, catvnoncat). */
    public record Official(Pool train, Pool test) {}

    /** Reads mnist or catvnoncat. */
    public static Official named(DataSpec.Named n) throws IOException {
        Path dir = n.dir().orElseGet(() -> SharedData.find(n.name()).orElseThrow(() -> new DataFailure(n.name() + ": "
                + SharedData.missingReason(n.name()) + "; or give data: dir: FOLDER")));
        return switch (n.name()) {
            case "mnist" -> {
                Mnist m = Mnist.load(dir);
                List<String> digits = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
                yield new Official(new Pool(channel(m.train().x()), m.train().y(), digits, null),
                        new Pool(channel(m.test().x()), m.test().y(), digits, null));
            }
            case "catvnoncat" -> {
                Path train = dir.resolve("train_catvnoncat.h5"), test = dir.resolve("test_catvnoncat.h5");
                List<String> classes = List.of("non-cat", "cat");
                yield new Official(new Pool(pixels(Hdf5.read(train, "train_set_x")), Hdf5.read(train, "train_set_y"), classes, null),
                        new Pool(pixels(Hdf5.read(test, "test_set_x")), Hdf5.read(test, "test_set_y"), classes, null));
            }
            default -> throw new IllegalArgumentException("Sources.named: " + n.name() + " has no files");
        };
    }

    /**
     * Reads a file source. {@code like} is the training pool when reading a dev or test file: CSV
     * files are then encoded with its encoding and image folders get its image size and colour.
     */
    public static Pool file(DataSpec.Source s, LossSpec.Task task, Pool like, DataSpec.Source trainSource) throws IOException {
        return switch (s) {
            case DataSpec.CsvFile c -> csv(c, task, like, trainSource instanceof DataSpec.CsvFile t ? t : c);
            case DataSpec.NpzFile z -> {
                Map<String, Tensor> arrays = Npz.read(z.file());
                Tensor x = arrays.get(z.x());
                if (x == null) throw new DataFailure(z.file() + " has no array '" + z.x() + "' (it has " + String.join(", ", arrays.keySet())
                        + "); name the inputs with x: NAME");
                Tensor y = arrays.get(z.y());
                if (y == null && task != null) throw new DataFailure(z.file() + " has no array '" + z.y() + "' (it has "
                        + String.join(", ", arrays.keySet()) + "); name the targets with y: NAME");
                yield new Pool(x, y, List.of(), null);
            }
            case DataSpec.NpyFiles n -> new Pool(Npy.read(n.x()), n.labels().isPresent() ? Npy.read(n.labels().get()) : null, List.of(), null);
            case DataSpec.IdxFiles i -> new Pool(idxInputs(i.images()), i.labels().isPresent() ? Idx.labels(i.labels().get()) : null,
                    List.of(), null);
            case DataSpec.ImageDir d -> {
                ImageFolder.Options o = ImageFolder.Options.defaults();
                int h = d.height(), w = d.width();
                boolean gray = d.gray();
                if (like != null && trainSource instanceof DataSpec.ImageDir t) {
                    h = like.x().size(2);
                    w = like.x().size(3);
                    gray = t.gray();
                }
                if (h > 0) o = o.withSize(h, w);
                o = o.withColor(gray ? Images.Color.GRAY : Images.Color.RGB);
                ImageFolder.Result r = ImageFolder.load(d.dir(), o);
                List<String> classes = r.classes();
                if (like != null && !like.classes().isEmpty() && !like.classes().equals(classes)) {
                    throw new DataFailure(d.dir() + " has the classes " + classes + " but the training folder has " + like.classes());
                }
                yield new Pool(r.x(), r.y(), classes, null);
            }
            case DataSpec.Named n -> throw new IllegalArgumentException("Sources.file: " + n.name() + " is not a file");
        };
    }

    private static Pool csv(DataSpec.CsvFile c, LossSpec.Task task, Pool like, DataSpec.CsvFile train) throws IOException {
        Csv.Options o = Csv.Options.defaults().withHeader(train.header()).withDelimiter(train.delimiter())
                .withTask(task == LossSpec.Task.REGRESSION ? Csv.Task.REGRESSION : Csv.Task.CLASSIFICATION);
        if (like != null && like.encoding() != null) {
            o = o.withEncoding(like.encoding());
        } else {
            String label = train.label().orElse(null);
            if (label == null) {
                o = o.withLabel(lastColumn(c.file(), train));
            } else if (label.matches("\\d+") && !train.header()) {
                o = o.withLabel(Integer.parseInt(label));
            } else {
                o = o.withLabel(label);
            }
            if (!train.categorical().isEmpty()) o = o.withCategorical(train.categorical().toArray(String[]::new));
            if (!train.ignore().isEmpty()) o = o.withIgnored(train.ignore().toArray(String[]::new));
        }
        Csv.Result r;
        try {
            r = Csv.read(c.file(), o);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(train.where(), e.getMessage());
        }
        return new Pool(r.x(), r.y(), r.encoding().labelClasses(), r.encoding());
    }

    /** A CSV file read with an encoding (prediction inputs: the label column may be absent). */
    public static Pool csvWithEncoding(Path file, Csv.Encoding encoding, boolean header, char delimiter) throws IOException {
        Csv.Result r = Csv.read(file, Csv.Options.defaults().withHeader(header).withDelimiter(delimiter).withEncoding(encoding));
        return new Pool(r.x(), r.y(), encoding.labelClasses(), encoding);
    }

    private static int lastColumn(Path file, DataSpec.CsvFile train) throws IOException {
        String first;
        try (var lines = java.nio.file.Files.lines(file)) {
            first = lines.filter(l -> !l.isBlank()).findFirst().orElse(null);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        if (first == null) throw new DataFileException(file, file + " is empty");
        int fields = 1;
        boolean quoted = false;
        for (char ch : first.toCharArray()) {
            if (ch == '"') quoted = !quoted;
            else if (ch == train.delimiter() && !quoted) fields++;
        }
        return fields - 1;
    }

    /** IDX inputs: unsigned-byte image files scaled to [0, 1] as MNIST's; any other IDX file as it is. */
    public static Tensor idxInputs(Path file) throws IOException {
        if (!java.nio.file.Files.isRegularFile(file)) throw new NoSuchFileException(file.toString());
        Tensor raw = Idx.read(file);
        if (raw.dim() == 3 && raw.dtype() == DType.INT32) {
            try {
                return channel(Idx.images(file));
            } catch (DataFileException notUbyteImages) {
                return raw;
            }
        }
        return raw;
    }

    /** {@code [n, h, w]} images as {@code [n, 1, h, w]}. */
    static Tensor channel(Tensor x) {
        return x.dim() == 3 ? x.reshape(x.size(0), 1, x.size(1), x.size(2)) : x;
    }

    /** The course's {@code x / 255} of catvnoncat's int pixels, kept in their {@code [n, 64, 64, 3]} layout. */
    private static Tensor pixels(Tensor raw) {
        return raw.to(DType.defaultFloat()).div(255);
    }

    /** Class labels as int32 {@code [m]}: from int or whole-number float values, {@code [m]} or {@code [m, 1]}, or one-hot rows. */
    static Tensor classLabels(Tensor y, String what) {
        Tensor v = y;
        if (v.dim() == 2 && v.size(1) == 1) v = v.reshape(v.size(0));
        if (v.dim() == 2 && v.size(1) > 1) v = v.argmax(1, false);
        if (v.dim() != 1) throw new DataFailure(what + ": class labels must be [m], [m, 1] or one-hot [m, k], got " + y.shape());
        if (v.dtype() == DType.INT32) return v.contiguous();
        double[] d = v.toDoubleArray();
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            if (d[i] != Math.rint(d[i]) || d[i] < 0 || d[i] > Integer.MAX_VALUE) {
                throw new DataFailure(what + ": label " + d[i] + " at example " + i + " is not a class index (0, 1, 2, ...);"
                        + " for real-valued targets use a regression loss (mse, mae, huber)");
            }
            out[i] = (int) d[i];
        }
        return Tensor.of(out, out.length);
    }

    /** Names "0" .. "k-1". */
    static List<String> numbered(int k) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < k; i++) out.add(Integer.toString(i));
        return out;
    }
}
