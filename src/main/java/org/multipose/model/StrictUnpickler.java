package org.multipose.model;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * A pickle reader that accepts exactly what a PyTorch state dict is made of, on top of razorvine's opcode
 * interpreter.
 *
 * <p>Why: a pickle is a program for a stack machine whose {@code GLOBAL} opcodes name any importable Python callable
 * and whose {@code REDUCE} calls it; "loading" an untrusted {@code .pt} file with Python runs whatever it names
 * (e.g. {@code os.system}). razorvine's {@link Unpickler} never imports Python code, but it resolves an unknown
 * global to a generic dictionary object and calls {@code __setstate__} reflectively, so a file that is not a state
 * dict would still load as <em>something</em>. This subclass intercepts every opcode that names or instantiates a
 * class ({@code GLOBAL}, {@code STACK_GLOBAL}, {@code INST}, {@code OBJ}, {@code EXT1/2/4}) and the one that sets
 * object state ({@code BUILD}); everything else (tuples, lists, dicts, numbers, strings, the memo) is razorvine's.
 * A global is allowed only when it is one of
 * <ul>
 *   <li>{@code collections.OrderedDict} — the state dict itself and the empty backward-hook dict of each tensor;</li>
 *   <li>{@code torch._utils._rebuild_tensor_v2} and {@code torch._utils._rebuild_parameter} — a tensor as
 *       (storage, offset, size, stride);</li>
 *   <li>the typed storage classes {@code torch.FloatStorage}, {@code torch.DoubleStorage},
 *       {@code torch.HalfStorage}, {@code torch.BFloat16Storage}, {@code torch.LongStorage}, {@code torch.IntStorage},
 *       {@code torch.ShortStorage}, {@code torch.CharStorage}, {@code torch.ByteStorage}, {@code torch.BoolStorage}
 *       — named inside each tensor's persistent storage id.</li>
 * </ul>
 * Anything else stops the read at that opcode with a {@link Refused} naming the global; no object of the pickle's
 * choosing is ever created or called. {@code BUILD} is accepted only on an OrderedDict (PyTorch stores the state
 * dict's {@code _metadata} that way) and its state is ignored.
 *
 * <p>Not thread-safe; one instance per file.
 */
final class StrictUnpickler extends Unpickler {

    /** The globals a state dict may name, for messages. */
    static final String ALLOWED = "collections.OrderedDict, torch._utils._rebuild_tensor_v2,"
            + " torch._utils._rebuild_parameter, torch.<Type>Storage";

    /** A global or opcode outside what a state dict needs; the message names it. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** {@code collections.OrderedDict}: an insertion-ordered dict (the state dict, or a tensor's hook dict). */
    static final class OrderedDict extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;
    }

    /**
     * A typed storage class named by a persistent id ({@code torch.FloatStorage}, ...).
     *
     * @param name         the class name, e.g. "FloatStorage"
     * @param elementBytes bytes per element on disk
     * @param floating     true for float16/bfloat16/float32/float64 storages
     */
    record StorageType(String name, int elementBytes, boolean floating) {
    }

    /** The storage types PyTorch state dicts use, by class name. */
    static final Map<String, StorageType> STORAGE_TYPES = Map.of(
            "FloatStorage", new StorageType("FloatStorage", 4, true),
            "DoubleStorage", new StorageType("DoubleStorage", 8, true),
            "HalfStorage", new StorageType("HalfStorage", 2, true),
            "BFloat16Storage", new StorageType("BFloat16Storage", 2, true),
            "LongStorage", new StorageType("LongStorage", 8, false),
            "IntStorage", new StorageType("IntStorage", 4, false),
            "ShortStorage", new StorageType("ShortStorage", 2, false),
            "CharStorage", new StorageType("CharStorage", 1, false),
            "ByteStorage", new StorageType("ByteStorage", 1, false),
            "BoolStorage", new StorageType("BoolStorage", 1, false));

    /**
     * A storage as a persistent id names it: {@code ('storage', type, key, location, numel[, view])}.
     *
     * @param type  the element type
     * @param key   the storage's key (zip: the file name under {@code data/}; legacy: its id in the key list)
     * @param numel elements in the storage
     */
    record StorageRef(StorageType type, String key, long numel) {
        StorageRef {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * A tensor as {@code _rebuild_tensor_v2} describes it: a view of a storage.
     *
     * @param storage the storage
     * @param offset  the first element's index in the storage
     * @param size    the shape
     * @param stride  elements between neighbours along each dimension
     */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {
    }

    @Override
    protected Object dispatch(short key) throws IOException {
        switch (key) {
            case Opcodes.GLOBAL: {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(resolve(module, name));
                return NO_RETURN_VALUE;
            }
            case Opcodes.STACK_GLOBAL: {
                Object name = stack.pop();
                Object module = stack.pop();
                stack.add(resolve(String.valueOf(module), String.valueOf(name)));
                return NO_RETURN_VALUE;
            }
            case Opcodes.INST:
            case Opcodes.OBJ:
                throw new Refused("uses the " + (key == Opcodes.INST ? "INST" : "OBJ") + " opcode, which"
                        + " instantiates a class; a state dict never does");
            case Opcodes.EXT1:
            case Opcodes.EXT2:
            case Opcodes.EXT4:
                throw new Refused("uses the copyreg extension registry (EXT opcode); a state dict never does");
            case Opcodes.EMPTY_DICT:
                // A LinkedHashMap, not razorvine's HashMap: a state dict's order is its parameters' order.
                stack.add(new LinkedHashMap<Object, Object>());
                return NO_RETURN_VALUE;
            case Opcodes.SETITEMS: {
                // In order (razorvine collects the items in a HashMap first, which loses it).
                java.util.List<Object> items = stack.pop_all_since_marker();
                @SuppressWarnings("unchecked")
                Map<Object, Object> d = (Map<Object, Object>) stack.peek();
                for (int i = 0; i + 1 < items.size(); i += 2) {
                    d.put(items.get(i), items.get(i + 1));
                }
                return NO_RETURN_VALUE;
            }
            case Opcodes.DICT: {
                java.util.List<Object> items = stack.pop_all_since_marker();
                Map<Object, Object> d = new LinkedHashMap<>();
                for (int i = 0; i + 1 < items.size(); i += 2) {
                    d.put(items.get(i), items.get(i + 1));
                }
                stack.add(d);
                return NO_RETURN_VALUE;
            }
            case Opcodes.BUILD: {
                stack.pop(); // the state: an OrderedDict's attributes (PyTorch's _metadata); not needed
                if (!(stack.peek() instanceof OrderedDict)) {
                    throw new Refused("sets the state of a " + describe(stack.peek()) + " (BUILD opcode); only an"
                            + " OrderedDict's may be set");
                }
                return NO_RETURN_VALUE;
            }
            default:
                return super.dispatch(key);
        }
    }

    /** The object a global resolves to, or {@link Refused}. */
    private Object resolve(String module, String name) {
        String global = module + "." + name;
        if (global.equals("collections.OrderedDict")) {
            return (IObjectConstructor) args -> {
                if (args.length != 0) {
                    throw new Refused("calls collections.OrderedDict with " + args.length + " argument(s); a state"
                            + " dict builds it empty");
                }
                return new OrderedDict();
            };
        }
        if (global.equals("torch._utils._rebuild_tensor_v2")) {
            return (IObjectConstructor) StrictUnpickler::rebuildTensor;
        }
        if (global.equals("torch._utils._rebuild_parameter")) {
            return (IObjectConstructor) args -> {
                if (args.length < 1 || !(args[0] instanceof TensorRef t)) {
                    throw new Refused("calls torch._utils._rebuild_parameter without a tensor");
                }
                return t;
            };
        }
        if (module.equals("torch") && STORAGE_TYPES.containsKey(name)) {
            return STORAGE_TYPES.get(name);
        }
        throw new Refused("names the global '" + global + "', which a PyTorch state dict does not need (allowed: "
                + ALLOWED + ")");
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, meta])}. */
    private static Object rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof StorageRef storage)) {
            throw new Refused("calls torch._utils._rebuild_tensor_v2 without (storage, offset, size, stride)");
        }
        long offset = integer(args[1], "storage offset");
        long[] size = integers(args[2], "size");
        long[] stride = integers(args[3], "stride");
        if (size.length != stride.length) {
            throw new Refused("describes a tensor with " + size.length + " sizes but " + stride.length + " strides");
        }
        return new TensorRef(storage, offset, size, stride);
    }

    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[] t) || t.length < 5 || !"storage".equals(t[0])) {
            throw new Refused("holds a persistent id " + describe(pid) + " that is not a tensor storage");
        }
        if (!(t[1] instanceof StorageType type)) {
            throw new Refused("names storage type " + describe(t[1]) + " in a persistent id");
        }
        if (t.length > 5 && t[5] != null) {
            throw new Refused("holds a storage view (a PyTorch file older than 0.4); re-save it with a current"
                    + " PyTorch");
        }
        return new StorageRef(type, String.valueOf(t[2]), integer(t[4], "storage size"));
    }

    private static long integer(Object o, String what) {
        if (o instanceof Integer || o instanceof Long) {
            long v = ((Number) o).longValue();
            if (v < 0) {
                throw new Refused("gives a negative " + what + " (" + v + ")");
            }
            return v;
        }
        throw new Refused("gives " + describe(o) + " as a tensor's " + what);
    }

    private static long[] integers(Object o, String what) {
        if (!(o instanceof Object[] a)) {
            throw new Refused("gives " + describe(o) + " as a tensor's " + what + " (a tuple of integers expected)");
        }
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = integer(a[i], what);
        }
        return out;
    }

    static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof Object[]) {
            return "a tuple";
        }
        if (o instanceof Number n) {
            return "the number " + n;
        }
        if (o instanceof String s) {
            return "the string '" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
        }
        return "a " + o.getClass().getSimpleName();
    }
}
