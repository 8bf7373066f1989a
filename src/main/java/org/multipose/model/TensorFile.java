package org.multipose.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.multipose.base.InputException;

/**
 * A small self-describing binary file of named float32 tensors, used for model weights and optimizer state.
 *
 * <p>Layout (all numbers big-endian, strings as Java's modified UTF-8 with a 2-byte length):
 * <pre>
 *   8 bytes  magic "MPTENSOR"
 *   int32    format version (1)
 *   string   kind, e.g. "multipose-weights"
 *   string   metadata, e.g. the model spec ({@link ModelSpec#encode()})
 *   int32    number of tensors
 *   per tensor: string name, int32 rank, rank × int64 dimensions, product(dimensions) × float32 values
 *   int64    CRC-32 of every byte above
 * </pre>
 * Hand-written rather than reusing DJL's NDList encoding because that format is tied to DJL's internals and does not
 * carry our names and metadata; this one can be read with a dozen lines of numpy.
 */
public final class TensorFile {

    private static final byte[] MAGIC = "MPTENSOR".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    /** What a file holds. */
    public record Contents(String kind, String metadata, NamedTensors tensors) {

        /**
         * @throws InputException when the file holds another kind of data
         */
        public Contents requireKind(String expected, String source) {
            if (!kind.equals(expected)) {
                throw new InputException(source + ": holds '" + kind + "' but '" + expected
                        + "' was expected; point to the right file");
            }
            return this;
        }
    }

    private TensorFile() {
    }

    /** Writes to a temporary file next to {@code file} and renames it into place, so readers never see half. */
    public static void write(Path file, String kind, String metadata, NamedTensors tensors) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    write(out, kind, metadata, tensors);
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the format to a stream (not closed). */
    public static void write(OutputStream stream, String kind, String metadata, NamedTensors tensors)
            throws IOException {
        CRC32 crc = new CRC32();
        DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(stream), crc));
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(kind);
        out.writeUTF(metadata);
        out.writeInt(tensors.size());
        for (Map.Entry<String, FloatTensor> e : tensors.entries().entrySet()) {
            FloatTensor t = e.getValue();
            long[] shape = t.shape();
            out.writeUTF(e.getKey());
            out.writeInt(shape.length);
            for (long d : shape) {
                out.writeLong(d);
            }
            ByteBuffer buf = ByteBuffer.allocate(t.data().length * Float.BYTES).order(ByteOrder.BIG_ENDIAN);
            buf.asFloatBuffer().put(t.data());
            out.write(buf.array());
        }
        out.flush();
        new DataOutputStream(stream).writeLong(crc.getValue());
        stream.flush();
    }

    /**
     * Reads a file written by {@link #write(Path, String, String, NamedTensors)}.
     *
     * @throws InputException when the file is missing, truncated, corrupted or not in this format
     */
    public static Contents read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": file not found; check the path");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the format from a stream; {@code source} names it in error messages. */
    public static Contents read(InputStream stream, String source) throws IOException {
        CRC32 crc = new CRC32();
        BufferedInputStream buffered = new BufferedInputStream(stream);
        DataInputStream in = new DataInputStream(new CheckedInputStream(buffered, crc));
        try {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new InputException(source + ": not a multipose tensor file (bad magic bytes); "
                        + "point to a weights or checkpoint file written by multipose");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new InputException(source + ": tensor file format version " + version
                        + " is not supported (this build reads version " + VERSION + ")");
            }
            String kind = in.readUTF();
            String metadata = in.readUTF();
            int count = in.readInt();
            if (count < 0) {
                throw new InputException(source + ": corrupted tensor file (negative tensor count)");
            }
            Map<String, FloatTensor> tensors = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int rank = in.readInt();
                if (rank < 0 || rank > 16) {
                    throw new InputException(source + ": corrupted tensor file (rank " + rank + " of '" + name
                            + "')");
                }
                long[] shape = new long[rank];
                long n = 1;
                for (int d = 0; d < rank; d++) {
                    shape[d] = in.readLong();
                    if (shape[d] < 0 || shape[d] > Integer.MAX_VALUE) {
                        throw new InputException(source + ": corrupted tensor file (dimension " + shape[d]
                                + " of '" + name + "')");
                    }
                    n *= shape[d];
                    if (n > Integer.MAX_VALUE / Float.BYTES) {
                        throw new InputException(source + ": corrupted tensor file ('" + name + "' too large)");
                    }
                }
                byte[] bytes = new byte[(int) n * Float.BYTES];
                in.readFully(bytes);
                float[] data = new float[(int) n];
                ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(data);
                if (tensors.put(name, new FloatTensor(shape, data)) != null) {
                    throw new InputException(source + ": corrupted tensor file (duplicate name '" + name + "')");
                }
            }
            long computed = crc.getValue();
            long stored = new DataInputStream(buffered).readLong();
            if (stored != computed) {
                throw new InputException(source + ": checksum mismatch (file corrupted or partly written); "
                        + "use an intact copy");
            }
            return new Contents(kind, metadata, new NamedTensors(tensors));
        } catch (EOFException e) {
            throw new InputException(source + ": truncated tensor file; use an intact copy", e);
        }
    }
}
