package ai.deepj.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Factories, seeded random fills, storage sharing of views, and printing. */
class CreationTest {
    @Test
    void constantFactoriesHaveTheRequestedTypeShapeAndValues() {
        Tensor z = Tensor.zeros(DType.FLOAT64, 2, 3);
        assertEquals(DType.FLOAT64, z.dtype());
        assertArrayEquals(new int[] {2, 3}, z.shape().toArray());
        assertArrayEquals(new double[6], z.toDoubleArray());
        assertEquals(DType.FLOAT32, Tensor.zeros(4).dtype());
        assertArrayEquals(new float[] {1, 1, 1}, Tensor.ones(3).toFloatArray());
        assertArrayEquals(new int[] {1, 1}, Tensor.ones(DType.INT32, 2).toIntArray());
        assertArrayEquals(new double[] {-2.5, -2.5, -2.5, -2.5}, Tensor.full(DType.FLOAT64, -2.5, 2, 2).toDoubleArray());
        assertArrayEquals(new int[] {7, 7}, Tensor.full(DType.INT32, 7, 2).toIntArray());
        Tensor s = Tensor.scalar(3.5, DType.FLOAT64);
        assertEquals(0, s.dim());
        assertEquals(3.5, s.item());
        assertArrayEquals(new double[] {0, 0}, Tensor.of(new double[] {4, 5}, 2).zerosLike().toDoubleArray());
        assertEquals(0, Tensor.zeros(0, 3).numel());
    }

    @Test
    void arangeMatchesPyTorch() {
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Tensor.arange(5).toIntArray());
        assertEquals(DType.INT32, Tensor.arange(5).dtype());
        // torch.arange(0, 1, 0.1, dtype=torch.float64) has 10 elements: the end is excluded.
        Tensor a = Tensor.arange(DType.FLOAT64, 0, 1, 0.1);
        assertEquals(10, a.numel());
        assertEquals(0.9, a.get(9), 1e-15);
        assertArrayEquals(new double[] {5, 3.5, 2, 0.5}, Tensor.arange(DType.FLOAT64, 5, 0, -1.5).toDoubleArray());
        assertArrayEquals(new int[] {-3, -1, 1}, Tensor.arange(DType.INT32, -3, 3, 2).toIntArray());
        assertEquals(0, Tensor.arange(DType.FLOAT32, 3, 1, 1).numel());
    }

    @Test
    void linspaceIncludesBothEndsExactly() {
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, Tensor.linspace(DType.FLOAT64, 0, 1, 5).toDoubleArray(), 0);
        // Same values as torch.linspace(-1, 2, 7, dtype=torch.float64).
        assertArrayEquals(new double[] {-1, -0.5, 0, 0.5, 1, 1.5, 2}, Tensor.linspace(DType.FLOAT64, -1, 2, 7).toDoubleArray(), 1e-15);
        Tensor l = Tensor.linspace(DType.FLOAT64, 0.1, 0.7, 13);
        assertEquals(0.1, l.get(0));
        assertEquals(0.7, l.get(12));
        assertArrayEquals(new double[] {3}, Tensor.linspace(DType.FLOAT64, 3, 9, 1).toDoubleArray());
        assertEquals(0, Tensor.linspace(DType.FLOAT64, 3, 9, 0).numel());
    }

    @Test
    void eyeIsTheIdentity() {
        Tensor e = Tensor.eye(DType.FLOAT64, 3);
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, e.toDoubleArray());
        Tensor m = Tensor.normal(Generator.seeded(3), DType.FLOAT64, 0, 1, 3, 4);
        assertArrayEquals(m.toDoubleArray(), e.matmul(m).toDoubleArray(), 0);
    }

    @Test
    void sameSeedGivesIdenticalArraysAndDifferentSeedsDiffer() {
        assertArrayEquals(Tensor.rand(Generator.seeded(42), 50).toFloatArray(), Tensor.rand(Generator.seeded(42), 50).toFloatArray());
        assertArrayEquals(Tensor.randn(Generator.seeded(42), 5, 10).toFloatArray(), Tensor.randn(Generator.seeded(42), 5, 10).toFloatArray());
        assertArrayEquals(Tensor.uniform(Generator.seeded(7), DType.FLOAT64, -2, 3, 40).toDoubleArray(),
                Tensor.uniform(Generator.seeded(7), DType.FLOAT64, -2, 3, 40).toDoubleArray());
        assertArrayEquals(Tensor.normal(Generator.seeded(7), DType.FLOAT64, 1, 2, 40).toDoubleArray(),
                Tensor.normal(Generator.seeded(7), DType.FLOAT64, 1, 2, 40).toDoubleArray());
        assertFalse(Arrays.equals(Tensor.rand(Generator.seeded(1), 50).toFloatArray(), Tensor.rand(Generator.seeded(2), 50).toFloatArray()));
        assertFalse(Arrays.equals(Tensor.randn(Generator.seeded(1), 50).toFloatArray(), Tensor.randn(Generator.seeded(2), 50).toFloatArray()));
        // One generator continues its sequence: two draws differ.
        Generator g = Generator.seeded(9);
        assertFalse(Arrays.equals(Tensor.rand(g, 20).toFloatArray(), Tensor.rand(g, 20).toFloatArray()));
    }

    @Test
    void generatorStateRestoresTheSequence() {
        Generator g = Generator.seeded(5);
        Tensor.randn(g, 3); // leaves a spare Box–Muller value behind
        long state = g.state();
        double[] first = Tensor.normal(g, DType.FLOAT64, 0, 1, 6).toDoubleArray();
        g.setState(state);
        assertArrayEquals(first, Tensor.normal(g, DType.FLOAT64, 0, 1, 6).toDoubleArray());
    }

    @Test
    void randomFillsHaveTheRightDistribution() {
        int n = 100_000;
        Tensor z = Tensor.normal(Generator.seeded(11), DType.FLOAT64, 0, 1, n);
        // Standard errors: mean 1/sqrt(n) ≈ 0.003, std ≈ 0.0022; 5 of them each.
        assertEquals(0, z.mean().item(), 0.016);
        assertEquals(1, Math.sqrt(z.var(new int[] {0}, false, 1).item()), 0.012);
        Tensor f = Tensor.randn(Generator.seeded(12), n);
        assertEquals(DType.FLOAT32, f.dtype());
        assertEquals(0, f.mean().item(), 0.016);
        assertEquals(1, Math.sqrt(f.to(DType.FLOAT64).var(new int[] {0}, false, 1).item()), 0.012);
        Tensor shifted = Tensor.normal(Generator.seeded(13), DType.FLOAT64, 3, 0.5, n);
        assertEquals(3, shifted.mean().item(), 0.008);
        assertEquals(0.5, Math.sqrt(shifted.var(new int[] {0}, false, 1).item()), 0.006);
        Tensor u = Tensor.uniform(Generator.seeded(14), DType.FLOAT64, -2, 3, n);
        assertTrue(u.min().item() >= -2 && u.max().item() < 3);
        assertEquals(0.5, u.mean().item(), 0.025); // sd of the mean: 5/sqrt(12 n) ≈ 0.0046
        Tensor r = Tensor.rand(Generator.seeded(15), n);
        assertTrue(r.min().item() >= 0 && r.max().item() < 1);
        assertEquals(0.5, r.mean().item(), 0.005);
    }

    @Test
    void viewsShareStorageWithTheirBase() {
        Tensor base = Tensor.of(new double[] {0, 1, 2, 3, 4, 5}, 2, 3);
        base.transpose(0, 1).set(40, 2, 1);
        assertEquals(40, base.get(1, 2));
        base.reshape(3, 2).set(10, 0, 1);
        assertEquals(10, base.get(0, 1));
        base.narrow(1, 1, 2).set(11, 1, 0);
        assertEquals(11, base.get(1, 1));
        base.slice(1, 0, 3, 2).set(-1, 0, 1);
        assertEquals(-1, base.get(0, 2));
        base.select(0, 1).set(33, 0);
        assertEquals(33, base.get(1, 0));
        base.unsqueeze(0).squeeze(0).flatten().set(99, 0);
        assertEquals(99, base.get(0, 0));
        base.permute(1, 0).expand(2, 3, 2).set(7, 1, 2, 1); // every expanded copy aliases the same element
        assertEquals(7, base.get(1, 2));
        base.split(1, 0).get(1).set(8, 0, 1);
        assertEquals(8, base.get(1, 1));
        // A change through the base is seen by a view made earlier.
        Tensor view = base.t();
        base.set(123, 0, 1);
        assertEquals(123, view.get(1, 0));
    }

    @Test
    void copiesDoNotShareStorage() {
        Tensor base = Tensor.of(new double[] {0, 1, 2, 3, 4, 5}, 2, 3);
        Tensor c = base.t().contiguous();
        assertTrue(c.isContiguous());
        c.set(50, 0, 0);
        assertEquals(0, base.get(0, 0));
        Tensor k = base.clone();
        k.set(51, 1, 1);
        assertEquals(4, base.get(1, 1));
        Tensor r = base.t().reshape(6); // not expressible as a view: a copy
        r.set(52, 0);
        assertEquals(0, base.get(0, 0));
        assertSame(base, base.contiguous()); // already contiguous: no copy
        Tensor d = base.to(DType.FLOAT32);
        d.set(53, 0, 0);
        assertEquals(0, base.get(0, 0));
        double[] data = {1, 2};
        Tensor of = Tensor.of(data, 2);
        data[0] = 100;
        assertEquals(1, of.get(0)); // of() copies its argument
    }

    @Test
    void toStringLooksLikePyTorch() {
        assertEquals("tensor([[1.0000, 2.5000, -3.0000],\n        [4.0000, 5.0000, 6.0000]], shape=[2, 3], dtype=float64)",
                Tensor.of(new double[] {1, 2.5, -3, 4, 5, 6}, 2, 3).toString());
        assertEquals("tensor([0, 1, 2, 3, 4], shape=[5], dtype=int32)", Tensor.arange(5).toString());
        assertEquals("tensor(3.2500, shape=[], dtype=float32)", Tensor.scalar(3.25).toString());
        assertEquals("tensor([], shape=[0, 3], dtype=float32)", Tensor.zeros(0, 3).toString());
        Tensor leaf = Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true);
        assertTrue(leaf.toString().endsWith("requires_grad=true)"), leaf::toString);
        assertTrue(leaf.mul(2).toString().endsWith("grad_fn=mul)"), () -> leaf.mul(2).toString());
        String big = Tensor.arange(2000).toString();
        assertEquals("tensor([0, 1, 2, ..., 1997, 1998, 1999], shape=[2000], dtype=int32)", big);
        assertNotEquals(-1, Tensor.zeros(40, 40).toString().indexOf("..."));
    }

    @Test
    void scalarComparisonsMatchTensorComparisons() {
        Tensor x = Tensor.of(new double[] {-1, 0, 2}, 3);
        Tensor zero = Tensor.scalar(0, DType.FLOAT64);
        org.junit.jupiter.api.Assertions.assertArrayEquals(x.eq(zero).toDoubleArray(), x.eq(0).toDoubleArray());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1, 0, 1}, x.ne(0).toDoubleArray());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1, 1, 0}, x.le(0).toDoubleArray());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0, 1, 1}, x.ge(0).toDoubleArray());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1, 0, 0}, x.lt(0).toDoubleArray());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0, 0, 1}, x.gt(0).toDoubleArray());
    }

    @Test
    void mapIntoWritesIntoTheGivenBufferAndMatchesTheAllocatingOp() {
        Tensor x = Tensor.of(new double[] {-2, -0.5, 0, 0.5, 3, 40}, 2, 3);
        for (ai.deepj.kernel.UnaryOp op : new ai.deepj.kernel.UnaryOp[] {
                ai.deepj.kernel.UnaryOp.EXP, ai.deepj.kernel.UnaryOp.TANH, ai.deepj.kernel.UnaryOp.SIGMOID}) {
            Tensor out = Tensor.zeros(DType.FLOAT64, 2, 3);
            org.junit.jupiter.api.Assertions.assertSame(out, x.mapInto(op, out));
            Tensor expected = switch (op) {
                case EXP -> x.exp();
                case TANH -> x.tanh();
                default -> x.sigmoid();
            };
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected.toDoubleArray(), out.toDoubleArray(), 0);
        }
        Tensor transposedInput = x.t();
        Tensor out = Tensor.zeros(DType.FLOAT64, 3, 2);
        transposedInput.mapInto(ai.deepj.kernel.UnaryOp.SQUARE, out);
        org.junit.jupiter.api.Assertions.assertArrayEquals(transposedInput.square().toDoubleArray(), out.toDoubleArray(), 0);
        Tensor inPlace = x.clone();
        inPlace.mapInto(ai.deepj.kernel.UnaryOp.NEG, inPlace);
        org.junit.jupiter.api.Assertions.assertArrayEquals(x.neg().toDoubleArray(), inPlace.toDoubleArray(), 0);
    }

    @Test
    void mapIntoRefusesWrongShapesTypesAndAutogradTensors() {
        Tensor x = Tensor.ones(DType.FLOAT64, 2, 3);
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> x.mapInto(ai.deepj.kernel.UnaryOp.EXP, Tensor.zeros(DType.FLOAT64, 3, 2)));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("[3, 2]") && e.getMessage().contains("[2, 3]"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> x.mapInto(ai.deepj.kernel.UnaryOp.EXP, Tensor.zeros(DType.FLOAT32, 2, 3)));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> x.mapInto(ai.deepj.kernel.UnaryOp.EXP, Tensor.zeros(DType.FLOAT64, 3, 2).t()));
        Tensor leaf = Tensor.ones(DType.FLOAT64, 2, 3).requiresGrad(true);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> leaf.mapInto(ai.deepj.kernel.UnaryOp.EXP, Tensor.zeros(DType.FLOAT64, 2, 3)));
    }
}
