package ai.deepj;

import ai.deepj.kernel.Gemm;
import ai.deepj.kernel.GemmBackend;
import ai.deepj.kernel.Parallel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/** Facts about this deepj installation: version, runtime, vector width, GEMM backend, threads. */
public final class Deepj {
    private Deepj() {}

    /** The library version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        try (InputStream in = Deepj.class.getResourceAsStream("version.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A multi-line report, as printed by {@code deepj info}. */
    public static String info() {
        StringBuilder sb = new StringBuilder();
        sb.append("deepj ").append(version()).append('\n');
        sb.append("java         ").append(Runtime.version()).append(" (").append(System.getProperty("java.vendor")).append(", ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch")).append(")\n");
        sb.append("vector       float32: ").append(FloatVector.SPECIES_PREFERRED.vectorBitSize()).append("-bit, ")
                .append(FloatVector.SPECIES_PREFERRED.length()).append(" lanes; float64: ")
                .append(DoubleVector.SPECIES_PREFERRED.length()).append(" lanes\n");
        sb.append("threads      ").append(Parallel.threads()).append(" (of ").append(Runtime.getRuntime().availableProcessors())
                .append(" processors; set with -Ddeepj.threads=N)\n");
        GemmBackend used = Gemm.backend();
        sb.append("gemm         ").append(used.name()).append(" (choose with -Ddeepj.gemm=auto|java|openblas)\n");
        for (GemmBackend b : Gemm.backends()) {
            sb.append("  ").append(b.name().equals(used.name()) ? "* " : "  ").append(b.name()).append(b.isAvailable() ? "" : " (unavailable)");
            String d = b.details();
            if (!d.isEmpty()) sb.append(": ").append(d);
            sb.append('\n');
        }
        return sb.toString();
    }
}
