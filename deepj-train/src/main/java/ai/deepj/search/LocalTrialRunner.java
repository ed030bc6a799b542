package ai.deepj.search;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs trials side by side on a fixed number of local threads: the course's "caviar" approach
 * (many models at once). One thread is the "panda" approach: one model at a time. The threads
 * exist only while {@link #run} runs.
 *
 * <p>deepj's kernels share one thread pool ({@code deepj.threads}); trials running side by side
 * share it too. For small models, one trial per core with {@code -Ddeepj.threads=1} usually uses
 * the machine best; for large ones, fewer trial threads. Results do not depend on either number
 * (kernels split work the same way at a given {@code deepj.threads}, and each trial has its own
 * seed).
 *
 * {@snippet :
 * SearchResult r = Search.minimize(space).withRunner(LocalTrialRunner.threads(4)).random(20, objective);
 * SearchResult p = Search.minimize(space).withRunner(LocalTrialRunner.panda()).random(20, objective);
 * }
 */
public final class LocalTrialRunner implements TrialRunner {
    private final int threads;

    private LocalTrialRunner(int threads) {
        if (threads < 1) throw new IllegalArgumentException("LocalTrialRunner: need at least 1 thread, got " + threads);
        this.threads = threads;
    }

    /** {@code n} trials at a time. */
    public static LocalTrialRunner threads(int n) {
        return new LocalTrialRunner(n);
    }

    /** One trial at a time: the course's "panda" (babysitting one model). */
    public static LocalTrialRunner panda() {
        return new LocalTrialRunner(1);
    }

    /** As many trials at a time as there are processors: the course's "caviar". */
    public static LocalTrialRunner caviar() {
        return new LocalTrialRunner(Runtime.getRuntime().availableProcessors());
    }

    /** The number of trials run at a time. */
    public int threadCount() {
        return threads;
    }

    @Override
    public String describe() {
        return threads == 1 ? "1 local thread" : threads + " local threads";
    }

    @Override
    public List<TrialResult> run(List<TrialSpec> trials, Objective objective, Consumer<TrialResult> onResult) {
        if (objective == null) throw new IllegalArgumentException("LocalTrialRunner.run: objective must not be null");
        if (trials.isEmpty()) return List.of();
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "deepj-trial-" + counter.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, trials.size()), factory);
        try {
            CompletionService<Integer> done = new ExecutorCompletionService<>(pool);
            TrialResult[] results = new TrialResult[trials.size()];
            for (int i = 0; i < trials.size(); i++) {
                int index = i;
                done.submit(() -> {
                    results[index] = TrialResult.evaluate(trials.get(index), objective);
                    return index;
                });
            }
            for (int n = 0; n < trials.size(); n++) {
                Future<Integer> f = done.take();
                int index = f.get();
                if (onResult != null) onResult.accept(results[index]);
            }
            return new ArrayList<>(List.of(results));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("LocalTrialRunner: interrupted while waiting for trials", e);
        } catch (ExecutionException e) {
            // TrialResult.evaluate turns trial failures into results; what gets here is an Error such as OutOfMemoryError.
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException("LocalTrialRunner: a trial could not be run", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "LocalTrialRunner[" + threads + "]";
    }
}
