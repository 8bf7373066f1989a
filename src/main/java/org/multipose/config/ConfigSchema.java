package org.multipose.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * What the config records look like to the loader, the writer and the reference generator, by reflection: a
 * section is a record with a static {@code defaults()}; a custom scalar is a record with a static
 * {@code parse(String)} and a {@code toString()} that parse reads back (e.g. {@link Device}). Key types are
 * boolean, int, long, double, String, Path, enums, custom scalars, sections, and {@code Optional}, {@code List},
 * {@code Map<String, _>} of them. An {@code Optional} key's default is always empty. Adding a key is adding a
 * component (with {@link Doc}) and its default.
 */
final class ConfigSchema {

    private ConfigSchema() {}

    static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("unsupported config type " + type);
    }

    /** The last type argument: the element of a List / Optional, the value of a Map. */
    static Type elementType(Type type) {
        Type[] args = ((ParameterizedType) type).getActualTypeArguments();
        return args[args.length - 1];
    }

    static boolean isCustomScalar(Class<?> c) {
        return c.isRecord() && staticMethod(c, "parse", String.class) != null;
    }

    static boolean isSection(Class<?> c) {
        return c.isRecord() && !isCustomScalar(c);
    }

    static Object parseCustom(Class<?> c, String text) {
        return invokeStatic(staticMethod(c, "parse", String.class), text);
    }

    /** The section's defaults (its static {@code defaults()}). */
    static Record defaults(Class<?> section) {
        Method m = staticMethod(section, "defaults");
        if (m == null) {
            throw new IllegalStateException(section.getSimpleName() + " needs a static defaults() method");
        }
        return (Record) invokeStatic(m);
    }

    static Object component(Record r, RecordComponent c) {
        try {
            Method acc = c.getAccessor();
            acc.setAccessible(true);
            return acc.invoke(r);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Calls the canonical constructor; a {@link ConfigProblem} (or other exception) it throws passes through. */
    static Record construct(Class<?> section, Object[] args) {
        RecordComponent[] comps = section.getRecordComponents();
        Class<?>[] types = new Class<?>[comps.length];
        for (int i = 0; i < comps.length; i++) {
            types[i] = comps[i].getType();
        }
        try {
            Constructor<?> ctor = section.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return (Record) ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether an {@link OnlyFor} component applies, given the values bound so far (in declaration order). */
    static boolean applies(RecordComponent c, RecordComponent[] comps, Object[] values) {
        OnlyFor only = c.getAnnotation(OnlyFor.class);
        if (only == null) {
            return true;
        }
        String discriminator = discriminatorValue(only, comps, values);
        for (String v : only.value()) {
            if (v.equals(discriminator)) {
                return true;
            }
        }
        return false;
    }

    static String discriminatorValue(OnlyFor only, RecordComponent[] comps, Object[] values) {
        for (int i = 0; i < comps.length; i++) {
            if (Names.yamlName(comps[i].getName()).equals(only.key())) {
                return scalarText(values[i]);
            }
        }
        throw new IllegalStateException("@OnlyFor names a missing key " + only.key());
    }

    static Object[] values(Record r) {
        RecordComponent[] comps = r.getClass().getRecordComponents();
        Object[] v = new Object[comps.length];
        for (int i = 0; i < comps.length; i++) {
            v[i] = component(r, comps[i]);
        }
        return v;
    }

    /** A scalar's YAML text, unquoted: enums by their YAML name, doubles with YAML's spelling of ∞ and NaN. */
    static String scalarText(Object v) {
        if (v instanceof Enum<?> e) {
            return Names.yamlName(e);
        }
        if (v instanceof Double d) {
            if (d.isNaN()) {
                return ".nan";
            }
            if (d.isInfinite()) {
                return d > 0 ? ".inf" : "-.inf";
            }
            return Double.toString(d);
        }
        return String.valueOf(v);
    }

    /** Applies {@code f} to every Path inside {@code value} (of config type {@code type}), rebuilding records. */
    static Object mapPaths(Object value, Type type, UnaryOperator<Path> f) {
        Class<?> raw = raw(type);
        if (raw == Path.class) {
            return f.apply((Path) value);
        }
        if (raw == Optional.class) {
            return ((Optional<?>) value).map(v -> mapPaths(v, elementType(type), f));
        }
        if (raw == List.class) {
            List<Object> out = new ArrayList<>();
            for (Object v : (List<?>) value) {
                out.add(mapPaths(v, elementType(type), f));
            }
            return Collections.unmodifiableList(out);
        }
        if (raw == Map.class) {
            TreeMap<String, Object> out = new TreeMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> out.put((String) k, mapPaths(v, elementType(type), f)));
            return Collections.unmodifiableMap(out);
        }
        if (isSection(raw)) {
            RecordComponent[] comps = raw.getRecordComponents();
            Object[] args = new Object[comps.length];
            for (int i = 0; i < comps.length; i++) {
                args[i] = mapPaths(component((Record) value, comps[i]), comps[i].getGenericType(), f);
            }
            return construct(raw, args);
        }
        return value;
    }

    /** "> 0", ">= 1", "in [0, 1)" — empty when unbounded. */
    static String describeRange(Range r, boolean integer) {
        if (r == null) {
            return "";
        }
        boolean lo = r.min() != Double.NEGATIVE_INFINITY;
        boolean hi = r.max() != Double.POSITIVE_INFINITY;
        String min = number(r.min(), integer);
        String max = number(r.max(), integer);
        String finite = r.infinite() || integer ? "" : " and finite";
        if (lo && hi) {
            return "in " + (r.minOpen() ? "(" : "[") + min + ", " + max + (r.maxOpen() ? ")" : "]");
        }
        if (lo) {
            return (r.minOpen() ? "> " : ">= ") + min + finite;
        }
        if (hi) {
            return (r.maxOpen() ? "< " : "<= ") + max + finite;
        }
        return finite.isEmpty() ? "" : "finite";
    }

    static boolean inRange(Range r, double x) {
        if (r == null) {
            return !Double.isNaN(x);
        }
        if (Double.isInfinite(x) && !r.infinite()) {
            return false;
        }
        boolean loOk = r.minOpen() ? x > r.min() : x >= r.min();
        boolean hiOk = r.maxOpen() ? x < r.max() : x <= r.max();
        return loOk && hiOk;
    }

    private static String number(double x, boolean integer) {
        if (integer || (x == Math.rint(x) && Math.abs(x) < 1e15)) {
            return Long.toString((long) x);
        }
        return Double.toString(x);
    }

    /** What a value of this type looks like, for messages and the reference: "an integer >= 1", "one of a, b". */
    /** What a component accepts, as {@link #describe(Type, Range, Size)}, narrowed by its {@link OneOf}. */
    static String describe(java.lang.reflect.RecordComponent c) {
        OneOf one = c.getAnnotation(OneOf.class);
        if (one != null) {
            return "one of " + String.join(", ", one.value());
        }
        return describe(c.getGenericType(), c.getAnnotation(Range.class), c.getAnnotation(Size.class));
    }

    static String describe(Type type, Range range, Size size) {
        Class<?> raw = raw(type);
        if (raw == boolean.class || raw == Boolean.class) {
            return "true or false";
        }
        if (raw == int.class || raw == long.class || raw == Integer.class || raw == Long.class) {
            String r = describeRange(range, true);
            return r.isEmpty() ? "an integer" : "an integer " + r;
        }
        if (raw == double.class || raw == Double.class) {
            String r = describeRange(range, false);
            return r.isEmpty() ? "a number" : "a number " + r;
        }
        if (raw == String.class) {
            return "a text";
        }
        if (raw == Path.class) {
            return "a path";
        }
        if (raw.isEnum()) {
            return "one of " + String.join(", ", Names.yamlNames(raw));
        }
        if (isCustomScalar(raw)) {
            String allowed = (String) invokeStatic(staticMethod(raw, "allowed"));
            return allowed.startsWith("a ") ? allowed : "one of " + allowed; // "a condition ...": one form, no list
        }
        if (raw == Optional.class) {
            return describe(elementType(type), range, size) + ", or ~ for none";
        }
        if (raw == List.class) {
            String el = plural(describe(elementType(type), range, null));
            if (size != null && size.min() == size.max()) {
                return "a list of " + size.min() + " " + el;
            }
            if (size != null && size.min() > 0) {
                return "a list of at least " + size.min() + " " + el;
            }
            return "a list of " + el;
        }
        if (raw == Map.class) {
            return "a mapping of name → " + describe(elementType(type), range, size).replaceFirst("^an? ", "");
        }
        return "a mapping with keys " + String.join(", ", keys(raw));
    }

    private static String plural(String s) {
        return s.replaceFirst("^a number", "numbers").replaceFirst("^an integer", "integers")
                .replaceFirst("^a condition", "conditions")
                .replaceFirst("^a text", "texts").replaceFirst("^a path", "paths")
                .replaceFirst("^a mapping with keys", "mappings with keys");
    }

    static List<String> keys(Class<?> section) {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : section.getRecordComponents()) {
            out.add(Names.yamlName(c.getName()));
        }
        return out;
    }

    private static Method staticMethod(Class<?> c, String name, Class<?>... params) {
        try {
            Method m = c.getDeclaredMethod(name, params);
            if (!Modifier.isStatic(m.getModifiers())) {
                return null;
            }
            m.setAccessible(true);
            return m;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Object invokeStatic(Method m, Object... args) {
        try {
            return m.invoke(null, args);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        }
    }
}
