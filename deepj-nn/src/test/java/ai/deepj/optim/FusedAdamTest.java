package ai.deepj.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.FusedUpdates;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Adam's and AdamW's fused update ({@link FusedUpdates#adam}) against the composed tensor-op
 * version ({@link Optimizer#withWeightDecay} then {@link Adam#step}) that it replaced: the same
 * bits, tolerance 0, for float32 and float64, both ε placements, with and without weight decay,
 * over several steps (so the moments and bias corrections are exercised, not just step 1).
 */
class FusedAdamTest {
    /** The composed Adam, kept as the reference: every op a separate tensor op. */
    private static final class ReferenceAdam extends Optimizer {
        private final EpsilonPlacement placement;
        private final boolean decoupled;

        ReferenceAdam(List<Tensor> params, double lr, double weightDecay, EpsilonPlacement placement, boolean decoupled) {
            super(params, OptimUtil.hyper("lr", lr, "beta1", 0.9, "beta2", 0.999, Adam.epsName(placement),
                    placement == EpsilonPlacement.AFTER_BIAS_CORRECTION ? 1e-8 : 1e-7, "weightDecay", weightDecay));
            this.placement = placement;
            this.decoupled = decoupled;
        }

        @Override
        protected void update(Tensor param, Tensor grad, ParamGroup group, long t) {
            if (decoupled) {
                double decay = group.get("lr") * group.get("weightDecay");
                if (decay != 0) param.mulInPlace(1 - decay);
                Adam.step(this, param, grad, group, t, placement);
            } else {
                Adam.step(this, param, withWeightDecay(grad, param, group.get("weightDecay")), group, t, placement);
            }
        }
    }

    /** Parameters of a few sizes (one below a vector length, one odd, one large enough to be split over threads). */
    private static List<Tensor> params(DType dtype) {
        Generator g = Generator.seeded(7);
        return List.of(Tensor.normal(g, dtype, 0, 1, 3).requiresGrad(true), Tensor.normal(g, dtype, 0, 1, 37, 29).requiresGrad(true),
                Tensor.normal(g, dtype, 0, 1, 300, 129).requiresGrad(true));
    }

    /** Runs 5 steps with gradients that change each step (some exactly zero, some large). */
    private static List<Tensor> train(DType dtype, Function<List<Tensor>, Optimizer> make) {
        List<Tensor> p = params(dtype);
        Optimizer opt = make.apply(p);
        Generator g = Generator.seeded(11);
        for (int step = 0; step < 5; step++) {
            opt.zeroGrad();
            for (Tensor t : p) {
                Tensor grad = Tensor.normal(g, dtype, 0, step + 1, (int) t.numel()).reshape(t.shape().toArray());
                grad = grad.mul(Tensor.uniform(g, dtype, 0, 1, (int) t.numel()).reshape(t.shape().toArray()).gt(0.2));
                t.setGrad(grad);
            }
            opt.step();
        }
        return p;
    }

    private static void assertSameBits(List<Tensor> fused, List<Tensor> reference, String what) {
        for (int i = 0; i < fused.size(); i++) {
            assertArrayEquals(reference.get(i).toDoubleArray(), fused.get(i).toDoubleArray(), 0, what + ", parameter " + i);
        }
    }

    @Test
    void adamFusedGivesTheSameBitsAsTheComposedUpdate() {
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            for (EpsilonPlacement placement : EpsilonPlacement.values()) {
                for (double wd : new double[] {0, 0.05}) {
                    Adam.Options o = (placement == EpsilonPlacement.AFTER_BIAS_CORRECTION ? Adam.Options.defaults() : Adam.Options.keras())
                            .withLr(0.01).withWeightDecay(wd);
                    List<Tensor> fused = train(dtype, p -> Adam.of(p, o));
                    List<Tensor> reference = train(dtype, p -> new ReferenceAdam(p, 0.01, wd, placement, false));
                    assertSameBits(fused, reference, "Adam " + dtype + " " + placement + " weightDecay " + wd);
                }
            }
        }
    }

    @Test
    void adamWFusedGivesTheSameBitsAsTheComposedUpdate() {
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            List<Tensor> fused = train(dtype, p -> AdamW.of(p, AdamW.Options.defaults().withLr(0.01).withWeightDecay(0.1)));
            List<Tensor> reference = train(dtype, p -> new ReferenceAdam(p, 0.01, 0.1, EpsilonPlacement.AFTER_BIAS_CORRECTION, true));
            assertSameBits(fused, reference, "AdamW " + dtype);
        }
    }

    @Test
    void theFusedPathIsTheOneTaken() {
        // Guards the test above against comparing the reference with itself.
        Tensor p = Tensor.zeros(DType.FLOAT32, 4, 4).requiresGrad(true);
        p.setGrad(Tensor.ones(DType.FLOAT32, 4, 4));
        assertTrue(FusedUpdates.canFuse(p, p.grad(), p.zerosLike(), p.zerosLike()));
    }
}
