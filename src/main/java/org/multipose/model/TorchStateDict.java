package org.multipose.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.razorvine.pickle.PickleException;
import org.multipose.base.InputException;

/**
 * A PyTorch state dict ({@code torch.save(model.state_dict(), f)}) read without Python: parameter name → tensor,
 * in the file's order.
 *
 * <p>Both of PyTorch's on-disk formats are read:
 * <ul>
 *   <li><b>zip</b> (PyTorch ≥ 1.6): a zip archive holding {@code <prefix>/data.pkl} (the pickled dict, each
 *       tensor's storage as a persistent id) and one raw little-endian file per storage under
 *       {@code <prefix>/data/<key>} ({@code <prefix>/byteorder} says "big" on big-endian writers);</li>
 *   <li><b>legacy</b> (before 1.6): five things one after another — the pickled magic number
 *       0x1950a86a20f9469cfc6c, the protocol version 1001, a sys-info dict (byte order), the pickled dict, the
 *       pickled list of storage keys — then each storage in that key order as an 8-byte little-endian element count
 *       followed by its raw elements.</li>
 * </ul>
 * Every pickle goes through {@link StrictUnpickler}, which refuses any global a state dict does not need.
 *
 * <p>A tensor is a view of a storage: element (i₀, …, i_{k−1}) is storage element offset + Σ i_j·stride_j; the
 * view is copied out in row-major order, so offsets into shared storages and non-contiguous strides (e.g. a
 * transposed weight) come out as the tensor PyTorch would show. Floating tensors (float16, bfloat16, float32,
 * float64) become float32 ({@link FloatTensor}; float64 is rounded to nearest); integer and bool tensors (such as
 * BatchNorm's {@code num_batches_tracked} counter) are listed in {@link #skipped()} with their storage type, not
 * converted.
 *
 * @param source  where the dict came from (for messages)
 * @param format  {@code zip} or {@code legacy}
 * @param tensors the floating tensors by name, in file order
 * @param skipped the non-floating tensors: name → storage type (e.g. "LongStorage"), in file order
 */
public record TorchStateDict(String source, String format, NamedTensors tensors, Map<String, String> skipped) {

    /** The legacy format's magic number, the first pickle of such a file. */
    static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    /** The legacy format's protocol version, the second pickle. */
    static final long LEGACY_PROTOCOL = 1001;

    public TorchStateDict {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(tensors, "tensors");
        skipped = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
    }

    /**
     * Reads a {@code .pt} / {@code .pth} file.
     *
     * @throws InputException when the file is missing, unreadable, not a PyTorch file, not a plain state dict, or
     *                        names a global outside the allowed ones (the message names it)
     */
    public static TorchStateDict read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such weights file; check the path");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read the weights file (" + e.getMessage() + ")");
        }
        return read(bytes, file);
    }

    private static TorchStateDict read(byte[] bytes, Path file) {
        String source = file.toString();
        try {
            if (bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4) {
                return readZip(file, source);
            }
            if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x80) {
                return readLegacy(bytes, source);
            }
            throw new InputException(source + ": not a PyTorch file (neither a zip archive nor a pickle stream);"
                    + " give a file written by torch.save(model.state_dict(), path)");
        } catch (StrictUnpickler.Refused e) {
            throw new InputException(source + ": refused: the pickle " + e.getMessage() + "; only plain state dicts"
                    + " (torch.save(model.state_dict(), path)) are read, and nothing in the file was run");
        } catch (PickleException | IOException | ClassCastException | IndexOutOfBoundsException e) {
            throw new InputException(source + ": not a readable PyTorch state dict (" + e.getMessage() + "); give a"
                    + " file written by torch.save(model.state_dict(), path)");
        }
    }

    private static TorchStateDict readZip(Path file, String source) throws IOException {
        // java.util.zip.ZipFile, not ZipInputStream: torch.save writes STORED entries with data descriptors, which
        // only a reader of the central directory accepts.
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (!e.isDirectory()) {
                    try (InputStream in = zip.getInputStream(e)) {
                        entries.put(e.getName(), in.readAllBytes());
                    }
                }
            }
        }
        String pkl = null;
        for (String name : entries.keySet()) {
            if (name.equals("data.pkl") || name.endsWith("/data.pkl")) {
                if (pkl != null) {
                    throw new InputException(source + ": the zip holds two data.pkl (" + pkl + ", " + name + "); a"
                            + " torch.save archive holds one");
                }
                pkl = name;
            }
        }
        if (pkl == null) {
            throw new InputException(source + ": a zip archive without data.pkl is not a torch.save file; give a file"
                    + " written by torch.save(model.state_dict(), path)");
        }
        String prefix = pkl.substring(0, pkl.length() - "data.pkl".length());
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        byte[] bo = entries.get(prefix + "byteorder");
        if (bo != null && new String(bo, StandardCharsets.US_ASCII).trim().equals("big")) {
            order = ByteOrder.BIG_ENDIAN;
        }
        Object dict = new StrictUnpickler().load(new ByteArrayInputStream(entries.get(pkl)));
        Map<String, ByteBuffer> storages = new HashMap<>();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (e.getKey().startsWith(prefix + "data/")) {
                storages.put(e.getKey().substring(prefix.length() + 5), ByteBuffer.wrap(e.getValue()).order(order));
            }
        }
        return materialise(dict, storages, source, "zip");
    }

    private static TorchStateDict readLegacy(byte[] bytes, String source) throws IOException {
        InputStream in = new ByteArrayInputStream(bytes);
        Object magic = new StrictUnpickler().load(in);
        if (!(magic instanceof Number n) || !new BigInteger(n.toString()).equals(LEGACY_MAGIC)) {
            throw new InputException(source + ": a pickle, but not a PyTorch file (no torch.save magic number);"
                    + " give a file written by torch.save(model.state_dict(), path)");
        }
        Object protocol = new StrictUnpickler().load(in);
        if (!(protocol instanceof Number p) || p.longValue() != LEGACY_PROTOCOL) {
            throw new InputException(source + ": unknown torch.save protocol " + protocol + " (expected "
                    + LEGACY_PROTOCOL + "); re-save the file with a current PyTorch");
        }
        Object sysInfo = new StrictUnpickler().load(in);
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        if (sysInfo instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("little_endian"))) {
            order = ByteOrder.BIG_ENDIAN;
        }
        Object dict = new StrictUnpickler().load(in);
        Object keys = new StrictUnpickler().load(in);
        if (!(keys instanceof List<?> keyList)) {
            throw new InputException(source + ": the storage key list is missing after the state dict; the file is"
                    + " truncated or not a torch.save file");
        }
        // Storage types come from the dict's persistent ids; collect them to know each storage's element size.
        Map<String, StrictUnpickler.StorageType> types = new HashMap<>();
        collectStorageTypes(dict, types);
        Map<String, ByteBuffer> storages = new HashMap<>();
        int pos = bytes.length - in.available();
        for (Object k : keyList) {
            String key = String.valueOf(k);
            StrictUnpickler.StorageType type = types.get(key);
            if (type == null) {
                throw new InputException(source + ": storage " + key + " is listed but no tensor uses it; the file is"
                        + " not a plain state dict");
            }
            if (pos + 8 > bytes.length) {
                throw new InputException(source + ": truncated: storage " + key + " is missing");
            }
            long count = ByteBuffer.wrap(bytes, pos, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            long length = count * type.elementBytes();
            if (count < 0 || pos + 8 + length > bytes.length) {
                throw new InputException(source + ": truncated: storage " + key + " should hold " + count
                        + " elements but the file ends first");
            }
            storages.put(key, ByteBuffer.wrap(bytes, pos + 8, (int) length).slice().order(order));
            pos += 8 + (int) length;
        }
        return materialise(dict, storages, source, "legacy");
    }

    private static void collectStorageTypes(Object dict, Map<String, StrictUnpickler.StorageType> out) {
        if (dict instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                if (v instanceof StrictUnpickler.TensorRef t) {
                    out.put(t.storage().key(), t.storage().type());
                }
            }
        }
    }

    private static TorchStateDict materialise(Object dict, Map<String, ByteBuffer> storages, String source,
            String format) {
        if (!(dict instanceof Map<?, ?> map)) {
            throw new InputException(source + ": holds " + StrictUnpickler.describe(dict) + ", not a state dict"
                    + " (name → tensor); save model.state_dict(), not the model");
        }
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof StrictUnpickler.TensorRef t)) {
                throw new InputException(source + ": entry '" + name + "' is " + StrictUnpickler.describe(e.getValue())
                        + ", not a tensor; give a plain state dict (torch.save(model.state_dict(), path))");
            }
            StrictUnpickler.StorageRef s = t.storage();
            ByteBuffer data = storages.get(s.key());
            if (data == null) {
                throw new InputException(source + ": tensor '" + name + "' refers to storage " + s.key()
                        + ", which the file does not hold");
            }
            if ((long) data.remaining() < s.numel() * s.type().elementBytes()) {
                throw new InputException(source + ": storage " + s.key() + " of tensor '" + name + "' holds "
                        + data.remaining() + " bytes, fewer than its " + s.numel() + " " + s.type().name()
                        + " elements");
            }
            checkBounds(t, name, source);
            if (!s.type().floating()) {
                skipped.put(name, s.type().name());
                continue;
            }
            tensors.put(name, new FloatTensor(t.size(), gather(t, data)));
        }
        return new TorchStateDict(source, format, new NamedTensors(tensors), skipped);
    }

    /** The view's last element must lie inside its storage. */
    private static void checkBounds(StrictUnpickler.TensorRef t, String name, String source) {
        long count = 1;
        long last = t.offset();
        for (int d = 0; d < t.size().length; d++) {
            count = Math.multiplyExact(count, t.size()[d]);
            if (t.size()[d] > 0) {
                last += (t.size()[d] - 1) * t.stride()[d];
            }
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new InputException(source + ": tensor '" + name + "' has " + count + " elements, more than a Java"
                    + " array holds");
        }
        if (count > 0 && last >= t.storage().numel()) {
            throw new InputException(source + ": tensor '" + name + "' (shape " + Arrays.toString(t.size())
                    + ", stride " + Arrays.toString(t.stride()) + ", offset " + t.offset() + ") reaches element "
                    + last + " of a storage of " + t.storage().numel() + "; the file is corrupted");
        }
    }

    /** The view's elements in row-major order, as float32. */
    private static float[] gather(StrictUnpickler.TensorRef t, ByteBuffer data) {
        long[] size = t.size();
        long[] stride = t.stride();
        int rank = size.length;
        long n = 1;
        for (long s : size) {
            n *= s;
        }
        float[] out = new float[(int) n];
        if (n == 0) {
            return out;
        }
        int[] index = new int[rank];
        long at = t.offset();
        String type = t.storage().type().name();
        int base = data.position();
        for (int i = 0; i < out.length; i++) {
            out[i] = element(data, base, at, type);
            // odometer over the indices, last dimension fastest
            for (int d = rank - 1; d >= 0; d--) {
                index[d]++;
                at += stride[d];
                if (index[d] < size[d]) {
                    break;
                }
                at -= stride[d] * size[d];
                index[d] = 0;
            }
        }
        return out;
    }

    private static float element(ByteBuffer data, int base, long index, String type) {
        return switch (type) {
            case "FloatStorage" -> data.getFloat(base + (int) (4 * index));
            case "DoubleStorage" -> (float) data.getDouble(base + (int) (8 * index));
            case "HalfStorage" -> halfToFloat(data.getShort(base + (int) (2 * index)));
            case "BFloat16Storage" -> Float.intBitsToFloat((data.getShort(base + (int) (2 * index)) & 0xffff) << 16);
            default -> throw new IllegalStateException("not a floating storage: " + type);
        };
    }

    /** IEEE 754 binary16 → float32, exact (JDK 17 has no Float.float16ToFloat). */
    static float halfToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            // zero or subnormal: mant · 2^-24, exact in float
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
