package ai.deepj.bench;

import ai.deepj.bench.Workloads.Bench;
import ai.deepj.bench.Workloads.Workload;
import ai.deepj.kernel.Gemm;
import ai.deepj.kernel.Parallel;
import ai.deepj.openblas.OpenBlasGemm;
import ai.deepj.tensor.Generator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The deepj side of {@code bench/compare.sh}: times each named workload for each implementation
 * ({@code deepj} = pure-Java GEMM, {@code deepj-openblas}) and thread count, and prints one line per
 * figure on standard output:
 *
 * <pre>RESULT impl=deepj bench=sgemm-512x512x512 threads=1 value=123.4 unit=GFLOP/s</pre>
 *
 * <p>Method: each case is warmed up for {@code --warmup-ms} (JIT compilation, caches, thread pool),
 * then timed in samples of at least {@value #MIN_SAMPLE_MS} ms for {@code --measure-ms}; the figure
 * is the best sample (on a shared machine the best is the least disturbed; the median goes to
 * standard error with the sample count). {@code bench/torch_bench.py} measures PyTorch the same way.
 *
 * <p>Usage: {@code Compare [--impl deepj,deepj-openblas] [--threads 1,2] [--warmup-ms 500]
 * [--measure-ms 1500] [--list] [bench ...]} (no bench names: all of them).
 */
public final class Compare {
    private Compare() {}

    private static final int MIN_SAMPLE_MS = 20;
    private static final int MIN_SAMPLES = 3;

    public static void main(String[] args) {
        List<String> impls = List.of("deepj", "deepj-openblas");
        List<Integer> threads = List.of(1, 2);
        long warmupMs = 500, measureMs = 1500;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--impl" -> impls = List.of(value(args, ++i).split(","));
                case "--threads" -> threads = Arrays.stream(value(args, ++i).split(",")).map(Integer::valueOf).toList();
                case "--warmup-ms" -> warmupMs = Long.parseLong(value(args, ++i));
                case "--measure-ms" -> measureMs = Long.parseLong(value(args, ++i));
                case "--list" -> {
                    Workloads.ALL.values().forEach(b -> System.out.println(b.name() + "\t" + b.unit()));
                    return;
                }
                default -> {
                    if (args[i].startsWith("--")) throw new IllegalArgumentException("unknown option " + args[i]);
                    names.add(args[i]);
                }
            }
        }
        List<Bench> benches = Workloads.select(names);

        System.out.println("INFO java " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
                + " processors, max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        System.out.println("INFO openblas: " + OpenBlasGemm.unavailableReason().map(r -> "unavailable (" + r + ")")
                .orElse(OpenBlasGemm.coretypeNote()));
        for (String impl : impls) {
            String backend = switch (impl) {
                case "deepj" -> "java";
                case "deepj-openblas" -> "openblas";
                default -> throw new IllegalArgumentException("unknown impl '" + impl + "' (deepj, deepj-openblas)");
            };
            if (backend.equals("openblas") && OpenBlasGemm.unavailableReason().isPresent()) {
                System.out.println("NOTE deepj-openblas skipped: " + OpenBlasGemm.unavailableReason().get());
                continue;
            }
            Gemm.useBackend(backend);
            for (Bench bench : benches) {
                // Without GEMM the backend changes nothing: such benches run once, as plain deepj.
                if (!bench.usesGemm() && !impl.equals("deepj")) continue;
                for (int t : threads) {
                    Parallel.setThreads(t);
                    double value = measure(impl, bench, t, warmupMs, measureMs);
                    System.out.printf("RESULT impl=%s bench=%s threads=%d value=%.4g unit=%s%n", impl, bench.name(), t,
                            value, bench.unit());
                    Workloads.sink = null;
                }
            }
        }
    }

    /** Warms up, then returns the best rate over samples, in the bench's unit. */
    private static double measure(String impl, Bench bench, int threads, long warmupMs, long measureMs) {
        Workload w = bench.setUp().apply(Generator.seeded(0));
        long start = System.nanoTime();
        int warmupCalls = 0;
        do {
            w.op().run();
            warmupCalls++;
        } while (warmupCalls < 2 || System.nanoTime() - start < warmupMs * 1_000_000);
        double secondsPerCall = (System.nanoTime() - start) / 1e9 / warmupCalls;
        int callsPerSample = (int) Math.max(1, Math.ceil(MIN_SAMPLE_MS / 1e3 / secondsPerCall));

        List<Double> rates = new ArrayList<>();
        long measureStart = System.nanoTime();
        while (rates.size() < MIN_SAMPLES || System.nanoTime() - measureStart < measureMs * 1_000_000) {
            long t0 = System.nanoTime();
            for (int c = 0; c < callsPerSample; c++) w.op().run();
            double seconds = (System.nanoTime() - t0) / 1e9;
            rates.add(w.workPerOp() * callsPerSample / seconds / bench.scale());
        }
        rates.sort(null);
        double best = rates.getLast(), median = rates.get(rates.size() / 2);
        System.err.printf("  %-15s %-22s threads=%d  best %.4g  median %.4g %s  (%d samples x %d calls)%n", impl,
                bench.name(), threads, best, median, bench.unit(), rates.size(), callsPerSample);
        return best;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) throw new IllegalArgumentException(args[i - 1] + " needs a value");
        return args[i];
    }
}
