package ai.deepj.search;

import ai.deepj.tensor.Generator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named hyperparameters and their {@link Domain}s, in the order given. Immutable: {@link #with}
 * returns a new space.
 *
 * {@snippet :
 * SearchSpace space = SearchSpace.of()
 *         .with("lr", Domain.logUniform(1e-4, 1))
 *         .with("beta", Domain.betaScale(0.9, 0.999))
 *         .with("hidden", Domain.integer(50, 100))
 *         .with("activation", Domain.choice("relu", "tanh"));
 * Map<String, Object> params = space.sample(Generator.seeded(1));   // {lr=…, beta=…, hidden=…, activation=…}
 * }
 *
 * <p><b>Coarse to fine</b> ({@link #zoom}): given the best trials' values, each numeric
 * hyperparameter's new range is the smallest interval, in the domain's unit coordinate (linear,
 * log₁₀ α or log₁₀(1 − β)), that holds all of them, widened on both sides by {@code margin}
 * (a fraction of the current range) and clipped to the current range. A choice keeps only the
 * values those trials used. So each round's space lies inside the previous one.
 */
public final class SearchSpace {
    private final Map<String, Domain> domains;

    private SearchSpace(Map<String, Domain> domains) {
        this.domains = Collections.unmodifiableMap(domains);
    }

    /** An empty space. */
    public static SearchSpace of() {
        return new SearchSpace(new LinkedHashMap<>());
    }

    /** This space with {@code name} added (or its domain replaced). */
    public SearchSpace with(String name, Domain domain) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("SearchSpace.with: the name must not be blank");
        if (domain == null) throw new IllegalArgumentException("SearchSpace.with: the domain of '" + name + "' is null");
        Map<String, Domain> m = new LinkedHashMap<>(domains);
        m.put(name, domain);
        return new SearchSpace(m);
    }

    /** The hyperparameters' names, in order. */
    public List<String> names() {
        return List.copyOf(domains.keySet());
    }

    /** The domains by name, in order. */
    public Map<String, Domain> domains() {
        return domains;
    }

    /** The domain of {@code name}. */
    public Domain domain(String name) {
        Domain d = domains.get(name);
        if (d == null) throw new IllegalArgumentException("SearchSpace: no hyperparameter '" + name + "'; have " + domains.keySet());
        return d;
    }

    /** Number of hyperparameters. */
    public int size() {
        return domains.size();
    }

    private void checkNotEmpty(String op) {
        if (domains.isEmpty()) throw new IllegalStateException("SearchSpace." + op + ": the space has no hyperparameters; add some with with(name, domain)");
    }

    /** One value of each hyperparameter, drawn in order from {@code gen}. */
    public Map<String, Object> sample(Generator gen) {
        checkNotEmpty("sample");
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : domains.entrySet()) out.put(e.getKey(), e.getValue().sample(gen));
        return out;
    }

    /**
     * Every combination of the domains' {@linkplain Domain#grid grid values} with {@code n} points
     * per hyperparameter: the last hyperparameter varies fastest.
     */
    public List<Map<String, Object>> grid(int n) {
        checkNotEmpty("grid");
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (var e : domains.entrySet()) {
            List<Object> values = e.getValue().grid(n);
            List<Map<String, Object>> next = new ArrayList<>(out.size() * values.size());
            for (Map<String, Object> partial : out) {
                for (Object v : values) {
                    Map<String, Object> m = new LinkedHashMap<>(partial);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    /** The number of combinations {@link #grid(int)} gives. */
    public long gridSize(int n) {
        long size = 1;
        for (Domain d : domains.values()) size = Math.multiplyExact(size, d.grid(n).size());
        return size;
    }

    /**
     * The zoomed space around {@code best} (each a trial's values of every hyperparameter): see the
     * class comment.
     *
     * @param margin padding on each side, as a fraction of the current range (0 for the bare bounding box)
     */
    public SearchSpace zoom(List<Map<String, Object>> best, double margin) {
        if (best.isEmpty()) throw new IllegalArgumentException("SearchSpace.zoom: need at least one trial to zoom in on");
        if (!(margin >= 0 && margin <= 1)) throw new IllegalArgumentException("SearchSpace.zoom: margin must be in [0, 1], got " + margin);
        Map<String, Domain> m = new LinkedHashMap<>();
        for (var e : domains.entrySet()) {
            String name = e.getKey();
            Domain d = e.getValue();
            List<Object> values = new ArrayList<>();
            for (Map<String, Object> p : best) {
                if (!p.containsKey(name)) throw new IllegalArgumentException("SearchSpace.zoom: a trial has no value for '" + name + "': " + p);
                values.add(p.get(name));
            }
            if (d instanceof Domain.Choice c) {
                m.put(name, c.keep(values));
                continue;
            }
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (Object v : values) {
                double u = Math.min(Math.max(d.toUnit(v), 0), 1);
                lo = Math.min(lo, u);
                hi = Math.max(hi, u);
            }
            m.put(name, d.narrow(lo - margin, hi + margin));
        }
        return new SearchSpace(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SearchSpace s && s.domains.equals(domains);
    }

    @Override
    public int hashCode() {
        return domains.hashCode();
    }

    @Override
    public String toString() {
        return "SearchSpace" + domains;
    }
}
