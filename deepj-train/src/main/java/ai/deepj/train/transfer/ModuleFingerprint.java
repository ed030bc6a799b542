package ai.deepj.train.transfer;

import ai.deepj.nn.Module;
import ai.deepj.nn.ModuleRegistry;
import ai.deepj.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A SHA-256 of a module's identity: its architecture ({@link ModuleRegistry#describe}, written canonically
 * with map keys sorted) and every parameter and buffer (name, dtype, shape, values), by sorted name.
 * Values enter as IEEE doubles, exact for every deepj type. Two modules with the same fingerprint compute
 * the same function.
 */
final class ModuleFingerprint {
    private ModuleFingerprint() {}

    static String of(Module m) {
        MessageDigest d = sha256();
        StringBuilder config = new StringBuilder();
        canonical(ModuleRegistry.describe(m), config);
        d.update(("config " + config + "\n").getBytes(StandardCharsets.UTF_8));
        for (var e : new TreeMap<>(m.state()).entrySet()) {
            Tensor t = e.getValue();
            d.update(("tensor " + e.getKey() + " " + t.dtype() + " " + t.shape() + "\n").getBytes(StandardCharsets.UTF_8));
            double[] v = t.toDoubleArray();
            ByteBuffer buf = ByteBuffer.allocate(8 * Math.min(v.length, 8192)).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < v.length; i++) {
                buf.putLong(Double.doubleToRawLongBits(v[i]));
                if (!buf.hasRemaining()) {
                    d.update(buf.array(), 0, buf.position());
                    buf.clear();
                }
            }
            d.update(buf.array(), 0, buf.position());
        }
        return HexFormat.of().formatHex(d.digest());
    }

    /** JSON-like text with map keys sorted, so that the text does not depend on a map's iteration order. */
    private static void canonical(Object o, StringBuilder out) {
        if (o instanceof Map<?, ?> map) {
            out.append('{');
            var sorted = new TreeMap<String, Object>();
            for (var e : map.entrySet()) sorted.put(String.valueOf(e.getKey()), e.getValue());
            boolean first = true;
            for (var e : sorted.entrySet()) {
                if (!first) out.append(',');
                first = false;
                out.append('"').append(e.getKey()).append("\":");
                canonical(e.getValue(), out);
            }
            out.append('}');
        } else if (o instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) out.append(',');
                canonical(list.get(i), out);
            }
            out.append(']');
        } else if (o instanceof int[] a) {
            out.append(java.util.Arrays.toString(a));
        } else if (o instanceof double[] a) {
            out.append(java.util.Arrays.toString(a));
        } else if (o instanceof String s) {
            out.append('"').append(s).append('"');
        } else {
            out.append(o);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
