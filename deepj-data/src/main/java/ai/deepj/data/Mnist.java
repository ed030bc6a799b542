package ai.deepj.data;

import ai.deepj.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * MNIST (or Fashion-MNIST, which uses the same file names and format) loaded from a directory
 * holding the four standard IDX files, gzip-compressed or not:
 * {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte},
 * {@code t10k-labels-idx1-ubyte} (each optionally ending in {@code .gz}; the variant spelling
 * {@code train-images.idx3-ubyte} is accepted too).
 *
 * {@snippet :
 * Mnist mnist = Mnist.load(Path.of("data/mnist"));
 * Dataset train = mnist.train().dataset();        // x float32 [60000, 28, 28] in [0, 1], y int32 [60000]
 * Tensor flat = mnist.test().x().reshape(-1, 784); // [10000, 784] for a fully connected net
 * }
 *
 * @param train the 60 000 training examples
 * @param test  the 10 000 test examples
 */
public record Mnist(Split train, Split test) {

    /**
     * One part of the data: images {@code x} float32 {@code [n, rows, cols]} scaled to {@code [0, 1]}
     * and labels {@code y} int32 {@code [n]}.
     */
    public record Split(Tensor x, Tensor y) {
        /** The split as a data set for a loader. */
        public TensorDataset dataset() {
            return new TensorDataset(x, y);
        }
    }

    /**
     * Reads the four files in {@code dir}.
     *
     * @throws NoSuchFileException if a file is missing (the message lists what the directory holds)
     * @throws DataFileException   if a file is malformed, or images and labels disagree in count
     */
    public static Mnist load(Path dir) throws IOException {
        Split train = split(dir, "train");
        Split test = split(dir, "t10k");
        if (train.x().size(1) != test.x().size(1) || train.x().size(2) != test.x().size(2)) {
            throw new DataFileException(dir, "Mnist.load: " + dir + ": training images are " + train.x().size(1) + "x"
                    + train.x().size(2) + " but test images are " + test.x().size(1) + "x" + test.x().size(2));
        }
        return new Mnist(train, test);
    }

    private static Split split(Path dir, String prefix) throws IOException {
        Path imagesFile = find(dir, prefix, "images", "idx3");
        Path labelsFile = find(dir, prefix, "labels", "idx1");
        Tensor x = Idx.images(imagesFile);
        Tensor y = Idx.labels(labelsFile);
        if (x.size(0) != y.size(0)) {
            throw new DataFileException(labelsFile, "Mnist.load: " + imagesFile.getFileName() + " holds " + x.size(0)
                    + " images but " + labelsFile.getFileName() + " holds " + y.size(0) + " labels");
        }
        return new Split(x, y);
    }

    private static Path find(Path dir, String prefix, String kind, String idx) throws IOException {
        if (!Files.isDirectory(dir)) throw new NoSuchFileException(dir.toString(), null, "Mnist.load: not a directory");
        List<String> names = List.of(prefix + "-" + kind + "-" + idx + "-ubyte", prefix + "-" + kind + "." + idx + "-ubyte");
        for (String name : names) {
            for (String suffix : new String[] {"", ".gz"}) {
                Path p = dir.resolve(name + suffix);
                if (Files.isRegularFile(p)) return p;
            }
        }
        List<String> present;
        try (Stream<Path> s = Files.list(dir)) {
            present = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        throw new NoSuchFileException(dir.resolve(names.get(0)).toString(), null, "Mnist.load: missing " + names.get(0)
                + "[.gz] in " + dir + " (it holds " + (present.isEmpty() ? "no files" : String.join(", ", present)) + ")");
    }
}
