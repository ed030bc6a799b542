package ai.deepj.data;

import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Loads a directory of images laid out one subdirectory per class, as torchvision's
 * {@code ImageFolder}: {@code root/cat/001.png}, {@code root/dog/xyz.jpg}, ... Class names are the
 * subdirectory names sorted, class {@code i} is {@code classes().get(i)}.
 *
 * {@snippet :
 * ImageFolder.Result r = ImageFolder.load(Path.of("data/pets"), ImageFolder.Options.defaults().withSize(64, 64));
 * // r.x(): float32 [n, 3, 64, 64] in [0, 1], r.y(): int32 [n], r.classes(): [cat, dog]
 * Dataset train = r.dataset();
 * }
 *
 * <p>Each class directory is searched recursively; files are taken in sorted path order, those
 * whose extension {@code javax.imageio} reads ({@code png}, {@code jpg}, {@code jpeg}, {@code bmp},
 * {@code gif}, ...) are loaded with {@link Images#read}, other files are skipped, as are names
 * starting with a dot (such as {@code .ipynb_checkpoints}). Without a size in the options every
 * image must have the same size. A class without images, or an image that cannot be decoded, is an
 * error naming the directory or file.
 */
public final class ImageFolder {
    private ImageFolder() {}

    /**
     * Channels and size, as {@link Images.Options}: RGB by default, the files' own size unless
     * {@link #withSize} is given.
     */
    public record Options(Images.Color color, int height, int width) {
        public Options {
            new Images.Options(color, height, width);   // same rules
        }

        /** RGB, the files' own (common) size. */
        public static Options defaults() {
            return new Options(Images.Color.RGB, 0, 0);
        }

        /** Gray or RGB. */
        public Options withColor(Images.Color color) {
            return new Options(color, height, width);
        }

        /** Resize every image to {@code height x width} (bilinear, see {@link Images}). */
        public Options withSize(int height, int width) {
            Images.Options.defaults().withSize(height, width);   // validates
            return new Options(color, height, width);
        }

        Images.Options image() {
            return new Images.Options(color, height, width);
        }
    }

    /**
     * The loaded images.
     *
     * @param x       float32 {@code [n, c, h, w]} in {@code [0, 1]}
     * @param y       int32 {@code [n]} class indices
     * @param classes class names, sorted; class {@code i} is {@code classes.get(i)}
     * @param files   the file of each image, in order
     */
    public record Result(Tensor x, Tensor y, List<String> classes, List<Path> files) {
        /** The images as a data set. */
        public TensorDataset dataset() {
            return new TensorDataset(x, y);
        }
    }

    /**
     * Loads every image under {@code root}.
     *
     * @throws NoSuchFileException if {@code root} is not a directory
     * @throws DataFileException   if {@code root} has no class directories, a class has no images,
     *                             an image cannot be decoded, or sizes differ without a resize
     */
    public static Result load(Path root, Options options) throws IOException {
        if (!Files.isDirectory(root)) throw new NoSuchFileException(root.toString(), null, "ImageFolder.load: not a directory");
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(root)) {
            classDirs = s.filter(Files::isDirectory).filter(p -> !hidden(p)).sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
        if (classDirs.isEmpty()) {
            throw new DataFileException(root, "ImageFolder.load: " + root + " has no class subdirectories (expected root/<class>/<image>)");
        }
        Set<String> suffixes = Arrays.stream(ImageIO.getReaderFileSuffixes()).map(x -> x.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<String> classes = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path dir : classDirs) {
            List<Path> images;
            try (Stream<Path> s = Files.walk(dir)) {
                images = s.filter(Files::isRegularFile)
                        .filter(p -> noHiddenPart(dir, p))
                        .filter(p -> suffixes.contains(extension(p)))
                        .sorted(Comparator.comparing((Path p) -> p.getParent().toString()).thenComparing(p -> p.getFileName().toString()))
                        .toList();
            }
            if (images.isEmpty()) {
                throw new DataFileException(dir, "ImageFolder.load: class directory " + dir + " holds no image files (readable extensions: "
                        + suffixes.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
            for (Path p : images) {
                files.add(p);
                labels.add(classes.size());
            }
            classes.add(dir.getFileName().toString());
        }
        Images.Options io = options.image();
        Tensor x = null;
        int[] first = null;
        try (var s = Autograd.noGrad()) {
            for (int i = 0; i < files.size(); i++) {
                Images.Decoded d = Images.decode(files.get(i), io);
                if (x == null) {
                    first = new int[] {d.height(), d.width()};
                    x = Tensor.zeros(ai.deepj.tensor.DType.FLOAT32, files.size(), d.planes().length, d.height(), d.width());
                } else if (d.height() != first[0] || d.width() != first[1]) {
                    throw new DataFileException(files.get(i), "ImageFolder.load: " + files.get(i) + " is " + d.height() + "x" + d.width()
                            + " but " + files.get(0) + " is " + first[0] + "x" + first[1]
                            + "; give a common size with Options.withSize(h, w)");
                }
                x.select(0, i).copyInPlace(Tensor.of(Images.flatten(d.planes()), d.planes().length, d.height(), d.width()));
            }
        }
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        return new Result(x, Tensor.of(y, y.length), List.copyOf(classes), List.copyOf(files));
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    private static boolean noHiddenPart(Path dir, Path p) {
        for (Path part : dir.relativize(p)) if (part.toString().startsWith(".")) return false;
        return true;
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
