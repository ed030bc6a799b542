package ai.deepj.bench;

import ai.deepj.bench.Workloads.Bench;
import ai.deepj.bench.Workloads.Workload;
import ai.deepj.kernel.Gemm;
import ai.deepj.kernel.Parallel;
import ai.deepj.tensor.Generator;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * What one call of a workload costs the calling thread: CPU time and bytes allocated, per call. Meant for
 * before / after comparisons of an optimization on a shared machine, where wall-clock figures wander with
 * the load but a single thread's CPU time and allocation barely do. Run at one thread ({@code --threads 1},
 * the default): at more threads the pool's CPU time is not counted.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp deepj-bench/target/benchmarks.jar ai.deepj.bench.StepCost \
 *     [--threads 1] [--warmup 50] [--steps 200] [--rounds 5] [--backend java] resnet-small
 * </pre>
 *
 * <p>The GEMM backend is deepj's own ({@code java}, as {@code compare.sh}'s {@code deepj} column) unless
 * {@code --backend openblas}. Prints, per round, the mean CPU milliseconds and allocated MB per call, then the best (lowest) round.
 */
public final class StepCost {
    private StepCost() {}

    public static void main(String[] args) {
        int threads = 1, warmup = 50, steps = 200, rounds = 5;
        String name = null, backend = "java";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--backend" -> backend = args[++i];
                default -> {
                    if (args[i].startsWith("--") || name != null) throw new IllegalArgumentException(
                            "StepCost: unexpected argument '" + args[i] + "'; usage: [--threads N] [--warmup N] "
                                    + "[--steps N] [--backend java|openblas] [--rounds N] workload (one of " + Workloads.ALL.keySet() + ")");
                    name = args[i];
                }
            }
        }
        if (name == null) throw new IllegalArgumentException("StepCost: name a workload, one of " + Workloads.ALL.keySet());
        Bench bench = Workloads.select(java.util.List.of(name)).getFirst();
        Gemm.useBackend(backend);
        Parallel.setThreads(threads);
        Workload w = bench.setUp().apply(Generator.seeded(0));
        for (int i = 0; i < warmup; i++) w.op().run();

        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        double[] cpuMs = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long cpu0 = mx.getCurrentThreadCpuTime(), alloc0 = mx.getThreadAllocatedBytes(tid), wall0 = System.nanoTime();
            for (int i = 0; i < steps; i++) w.op().run();
            long cpu = mx.getCurrentThreadCpuTime() - cpu0, alloc = mx.getThreadAllocatedBytes(tid) - alloc0;
            long wall = System.nanoTime() - wall0;
            cpuMs[r] = cpu / 1e6 / steps;
            System.out.printf("%s threads=%d round %d: %.3f ms CPU/call (calling thread), %.3f ms wall/call, %.3f MB allocated/call%n",
                    name, threads, r + 1, cpuMs[r], wall / 1e6 / steps, alloc / 1e6 / steps);
        }
        System.out.printf("%s threads=%d gemm=%s best %.3f ms CPU/call over %d rounds of %d calls%n", name, threads,
                Gemm.backend().name(), Arrays.stream(cpuMs).min().orElseThrow(), rounds, steps);
    }
}
