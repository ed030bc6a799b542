package ai.deepj.cli.run;

import ai.deepj.advise.TrainingHealth;
import ai.deepj.plot.LineChart;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Saves what {@link TrainingHealth} recorded: the report ({@code health.txt}), the series
 * ({@code health.csv}), and two charts: every weight's gradient norm ‖dW‖ per recorded step
 * ({@code health.png}, log scale: vanishing or exploding gradients show as lines far apart or
 * shooting up) and every weight's update / weight ratio ({@code health_updates.png}, around 1e-3
 * is healthy).
 */
final class HealthOutputs {
    private HealthOutputs() {}

    /** Writes the files; returns them. */
    static List<Path> write(TrainingHealth health, RunDir dir) throws IOException {
        List<Path> out = new ArrayList<>();
        RunDir.writeText(dir.healthReport(), health.report());
        out.add(dir.healthReport());
        health.writeCsv(dir.healthSeries());
        out.add(dir.healthSeries());
        Map<String, double[]> series = health.series();
        double[] steps = series.get("step");
        if (steps == null || steps.length < 2) return out;
        LineChart grads = LineChart.of("Gradient norm per weight", "step", "||dW||").withLogY(true);
        LineChart updates = LineChart.of("Update / weight ratio per weight", "step", "||ΔW|| / ||W||").withLogY(true);
        boolean anyUpdate = false;
        for (var e : series.entrySet()) {
            if (e.getKey().startsWith("grad_norm/") && e.getKey().endsWith("weight") && positive(e.getValue())) {
                grads = grads.withSeries(e.getKey().substring("grad_norm/".length()), steps, e.getValue());
            }
            if (e.getKey().startsWith("update_ratio/") && e.getKey().endsWith("weight") && positive(e.getValue())) {
                updates = updates.withSeries(e.getKey().substring("update_ratio/".length()), steps, e.getValue());
                anyUpdate = true;
            }
        }
        if (!grads.series().isEmpty()) {
            grads.write(dir.healthPlot());
            out.add(dir.healthPlot());
        }
        if (anyUpdate) {
            Path p = dir.dir().resolve("health_updates.png");
            updates.write(p);
            out.add(p);
        }
        return out;
    }

    private static boolean positive(double[] v) {
        for (double d : v) if (!(d > 0) || Double.isInfinite(d)) return false;
        return true;
    }
}
