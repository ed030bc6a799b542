package ai.deepj.cli.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.deepj.cli.config.ConfigReader;
import ai.deepj.cli.config.LossSpec;
import ai.deepj.cli.config.RunSpec;
import ai.deepj.data.Npz;
import ai.deepj.data.TensorDataset;
import ai.deepj.data.synthetic.Shapes;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataBuilderTest {
    @TempDir
    Path tmp;

    private RunSpec spec(String yaml) throws IOException {
        Path f = tmp.resolve("c.yaml");
        Files.writeString(f, yaml);
        return RunSpec.parse(ConfigReader.read(f), f);
    }

    private PreparedData load(String yaml) throws IOException {
        RunSpec s = spec(yaml);
        return DataBuilder.load(s.data(), s.seed(), s.loss().task(), 0);
    }

    @Test
    void generatedShapesAreCutInOrderTrainDevTestTrainDev() throws IOException {
        PreparedData d = load("data: {name: shapes, train: 30, dev: 12, test: 6, train_dev: 6, seed: 4}\nmodel: [flatten, {dense: 6}]\n");
        TensorDataset all = Shapes.generate(54, 4);
        assertArrayEquals(all.x().narrow(0, 0, 30).contiguous().toFloatArray(), d.train().x().toFloatArray());
        assertArrayEquals(all.y().narrow(0, 30, 12).contiguous().toIntArray(), d.dev().y().toIntArray());
        assertArrayEquals(all.x().narrow(0, 42, 6).contiguous().toFloatArray(), d.test().x().toFloatArray());
        assertArrayEquals(all.y().narrow(0, 48, 6).contiguous().toIntArray(), d.trainDev().y().toIntArray());
        assertArrayEquals(new int[] {1, 28, 28}, d.inputShape());
        assertEquals(Shapes.CLASSES, d.classes());
        assertEquals("shapes (generated, seed 4): train 30, dev 12, test 6, train-dev 6; inputs [1, 28, 28]; 6 classes", d.description());
    }

    @Test
    void binaryTargetsAreFloatColumnsOfZerosAndOnes() throws IOException {
        PreparedData d = load("data: {name: moons, train: 40, dev: 10, test: 10}\nmodel: [{dense: 1}]\nloss: binary_cross_entropy\n");
        assertEquals(List.of("outer", "inner"), d.classes());
        assertEquals(DType.FLOAT32, d.train().y().dtype());
        assertArrayEquals(new int[] {40, 1}, d.train().y().shape().toArray());
        for (float v : d.train().y().toFloatArray()) assertEquals(0, v * (1 - v));
        assertEquals(DType.FLOAT32, d.train().x().dtype(), "moons' float64 points come as the default float type");
        assertArrayEquals(new int[] {2}, d.inputShape());
    }

    @Test
    void csvFilesWithAHeldOutDevSetAndATestFileEncodedAlike() throws IOException {
        StringBuilder train = new StringBuilder("size,color,kind\n");
        for (int i = 0; i < 50; i++) train.append(i).append(',').append(i % 3 == 0 ? "red" : "blue").append(',').append(i % 2 == 0 ? "a" : "b").append('\n');
        Files.writeString(tmp.resolve("train.csv"), train);
        Files.writeString(tmp.resolve("test.csv"), "kind,size,color\nb,7,red\na,8,blue\n");
        PreparedData d = load("""
                data:
                  csv: train.csv
                  label: kind
                  categorical: [color]
                  dev: 0.2
                  test: test.csv
                model: [{dense: 2}]
                """);
        assertEquals(List.of("a", "b"), d.classes());
        assertEquals(40, d.train().size());
        assertEquals(10, d.dev().size());
        assertEquals(5, Arrays.stream(d.dev().y().toIntArray()).sum(), "stratified: half of each class");
        assertArrayEquals(new int[] {3}, d.inputShape());
        assertArrayEquals(new float[] {7, 0, 1, 8, 1, 0}, d.test().x().toFloatArray(), "columns matched by name; color one-hot as blue, red");
        assertArrayEquals(new int[] {1, 0}, d.test().y().toIntArray());
        assertEquals(List.of("size", "color=blue", "color=red"), d.csvEncoding().featureNames());
    }

    @Test
    void regressionTargetsAreFloatColumns() throws IOException {
        Files.writeString(tmp.resolve("r.csv"), "x,y\n1,2.5\n2,4.5\n3,6.5\n4,8.5\n5,10.5\n");
        PreparedData d = load("data: {csv: r.csv, dev: 0.4}\nmodel: [{dense: 1}]\nloss: mse\n");
        assertEquals(List.of(), d.classes());
        assertEquals(3, d.train().size());
        assertArrayEquals(new int[] {3, 1}, d.train().y().shape().toArray());
        assertNull(d.test());
        for (int i = 0; i < 3; i++) assertEquals(2 * d.train().x().get(i, 0) + 0.5, d.train().y().get(i, 0), 0.0);
    }

    @Test
    void dataThatCannotServeSaysWhy() throws IOException {
        Npz.write(tmp.resolve("f.npz"), Map.of("x", Tensor.of(new float[] {1, 2}, 2, 1), "y", Tensor.of(new float[] {0.5f, 1.5f}, 2)));
        RunSpec s = spec("data: {npz: f.npz}\nmodel: [{dense: 2}]\n");
        assertEquals("npz " + tmp.resolve("f.npz") + ": label 0.5 at example 0 is not a class index (0, 1, 2, ...); for real-valued targets use"
                + " a regression loss (mse, mae, huber)", assertThrows(DataFailure.class, () -> DataBuilder.load(s.data(), 1, LossSpec.Task.MULTICLASS, 0))
                .getMessage());
        RunSpec big = spec("data: {name: moons, train: 10}\nmodel: [{dense: 2}]\n");
        assertEquals(10, DataBuilder.load(big.data(), 1, LossSpec.Task.MULTICLASS, 0).train().size());
        Files.writeString(tmp.resolve("g.csv"), "x,y\n1,0\n2,1\n3,0\n4,1\n");
        RunSpec tooMany = spec("data: {csv: g.csv, train: 9}\nmodel: [{dense: 2}]\n");
        assertEquals("train: 9 examples asked, but csv " + tmp.resolve("g.csv") + " has 4 left for training",
                assertThrows(DataFailure.class, () -> DataBuilder.load(tooMany.data(), 1, LossSpec.Task.MULTICLASS, 0)).getMessage());
        RunSpec three = spec("data: {name: shapes, train: 12, dev: 0, test: 0}\nmodel: [{dense: 1}]\nloss: binary_cross_entropy\n");
        assertEquals("shapes has 6 classes; binary_cross_entropy is for two (use cross_entropy)",
                assertThrows(DataFailure.class, () -> DataBuilder.load(three.data(), 1, LossSpec.Task.BINARY, 0)).getMessage());
    }
}
