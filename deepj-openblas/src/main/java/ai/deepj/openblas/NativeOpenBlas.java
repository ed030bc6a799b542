package ai.deepj.openblas;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The OpenBLAS shared library, loaded once (on first use of this class) through the
 * foreign-function API. Loading never throws: when it fails, {@link #UNAVAILABLE} says why and the
 * method handles are null.
 *
 * <p>The library comes from the bytedeco {@code openblas} jar: it and the Fortran runtime it links
 * against are copied from the class path into a private temporary directory, opened with
 * {@code dlopen}, and deleted again at once (a mapped library stays usable after its file is
 * unlinked, so nothing is left behind even if the JVM crashes).
 */
final class NativeOpenBlas {
    private NativeOpenBlas() {}

    /** CBLAS enum values (cblas.h). */
    static final int ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;

    private static final String RESOURCE_DIR = "/org/bytedeco/openblas/linux-x86_64/";
    /** Dependencies first: libopenblas needs libgfortran, which needs libquadmath and libgcc_s. */
    private static final String[] BUNDLED = {"libgcc_s.so.1", "libquadmath.so.0", "libgfortran.so.5", "libopenblas.so.0"};
    private static final String CORETYPE_ENV = "OPENBLAS_CORETYPE";
    /** System property: {@code auto} (default: clear the variable), {@code inherit}, or a core name. */
    static final String CORETYPE_PROPERTY = "deepj.openblas.coretype";

    /** Why the library could not be loaded, or null if it was. */
    static final String UNAVAILABLE;
    /** What was done with {@code OPENBLAS_CORETYPE} and which core OpenBLAS chose. */
    static final String CORETYPE_NOTE;
    /** {@code openblas_get_corename()}, or null. */
    static final String CORENAME;
    /** {@code openblas_get_config()}, or null. */
    static final String CONFIG;
    /** {@code cblas_sgemm} and {@code cblas_dgemm}, critical downcalls that accept heap segments. */
    static final MethodHandle SGEMM, DGEMM;

    static {
        String unavailable = null, note = null, corename = null, config = null;
        MethodHandle s = null, d = null;
        try {
            String os = System.getProperty("os.name", "?"), arch = System.getProperty("os.arch", "?");
            if (!os.toLowerCase(Locale.ROOT).startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
                throw new UnsupportedOperationException("deepj-openblas bundles OpenBLAS for linux-x86_64 only; this is "
                        + os + "/" + arch);
            }
            Coretype coretype = new Coretype(System.getProperty(CORETYPE_PROPERTY, "auto").trim());
            String coretypeAction = coretype.apply();
            SymbolLookup lib;
            try {
                lib = loadBundled();
            } finally {
                coretype.restore();
            }
            Linker linker = Linker.nativeLinker();

            MethodHandle setThreads = linker.downcallHandle(find(lib, "openblas_set_num_threads"),
                    FunctionDescriptor.ofVoid(JAVA_INT));
            // One pool only: deepj's Parallel splits big products and each piece runs single-threaded.
            setThreads.invokeExact(1);
            corename = cString(linker, lib, "openblas_get_corename");
            config = cString(linker, lib, "openblas_get_config");
            note = coretypeAction + "; OpenBLAS " + (coretype.detected() ? "detected " : "uses ") + corename;

            // critical(true): no thread-state transition and heap segments allowed, so the kernel
            // reads and writes the Java arrays in place. The price: a safepoint (GC) waits for a
            // running call, which for the largest products here is tens of milliseconds.
            Linker.Option critical = Linker.Option.critical(true);
            s = linker.downcallHandle(find(lib, "cblas_sgemm"), FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT,
                    JAVA_INT, JAVA_INT, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_FLOAT, ADDRESS,
                    JAVA_INT), critical);
            d = linker.downcallHandle(find(lib, "cblas_dgemm"), FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT,
                    JAVA_INT, JAVA_INT, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_DOUBLE, ADDRESS,
                    JAVA_INT), critical);
        } catch (Throwable t) {
            // Any failure (missing resource, dlopen error, missing symbol) only disables the backend.
            unavailable = t.getMessage() != null ? t.getMessage() : t.toString();
            if (note == null) note = "OpenBLAS not loaded: " + unavailable;
            s = d = null;
        }
        UNAVAILABLE = unavailable;
        CORETYPE_NOTE = note;
        CORENAME = corename;
        CONFIG = config;
        SGEMM = s;
        DGEMM = d;
    }

    /**
     * OpenBLAS (a DYNAMIC_ARCH build) reads {@code OPENBLAS_CORETYPE} once, when the library is
     * loaded. A value inherited from the environment (these machines preset Haswell) would pin it
     * to AVX2 kernels on AVX-512 hardware, so by default the variable is removed from the process
     * environment (libc {@code unsetenv}) while the library loads and OpenBLAS detects the CPU
     * itself; afterwards the environment is put back as it was, so that neither
     * {@code System.getenv} (which reads the C environment lazily) nor child processes see a change.
     */
    private static final class Coretype {
        private final Linker linker = Linker.nativeLinker();
        private final SymbolLookup libc = linker.defaultLookup();
        private final String policy;
        private String before;
        private boolean changed;

        Coretype(String policy) {
            this.policy = policy.isEmpty() ? "auto" : policy;
        }

        /** Applies the policy; returns what was done. */
        String apply() throws Throwable {
            before = getenv();
            String was = before == null ? CORETYPE_ENV + " was not set" : CORETYPE_ENV + "=" + before + " from the environment";
            switch (policy) {
                case "auto" -> {
                    if (before == null) return was;
                    unsetenv();
                    changed = true;
                    return was + " was cleared";
                }
                case "inherit" -> {
                    return (before == null ? was : was + " was kept") + " (" + CORETYPE_PROPERTY + "=inherit)";
                }
                default -> {
                    setenv(policy);
                    changed = true;
                    return CORETYPE_ENV + "=" + policy + " was set by " + CORETYPE_PROPERTY
                            + (before == null ? "" : " (the environment had " + before + ")");
                }
            }
        }

        /** True if OpenBLAS chose its kernels itself rather than being told. */
        boolean detected() {
            return policy.equals("auto") || (policy.equals("inherit") && before == null);
        }

        void restore() throws Throwable {
            if (!changed) return;
            if (before == null) unsetenv();
            else setenv(before);
        }

        private String getenv() throws Throwable {
            MethodHandle h = linker.downcallHandle(find(libc, "getenv"), FunctionDescriptor.of(ADDRESS, ADDRESS));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment p = (MemorySegment) h.invokeExact(arena.allocateFrom(CORETYPE_ENV));
                return p.equals(MemorySegment.NULL) ? null : p.reinterpret(Long.MAX_VALUE).getString(0);
            }
        }

        private void unsetenv() throws Throwable {
            MethodHandle h = linker.downcallHandle(find(libc, "unsetenv"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
            try (Arena arena = Arena.ofConfined()) {
                if ((int) h.invokeExact(arena.allocateFrom(CORETYPE_ENV)) != 0) {
                    throw new IllegalStateException("unsetenv(" + CORETYPE_ENV + ") failed");
                }
            }
        }

        private void setenv(String value) throws Throwable {
            MethodHandle h = linker.downcallHandle(find(libc, "setenv"),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
            try (Arena arena = Arena.ofConfined()) {
                if ((int) h.invokeExact(arena.allocateFrom(CORETYPE_ENV), arena.allocateFrom(value), 1) != 0) {
                    throw new IllegalStateException("setenv(" + CORETYPE_ENV + ", " + value + ") failed");
                }
            }
        }
    }

    private static SymbolLookup loadBundled() throws IOException {
        Path dir = Files.createTempDirectory("deepj-openblas-");
        try {
            for (String file : BUNDLED) {
                try (InputStream in = NativeOpenBlas.class.getResourceAsStream(RESOURCE_DIR + file)) {
                    if (in == null) {
                        throw new IllegalStateException("resource " + RESOURCE_DIR + file + " not found on the class path "
                                + "(is org.bytedeco:openblas:linux-x86_64 there?)");
                    }
                    Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            // A libgcc_s already in the process (or the system's) is preferred over a second copy.
            try {
                SymbolLookup.libraryLookup("libgcc_s.so.1", Arena.global());
            } catch (IllegalArgumentException notOnSystem) {
                SymbolLookup.libraryLookup(dir.resolve("libgcc_s.so.1"), Arena.global());
            }
            // libgfortran has no RUNPATH, so its dependencies are opened by path before it is.
            SymbolLookup.libraryLookup(dir.resolve("libquadmath.so.0"), Arena.global());
            SymbolLookup.libraryLookup(dir.resolve("libgfortran.so.5"), Arena.global());
            return SymbolLookup.libraryLookup(dir.resolve("libopenblas.so.0"), Arena.global());
        } finally {
            for (String file : BUNDLED) Files.deleteIfExists(dir.resolve(file));
            Files.deleteIfExists(dir);
        }
    }

    private static MemorySegment find(SymbolLookup lookup, String symbol) {
        return lookup.find(symbol).orElseThrow(() -> new IllegalStateException("symbol " + symbol + " not found"));
    }

    private static String cString(Linker linker, SymbolLookup lib, String function) throws Throwable {
        MethodHandle h = linker.downcallHandle(find(lib, function), FunctionDescriptor.of(ADDRESS));
        MemorySegment p = (MemorySegment) h.invokeExact();
        return p.equals(MemorySegment.NULL) ? "?" : p.reinterpret(Long.MAX_VALUE).getString(0).trim();
    }
}
