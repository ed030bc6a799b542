package ai.deepj.cli;

import ai.deepj.cli.build.Sources;
import ai.deepj.cli.run.RunRecord;
import ai.deepj.data.Csv;
import ai.deepj.data.DataFileException;
import ai.deepj.data.Idx;
import ai.deepj.data.ImageFolder;
import ai.deepj.data.Images;
import ai.deepj.data.Npy;
import ai.deepj.data.Npz;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Inputs (and targets) named on the command line, read the way the run's training data was: a CSV
 * file (encoded with the run's CSV encoding), an {@code .npz} archive (arrays {@code x} and
 * {@code y}), {@code .npy} files (inputs, then targets), IDX files (images, then labels), a folder
 * of images with one subfolder per class (named as the model's classes), or image files. Images are resized and coloured as the
 * run's inputs ({@code [c, h, w]}, or {@code [h, w, c]} for catvnoncat's layout).
 *
 * @param x     the inputs, {@code [n, ...]} of the default float type
 * @param y     the targets as read, or null
 * @param names a name per example: the file of an image, else the row number
 * @param what  how to name the inputs in messages
 */
record InputFiles(Tensor x, Tensor y, List<String> names, String what) {
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif", "wbmp");

    /** Reads {@code paths}; {@code labelled} says whether targets are needed (evaluate) or optional (predict). */
    static InputFiles read(List<Path> paths, RunRecord run, boolean labelled) throws IOException {
        for (Path p : paths) if (!Files.exists(p)) throw new NoSuchFileException(p.toString(), null, "no such file or folder");
        Path first = paths.get(0);
        String ext = extension(first);
        String what = String.join(" ", paths.stream().map(Path::toString).toList());
        InputFiles in;
        if (Files.isDirectory(first)) {
            if (paths.size() > 1) throw new UsageError("give one image folder, or image files");
            in = labelled ? imageFolder(first, run, what) : images(imageFiles(first), first, run, what);
        } else if (IMAGE_EXTENSIONS.contains(ext)) {
            if (labelled) throw new UsageError("image files have no labels to evaluate against: give a folder with one subfolder per class");
            in = images(paths, null, run, what);
        } else if (ext.equals("csv") || ext.equals("tsv")) {
            if (paths.size() > 1) throw new UsageError("give one CSV file");
            in = csv(first, run, labelled, what);
        } else if (ext.equals("npz")) {
            if (paths.size() > 1) throw new UsageError("give one .npz file (with arrays x and y)");
            Map<String, Tensor> arrays = Npz.read(first);
            Tensor x = arrays.containsKey("x") ? arrays.get("x") : arrays.values().iterator().next();
            in = rows(x, arrays.get("y"), what);
        } else if (ext.equals("npy")) {
            if (paths.size() > 2) throw new UsageError("give an .npy file of inputs and optionally one of targets");
            in = rows(Npy.read(first), paths.size() > 1 ? Npy.read(paths.get(1)) : null, what);
        } else if (looksIdx(first)) {
            if (paths.size() > 2) throw new UsageError("give an IDX file of inputs and optionally one of labels");
            in = rows(Sources.idxInputs(first), paths.size() > 1 ? Idx.labels(paths.get(1)) : null, what);
        } else {
            throw new UsageError("cannot tell how to read " + first + " (expected .csv, .npz, .npy, IDX files, image files or a folder)");
        }
        if (labelled && in.y() == null) throw new UsageError(what + " has no targets to evaluate against");
        int[] shape = Arrays.copyOfRange(in.x().shape().toArray(), 1, in.x().dim());
        if (!Arrays.equals(shape, run.inputShape())) {
            throw new DataFileException(first, what + ": the inputs are " + Arrays.toString(shape) + " per example but the model takes "
                    + Arrays.toString(run.inputShape()));
        }
        return in;
    }

    private static InputFiles rows(Tensor x, Tensor y, String what) {
        Tensor xf = x.dtype() == DType.defaultFloat() ? x : x.to(DType.defaultFloat());
        if (y != null && y.size(0) != x.size(0)) {
            throw new UsageError(what + ": " + x.size(0) + " inputs but " + y.size(0) + " targets");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < x.size(0); i++) names.add(Integer.toString(i));
        return new InputFiles(xf, y, names, what);
    }

    private static InputFiles csv(Path file, RunRecord run, boolean labelled, String what) throws IOException {
        if (run.csv() != null) {
            Sources.Pool p = Sources.csvWithEncoding(file, run.csv(), run.csvHeader(), run.csvDelimiter());
            return rows(p.x(), p.y(), what);
        }
        Csv.Options o = Csv.Options.defaults().withDelimiter(extension(file).equals("tsv") ? '\t' : ',');
        if (labelled) {
            int fields = Csv.read(file, o).x().size(1);
            o = o.withLabel(fields - 1);
        }
        Csv.Result r = Csv.read(file, o);
        return rows(r.x(), r.y(), what);
    }

    private static InputFiles imageFolder(Path dir, RunRecord run, String what) throws IOException {
        ImageFolder.Options o = ImageFolder.Options.defaults();
        int[] chw = chw(run);
        o = o.withSize(chw[1], chw[2]).withColor(chw[0] == 1 ? Images.Color.GRAY : Images.Color.RGB);
        ImageFolder.Result r = ImageFolder.load(dir, o);
        // Subfolders are matched to the model's classes by name (a test folder may hold only some of them).
        int[] code = new int[r.classes().size()];
        for (int c = 0; c < code.length; c++) {
            code[c] = run.classes().indexOf(r.classes().get(c));
            if (code[c] < 0) {
                throw new DataFileException(dir, dir + ": subfolder '" + r.classes().get(c) + "' is not one of the model's classes "
                        + run.classes());
            }
        }
        int[] y = r.y().toIntArray();
        for (int i = 0; i < y.length; i++) y[i] = code[y[i]];
        Tensor x = layout(r.x(), run);
        List<String> names = r.files().stream().map(p -> dir.relativize(p).toString()).toList();
        return new InputFiles(x, Tensor.of(y, y.length), names, what);
    }

    private static InputFiles images(List<Path> files, Path base, RunRecord run, String what) throws IOException {
        int[] chw = chw(run);
        Images.Options o = Images.Options.defaults().withSize(chw[1], chw[2]).withColor(chw[0] == 1 ? Images.Color.GRAY : Images.Color.RGB);
        List<Tensor> xs = new ArrayList<>();
        for (Path f : files) xs.add(Images.read(f, o));
        Tensor x = layout(Tensor.stack(0, xs.toArray(Tensor[]::new)), run);
        return new InputFiles(x, null, files.stream().map(f -> base == null ? f.toString() : base.relativize(f).toString()).toList(), what);
    }

    /** The run's image shape as {@code [c, h, w]}; an error for a model that does not take images. */
    private static int[] chw(RunRecord run) {
        int[] s = run.inputShape();
        return switch (run.imageLayout()) {
            case "chw" -> s;
            case "hwc" -> new int[] {s[2], s[0], s[1]};
            default -> throw new UsageError("the model takes inputs of " + Arrays.toString(s) + " per example, not images");
        };
    }

    private static Tensor layout(Tensor nchw, RunRecord run) {
        return run.imageLayout().equals("hwc") ? nchw.permute(0, 2, 3, 1).contiguous() : nchw;
    }

    private static List<Path> imageFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> files = s.filter(Files::isRegularFile).filter(p -> IMAGE_EXTENSIONS.contains(extension(p)))
                    .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
            if (files.isEmpty()) throw new DataFileException(dir, dir + " holds no image files (png, jpg, bmp, gif)");
            return files;
        }
    }

    private static boolean looksIdx(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.contains("idx") || n.endsWith("-ubyte") || n.endsWith("-ubyte.gz");
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1);
    }
}
