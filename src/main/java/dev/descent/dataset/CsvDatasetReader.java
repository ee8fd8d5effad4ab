package dev.descent.dataset;

import ch.randelshofer.fastdoubleparser.JavaFloatParser;
import dev.descent.system.InvalidInputException;
import dev.descent.system.InvalidInputException.FieldError;
import dev.descent.system.PayloadTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.util.unit.DataSize;

/**
 * Reads a CSV (RFC 4180: UTF-8, optional BOM, CRLF or LF line ends, quoted fields, a header row) as it streams in,
 * parsing each cell's bytes straight into a float and writing it, through a {@link DataFileWriter}, in the shared
 * float32 layout with the target column moved to the end of each row. No String is made per cell and only a fixed
 * number of buffers is held, so heap use does not grow with the file. Data rows are parsed in parallel chunks
 * (see {@link #readInParallel}) with the same results as the sequential read. Blank lines are skipped.
 * Every unusable input ends the read with an {@link InvalidInputException} (or {@link PayloadTooLargeException})
 * whose sentence names the place and the fix. One instance reads one stream.
 */
final class CsvDatasetReader {

    /** The longest single field, and the unit of reading. */
    static final int BUFFER_BYTES = 1 << 20;

    private static final int COMMA = 0;
    private static final int END_OF_LINE = 1;
    private static final int END_OF_INPUT = 2;
    private static final int MAX_LISTED_COLUMNS = 20;
    /** Texts that spreadsheets and data frames write for missing or infinite values. */
    private static final Set<String> NON_FINITE_MARKERS = Set.of("nan", "-nan", "+nan", "inf", "-inf", "+inf",
            "infinity", "-infinity", "+infinity", "na", "n/a", "#n/a", "null", "none", "nil", "?", "-", "#div/0!");

    /** What was read: the stored column order and the written file's summary. */
    record Result(List<String> featureNames, String target, DataFileWriter.Summary summary) {
    }

    /** The size of a chunk of lines parsed in parallel. */
    static final int CHUNK_BYTES = 1 << 20;

    private InputStream in;
    private final DatasetProperties limits;
    private final AsyncTaskExecutor parsePool;
    private final int threads;
    private final int chunkBytes;
    private final AsyncTaskExecutor writebackPool;
    private final byte[] buf = new byte[BUFFER_BYTES];
    private int pos;
    private int limit;
    private boolean endOfInput;
    private long bytesRead;
    /** The physical line (1-based) that {@link #pos} is on. */
    private long line = 1;
    /** The last line end was a CR: an LF right after it belongs to it. */
    private boolean afterCr;

    private int cellStart;
    private int cellEnd;
    private boolean cellQuoted;

    /**
     * @param parsePool     the pool that parses chunks, shared with other uploads; its parse tasks never wait on
     *                      anything, so a read waits only on its own chunks and no upload can hold up another's
     * @param threads       how many of its threads this read keeps busy (it holds {@code 2 × threads} chunks); 1 reads
     *                      sequentially
     * @param writebackPool the pool of the {@link DataFileWriter}'s background writebacks
     */
    CsvDatasetReader(InputStream in, DatasetProperties limits, AsyncTaskExecutor parsePool, int threads, int chunkBytes,
                     AsyncTaskExecutor writebackPool) {
        this.in = in;
        this.limits = limits;
        this.parsePool = parsePool;
        this.threads = threads;
        this.chunkBytes = chunkBytes;
        this.writebackPool = writebackPool;
    }

    /**
     * Reads the whole stream into {@code out}, which must be positioned at 0.
     *
     * @param target the target column's name, or null for the last column
     * @throws IOException when {@code out} cannot be written (problems reading the stream are bad input)
     */
    Result read(String target, FileChannel out) throws IOException {
        List<String> columns = readHeader();
        int targetColumn = targetColumn(columns, target);
        int features = columns.size() - 1;
        int[] slots = new int[columns.size()];
        List<String> featureNames = new ArrayList<>(features);
        for (int c = 0; c < columns.size(); c++) {
            if (c == targetColumn) {
                slots[c] = features;
            } else {
                slots[c] = featureNames.size();
                featureNames.add(columns.get(c));
            }
        }
        if (!startRecord()) {
            throw new InvalidInputException("The CSV has a header row but no data rows; add at least one row of numbers "
                    + "below the header.", List.of(new FieldError("body", "no data rows")));
        }
        DataFileWriter writer = new DataFileWriter(out, features, limits.maxRows(), writebackPool);
        if (threads > 1 && !endOfInput) {
            readInParallel(writer, columns, slots);
        } else {
            readSequentially(writer, columns, slots);
        }
        return new Result(featureNames, columns.get(targetColumn), writer.finish());
    }

    /** Reads the data rows from the current position, which is at the start of a record. */
    private void readSequentially(DataFileWriter writer, List<String> columns, int[] slots) throws IOException {
        int width = columns.size();
        int terminator;
        do {
            long recordLine = line;
            int column = 0;
            do {
                terminator = scanCell();
                if (column < width) {
                    writer.put(slots[column], number(columns, column, recordLine));
                }
                column++;
            } while (terminator == COMMA);
            if (column != width) {
                throw ragged(recordLine, column, width);
            }
            writer.endRow();
        } while (terminator != END_OF_INPUT && startRecord());
    }

    // ---- parallel data ----

    /**
     * Reads the data rows in chunks of whole lines that {@link CsvChunkParser}s parse on the shared parse pool while
     * this thread reads on and writes the parsed chunks in order; at most {@code 2 × threads} chunks are held, so heap
     * use stays bounded. The first chunk the fast parser gives up on (a quote, an error) and everything after it is read by
     * the sequential reader, from that chunk's first line, so every rule and message is the sequential reader's.
     */
    private void readInParallel(DataFileWriter writer, List<String> columns, int[] slots) throws IOException {
        CsvChunkParser parser = new CsvChunkParser(slots);
        ArrayDeque<Chunk> inFlight = new ArrayDeque<>();
        ArrayDeque<Chunk> free = new ArrayDeque<>();
        int maxInFlight = 2 * threads;
        try {
            Chunk newest = null;
            Chunk retired = null; // committed, but its tail still starts the next chunk
            boolean more = true;
            while (more) {
                Chunk chunk = nextChunk(free, newest);
                more = fill(chunk, newest);
                if (retired != null) {
                    free.push(retired);
                    retired = null;
                }
                newest = chunk;
                inFlight.add(chunk);
                if (chunk.cut < 0) {
                    break;
                }
                chunk.parsed = submit(() -> parser.parse(chunk.data, chunk.cut, chunk.out, chunk.lines));
                while (!inFlight.isEmpty() && (inFlight.size() >= maxInFlight || inFlight.peekFirst().parsed.isDone())) {
                    Chunk done = inFlight.peekFirst();
                    if (!commit(done, writer)) {
                        break;
                    }
                    inFlight.removeFirst();
                    if (done == newest) {
                        retired = done;
                    } else {
                        free.push(done);
                    }
                }
                if (!inFlight.isEmpty() && inFlight.peekFirst().parsed.isDone() && inFlight.peekFirst().rows() < 0) {
                    break;
                }
            }
            while (!inFlight.isEmpty() && commit(inFlight.peekFirst(), writer)) {
                inFlight.removeFirst();
            }
            if (!inFlight.isEmpty()) {
                readRestSequentially(inFlight, newest, writer, columns, slots);
            }
        } finally {
            // the pool outlives this read: chunks still queued for a read that failed are not to be parsed
            for (Chunk chunk : inFlight) {
                if (chunk.parsed != null) {
                    chunk.parsed.cancel(false);
                }
            }
        }
    }

    private Future<Integer> submit(Callable<Integer> parse) {
        try {
            return parsePool.submit(parse);
        } catch (RejectedExecutionException e) {
            throw stopping(e);
        }
    }

    /** The parse pool was shut down under a read: the context is closing. The upload fails and its file goes. */
    private static IllegalStateException stopping(Exception cause) {
        return new IllegalStateException("The CSV could not be read to the end: the service is stopping", cause);
    }

    /** A chunk of input, cut after its last line end, and the rows parsed from it. */
    private static final class Chunk {
        final byte[] data;
        final byte[] out;
        final long[] lines = new long[1];
        int length;
        /** Where the chunk's whole lines end; -1 when it is not to be parsed in parallel. */
        int cut;
        Future<Integer> parsed;

        Chunk(int capacity) {
            data = new byte[capacity];
            out = new byte[CsvChunkParser.outputBytes(capacity)];
        }

        int rows() {
            try {
                return parsed.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while parsing a CSV", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("parsing a CSV chunk failed", e.getCause());
            } catch (CancellationException e) {
                throw stopping(e); // only the pool's shutdown cancels a chunk that is still to be written
            }
        }
    }

    private Chunk nextChunk(ArrayDeque<Chunk> free, Chunk newest) {
        int carried = newest == null ? limit - pos : newest.length - newest.cut;
        int needed = carried + Math.max(1, chunkBytes / 2);
        while (!free.isEmpty()) {
            Chunk chunk = free.pop();
            if (chunk.data.length >= needed) {
                return chunk;
            }
            // too small for this tail: dropped, so that the chunks held stay bounded
        }
        return new Chunk(Math.max(chunkBytes, newest == null ? carried + chunkBytes : needed + chunkBytes / 2));
    }

    /**
     * Fills a chunk with the tail of the previous one (or the unread header buffer) and more input, and cuts it after
     * its last LF; false when the input has ended or is over the size limit (the sequential reader reports that).
     */
    private boolean fill(Chunk chunk, Chunk previous) {
        int length;
        if (previous == null) {
            length = limit - pos;
            System.arraycopy(buf, pos, chunk.data, 0, length);
            pos = limit;
        } else {
            length = previous.length - previous.cut;
            System.arraycopy(previous.data, previous.cut, chunk.data, 0, length);
        }
        byte[] data = chunk.data;
        while (length < data.length && !endOfInput) {
            int read;
            try {
                read = in.read(data, length, data.length - length);
            } catch (IOException e) {
                throw incomplete(e);
            }
            if (read < 0) {
                endOfInput = true;
            } else {
                length += read;
                bytesRead += read;
                if (bytesRead > limits.maxUploadSize().toBytes()) {
                    chunk.length = length;
                    chunk.cut = -1;
                    return false;
                }
            }
        }
        chunk.length = length;
        if (endOfInput) {
            chunk.cut = length;
            return false;
        }
        int lineEnd = length - 1;
        while (lineEnd >= 0 && data[lineEnd] != '\n') {
            lineEnd--;
        }
        chunk.cut = lineEnd < 0 ? -1 : lineEnd + 1;
        return lineEnd >= 0;
    }

    /** Writes a parsed chunk and counts its lines; false if it was not parsed. */
    private boolean commit(Chunk chunk, DataFileWriter writer) throws IOException {
        if (chunk.cut < 0) {
            return false;
        }
        int rows = chunk.rows();
        if (rows == CsvChunkParser.GAVE_UP) {
            return false;
        }
        writer.appendRows(chunk.out, rows);
        line += chunk.lines[0];
        return true;
    }

    /** Hands the unwritten chunks, then the rest of the stream, to the sequential reader. */
    private void readRestSequentially(ArrayDeque<Chunk> unwritten, Chunk newest, DataFileWriter writer,
                                      List<String> columns, int[] slots) throws IOException {
        List<InputStream> parts = new ArrayList<>();
        long replayed = 0;
        for (Chunk chunk : unwritten) {
            if (chunk.parsed != null) {
                chunk.parsed.cancel(false);
            }
            int end = chunk == newest ? chunk.length : chunk.cut;
            parts.add(new ByteArrayInputStream(chunk.data, 0, end));
            replayed += end;
        }
        parts.add(in);
        in = new SequenceInputStream(Collections.enumeration(parts));
        bytesRead -= replayed;
        pos = 0;
        limit = 0;
        afterCr = false;
        endOfInput = false;
        if (startRecord()) {
            readSequentially(writer, columns, slots);
        }
    }

    // ---- header ----

    private List<String> readHeader() {
        rejectForeignEncodings();
        if (!startRecord()) {
            throw new InvalidInputException("The CSV body is empty; send a header row naming the columns, then one row of "
                    + "numbers per example.", List.of(new FieldError("body", "empty")));
        }
        List<String> names = new ArrayList<>();
        int terminator;
        do {
            terminator = scanCell();
            names.add(headerName(names.size() + 1));
            if (names.size() > limits.maxFeatures() + 1) {
                throw new PayloadTooLargeException("The CSV has more than " + limits.maxFeatures() + " feature columns, "
                        + "the configured limit; send fewer columns or raise descent.datasets.max-features.");
            }
        } while (terminator == COMMA);
        checkNames(names);
        return names;
    }

    private void rejectForeignEncodings() {
        while (limit - pos < 4 && fill()) {
            // a BOM or a magic number needs the first four bytes
        }
        int available = limit - pos;
        if (available >= 3 && buf[pos] == (byte) 0xEF && buf[pos + 1] == (byte) 0xBB && buf[pos + 2] == (byte) 0xBF) {
            pos += 3;
            return;
        }
        if (available >= 2 && ((buf[pos] == (byte) 0xFE && buf[pos + 1] == (byte) 0xFF)
                || (buf[pos] == (byte) 0xFF && buf[pos + 1] == (byte) 0xFE))) {
            throw notText("it is encoded as UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8 "
                    + "(in Excel: 'CSV UTF-8') and upload it again.");
        }
        if (available >= 2 && buf[pos] == (byte) 0x1F && buf[pos + 1] == (byte) 0x8B) {
            throw notText("it is gzip-compressed; upload the uncompressed CSV.");
        }
        if (available >= 4 && buf[pos] == 'P' && buf[pos + 1] == 'K' && buf[pos + 2] == 3 && buf[pos + 3] == 4) {
            throw notText("it is a ZIP archive (an Excel workbook?); export the sheet as 'CSV UTF-8' and upload that.");
        }
    }

    private String headerName(int column) {
        for (int i = cellStart; i < cellEnd; i++) {
            byte b = buf[i];
            if (b >= 0 && b < 0x20 && b != '\t' && !(cellQuoted && (b == '\n' || b == '\r'))) {
                throw notText("its header row holds binary bytes (such as NUL); upload the CSV file itself, saved as "
                        + "UTF-8 text.");
            }
        }
        String name;
        try {
            name = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, cellStart, cellEnd - cellStart))
                    .toString();
        } catch (CharacterCodingException e) {
            throw notText("column " + column + " of its header row is not valid UTF-8; save the file as UTF-8 "
                    + "(in Excel: 'CSV UTF-8') and upload it again.");
        }
        name = cellQuoted ? name.replace("\"\"", "\"") : name.strip();
        if (name.length() > limits.maxNameLength()) {
            throw new InvalidInputException("Column " + column + "'s name is " + name.length() + " characters long, more "
                    + "than the limit of " + limits.maxNameLength() + "; shorten it or raise descent.datasets.max-name-length.",
                    List.of(new FieldError("header", "column " + column + ": name longer than " + limits.maxNameLength()
                            + " characters")));
        }
        return name;
    }

    private static void checkNames(List<String> names) {
        List<FieldError> errors = new ArrayList<>();
        String detail = null;
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            int column = i + 1;
            if (name.isBlank()) {
                errors.add(new FieldError("header", "column " + column + " has no name"));
                if (detail == null) {
                    detail = "Column " + column + " of the header row has no name; give every column a unique name.";
                }
                continue;
            }
            Integer first = seen.putIfAbsent(name, column);
            if (first != null) {
                errors.add(new FieldError("header", "column " + column + ": '" + name + "' is also the name of column " + first));
                if (detail == null) {
                    detail = "The header row names two columns '" + name + "' (columns " + first + " and " + column
                            + "); rename one so that every column name is unique.";
                }
            }
        }
        if (detail != null) {
            throw new InvalidInputException(detail, errors);
        }
        if (names.size() < 2) {
            throw new InvalidInputException("The CSV has only one column ('" + names.get(0) + "'); it needs at least one "
                    + "feature column besides the target.", List.of(new FieldError("header", "only one column")));
        }
    }

    private static int targetColumn(List<String> columns, String target) {
        if (target == null || target.isBlank()) {
            return columns.size() - 1;
        }
        int index = columns.indexOf(target);
        if (index < 0) {
            index = columns.indexOf(target.strip());
        }
        if (index < 0) {
            throw new InvalidInputException("The target column '" + abbreviate(target) + "' is not in the CSV header; set "
                    + "'target' to one of: " + listed(columns) + ".",
                    List.of(new FieldError("target", "no column named '" + abbreviate(target) + "'")));
        }
        return index;
    }

    // ---- data ----

    private float number(List<String> columns, int column, long recordLine) {
        int length = cellEnd - cellStart;
        if (length > 0) {
            float value;
            try {
                value = JavaFloatParser.parseFloat(buf, cellStart, length);
            } catch (NumberFormatException e) {
                throw notANumber(columns, column, recordLine);
            }
            if (Float.isFinite(value)) {
                return value;
            }
            throw notFinite(columns, column, recordLine);
        }
        throw emptyCell(columns, column, recordLine);
    }

    private InvalidInputException notANumber(List<String> columns, int column, long recordLine) {
        String text = cellText();
        if (text.isBlank()) {
            return emptyCell(columns, column, recordLine);
        }
        if (NON_FINITE_MARKERS.contains(text.toLowerCase(Locale.ROOT))) {
            return notFinite(columns, column, recordLine);
        }
        String place = place(columns, column, recordLine);
        if (looksBinary()) {
            return new InvalidInputException(capitalized(place) + " holds binary or non-UTF-8 bytes; upload a UTF-8 text "
                    + "CSV with plain numbers.", List.of(new FieldError(place, "not text")));
        }
        return new InvalidInputException(capitalized(place) + ": '" + text + "' is not a number; write plain decimal "
                + "numbers such as 3.14 or -2e5 (with a dot as the decimal mark).",
                List.of(new FieldError(place, "'" + text + "' is not a number")));
    }

    private InvalidInputException notFinite(List<String> columns, int column, long recordLine) {
        String text = cellText();
        String place = place(columns, column, recordLine);
        boolean outOfRange = text.matches("(?i)\\s*[-+]?[0-9.]+(e[-+]?[0-9]+)?[fd]?\\s*");
        if (!outOfRange) {
            return new InvalidInputException(capitalized(place) + ": '" + text + "' is not a finite number; replace missing, "
                    + "NaN and infinite values with numbers, or drop those rows.",
                    List.of(new FieldError(place, "'" + text + "' is not a finite number")));
        }
        return new InvalidInputException(capitalized(place) + ": " + text + " is beyond the float32 range (±3.4e38); "
                + "rescale the column.", List.of(new FieldError(place, text + " is beyond the float32 range")));
    }

    private static InvalidInputException emptyCell(List<String> columns, int column, long recordLine) {
        String place = place(columns, column, recordLine);
        return new InvalidInputException(capitalized(place) + " is empty; fill in every cell (descent does not impute "
                + "missing values) or drop the row.", List.of(new FieldError(place, "empty")));
    }

    private static InvalidInputException ragged(long recordLine, int got, int expected) {
        String hint = got > expected ? " (a comma inside an unquoted value, or a decimal comma?)" : "";
        return new InvalidInputException("Line " + recordLine + " has " + got + " values but the header names " + expected
                + " columns" + hint + "; give every row one value per column.",
                List.of(new FieldError("line " + recordLine, "expected " + expected + " values, got " + got)));
    }

    private static InvalidInputException notText(String why) {
        return new InvalidInputException("The body is not a UTF-8 text CSV: " + why, List.of(new FieldError("body", "not a UTF-8 CSV")));
    }

    private static String place(List<String> columns, int column, long recordLine) {
        return "line " + recordLine + ", column '" + abbreviate(columns.get(column)) + "'";
    }

    /** The current cell for a message: decoded leniently, control characters masked, shortened. */
    private String cellText() {
        int length = Math.min(cellEnd - cellStart, 160);
        String text = new String(buf, cellStart, length, StandardCharsets.UTF_8).strip();
        StringBuilder shown = new StringBuilder(Math.min(text.length(), 41));
        text.codePoints().limit(40).forEach(c -> shown.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return text.codePointCount(0, text.length()) > 40 || cellEnd - cellStart > length ? shown + "…" : shown.toString();
    }

    private boolean looksBinary() {
        for (int i = cellStart; i < cellEnd; i++) {
            if (buf[i] == 0) {
                return true;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, cellStart, cellEnd - cellStart));
            return false;
        } catch (CharacterCodingException e) {
            return true;
        }
    }

    // ---- tokenizer ----

    /** Skips blank lines; false at the end of the input. */
    private boolean startRecord() {
        while (true) {
            if (pos == limit && !fill()) {
                return false;
            }
            byte c = buf[pos];
            if (c == '\n') {
                pos++;
                if (!afterCr) {
                    line++;
                }
                afterCr = false;
            } else if (c == '\r') {
                pos++;
                line++;
                afterCr = true;
            } else {
                afterCr = false;
                return true;
            }
        }
    }

    /** Finds the next cell's bounds ({@link #cellStart}, {@link #cellEnd}) and says what ended it. */
    private int scanCell() {
        if (pos == limit && !fill()) {
            cellStart = cellEnd = pos;
            cellQuoted = false;
            return END_OF_INPUT;
        }
        if (buf[pos] == '"') {
            return scanQuoted();
        }
        cellQuoted = false;
        int end = pos;
        while (true) {
            byte[] b = buf;
            int lim = limit;
            while (end < lim) {
                byte c = b[end];
                if (c == ',') {
                    cellStart = pos;
                    cellEnd = end;
                    pos = end + 1;
                    return COMMA;
                }
                if (c == '\n' || c == '\r') {
                    cellStart = pos;
                    cellEnd = end;
                    pos = end + 1;
                    line++;
                    afterCr = c == '\r';
                    return END_OF_LINE;
                }
                end++;
            }
            int scanned = end - pos;
            boolean more = fill();
            end = pos + scanned;
            if (!more) {
                cellStart = pos;
                cellEnd = limit;
                pos = limit;
                return END_OF_INPUT;
            }
        }
    }

    private int scanQuoted() {
        cellQuoted = true;
        long openedOn = line;
        int p = pos + 1;
        while (true) {
            while (p < limit) {
                byte c = buf[p];
                if (c == '"') {
                    if (p + 1 == limit) {
                        break; // the next byte decides between an escaped quote and the closing one
                    }
                    if (buf[p + 1] == '"') {
                        p += 2;
                        continue;
                    }
                    return closeQuoted(p);
                }
                if (c == '\n') {
                    line++;
                }
                p++;
            }
            int scanned = p - pos;
            boolean more = fill();
            p = pos + scanned;
            if (!more) {
                if (p < limit && buf[p] == '"') {
                    return closeQuoted(p);
                }
                throw new InvalidInputException("Line " + openedOn + ": a quoted field is never closed; end it with a "
                        + "quote and write quotes inside it as \"\".",
                        List.of(new FieldError("line " + openedOn, "unclosed quote")));
            }
        }
    }

    private int closeQuoted(int quote) {
        int offset = quote - pos;
        boolean more = quote + 1 < limit || fill();
        int q = pos + offset;
        cellStart = pos + 1;
        cellEnd = q;
        if (!more) {
            pos = limit;
            return END_OF_INPUT;
        }
        byte c = buf[q + 1];
        pos = q + 2;
        if (c == ',') {
            return COMMA;
        }
        if (c == '\n' || c == '\r') {
            line++;
            afterCr = c == '\r';
            return END_OF_LINE;
        }
        throw new InvalidInputException("Line " + line + ": a quoted field is followed by other characters; put the "
                + "closing quote right before the comma or line end, and write quotes inside it as \"\".",
                List.of(new FieldError("line " + line, "characters after a closing quote")));
    }

    /**
     * Keeps the unread bytes (from {@link #pos}), moved to the front of the buffer, and reads more after them.
     * Positions held by a caller must be re-based on {@link #pos}. False at the end of the input.
     */
    private boolean fill() {
        if (endOfInput) {
            return false;
        }
        if (pos > 0) {
            int kept = limit - pos;
            System.arraycopy(buf, pos, buf, 0, kept);
            pos = 0;
            limit = kept;
        }
        if (limit == buf.length) {
            throw new InvalidInputException("Line " + line + " holds a field longer than " + (BUFFER_BYTES >> 20)
                    + " MiB; is a quote left open, or is this not a CSV file?",
                    List.of(new FieldError("line " + line, "field longer than " + (BUFFER_BYTES >> 20) + " MiB")));
        }
        int read;
        try {
            do {
                read = in.read(buf, limit, buf.length - limit);
            } while (read == 0);
        } catch (IOException e) {
            throw incomplete(e);
        }
        if (read < 0) {
            endOfInput = true;
            return false;
        }
        limit += read;
        bytesRead += read;
        if (bytesRead > limits.maxUploadSize().toBytes()) {
            throw new PayloadTooLargeException("The upload is larger than " + describe(limits.maxUploadSize())
                    + ", the configured limit; send less data or raise descent.datasets.max-upload-size.");
        }
        return true;
    }

    private static InvalidInputException incomplete(IOException e) {
        return new InvalidInputException("The upload could not be read to its end (" + e.getClass().getSimpleName()
                + "); send it again.", List.of(new FieldError("body", "incomplete")));
    }

    // ---- text ----

    private static String listed(List<String> columns) {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < Math.min(columns.size(), MAX_LISTED_COLUMNS); i++) {
            if (i > 0) {
                list.append(", ");
            }
            list.append('\'').append(abbreviate(columns.get(i))).append('\'');
        }
        if (columns.size() > MAX_LISTED_COLUMNS) {
            list.append(" and ").append(columns.size() - MAX_LISTED_COLUMNS).append(" more");
        }
        return list.toString();
    }

    static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    static String describe(DataSize size) {
        long bytes = size.toBytes();
        if (bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GB";
        }
        if (bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MB";
        }
        if (bytes % (1L << 10) == 0) {
            return (bytes >> 10) + " KB";
        }
        return bytes + " bytes";
    }
}
