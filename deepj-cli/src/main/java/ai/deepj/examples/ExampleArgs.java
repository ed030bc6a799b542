package ai.deepj.examples;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/**
 * {@code --name value} pairs for the examples' {@code main} methods (the {@code deepj} command has its own
 * parsing): unknown names and missing or malformed values are errors that name the option.
 */
final class ExampleArgs {
    private final String example;
    private final Map<String, String> values = new LinkedHashMap<>();

    private ExampleArgs(String example) {
        this.example = example;
    }

    /** Parses {@code args}, accepting only the option names in {@code known} (without the dashes). */
    static ExampleArgs parse(String example, String[] args, String... options) {
        List<String> known = List.of(options);
        ExampleArgs a = new ExampleArgs(example);
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !known.contains(name)) {
                throw new IllegalArgumentException(example + ": unknown option '" + args[i] + "'; options: --" + String.join(", --", known));
            }
            if (i + 1 >= args.length) throw new IllegalArgumentException(example + ": option " + args[i] + " needs a value");
            a.values.put(name, args[++i]);
        }
        return a;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String string(String name) {
        return values.get(name);
    }

    int integer(String name) {
        try {
            return Integer.parseInt(values.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(example + ": --" + name + " needs an integer, got '" + values.get(name) + "'");
        }
    }

    double number(String name) {
        try {
            return Double.parseDouble(values.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(example + ": --" + name + " needs a number, got '" + values.get(name) + "'");
        }
    }
}
