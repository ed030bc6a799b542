package ai.deepj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.deepj.cli.config.ConfigReader;
import ai.deepj.cli.config.RunSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aSmallRandomSearchWritesItsTableCsvPlotsAndTheBestConfig() throws IOException {
        Path config = tmp.resolve("s.yaml");
        Files.writeString(config, """
                name: s
                data: {name: shapes, train: 120, dev: 60, test: 0}
                model:
                  - flatten
                  - dense: 16
                    activation: relu
                  - dense: 6
                epochs: 1
                batch_size: 30
                checkpoint: false
                search:
                  trials: 3
                  parallel: 2
                  seed: 7
                  space:
                    optimizer.lr: log_uniform(1e-3, 1e-1)
                    model.1.dense: choice(8, 16)
                """);
        Path out = tmp.resolve("out");
        Cli r = Cli.run("search", config.toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("search    random, 3 trials, 2 at a time, maximize of dev_accuracy"), r.out());
        assertEquals(3, r.out().lines().filter(l -> l.startsWith("trial ")).count(), r.out());
        assertTrue(r.out().contains("Random search: 3 trials (3 ok, 0 failed), maximize dev_accuracy, seed 7, 2 local threads"), r.out());
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(4, csv.size(), String.join("\n", csv));
        assertTrue(Files.size(out.resolve("scatter_optimizer.lr.png")) > 1000);
        assertTrue(Files.size(out.resolve("scatter_model.1.dense.png")) > 1000);

        // best.json is a training config (no search section) holding the best trial's values.
        Path best = out.resolve("best.json");
        RunSpec spec = RunSpec.parse(ConfigReader.read(best), best);
        assertTrue(spec.search().isEmpty());
        String bestLine = r.out().lines().filter(l -> l.startsWith("best      trial ")).findFirst().orElseThrow();
        int units = (Integer) spec.model().layers().get(1).args().get("units");
        assertTrue(bestLine.contains("model.1.dense=" + units), bestLine + " vs " + units);
        assertTrue(List.of(8, 16).contains(units));
        double lr = spec.optimizer().lr();
        assertTrue(lr >= 1e-3 && lr <= 1e-1, "lr " + lr);
    }

    @Test
    void aConfigWithoutASearchSectionIsAUsageError() throws IOException {
        Path config = tmp.resolve("plain.yaml");
        Files.writeString(config, "data: {name: shapes}\nmodel: [flatten, {dense: 6}]\n");
        Cli r = Cli.run("search", config.toString());
        assertEquals(2, r.status());
        assertEquals("deepj search: config " + config + " line 1: no search: section (give search: space: with the values to vary; see"
                + " deepj search --help)\n", r.err());
        Cli path = Cli.run("search", config.toString(), "--set", "search.space.model.7.dense=choice(2, 3)");
        assertEquals(2, path.status());
        assertEquals("deepj search: --set search.space.model.7.dense=choice(2, 3): list index 7 is outside the list of 2 (0..1, or 2 to"
                + " append)\n", path.err());
    }
}
