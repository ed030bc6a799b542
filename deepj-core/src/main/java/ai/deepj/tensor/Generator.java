package ai.deepj.tensor;

/**
 * A seeded, reproducible random number generator (SplitMix64). Its whole state is one
 * {@code long}, so checkpoints can save and restore it exactly. The same seed gives the same
 * numbers on every machine and at every thread count: tensors are filled sequentially.
 *
 * {@snippet :
 * Generator g = Generator.seeded(42);
 * Tensor w = Tensor.randn(g, 784, 128).mul(Math.sqrt(2.0 / 784));  // He initialization
 * long saved = g.state();                                            // ... later: g.setState(saved)
 * }
 *
 * <p>Not thread-safe: give each thread its own generator.
 */
public final class Generator {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private long state;

    private Generator(long state) {
        this.state = state;
    }

    private static final Generator GLOBAL = new Generator(0);

    /**
     * The shared default generator, used where no generator is passed (e.g. by layers that
     * initialize their weights); seed it with {@link #manualSeed(long)}, like
     * {@code torch.manual_seed}. Meant for building models on one thread.
     */
    public static Generator global() {
        return GLOBAL;
    }

    /** Re-seeds the {@link #global()} generator. */
    public static void manualSeed(long seed) {
        GLOBAL.setState(seed);
    }

    /** A generator whose sequence is fully determined by {@code seed}. */
    public static Generator seeded(long seed) {
        return new Generator(seed);
    }

    /** The internal state, for checkpoints. */
    public long state() {
        return state;
    }

    /** Restores a state returned by {@link #state()}. */
    public void setState(long state) {
        this.state = state;
    }

    /** 64 random bits. */
    public long nextLong() {
        long z = (state += GOLDEN);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("nextInt: bound must be positive, got " + bound);
        return (int) (((nextLong() >>> 33) * bound) >>> 31);
    }

    /**
     * Standard normal (Box–Muller). Only one value of each pair is used: caching the other would be
     * state outside {@link #state()}, and a restored generator would then continue differently.
     */
    public double nextGaussian() {
        double u1;
        do {
            u1 = nextDouble();
        } while (u1 == 0);
        double u2 = nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
