package ai.deepj.optim;

import static ai.deepj.optim.Fixtures.assertClose;
import static ai.deepj.optim.Fixtures.doubles;
import static ai.deepj.optim.Fixtures.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.tensor.Tensor;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the optimizer cases of {@code fixtures/optim.json}: fixed float64 parameters, a fixed
 * gradient per step read from the file (no loss), five steps, and the parameters after every step
 * compared with {@code torch.optim} (or, for the course's momentum and Keras's ε placement, which
 * PyTorch lacks, with the generator's numpy hand formulas). Tolerance per element
 * {@code |actual − expected| ≤ 1e-12 + 1e-12·|expected|}: both sides compute in float64 and differ
 * only in the order of a few operations (PyTorch's {@code lerp}/{@code addcdiv} against deepj's
 * composed ops), a few ulps.
 */
class OptimFixtureTest {
    static Stream<JsonObject> cases() {
        return StreamSupport.stream(Fixtures.doc().getAsJsonArray("optimizers").spliterator(), false).map(JsonElement::getAsJsonObject);
    }

    static Map<String, Double> hyper(JsonObject o) {
        Map<String, Double> m = new HashMap<>();
        for (var e : o.entrySet()) m.put(e.getKey(), e.getValue().getAsDouble());
        return m;
    }

    /** Builds the optimizer a case names, from deepj's public factories. */
    static Optimizer create(String kind, List<Tensor> params, Map<String, Double> h) {
        return switch (kind) {
            case "GradientDescent" -> GradientDescent.of(params, new GradientDescent.Options(h.get("lr"), h.get("weightDecay")));
            case "Momentum.pytorch" -> Momentum.pytorch(params, h.get("lr"), h.get("momentum"), h.get("weightDecay"));
            case "Momentum.course" -> Momentum.course(params, h.get("lr"), h.get("beta"));
            case "Nesterov" -> Nesterov.of(params, h.get("lr"), h.get("momentum"), h.get("weightDecay"));
            case "AdaGrad" -> AdaGrad.of(params, new AdaGrad.Options(h.get("lr"), h.get("eps"), h.get("weightDecay")));
            case "RMSprop" -> RMSprop.of(params, new RMSprop.Options(h.get("lr"), h.get("beta"), h.get("eps"), h.get("weightDecay")));
            case "Adam" -> Adam.of(params, new Adam.Options(h.get("lr"), h.get("beta1"), h.get("beta2"), h.get("eps"),
                    h.get("weightDecay"), EpsilonPlacement.AFTER_BIAS_CORRECTION));
            case "Adam.keras" -> Adam.of(params, Adam.Options.keras().withLr(h.get("lr")).withBeta1(h.get("beta1"))
                    .withBeta2(h.get("beta2")).withEps(h.get("epsHat")).withWeightDecay(h.get("weightDecay")));
            case "AdamW" -> AdamW.of(params, AdamW.Options.defaults().withLr(h.get("lr")).withBeta1(h.get("beta1"))
                    .withBeta2(h.get("beta2")).withEps(h.get("eps")).withWeightDecay(h.get("weightDecay")));
            default -> throw new AssertionError("unknown optimizer " + kind);
        };
    }

    /** Runs a case's steps with {@code kind}; returns the parameter values after each step. */
    static List<List<double[]>> replay(JsonObject c, String kind, Map<String, Double> h) {
        List<Tensor> params = new ArrayList<>();
        for (JsonElement p : c.getAsJsonArray("params")) params.add(Fixtures.tensor(p.getAsJsonObject()).requiresGrad(true));
        var groups = c.getAsJsonArray("groups");
        Optimizer opt = null;
        for (JsonElement ge : groups) {
            JsonObject g = ge.getAsJsonObject();
            List<Tensor> ps = new ArrayList<>();
            for (int i : ints(g.get("params"))) ps.add(params.get(i));
            if (opt == null) opt = create(kind, ps, h);
            else opt.addParamGroup(ps, hyper(g.getAsJsonObject("hyper")));
        }
        assertEquals(h, opt.groups().get(0).hyperparameters(), "hyperparameter names and values of " + kind);
        List<List<double[]>> out = new ArrayList<>();
        for (JsonElement stepGrads : c.getAsJsonArray("grads")) {
            var gs = stepGrads.getAsJsonArray();
            for (int i = 0; i < params.size(); i++) {
                params.get(i).setGrad(Tensor.of(doubles(gs.get(i)), params.get(i).shape().toArray()));
            }
            opt.step();
            List<double[]> now = new ArrayList<>();
            for (Tensor p : params) now.add(p.toDoubleArray());
            out.add(now);
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> optimizersMatchPyTorchOverFiveSteps() {
        return cases().map(c -> DynamicTest.dynamicTest(c.get("name").getAsString() + " [" + c.get("source").getAsString() + "]", () -> {
            var actual = replay(c, c.get("optimizer").getAsString(), hyper(c.getAsJsonObject("hyper")));
            var expected = c.getAsJsonArray("expected");
            for (int step = 0; step < expected.size(); step++) {
                var e = expected.get(step).getAsJsonArray();
                for (int i = 0; i < e.size(); i++) {
                    assertClose(doubles(e.get(i)), actual.get(step).get(i), c.get("name").getAsString() + ", step " + (step + 1)
                            + ", parameter " + i);
                }
            }
        }));
    }

    /** Guards against the fixture silently losing an optimizer. */
    @Test
    void fixturesCoverEveryOptimizer() {
        Set<String> kinds = cases().map(c -> c.get("optimizer").getAsString()).collect(Collectors.toSet());
        assertEquals(Set.of("GradientDescent", "Momentum.pytorch", "Momentum.course", "Nesterov", "AdaGrad", "RMSprop", "Adam",
                "Adam.keras", "AdamW"), kinds);
        assertTrue(cases().anyMatch(c -> c.getAsJsonArray("groups").size() > 1), "no multi-group case");
    }

    /**
     * The Keras case would pass with the PyTorch placement only if the fixture could not tell them
     * apart; its tiny third gradient (~1e-6, where √s is comparable to ε) makes them differ by far
     * more than the tolerance.
     */
    @Test
    void epsilonPlacementsAreDistinguishedByTheFixture() {
        JsonObject c = cases().filter(x -> x.get("optimizer").getAsString().equals("Adam.keras")).findFirst().orElseThrow();
        Map<String, Double> h = hyper(c.getAsJsonObject("hyper"));
        Map<String, Double> torchNames = new HashMap<>(h);
        torchNames.put("eps", torchNames.remove("epsHat"));
        var wrong = replay(c, "Adam", torchNames);
        var last = c.getAsJsonArray("expected").get(4).getAsJsonArray();
        double diff = Fixtures.maxDiff(doubles(last.get(2)), wrong.get(4).get(2));
        assertTrue(diff > 1e-4, "placements differ by only " + diff);
    }
}
