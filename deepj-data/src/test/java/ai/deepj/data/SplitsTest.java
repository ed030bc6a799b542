package ai.deepj.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitsTest {
    /** Example i has x = [i] and label labels[i]. */
    private static TensorDataset data(int[] labels) {
        float[] x = new float[labels.length];
        for (int i = 0; i < x.length; i++) x[i] = i;
        return new TensorDataset(Tensor.of(x, x.length, 1), Tensor.of(labels, labels.length));
    }

    private static TensorDataset data(int m) {
        return data(new int[m]);
    }

    /** The base indices of each part, read back through the data (x = index). */
    private static int[][] indices(List<Subset> parts) {
        int[][] out = new int[parts.size()][];
        for (int p = 0; p < out.length; p++) {
            out[p] = parts.get(p).all().x().toIntArray();
            assertArrayEquals(parts.get(p).indices(), out[p]);
        }
        return out;
    }

    private static void assertEachIndexOnce(int[][] parts, int m) {
        int[] seen = new int[m];
        for (int[] part : parts) for (int i : part) seen[i]++;
        for (int i = 0; i < m; i++) assertEquals(1, seen[i], "example " + i);
    }

    @Test
    void sizesAreFloorsWithTheRemainderInTheFirstPart() {
        assertArrayEquals(new int[] {6, 2, 2}, Splits.sizes(10, 0.6, 0.2, 0.2));
        assertArrayEquals(new int[] {7, 1, 1}, Splits.sizes(9, 0.6, 0.2, 0.2));
        assertArrayEquals(new int[] {980, 10, 10}, Splits.sizes(1000, 0.98, 0.01, 0.01));
        assertArrayEquals(new int[] {9800, 99, 101}, Splits.sizes(10_000, 0.98, 0.0099, 0.0101));
        assertArrayEquals(new int[] {71, 29}, Splits.sizes(100, 0.71, 0.29), "0.29 * 100 is 28.999999999999996 in doubles");
        assertArrayEquals(new int[] {3, 3, 3}, Splits.sizes(9, 1.0 / 3, 1.0 / 3, 1.0 / 3));
        assertArrayEquals(new int[] {4, 3, 3}, Splits.sizes(10, 1.0 / 3, 1.0 / 3, 1.0 / 3));
        assertArrayEquals(new int[] {5}, Splits.sizes(5, 1.0));
    }

    @Test
    void byRatiosShufflesReproduciblyAndUsesEveryExampleOnce() {
        TensorDataset d = data(1000);
        List<Subset> parts = Splits.byRatios(d, 42, 0.6, 0.2, 0.2);
        int[][] idx = indices(parts);
        assertEquals(List.of(600, 200, 200), parts.stream().map(Subset::size).toList());
        assertEachIndexOnce(idx, 1000);
        int[] sorted = idx[0].clone();
        Arrays.sort(sorted);
        assertFalse(Arrays.equals(sorted, idx[0]), "the training part is shuffled");
        assertTrue(Arrays.stream(idx[2]).max().getAsInt() > 900 && Arrays.stream(idx[2]).min().getAsInt() < 100,
                "the test part is drawn from the whole data set");
        int[][] again = indices(Splits.byRatios(d, 42, 0.6, 0.2, 0.2));
        for (int p = 0; p < 3; p++) assertArrayEquals(idx[p], again[p], "same seed, same parts");
        assertFalse(Arrays.equals(idx[1], indices(Splits.byRatios(d, 43, 0.6, 0.2, 0.2))[1]), "another seed, other parts");
        for (Subset s : parts) assertTrue(s.base() == d);
    }

    @Test
    void byRatiosIsAFisherYatesShuffleOfTheSeededGenerator() {
        Generator g = Generator.seeded(7);
        int[] order = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        for (int i = order.length - 1; i > 0; i--) {
            int j = g.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[][] idx = indices(Splits.byRatios(data(10), 7, 0.6, 0.2, 0.2));
        assertArrayEquals(Arrays.copyOfRange(order, 0, 6), idx[0]);
        assertArrayEquals(Arrays.copyOfRange(order, 6, 8), idx[1]);
        assertArrayEquals(Arrays.copyOfRange(order, 8, 10), idx[2]);
    }

    @Test
    void unshuffledKeepsTheOrder() {
        int[][] idx = indices(Splits.unshuffled(data(10), 0.6, 0.2, 0.2));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, idx[0]);
        assertArrayEquals(new int[] {6, 7}, idx[1]);
        assertArrayEquals(new int[] {8, 9}, idx[2]);
        int[][] odd = indices(Splits.unshuffled(data(11), 0.7, 0.3));
        assertArrayEquals(new int[] {8, 9, 10}, odd[1]);
    }

    @Test
    void badRatiosAreRefusedWithTheReason() {
        TensorDataset d = data(100);
        var sum = assertThrows(IllegalArgumentException.class, () -> Splits.byRatios(d, 1, 0.6, 0.2, 0.1));
        assertTrue(sum.getMessage().contains("Splits.byRatios: ratios must sum to 1") && sum.getMessage().contains("[0.6, 0.2, 0.1]"),
                sum.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Splits.byRatios(d, 1, 0.5, 0.5 + 2e-9));
        assertEquals(2, Splits.byRatios(d, 1, 0.5, 0.5 + 5e-10).size(), "within 1e-9 is accepted");
        var neg = assertThrows(IllegalArgumentException.class, () -> Splits.unshuffled(d, 1.2, -0.2));
        assertTrue(neg.getMessage().contains("positive") && neg.getMessage().contains("-0.2 at position 1"), neg.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Splits.byRatios(d, 1, 1.0, 0.0));
        assertThrows(IllegalArgumentException.class, () -> Splits.byRatios(d, 1, Double.NaN, 1.0));
        assertThrows(IllegalArgumentException.class, () -> Splits.byRatios(d, 1));
        var empty = assertThrows(IllegalArgumentException.class, () -> Splits.byRatios(data(50), 1, 0.98, 0.01, 0.01));
        assertTrue(empty.getMessage().contains("part 1 (ratio 0.01) of 50 examples would be empty"), empty.getMessage());
    }

    @Test
    void stratifiedKeepsEachClassProportionInEveryPart() {
        // Classes of 50, 31 and 7 examples, interleaved.
        int[] labels = new int[88];
        for (int i = 0; i < 88; i++) labels[i] = i < 50 ? 5 : i < 81 ? -1 : 12;
        Generator g = Generator.seeded(3);
        for (int i = labels.length - 1; i > 0; i--) {
            int j = g.nextInt(i + 1), t = labels[i];
            labels[i] = labels[j];
            labels[j] = t;
        }
        double[] r = {0.6, 0.2, 0.2};
        List<Subset> parts = Splits.stratified(data(labels), Tensor.of(labels, 88), 11, r);
        checkStratified(labels, parts, r);
        int[] dev = parts.get(1).all().y().toIntArray();
        int[] sortedDev = dev.clone();
        Arrays.sort(sortedDev);
        assertFalse(Arrays.equals(dev, sortedDev), "a part is shuffled, not grouped by class");
        List<Subset> again = Splits.stratified(data(labels), Tensor.of(labels, 88), 11, r);
        for (int p = 0; p < 3; p++) assertArrayEquals(parts.get(p).indices(), again.get(p).indices(), "same seed, same parts");
    }

    @Test
    void stratifiedOneClassOfNineSplits5To2To2NotTheFloorRule() {
        int[] labels = new int[9];
        List<Subset> parts = Splits.stratified(data(labels), Tensor.of(labels, 9), 0, 0.6, 0.2, 0.2);
        assertEquals(List.of(5, 2, 2), parts.stream().map(Subset::size).toList());
    }

    /** Random class sizes and ratios: every rounding stays within one example, per class and per part. */
    @Test
    void stratifiedRoundingHoldsForManyRandomCases() {
        Generator g = Generator.seeded(2024);
        for (int trial = 0; trial < 400; trial++) {
            int classes = 1 + g.nextInt(8), k = 2 + g.nextInt(4);
            int[] sizes = new int[classes];
            int m = 0;
            for (int c = 0; c < classes; c++) m += sizes[c] = 1 + g.nextInt(40);
            double[] r = new double[k];
            double sum = 0;
            for (int p = 0; p < k; p++) sum += r[p] = 0.05 + g.nextDouble();
            for (int p = 0; p < k; p++) r[p] /= sum;
            double total = 0;
            for (double v : r) total += v;
            if (Math.abs(total - 1) > 1e-9) continue;
            boolean tooSmall = false;
            for (double v : r) tooSmall |= v * m < 1;
            if (tooSmall) continue;
            int[] labels = new int[m];
            for (int c = 0, i = 0; c < classes; c++) for (int j = 0; j < sizes[c]; j++) labels[i++] = c * 3;
            checkStratified(labels, Splits.stratified(data(labels), Tensor.of(labels, m), trial, r), r);
        }
    }

    /**
     * The balancing step on states the greedy rounding does not produce (it has needed none in
     * 200 000 random trials): rounded-up cells move along paths of parts until every part is
     * within its bounds, each class keeping its total.
     */
    @Test
    void balancingMovesRoundedUpExamplesAlongPaths() {
        // Three classes of one example, all rounded up into part 0; each part must get one.
        boolean[][] up = {{true, false, false}, {true, false, false}, {true, false, false}};
        boolean[][] can = {{true, true, true}, {true, true, true}, {true, true, true}};
        int[][] take = {{1, 0, 0}, {1, 0, 0}, {1, 0, 0}};
        int[] count = {3, 0, 0};
        assertTrue(Splits.balance(up, can, take, count, new int[] {1, 1, 1}, new int[] {1, 1, 1}));
        assertArrayEquals(new int[] {1, 1, 1}, count);
        for (int[] row : take) assertEquals(1, Arrays.stream(row).sum());

        // Part 0 is one over; class A may move 0 -> 1 and class B 1 -> 2, but part 1 is full: a path of two moves.
        up = new boolean[][] {{true, false, false}, {false, true, false}};
        can = new boolean[][] {{true, true, false}, {false, true, true}};
        take = new int[][] {{1, 0, 0}, {0, 1, 0}};
        count = new int[] {1, 1, 0};
        assertTrue(Splits.balance(up, can, take, count, new int[] {0, 1, 1}, new int[] {0, 1, 1}));
        assertArrayEquals(new int[] {0, 1, 1}, count);
        assertArrayEquals(new int[] {0, 1, 0}, take[0]);
        assertArrayEquals(new int[] {0, 0, 1}, take[1]);

        // Part 0 is one under and only part 2 may give: 2 -> 1 -> 0.
        up = new boolean[][] {{false, true, false}, {false, false, true}};
        take = new int[][] {{0, 1, 0}, {0, 0, 1}};
        count = new int[] {0, 1, 1};
        assertTrue(Splits.balance(up, new boolean[][] {{true, true, false}, {false, true, true}}, take, count,
                new int[] {1, 1, 0}, new int[] {1, 1, 1}));
        assertArrayEquals(new int[] {1, 1, 0}, count);

        // No class may move out of part 0: impossible, and said so.
        assertFalse(Splits.balance(new boolean[][] {{true, false}}, new boolean[][] {{true, false}}, new int[][] {{1, 0}},
                new int[] {1, 0}, new int[] {0, 1}, new int[] {0, 1}));
    }

    private static void checkStratified(int[] labels, List<Subset> parts, double[] r) {
        int m = labels.length;
        int[][] idx = indices(parts);
        assertEachIndexOnce(idx, m);
        int[] classes = Arrays.stream(labels).distinct().toArray();
        for (int p = 0; p < parts.size(); p++) {
            assertTrue(Math.abs(idx[p].length - r[p] * m) < 1, "part " + p + " has " + idx[p].length + " of " + m
                    + " for ratio " + r[p] + " " + Arrays.toString(r));
            int[] y = parts.get(p).all().y().toIntArray();
            for (int j = 0; j < y.length; j++) assertEquals(labels[idx[p][j]], y[j]);
            for (int c : classes) {
                long nc = Arrays.stream(labels).filter(v -> v == c).count();
                long inPart = Arrays.stream(y).filter(v -> v == c).count();
                assertTrue(Math.abs(inPart - r[p] * nc) < 1, "class " + c + ": " + inPart + " of " + nc + " in part " + p
                        + " for ratio " + r[p] + " " + Arrays.toString(r));
            }
        }
    }

    @Test
    void stratifiedRefusesLabelsThatDoNotFit() {
        TensorDataset d = data(4);
        var shape = assertThrows(IllegalArgumentException.class,
                () -> Splits.stratified(d, Tensor.of(new int[] {0, 1, 0}, 3), 0, 0.5, 0.5));
        assertTrue(shape.getMessage().contains("Splits.stratified: labels must be int32 of shape [4]")
                && shape.getMessage().contains("[3]"), shape.getMessage());
        var type = assertThrows(IllegalArgumentException.class,
                () -> Splits.stratified(d, Tensor.of(new float[] {0, 1, 0, 1}, 4), 0, 0.5, 0.5));
        assertTrue(type.getMessage().contains("float32"), type.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Splits.stratified(d, Tensor.of(new int[] {0, 1, 0, 1}, 4), 0, 0.5, 0.4));
        var empty = assertThrows(IllegalArgumentException.class,
                () -> Splits.stratified(d, Tensor.of(new int[] {0, 1, 0, 1}, 4), 0, 0.9, 0.1));
        assertTrue(empty.getMessage().contains("would be empty"), empty.getMessage());
    }
}
