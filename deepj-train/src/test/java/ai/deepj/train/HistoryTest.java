package ai.deepj.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.nn.io.FileFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {
    @TempDir
    Path tmp;

    private static History sample() {
        History h = new History();
        h.addEvent(new History.Event(History.START, 0, 0, "2025-01-01T00:00:00Z", "training 2 epochs", Map.of()));
        h.addStep(new History.Step(1, 0, 0, 0.6931471805599453));
        h.addStep(new History.Step(2, 0, 1, 1e-300));
        h.addStep(new History.Step(3, 1, 0, Double.NaN));
        Map<String, Double> row0 = new LinkedHashMap<>();
        row0.put("train_loss", 0.1 + 0.2);
        row0.put("dev_accuracy", 2.0 / 3);
        row0.put("lr", 0.01);
        h.addEpoch(new History.Epoch(0, 2, row0));
        Map<String, Double> row1 = new LinkedHashMap<>();
        row1.put("train_loss", Double.POSITIVE_INFINITY);
        row1.put("lr", 0.005);
        h.addEpoch(new History.Epoch(1, 3, row1));
        h.addEvent(new History.Event(History.HYPERPARAMETER, 1, 2, "2025-01-01T00:00:01Z", "lr 0.01 -> 0.005, \"halved\"",
                Map.of("name", "lr", "old", "0.01", "new", "0.005")));
        return h;
    }

    @Test
    void jsonRoundTripsEverythingExactlyIncludingNaNAndInfinity() throws Exception {
        History h = sample();
        h.write(tmp);
        History back = History.read(tmp);
        assertEquals(h.epochs(), back.epochs());
        assertEquals(h.steps().size(), back.steps().size());
        assertArrayEquals(h.costs(), back.costs());
        assertEquals(h.events(), back.events());
        assertEquals(List.of("train_loss", "dev_accuracy", "lr"), back.metricNames());
        assertArrayEquals(new double[] {2.0 / 3, Double.NaN}, back.metric("dev_accuracy"));
        assertEquals(back.epochs(), History.read(tmp.resolve(History.JSON)).epochs());
    }

    @Test
    void csvHoldsTheEpochRowsWithEmptyCellsForMissingValues() throws Exception {
        History h = sample();
        h.write(tmp);
        assertEquals("""
                epoch,step,train_loss,dev_accuracy,lr
                0,2,0.30000000000000004,0.6666666666666666,0.01
                1,3,Infinity,,0.005
                """, Files.readString(tmp.resolve(History.CSV)));
        assertEquals("""
                step,epoch,batch,cost
                1,0,0,0.6931471805599453
                2,0,1,1.0E-300
                3,1,0,NaN
                """, Files.readString(tmp.resolve(History.STEPS_CSV)));
        History back = History.read(tmp.resolve(History.CSV));
        assertEquals(h.epochs(), back.epochs());
        assertTrue(back.steps().isEmpty() && back.events().isEmpty(), "the CSV holds the epoch rows only");
    }

    @Test
    void unreadableFilesAreReportedWithTheirName() throws Exception {
        Path bad = tmp.resolve("h.json");
        Files.writeString(bad, "{\"format\": \"deepj-history\", \"version\": 9, \"epochs\": []}");
        var e = assertThrows(FileFormatException.class, () -> History.read(bad));
        assertEquals(bad + ": format version 9 is not supported (this deepj reads 1)", e.getMessage());
        Files.writeString(bad, "{\"format\": \"deepj-history\", \"version\": 1, \"epo");
        assertTrue(assertThrows(FileFormatException.class, () -> History.read(bad)).getMessage().contains("not valid JSON"));
        Path csv = tmp.resolve("h.csv");
        Files.writeString(csv, "epoch,step,loss\n0,1\n");
        assertEquals(csv + ": line 2 has 2 cells, the header 3", assertThrows(FileFormatException.class, () -> History.read(csv)).getMessage());
    }
}
