package org.multipose.data;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.multipose.base.InputException;

/**
 * A small CSV table (RFC 4180, UTF-8, first row = header) read with Jackson's CSV parser: quoted fields may hold
 * commas, quotes and newlines; empty lines are skipped; a UTF-8 byte-order mark is dropped. Each row keeps the
 * 1-based line number where it starts (the header is line 1), for messages and rejects. Rows are kept as read;
 * checking their width against the header is the caller's decision (a {@code Reject}, usually). Public so that
 * other stages (eval's predictions tables) read CSV the same way.
 */
public final class CsvRows {

    /** One data row: its fields and the line it starts on. */
    public record Row(int line, List<String> fields) {}

    private final Path file;
    private final List<String> header;
    private final Map<String, Integer> index;
    private final List<Row> rows;

    private CsvRows(Path file, List<String> header, List<Row> rows) {
        this.file = file;
        this.header = List.copyOf(header);
        this.rows = Collections.unmodifiableList(rows);
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            idx.putIfAbsent(header.get(i), i);
        }
        this.index = idx;
    }

    /** Reads the whole file; a missing or unreadable file, an empty file or malformed CSV is an InputException. */
    public static CsvRows read(Path file) {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
        List<String> header = null;
        List<Row> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            r.mark(1);
            if (r.read() != '\uFEFF') {
                r.reset();
            }
            try (CsvParser p = mapper.getFactory().createParser(r)) {
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    if (t != JsonToken.START_ARRAY) {
                        continue;
                    }
                    // The START_ARRAY token reports where the previous row ended; the first value knows its line.
                    int line = -1;
                    List<String> fields = new ArrayList<>();
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                        if (line < 0) {
                            line = p.currentTokenLocation().getLineNr();
                        }
                        fields.add(p.getText());
                    }
                    if (header == null) {
                        header = new ArrayList<>();
                        for (String h : fields) {
                            header.add(h.trim());
                        }
                    } else {
                        rows.add(new Row(line, fields));
                    }
                }
            }
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": file not found; check the path");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InputException(file + ": line " + e.getLocation().getLineNr() + ": malformed CSV ("
                    + e.getOriginalMessage() + "); fix the quoting", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read", e);
        }
        if (header == null) {
            throw new InputException(file + ": empty file; a CSV table with a header row is expected");
        }
        return new CsvRows(file, header, rows);
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    /** The header's column names, trimmed. */
    public List<String> header() {
        return header;
    }

    /** The data rows in file order. */
    public List<Row> rows() {
        return rows;
    }

    /** The index of a column, or empty when absent (or when {@code name} is empty, meaning "not used"). */
    public Optional<Integer> column(String name) {
        return name.isEmpty() ? Optional.empty() : Optional.ofNullable(index.get(name));
    }

    /** The index of a column that must be present, else an InputException naming the option to fix. */
    public int requireColumn(String name, String option) {
        Integer i = index.get(name);
        if (i == null) {
            throw new InputException(file + ": column '" + name + "' (" + option + ") not found; the header has: "
                    + String.join(", ", header) + "; set " + option + " to one of them");
        }
        return i;
    }

    /** A field for writing: quoted (RFC 4180) only when it holds a comma, quote or line break. */
    public static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
