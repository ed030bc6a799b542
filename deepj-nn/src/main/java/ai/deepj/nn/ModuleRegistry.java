package ai.deepj.nn;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Re-creates modules from their descriptions {@code {"type": ..., "config": {...}}}. deepj's own
 * modules are found by convention, so a model file loads in a fresh JVM: type {@code T} is the class
 * {@code ai.deepj.nn.T} (e.g. {@code Linear}, {@code rnn.Lstm}) or else {@code ai.deepj.T} (e.g.
 * {@code train.transfer.Ensemble}), a {@link Module} with a {@code public static T fromConfig(ModuleConfig)}.
 * User-defined modules {@link #register} a factory.
 */
public final class ModuleRegistry {
    private ModuleRegistry() {}

    private static final Map<String, Function<ModuleConfig, Module>> FACTORIES = new ConcurrentHashMap<>();

    /** Makes {@code type} (a {@link Module#typeName()}) loadable. */
    public static void register(String type, Function<ModuleConfig, Module> factory) {
        FACTORIES.put(type, factory);
    }

    /** {@code {"type": m.typeName(), "config": m.config()}}. */
    public static Map<String, Object> describe(Module m) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("type", m.typeName());
        d.put("config", m.config());
        return d;
    }

    /** The module a {@link #describe} map stands for (freshly initialized). */
    @SuppressWarnings("unchecked")
    public static Module fromConfig(Map<String, Object> description) {
        if (!(description.get("type") instanceof String type)) {
            throw new IllegalArgumentException("module description needs a string 'type': " + description);
        }
        Object cfg = description.getOrDefault("config", Map.of());
        if (!(cfg instanceof Map<?, ?> values)) {
            throw new IllegalArgumentException(type + ": 'config' must be an object, got " + cfg);
        }
        ModuleConfig config = new ModuleConfig(type, (Map<String, Object>) values);
        Function<ModuleConfig, Module> f = FACTORIES.get(type);
        if (f != null) return f.apply(config);
        return byConvention(type, config);
    }

    private static Module byConvention(String type, ModuleConfig config) {
        Class<?> c = moduleClass("ai.deepj.nn." + type);
        if (c == null) c = moduleClass("ai.deepj." + type);
        if (c == null) {
            throw new IllegalArgumentException("unknown module type '" + type + "': not a deepj module and not registered"
                    + " (ModuleRegistry.register)");
        }
        try {
            Method m = c.getMethod("fromConfig", ModuleConfig.class);
            if (!Modifier.isStatic(m.getModifiers()) || !Module.class.isAssignableFrom(m.getReturnType())) {
                throw new NoSuchMethodException();
            }
            return (Module) m.invoke(null, config);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalArgumentException("module type '" + type + "' has no public static fromConfig(ModuleConfig)");
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The named class if it exists and is a {@link Module} (checked before the class is initialized), else null. */
    private static Class<?> moduleClass(String name) {
        try {
            Class<?> c = Class.forName(name, false, ModuleRegistry.class.getClassLoader());
            return Module.class.isAssignableFrom(c) ? c : null;
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
