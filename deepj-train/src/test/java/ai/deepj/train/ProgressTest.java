package ai.deepj.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.deepj.data.DataLoader;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.loss.CrossEntropy;
import ai.deepj.optim.GradientDescent;
import ai.deepj.train.callbacks.Callbacks;
import ai.deepj.train.metrics.Metrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The exact text, with a clock that advances 20 s per reading (Progress reads it once at each epoch's
 * start and end and once per batch). The numbers come from the run itself: a callback placed after the
 * progress display records the running values it was shown.
 */
class ProgressTest {
    private static LongSupplier twentySecondsPerReading() {
        long[] now = {0};
        return () -> now[0] += 20_000_000_000L;
    }

    private record Run(History history, List<Map<String, Double>> running) {}

    private static Run train(Progress progress, long stopAtStep, boolean withDev) {
        Sequential model = TrainFixtures.mlp(4);
        List<Map<String, Double>> running = new ArrayList<>();
        Trainer.Builder b = Trainer.builder().model(model).loss(new CrossEntropy()).optimizer(GradientDescent.of(model.parameters(), 0.1))
                .train(DataLoader.of(TrainFixtures.blobs(30, 1), 10)).epochs(2).metrics(Metrics.accuracy()).progress(progress)
                .callbacks(Callbacks.onBatchEnd((s, loss) -> {
                    running.add(new LinkedHashMap<>(s.runningMetrics()));
                    if (s.step() == stopAtStep) s.requestStop("enough");
                }));
        if (withDev) b.dev(TrainFixtures.blobs(12, 2));
        return new Run(b.build().fit(), running);
    }

    private static String batchLine(int epoch, int batch, String eta, Map<String, Double> r) {
        return String.format(Locale.ROOT, "epoch %d/2  batch %d/3  ETA %s  loss %s  accuracy %s", epoch, batch, eta, Progress.number(r.get("loss")),
                Progress.number(r.get("accuracy")));
    }

    private static String epochLine(int epoch, int done, String seconds, History.Epoch row) {
        StringBuilder sb = new StringBuilder("epoch " + epoch + "/2  " + done + "/3  " + seconds);
        for (var e : row.metrics().entrySet()) sb.append("  ").append(e.getKey()).append(' ').append(Progress.number(e.getValue()));
        return sb.toString();
    }

    @Test
    void onATerminalOneLineIsRedrawnAndEachEpochLeavesItsSummary() {
        StringBuilder out = new StringBuilder();
        Progress progress = Progress.terminal(out).withClock(twentySecondsPerReading());
        Run run = train(progress, 5, false);
        List<Map<String, Double>> r = run.running();
        List<History.Epoch> rows = run.history().epochs();

        StringBuilder expected = new StringBuilder("[start] training 2 epochs of 3 batches (30 examples, batch size 10)\n");
        String[] eta = {"0:40", "0:20", "0:00"};
        int previous = 0;
        for (int j = 0; j < 3; j++) {
            String line = batchLine(1, j + 1, eta[j], r.get(j));
            expected.append('\r').append(line).append(" ".repeat(Math.max(0, previous - line.length())));
            previous = line.length();
        }
        String summary = epochLine(1, 3, "80.0s", rows.get(0));
        expected.append('\r').append(summary).append(" ".repeat(Math.max(0, previous - summary.length()))).append('\n');
        previous = 0;
        for (int j = 0; j < 2; j++) {
            String line = batchLine(2, j + 1, eta[j], r.get(3 + j));
            expected.append('\r').append(line).append(" ".repeat(Math.max(0, previous - line.length())));
            previous = line.length();
        }
        // the stop event wipes the bar, prints itself, and the epoch (2 of 3 batches) ends
        expected.append('\r').append(" ".repeat(previous)).append('\r').append("[stop] enough\n");
        expected.append('\r').append(epochLine(2, 2, "60.0s", rows.get(1))).append('\n');
        expected.append("[end] stopped: enough (epoch 2, step 5)\n");
        assertEquals(expected.toString(), out.toString());
    }

    @Test
    void elsewhereItPrintsPlainLines() {
        StringBuilder out = new StringBuilder();
        Progress progress = Progress.lines(out).withBatchLinesEvery(2).withClock(twentySecondsPerReading());
        assertFalse(progress.isTerminal());
        Run run = train(progress, -1, true);
        List<Map<String, Double>> r = run.running();
        List<History.Epoch> rows = run.history().epochs();
        String expected = "[start] training 2 epochs of 3 batches (30 examples, batch size 10)\n"
                + batchLine(1, 2, "0:20", r.get(1)) + "\n"
                + epochLine(1, 3, "80.0s", rows.get(0)) + "\n"
                + batchLine(2, 2, "0:20", r.get(4)) + "\n"
                + epochLine(2, 3, "80.0s", rows.get(1)) + "\n"
                + "[end] finished 2 epochs (epoch 2, step 6)\n";
        assertEquals(expected, out.toString());
        assertEquals(List.of("train_loss", "train_accuracy", "dev_loss", "dev_accuracy", "lr"), List.copyOf(rows.get(0).metrics().keySet()));
    }

    @Test
    void numbersAndDurationsAreFormattedForPeople() {
        assertEquals("0.1235", Progress.number(0.12345));
        assertEquals("0.0000", Progress.number(0));
        assertEquals("1.000e-05", Progress.number(1e-5));
        assertEquals("-2.500e+06", Progress.number(-2.5e6));
        assertEquals("nan", Progress.number(Double.NaN));
        assertEquals("inf", Progress.number(Double.POSITIVE_INFINITY));
        assertEquals("0:07", Progress.duration(7));
        assertEquals("2:05", Progress.duration(125));
        assertEquals("1:01:01", Progress.duration(3661));
    }
}
