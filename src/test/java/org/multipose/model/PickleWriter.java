package org.multipose.model;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes pickle opcodes by hand, for test files that PyTorch would write (and some it never would). Each method
 * appends one opcode with its argument, as the pickle protocol defines it (Python's Lib/pickletools.py lists them).
 */
final class PickleWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleWriter proto(int version) {
        return op(0x80).raw(version);
    }

    PickleWriter emptyDict() {
        return op('}');
    }

    PickleWriter emptyList() {
        return op(']');
    }

    PickleWriter emptyTuple() {
        return op(')');
    }

    PickleWriter mark() {
        return op('(');
    }

    PickleWriter tuple() {
        return op('t');
    }

    PickleWriter setItems() {
        return op('u');
    }

    PickleWriter appends() {
        return op('e');
    }

    PickleWriter reduce() {
        return op('R');
    }

    PickleWriter build() {
        return op('b');
    }

    PickleWriter binPersId() {
        return op('Q');
    }

    PickleWriter none() {
        return op('N');
    }

    PickleWriter newFalse() {
        return op(0x89);
    }

    PickleWriter newTrue() {
        return op(0x88);
    }

    PickleWriter stop() {
        return op('.');
    }

    /** GLOBAL: "c" module "\n" name "\n". */
    PickleWriter global(String module, String name) {
        op('c');
        byte[] b = (module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII);
        out.write(b, 0, b.length);
        return this;
    }

    /** STACK_GLOBAL (module and name taken from the stack). */
    PickleWriter stackGlobal() {
        return op(0x93);
    }

    /** INST: "i" module "\n" name "\n" (calls the class on the items since the mark). */
    PickleWriter inst(String module, String name) {
        op('i');
        byte[] b = (module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII);
        out.write(b, 0, b.length);
        return this;
    }

    /** BINUNICODE: 4-byte little-endian length, UTF-8 bytes. */
    PickleWriter string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X');
        le(b.length, 4);
        out.write(b, 0, b.length);
        return this;
    }

    /** BININT (4-byte signed little-endian). */
    PickleWriter integer(int v) {
        op('J');
        le(v, 4);
        return this;
    }

    /** LONG1: length byte, then little-endian two's-complement bytes. */
    PickleWriter long1(byte[] littleEndian) {
        op(0x8a);
        raw(littleEndian.length);
        out.write(littleEndian, 0, littleEndian.length);
        return this;
    }

    /** A tuple of ints: MARK, BININT each, TUPLE. */
    PickleWriter ints(long... values) {
        mark();
        for (long v : values) {
            integer((int) v);
        }
        return tuple();
    }

    /**
     * The persistent id of a storage, as PyTorch writes it: BINPERSID of
     * ('storage', torch.&lt;type&gt;, key, 'cpu', numel[, None]).
     */
    PickleWriter storage(String type, String key, long numel, boolean legacyViewField) {
        mark().string("storage").global("torch", type).string(key).string("cpu").integer((int) numel);
        if (legacyViewField) {
            none();
        }
        return tuple().binPersId();
    }

    /** _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict()) with the storage's persistent id. */
    PickleWriter tensor(String type, String key, long numel, long offset, long[] size, long[] stride,
            boolean legacyViewField) {
        global("torch._utils", "_rebuild_tensor_v2");
        mark();
        storage(type, key, numel, legacyViewField);
        integer((int) offset).ints(size).ints(stride).newFalse();
        global("collections", "OrderedDict").emptyTuple().reduce();
        tuple();
        return reduce();
    }

    PickleWriter raw(int b) {
        out.write(b);
        return this;
    }

    PickleWriter bytes(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    private PickleWriter op(int code) {
        out.write(code);
        return this;
    }

    private void le(long v, int n) {
        for (int i = 0; i < n; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    /** Little-endian float32 values. */
    static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    /** Little-endian float64 values. */
    static byte[] doubles(double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double d : v) {
            b.putDouble(d);
        }
        return b.array();
    }

    /** Little-endian 16-bit words (float16 bit patterns or other shorts). */
    static byte[] shorts(int... v) {
        ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int s : v) {
            b.putShort((short) s);
        }
        return b.array();
    }

    /** Little-endian int64 values. */
    static byte[] longs(long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long l : v) {
            b.putLong(l);
        }
        return b.array();
    }
}
