package ai.deepj.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {
    private static final Path YAML = Path.of("c.yaml");
    private static final Path JSON = Path.of("c.json");

    private static Node.Obj yaml(String text) {
        return (Node.Obj) ConfigReader.parse(text, YAML);
    }

    private static Node.Obj json(String text) {
        return (Node.Obj) ConfigReader.parse(text, JSON);
    }

    private static String error(String text, Path file) {
        return assertThrows(ConfigException.class, () -> ConfigReader.parse(text, file)).getMessage();
    }

    @Test
    void yamlValuesKnowTheirLines() {
        Node.Obj root = yaml("""
                name: demo
                optimizer:
                  name: adam
                  lr: 1e-3
                model:
                  - flatten
                  - dense: 64
                """);
        Node.Obj opt = (Node.Obj) root.entries().get("optimizer");
        assertEquals(3, opt.entries().get("name").where().line());
        assertEquals(4, opt.entries().get("lr").where().line());
        assertEquals(4, opt.keyWhere("lr").line());
        Node.Seq model = (Node.Seq) root.entries().get("model");
        assertEquals(7, model.items().get(1).where().line());
        assertEquals("config c.yaml line 4", opt.entries().get("lr").where().toString());
    }

    @Test
    void jsonValuesKnowTheirLines() {
        Node.Obj root = json("""
                {
                  "name": "demo",
                  "optimizer": {"name": "adam",
                                "lr": 0.001},
                  "model": ["flatten", {"dense": 64}]
                }
                """);
        Node.Obj opt = (Node.Obj) root.entries().get("optimizer");
        assertEquals(3, opt.entries().get("name").where().line());
        assertEquals(4, opt.entries().get("lr").where().line());
        assertEquals(0.001, ((Node.Scalar) opt.entries().get("lr")).value());
        assertEquals(5, ((Node.Seq) root.entries().get("model")).items().get(1).where().line());
    }

    @Test
    void yamlScalarsAreTypedByTheCoreSchema() {
        Node.Obj root = yaml("""
                a: 1e-3
                b: 3
                c: -0.5
                d: true
                e: no
                f: "3"
                g:
                h: ~
                i: .inf
                j: relu
                """);
        Map<String, Object> p = castMap(root.plain());
        assertEquals(1e-3, p.get("a"));
        assertEquals(3L, p.get("b"));
        assertEquals(-0.5, p.get("c"));
        assertEquals(true, p.get("d"));
        assertEquals("no", p.get("e"));
        assertEquals("3", p.get("f"));
        assertNull(p.get("g"));
        assertNull(p.get("h"));
        assertEquals(Double.POSITIVE_INFINITY, p.get("i"));
        assertEquals("relu", p.get("j"));
    }

    @Test
    void yamlAndJsonGiveTheSameTree() {
        Node.Obj y = yaml("""
                epochs: 3
                optimizer: {name: adam, lr: 0.01}
                model: [flatten, {dense: 6}]
                """);
        Node.Obj j = json("""
                {"epochs": 3, "optimizer": {"name": "adam", "lr": 0.01}, "model": ["flatten", {"dense": 6}]}
                """);
        assertEquals(y.plain(), j.plain());
        assertInstanceOf(Long.class, castMap(j.plain()).get("epochs"));
    }

    @Test
    void duplicateKeysNameBothLines() {
        assertEquals("config c.yaml line 3: key 'epochs' is given twice (also at line 1)", error("epochs: 3\nseed: 1\nepochs: 4\n", YAML));
        assertEquals("config c.json line 3: key 'epochs' is given twice (also at line 1)", error("{\"epochs\": 3,\n\"seed\": 1,\n\"epochs\": 4}", JSON));
    }

    @Test
    void syntaxErrorsNameTheLine() {
        String y = error("data:\n  name: shapes\n   train: 3\n", YAML);
        assertEquals("config c.yaml line 3: not valid YAML: mapping values are not allowed here", y);
        String j = error("{\n  \"epochs\": 3,\n  \"seed\" 1\n}", JSON);
        assertEquals("config c.json line 3: not valid JSON: Expected ':'", j.replace("expected", "Expected"));
        assertEquals("config c.json line 2: not valid JSON: the file ends too early", error("{\n  \"epochs\": 3,", JSON));
    }

    @Test
    void emptyOrNonMappingConfigsAreRefused() {
        assertEquals("config c.yaml: the file is empty", error("# nothing\n", YAML));
        assertEquals("config c.yaml line 1: a config must be a mapping of keys (data, model, optimizer, ...), got a list",
                error("- a\n- b\n", YAML));
        assertEquals("config c.yaml line 1: YAML merge keys (<<) are not supported; write the keys out", error("<<: {a: 1}\n", YAML));
    }

    @Test
    void overridesSetNestedValuesAndListItems() {
        Node root = yaml("""
                optimizer: {name: adam, lr: 0.001}
                model:
                  - flatten
                  - dense: 64
                """);
        Node changed = Overrides.apply(root, List.of("optimizer.lr=0.01", "model.1.dense=128", "epochs=3", "data.name=shapes",
                "model.2={dropout: {keep_prob: 0.9}}", "metrics=[accuracy, macro_f1]"));
        Map<String, Object> p = castMap(changed.plain());
        assertEquals(0.01, castMap(p.get("optimizer")).get("lr"));
        assertEquals(128L, castMap(((List<?>) p.get("model")).get(1)).get("dense"));
        assertEquals(Map.of("dropout", Map.of("keep_prob", 0.9)), ((List<?>) p.get("model")).get(2));
        assertEquals(3L, p.get("epochs"));
        assertEquals(Map.of("name", "shapes"), p.get("data"));
        assertEquals(List.of("accuracy", "macro_f1"), p.get("metrics"));
        Node.Obj opt = (Node.Obj) ((Node.Obj) changed).entries().get("optimizer");
        assertEquals("--set optimizer.lr=0.01", opt.entries().get("lr").where().toString());
        assertEquals(0.001, castMap(root.plain()).get("optimizer") instanceof Map<?, ?> m ? m.get("lr") : null, "the original is unchanged");
    }

    @Test
    void badOverridesSayWhy() {
        Node root = yaml("model:\n  - flatten\nepochs: 3\n");
        assertEquals("--set epochs: expected key=value, e.g. --set optimizer.lr=0.01",
                assertThrows(ConfigException.class, () -> Overrides.apply(root, List.of("epochs"))).getMessage());
        assertEquals("--set model.5.dense=3: list index 5 is outside the list of 1 (0..0, or 1 to append)",
                assertThrows(ConfigException.class, () -> Overrides.apply(root, List.of("model.5.dense=3"))).getMessage());
        assertEquals("--set epochs.x=3: cannot set 'x' inside the number 3 (written at config c.yaml line 3)",
                assertThrows(ConfigException.class, () -> Overrides.apply(root, List.of("epochs.x=3"))).getMessage());
        assertEquals("--set optimizer..lr=3: key 'optimizer..lr' has an empty part (expected e.g. optimizer.lr or model.1.dense)",
                assertThrows(ConfigException.class, () -> Overrides.apply(root, List.of("optimizer..lr=3"))).getMessage());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }
}
