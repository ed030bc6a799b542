package ai.deepj.cli.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed config value that remembers where it was written: a mapping, a list or a scalar. JSON and
 * YAML files both become this tree, so every later check reports a line of the file the user wrote.
 * Trees are immutable; {@link #with} returns a changed copy (for {@code --set} and search trials).
 */
public sealed interface Node {
    /** Where this value was written. */
    Location where();

    /** The value as plain Java: {@code Map<String, Object>}, {@code List<Object>}, String, Long, Double, Boolean or null. */
    Object plain();

    /** A word for error messages: "a mapping", "a list", "the number 3", "the text 'relu'". */
    String describe();

    /**
     * A scalar: {@link String}, {@link Long} (an integer literal), {@link Double}, {@link Boolean}, or
     * {@code null} (an empty value, {@code null} or {@code ~}).
     */
    record Scalar(Object value, Location where) implements Node {
        public Scalar {
            if (value != null && !(value instanceof String || value instanceof Long || value instanceof Double || value instanceof Boolean)) {
                throw new IllegalArgumentException("Node.Scalar: unsupported value type " + value.getClass().getSimpleName());
            }
        }

        @Override
        public Object plain() {
            return value;
        }

        @Override
        public String describe() {
            return switch (value) {
                case null -> "an empty value";
                case String s -> "the text '" + s + "'";
                case Boolean b -> "'" + b + "'";
                case Double d -> "the number " + numberText(d);
                default -> "the number " + value;
            };
        }

        /** The text of the scalar as written (numbers in their shortest form). */
        public String text() {
            return switch (value) {
                case null -> "";
                case Double d -> numberText(d);
                default -> value.toString();
            };
        }
    }

    /** A list, {@code [a, b]} or {@code - a} lines. */
    record Seq(List<Node> items, Location where) implements Node {
        public Seq {
            items = List.copyOf(items);
        }

        @Override
        public Object plain() {
            List<Object> out = new ArrayList<>();
            for (Node n : items) out.add(n.plain());
            return out;
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A mapping of keys to values, in the order written; {@code keys} holds where each key was written
     * (the line to report for an unknown key).
     */
    record Obj(Map<String, Node> entries, Map<String, Location> keys, Location where) implements Node {
        public Obj {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        }

        /** Where {@code key} was written (the mapping's own place if it was added later). */
        public Location keyWhere(String key) {
            return keys.getOrDefault(key, where);
        }

        @Override
        public Object plain() {
            Map<String, Object> out = new LinkedHashMap<>();
            for (var e : entries.entrySet()) out.put(e.getKey(), e.getValue().plain());
            return out;
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /**
     * A copy of this tree with the value at {@code path} (keys of mappings and indices of lists)
     * replaced by {@code value}; missing mapping keys are added (and missing mappings on the way
     * created), list indices must exist or be the list's size (to append).
     *
     * @throws ConfigException naming {@code value.where()} if the path runs through a scalar or past a list's end
     */
    default Node with(List<String> path, Node value) {
        if (path.isEmpty()) return value;
        String head = path.get(0);
        List<String> rest = path.subList(1, path.size());
        switch (this) {
            case Obj o -> {
                Map<String, Node> entries = new LinkedHashMap<>(o.entries());
                Map<String, Location> keys = new LinkedHashMap<>(o.keys());
                Node child = entries.get(head);
                if (child == null || child instanceof Scalar s && s.value() == null && !rest.isEmpty()) {
                    child = new Obj(Map.of(), Map.of(), value.where());
                }
                entries.put(head, child.with(rest, value));
                keys.putIfAbsent(head, value.where());
                return new Obj(entries, keys, o.where());
            }
            case Seq s -> {
                int i;
                try {
                    i = Integer.parseInt(head);
                } catch (NumberFormatException e) {
                    throw new ConfigException(value.where(), "'" + head + "' is not a list index (the value there is a list of "
                            + s.items().size() + ")");
                }
                if (i < 0 || i > s.items().size()) {
                    throw new ConfigException(value.where(), "list index " + i + " is outside the list of " + s.items().size()
                            + " (0.." + (s.items().size() - 1) + ", or " + s.items().size() + " to append)");
                }
                List<Node> items = new ArrayList<>(s.items());
                if (i == items.size()) {
                    items.add(new Obj(Map.of(), Map.of(), value.where()).with(rest, value));
                } else {
                    items.set(i, items.get(i).with(rest, value));
                }
                return new Seq(items, s.where());
            }
            case Scalar s -> throw new ConfigException(value.where(), "cannot set '" + head + "' inside " + s.describe()
                    + " (written at " + s.where() + ")");
        }
    }

    /** The shortest text of a double that reads back the same (1.0E-4 as 1e-4, 3.0 as 3.0). */
    static String numberText(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.format(Locale.ROOT, "%.1f", d);
        String s = Double.toString(d);
        return s.replace("E", "e");
    }
}
