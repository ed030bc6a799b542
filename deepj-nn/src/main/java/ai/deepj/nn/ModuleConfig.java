package ai.deepj.nn;

import java.util.List;
import java.util.Map;

/**
 * Typed, checked access to a module's {@link Module#config()} values as they come back from JSON
 * (where every number is a double): {@code cfg.getInt("in")} fails with a message naming the
 * module and key if the value is missing or not an integer.
 */
public record ModuleConfig(String type, Map<String, Object> values) {
    /** The value of {@code key}, or an error naming it. */
    public Object get(String key) {
        Object v = values.get(key);
        if (v == null) throw new IllegalArgumentException(type + " config: missing '" + key + "' in " + values);
        return v;
    }

    /** An integer value. */
    public int getInt(String key) {
        Object v = get(key);
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.intValue();
        throw new IllegalArgumentException(type + " config: '" + key + "' must be an integer, got " + v);
    }

    /** A number. */
    public double getDouble(String key) {
        Object v = get(key);
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException(type + " config: '" + key + "' must be a number, got " + v);
    }

    /** A boolean. */
    public boolean getBoolean(String key) {
        Object v = get(key);
        if (v instanceof Boolean b) return b;
        throw new IllegalArgumentException(type + " config: '" + key + "' must be true or false, got " + v);
    }

    /** A string. */
    public String getString(String key) {
        Object v = get(key);
        if (v instanceof String s) return s;
        throw new IllegalArgumentException(type + " config: '" + key + "' must be a string, got " + v);
    }

    /**
     * A constant of {@code type} by name, e.g. {@code cfg.getEnum("form", GruCell.Form.class)}; an unknown name
     * fails with the known ones: {@code rnn.Gru config: unknown form 'X'; one of [COURSE, PYTORCH]}.
     */
    public <E extends Enum<E>> E getEnum(String key, Class<E> type) {
        String name = getString(key);
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(this.type + " config: unknown " + key + " '" + name + "'; one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    /** An integer array (e.g. a shape). */
    public int[] getIntArray(String key) {
        List<?> list = getList(key);
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new IllegalArgumentException(type + " config: '" + key + "' must hold integers, got " + list);
            }
            out[i] = n.intValue();
        }
        return out;
    }

    /** A list. */
    public List<?> getList(String key) {
        Object v = get(key);
        if (v instanceof List<?> l) return l;
        throw new IllegalArgumentException(type + " config: '" + key + "' must be a list, got " + v);
    }

    /** True if {@code key} is present. */
    public boolean has(String key) {
        return values.containsKey(key);
    }
}
