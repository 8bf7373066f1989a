package org.multipose.spark;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.multipose.data.PoseParser;
import org.multipose.structure.SdfLigandReader;
import org.multipose.structure.SdfLigandReader.RecordText;

/**
 * A byte range of an uncompressed SD file that starts and ends at record boundaries (just after a {@code $$$$} line,
 * or at the file's start or end), so a big multi-compound file is parsed by many tasks. A task parses the runs of
 * {@value PoseParser#RECORDS_PER_RUN} records (counted from the file's first record, as the single-machine prepare
 * cuts them) that start in its range, reading past its end to finish its last run; record and line numbers are the
 * file's, from the counts of the ranges before it ({@link #count}).
 *
 * @param file        the file
 * @param start       first byte
 * @param end         byte after the last
 * @param firstRecord the file's 1-based number of the record starting at {@code start}
 * @param firstLine   the file's 1-based number of the line starting at {@code start}
 * @param last        true for the range that ends at the end of the file
 */
record SdfRange(PoseFileRef file, long start, long end, int firstRecord, int firstLine, boolean last)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Records ({@code $$$$} lines) and lines ('\n') in a range. */
    record Counts(long records, long lines) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * The record-aligned ranges of a file: cut near every multiple of {@code splitBytes}, at the end of the first
     * {@code $$$$} line after it (read on the driver: a few kB per cut). Record and line numbers are still unknown
     * (1 and 1) except for the first range.
     */
    static List<SdfRange> plan(PoseFileRef f, long splitBytes) {
        List<Long> cuts = new ArrayList<>();
        cuts.add(0L);
        for (long at = splitBytes; at < f.bytes(); at += splitBytes) {
            long b = boundaryAfter(f, at);
            if (b > cuts.get(cuts.size() - 1) && b < f.bytes()) {
                cuts.add(b);
            }
        }
        List<SdfRange> out = new ArrayList<>();
        for (int i = 0; i < cuts.size(); i++) {
            boolean last = i == cuts.size() - 1;
            out.add(new SdfRange(f, cuts.get(i), last ? f.bytes() : cuts.get(i + 1), 1, 1, last));
        }
        return out;
    }

    /** The first record start at or after {@code at}: the byte after the next {@code $$$$} line's newline. */
    private static long boundaryAfter(PoseFileRef f, long at) {
        try (InputStream in = new BufferedInputStream(f.open(at - 1), 1 << 16)) {
            long pos = at - 1;
            int c = in.read();
            pos++;
            boolean lineStart = c == '\n';
            if (!lineStart) { // skip the rest of the line holding byte at-1
                while (c >= 0 && c != '\n') {
                    c = in.read();
                    pos++;
                }
                if (c < 0) {
                    return f.bytes();
                }
            }
            // pos is now the start of a line
            while (true) {
                byte[] head = new byte[4];
                int n = 0;
                int ch = in.read();
                long lineStartPos = pos;
                while (ch >= 0 && ch != '\n') {
                    if (n < 4) {
                        head[n] = (byte) ch;
                    }
                    n++;
                    ch = in.read();
                }
                pos = lineStartPos + n + (ch >= 0 ? 1 : 0);
                if (n >= 4 && head[0] == '$' && head[1] == '$' && head[2] == '$' && head[3] == '$') {
                    return ch < 0 ? f.bytes() : pos;
                }
                if (ch < 0) {
                    return f.bytes();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f.name(), e);
        }
    }

    /** Counts the {@code $$$$} lines and newlines of this range (the numbers the ranges after it start from). */
    Counts count() {
        long records = 0;
        long lines = 0;
        try (InputStream in = new BufferedInputStream(file.open(start), 1 << 16)) {
            boolean lineStart = true;
            int dollars = 0; // leading '$' of the current line so far; -1 once it is no $$$$ line
            for (long pos = start; pos < end; pos++) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                if (lineStart) {
                    dollars = 0;
                }
                if (dollars >= 0) {
                    dollars = c == '$' ? dollars + 1 : -1;
                    if (dollars == 4) {
                        records++;
                        dollars = -1;
                    }
                }
                lineStart = c == '\n';
                if (lineStart) {
                    lines++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.name(), e);
        }
        return new Counts(records, lines);
    }

    /** Copies this range's bytes (or up to the end of the file) from {@code in}, positioned at its start. */
    private void copyRange(InputStream in, ByteArrayOutputStream buf) throws IOException {
        long n = end - start;
        byte[] b = new byte[1 << 16];
        while (n > 0) {
            int r = in.read(b, 0, (int) Math.min(b.length, n));
            if (r < 0) {
                break;
            }
            buf.write(b, 0, r);
            n -= r;
        }
    }

    /**
     * The ranges numbered as in their files: each range's first record and line follow from the counts of the ranges
     * before it in the same file ({@link #count()}, one per range, in order; the ranges of one file consecutive).
     */
    static List<SdfRange> numberedInFiles(List<SdfRange> ranges, List<Counts> counts) {
        List<SdfRange> out = new ArrayList<>(ranges.size());
        String file = null;
        long record = 1;
        long line = 1;
        for (int i = 0; i < ranges.size(); i++) {
            SdfRange r = ranges.get(i);
            if (!r.file().name().equals(file)) {
                file = r.file().name();
                record = 1;
                line = 1;
            }
            out.add(r.numbered(Math.toIntExact(record), Math.toIntExact(line)));
            record += counts.get(i).records();
            line += counts.get(i).lines();
        }
        return out;
    }

    /** The same range numbered from the given record and line. */
    SdfRange numbered(int record, int line) {
        return new SdfRange(file, start, end, record, line, last);
    }

    /** The records that start in this range (no more), numbered as in the whole file ({@code score}'s tasks). */
    List<RecordText> records() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, end - start));
        try (InputStream in = new BufferedInputStream(file.open(start), 1 << 16)) {
            copyRange(in, buf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.name(), e);
        }
        List<RecordText> out = new ArrayList<>();
        for (RecordText r : SdfLigandReader.split(new String(buf.toByteArray(), StandardCharsets.UTF_8))) {
            out.add(new RecordText(r.number() + firstRecord - 1, r.firstLine() + firstLine - 1, r.text()));
        }
        return out;
    }

    /**
     * The records of the runs this range owns, numbered as in the whole file: those of the runs starting in the
     * range, the last one completed from the bytes after it.
     */
    List<RecordText> ownedRecords() {
        int skip = (PoseParser.RECORDS_PER_RUN - (firstRecord - 1) % PoseParser.RECORDS_PER_RUN)
                % PoseParser.RECORDS_PER_RUN;
        ByteArrayOutputStream buf = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, end - start + 4096));
        try (InputStream in = new BufferedInputStream(file.open(start), 1 << 16)) {
            copyRange(in, buf);
            if (!last) {
                int inRange = SdfLigandReader.split(new String(buf.toByteArray(), StandardCharsets.UTF_8)).size();
                int lastRecord = firstRecord + inRange - 1;
                int runEnd = ((lastRecord + PoseParser.RECORDS_PER_RUN - 1) / PoseParser.RECORDS_PER_RUN)
                        * PoseParser.RECORDS_PER_RUN;
                int more = inRange <= skip ? 0 : runEnd - lastRecord;
                readRecords(in, buf, more);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.name(), e);
        }
        List<RecordText> all = SdfLigandReader.split(new String(buf.toByteArray(), StandardCharsets.UTF_8));
        List<RecordText> out = new ArrayList<>();
        for (int i = skip; i < all.size(); i++) {
            RecordText r = all.get(i);
            out.add(new RecordText(r.number() + firstRecord - 1, r.firstLine() + firstLine - 1, r.text()));
        }
        return out;
    }

    /** Appends {@code n} more records ({@code $$$$}-terminated) from {@code in}, or what is left of the file. */
    private static void readRecords(InputStream in, ByteArrayOutputStream buf, int n) throws IOException {
        int done = 0;
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (done < n) {
            line.reset();
            int c;
            while ((c = in.read()) >= 0) {
                line.write(c);
                if (c == '\n') {
                    break;
                }
            }
            if (line.size() == 0) {
                return;
            }
            byte[] l = line.toByteArray();
            buf.write(l, 0, l.length);
            if (l.length >= 4 && l[0] == '$' && l[1] == '$' && l[2] == '$' && l[3] == '$') {
                done++;
            }
            if (c < 0) {
                return;
            }
        }
    }
}
