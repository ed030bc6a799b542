package ai.deepj.data;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header of an NPY file: the dictionary literal NumPy writes after the magic number, e.g.
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}, parsed with a small
 * recursive-descent reader of Python literals (strings, integers, True/False/None, tuples, lists,
 * dicts): exactly what {@code numpy.lib.format} emits, not arbitrary Python.
 *
 * @param type         the element type
 * @param order        the byte order of the elements
 * @param descr        the dtype string as written ({@code "<f4"})
 * @param fortranOrder whether the elements are in column-major order
 * @param shape        the array's shape ({@code []} for a scalar)
 */
record NpyHeader(ElementType type, ByteOrder order, String descr, boolean fortranOrder, int[] shape) {

    /** Parses {@code text}; {@code src} names the file in messages. */
    static NpyHeader parse(String text, BinaryArrays.Source src) throws DataFileException {
        Object value;
        try {
            Parser p = new Parser(text);
            value = p.value();
            p.skipSpace();
            if (p.pos < text.length()) throw p.fail("unexpected '" + text.charAt(p.pos) + "' after the dictionary");
        } catch (IllegalArgumentException e) {
            throw src.error("has a malformed header: " + e.getMessage() + " in " + quote(text));
        }
        if (!(value instanceof Map<?, ?> dict)) {
            throw src.error("has a header that is not a dictionary: " + quote(text));
        }
        Set<String> required = Set.of("descr", "fortran_order", "shape");
        if (!dict.keySet().equals(required)) {
            throw src.error("has header keys " + dict.keySet() + ", expected exactly descr, fortran_order and shape");
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw src.error("has a structured or unusual dtype " + dict.get("descr") + "; only plain numeric dtypes are supported");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw src.error("has fortran_order " + dict.get("fortran_order") + ", expected True or False");
        }
        if (!(dict.get("shape") instanceof List<?> dims)) {
            throw src.error("has shape " + dict.get("shape") + ", expected a tuple of sizes");
        }
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                throw src.error("has shape " + dims + ": size " + dims.get(i) + " is not an integer in [0, 2^31)");
            }
            shape[i] = (int) (long) d;
        }
        ElementType type = elementType(descr, src);
        ByteOrder order = switch (descr.charAt(0)) {
            case '>' -> ByteOrder.BIG_ENDIAN;
            case '=' -> ByteOrder.nativeOrder();
            default -> ByteOrder.LITTLE_ENDIAN;    // '<', or '|' for one-byte types where order is moot
        };
        if (descr.charAt(0) == '|' && type.size != 1) {
            throw src.error("has dtype '" + descr + "': '|' (no byte order) is only valid for one-byte types");
        }
        return new NpyHeader(type, order, descr, fortran, shape);
    }

    private static ElementType elementType(String descr, BinaryArrays.Source src) throws DataFileException {
        String code = descr.isEmpty() ? "" : descr.substring(1);
        if (descr.isEmpty() || "<>|=".indexOf(descr.charAt(0)) < 0) {
            throw src.error("has dtype '" + descr + "', expected a byte order (<, >, |, =) then a type code such as f4");
        }
        ElementType t = switch (code) {
            case "b1" -> ElementType.BOOL;
            case "i1" -> ElementType.INT8;
            case "u1" -> ElementType.UINT8;
            case "i2" -> ElementType.INT16;
            case "u2" -> ElementType.UINT16;
            case "i4" -> ElementType.INT32;
            case "u4" -> ElementType.UINT32;
            case "i8" -> ElementType.INT64;
            case "u8" -> ElementType.UINT64;
            case "f2" -> ElementType.FLOAT16;
            case "f4" -> ElementType.FLOAT32;
            case "f8" -> ElementType.FLOAT64;
            default -> null;
        };
        if (t == null) {
            throw src.error("has unsupported dtype '" + descr + "'" + kind(code) + "; supported: b1, i1, u1, i2, u2, i4, u4, i8, "
                    + "u8, f2, f4, f8 in either byte order");
        }
        return t;
    }

    private static String kind(String code) {
        if (code.isEmpty()) return "";
        return switch (code.charAt(0)) {
            case 'c' -> " (complex)";
            case 'U' -> " (unicode strings)";
            case 'S', 'a' -> " (byte strings)";
            case 'O' -> " (Python objects)";
            case 'M' -> " (datetime64)";
            case 'm' -> " (timedelta64)";
            case 'V' -> " (raw void)";
            case 'f' -> " (a float size this reader does not handle)";
            case 'i', 'u' -> " (an integer size this reader does not handle)";
            default -> "";
        };
    }

    /** The header dictionary NumPy itself would write for a C-ordered array, without padding. */
    static String format(String descr, int[] shape) {
        StringBuilder sb = new StringBuilder("{'descr': '").append(descr).append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) sb.append(i == 0 ? "" : ", ").append(shape[i]);
        if (shape.length == 1) sb.append(',');
        return sb.append("), }").toString();
    }

    @Override
    public String toString() {
        return "'" + descr + "' " + Arrays.toString(shape) + (fortranOrder ? " (Fortran order)" : "");
    }

    private static String quote(String text) {
        String t = text.strip();
        return "\"" + (t.length() > 120 ? t.substring(0, 120) + "..." : t) + "\"";
    }

    /** Python's None, as parsed. */
    private static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        IllegalArgumentException fail(String what) {
            return new IllegalArgumentException(what + " at character " + pos);
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
        }

        boolean accept(char c) {
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        Object value() {
            skipSpace();
            if (pos >= s.length()) throw fail("unexpected end");
            char c = s.charAt(pos);
            if (c == '{') return dict();
            if (c == '(') return sequence('(', ')');
            if (c == '[') return sequence('[', ']');
            if (c == '\'' || c == '"') return string();
            if (c == '-' || Character.isDigit(c)) return integer();
            if (Character.isLetter(c)) {
                int start = pos;
                while (pos < s.length() && Character.isLetterOrDigit(s.charAt(pos))) pos++;
                String word = s.substring(start, pos);
                return switch (word) {
                    case "True" -> Boolean.TRUE;
                    case "False" -> Boolean.FALSE;
                    case "None" -> NONE;
                    default -> throw fail("unknown name '" + word + "'");
                };
            }
            throw fail("unexpected '" + c + "'");
        }

        Map<Object, Object> dict() {
            pos++;
            Map<Object, Object> d = new LinkedHashMap<>();
            while (!accept('}')) {
                Object key = value();
                if (!accept(':')) throw fail("expected ':'");
                if (d.put(key, value()) != null) throw fail("repeated key " + key);
                if (!accept(',')) {
                    if (!accept('}')) throw fail("expected ',' or '}'");
                    break;
                }
            }
            return d;
        }

        List<Object> sequence(char open, char close) {
            pos++;
            List<Object> items = new ArrayList<>();
            while (!accept(close)) {
                items.add(value());
                if (!accept(',')) {
                    if (!accept(close)) throw fail("expected ',' or '" + close + "'");
                    break;
                }
            }
            return items;
        }

        String string() {
            char q = s.charAt(pos++);
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= s.length()) throw fail("unterminated string");
                char c = s.charAt(pos++);
                if (c == q) return sb.toString();
                if (c == '\\') {
                    if (pos >= s.length()) throw fail("unterminated string");
                    c = s.charAt(pos++);
                }
                sb.append(c);
            }
        }

        Long integer() {
            int start = pos;
            if (s.charAt(pos) == '-') pos++;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
            String digits = s.substring(start, pos);
            if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) pos++;   // Python 2 longs
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw fail("bad integer '" + digits + "'");
            }
        }
    }
}
