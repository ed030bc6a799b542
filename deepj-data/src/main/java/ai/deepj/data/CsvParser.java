package ai.deepj.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into records as RFC 4180 defines them: fields separated by the delimiter,
 * records by CRLF, LF or CR; a field in double quotes may hold delimiters, line breaks and doubled
 * quotes ({@code ""} for one {@code "}). A quote inside an unquoted field, text after a closing
 * quote, and an unterminated quote are errors naming the line. Lines with no characters at all are
 * skipped; a UTF-8 byte-order mark at the start is dropped.
 */
final class CsvParser {
    private CsvParser() {}

    /** One record and the (1-based) line it starts on. */
    record Row(int line, String[] fields) {}

    static List<Row> parse(String text, char delimiter, Path file) throws DataFileException {
        List<Row> rows = new ArrayList<>();
        int n = text.length();
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        int line = 1;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (i < n) {
            int rowLine = line;
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {   // an empty line: no record
                i += c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n' ? 2 : 1;
                line++;
                continue;
            }
            fields.clear();
            boolean endOfRecord = false;
            while (!endOfRecord) {
                field.setLength(0);
                if (i < n && text.charAt(i) == '"') {
                    int quoteLine = line;
                    i++;
                    while (true) {
                        if (i >= n) {
                            throw error(file, quoteLine, "a quoted field opened on line " + quoteLine + " is never closed");
                        }
                        char q = text.charAt(i++);
                        if (q == '"') {
                            if (i < n && text.charAt(i) == '"') {
                                field.append('"');
                                i++;
                            } else {
                                break;
                            }
                        } else {
                            if (q == '\n' || (q == '\r' && !(i < n && text.charAt(i) == '\n'))) line++;
                            field.append(q);
                        }
                    }
                    if (i < n && text.charAt(i) != delimiter && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                        throw error(file, line, "unexpected '" + text.charAt(i) + "' after the closing quote of field "
                                + fields.size() + " (RFC 4180: a quoted field ends at a delimiter or a line end)");
                    }
                } else {
                    while (i < n) {
                        char u = text.charAt(i);
                        if (u == delimiter || u == '\n' || u == '\r') break;
                        if (u == '"') {
                            throw error(file, line, "a quote inside unquoted field " + fields.size()
                                    + " (RFC 4180: quote the whole field and double the quote, e.g. \"5'11\"\"\")");
                        }
                        field.append(u);
                        i++;
                    }
                }
                fields.add(field.toString());
                if (i >= n) {
                    endOfRecord = true;
                } else if (text.charAt(i) == delimiter) {
                    i++;
                } else {   // line end
                    i += text.charAt(i) == '\r' && i + 1 < n && text.charAt(i + 1) == '\n' ? 2 : 1;
                    line++;
                    endOfRecord = true;
                }
            }
            rows.add(new Row(rowLine, fields.toArray(String[]::new)));
        }
        return rows;
    }

    private static DataFileException error(Path file, int line, String problem) {
        return new DataFileException(file, "Csv.read: " + file + " line " + line + ": " + problem);
    }
}
