package ai.deepj.data;

import ai.deepj.data.Csv.ColumnEncoding;
import ai.deepj.data.Csv.Encoding;
import ai.deepj.data.Csv.Kind;
import ai.deepj.data.Csv.Options;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns parsed CSV records into tensors under an {@link Encoding}: built from the options and the
 * data ({@link #fromOptions}) or given ({@link #fromEncoding}), in which case the file's columns are
 * matched to it by name (with a header) or by position.
 */
final class CsvEncoder {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INFINITY = Pattern.compile("[+-]?(inf|infinity)", Pattern.CASE_INSENSITIVE);
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Set<String> MISSING = Set.of("", "na", "n/a", "nan", "null", "none", "?");

    private final Path file;
    private final Options options;
    private final List<String> names;       // the file's column names
    private final Encoding encoding;
    private final int[] fileIndex;          // per encoding column: its index in the file, or -1

    private CsvEncoder(Path file, Options options, List<String> names, Encoding encoding, int[] fileIndex) {
        this.file = file;
        this.options = options;
        this.names = names;
        this.encoding = encoding;
        this.fileIndex = fileIndex;
    }

    /** Roles from the options; categories and classes from the data. */
    static CsvEncoder fromOptions(Path file, Options o, List<String> names, List<CsvParser.Row> rows) throws DataFileException {
        Kind[] kinds = new Kind[names.size()];
        java.util.Arrays.fill(kinds, Kind.NUMERIC);
        if (o.label() != null) assign(kinds, o.label(), Kind.LABEL, o, names);
        for (Csv.Column c : o.categorical()) assign(kinds, c, Kind.CATEGORICAL, o, names);
        for (Csv.Column c : o.text()) assign(kinds, c, Kind.TEXT, o, names);
        for (Csv.Column c : o.ignored()) assign(kinds, c, Kind.IGNORED, o, names);
        List<ColumnEncoding> columns = new ArrayList<>();
        List<String> classes = List.of();
        int[] identity = new int[names.size()];
        for (int j = 0; j < names.size(); j++) {
            identity[j] = j;
            List<String> cats = List.of();
            boolean classLabels = kinds[j] == Kind.LABEL && o.task() == Csv.Task.CLASSIFICATION;
            if (kinds[j] == Kind.CATEGORICAL || classLabels) {
                Set<String> seen = new LinkedHashSet<>();
                for (CsvParser.Row r : rows) seen.add(present(file, r, j, names, o.header()));
                cats = sorted(seen);
            }
            if (classLabels) {
                classes = cats;
                cats = List.of();
            }
            columns.add(new ColumnEncoding(names.get(j), kinds[j], cats));
        }
        return new CsvEncoder(file, o, names, new Encoding(columns, o.task(), classes), identity);
    }

    /** Roles, categories and classes from {@code o.encoding()}; the file's columns matched to it. */
    static CsvEncoder fromEncoding(Path file, Options o, List<String> names) throws DataFileException {
        Encoding e = o.encoding();
        List<ColumnEncoding> cols = e.columns();
        int[] fileIndex = new int[cols.size()];
        String prefix = "Csv.read: " + file + ": ";
        if (o.header()) {
            for (String n : names) {
                if (cols.stream().noneMatch(c -> c.name().equals(n))) {
                    throw new DataFileException(file, prefix + "column '" + n + "' is not in the encoding (its columns: "
                            + String.join(", ", cols.stream().map(ColumnEncoding::name).toList()) + ")");
                }
            }
            for (int k = 0; k < cols.size(); k++) {
                fileIndex[k] = names.indexOf(cols.get(k).name());
                Kind kind = cols.get(k).kind();
                if (fileIndex[k] < 0 && kind != Kind.IGNORED && kind != Kind.LABEL) {
                    throw new DataFileException(file, prefix + "has no column '" + cols.get(k).name() + "', which the encoding reads as "
                            + kind.name().toLowerCase(Locale.ROOT) + " (the file's columns: " + String.join(", ", names) + ")");
                }
            }
        } else {
            if (names.size() > cols.size()) {
                throw new DataFileException(file, prefix + "has " + names.size() + " columns but the encoding knows only " + cols.size());
            }
            for (int k = 0; k < cols.size(); k++) {
                fileIndex[k] = k < names.size() ? k : -1;
                Kind kind = cols.get(k).kind();
                if (fileIndex[k] < 0 && kind != Kind.IGNORED && kind != Kind.LABEL) {
                    throw new DataFileException(file, prefix + "has " + names.size() + " columns but the encoding reads column index "
                            + k + " as " + kind.name().toLowerCase(Locale.ROOT));
                }
            }
        }
        return new CsvEncoder(file, o, names, e, fileIndex);
    }

    private static void assign(Kind[] kinds, Csv.Column c, Kind kind, Options o, List<String> names) {
        int j;
        if (c.name() != null) {
            if (!o.header()) {
                throw new IllegalArgumentException("Csv.read: column " + c + " is chosen by name but the options say the file has no "
                        + "header; choose it by index (Csv.Column.at) or use withHeader(true)");
            }
            j = names.indexOf(c.name());
            if (j < 0) throw new IllegalArgumentException("Csv.read: no column " + c + " (the header has: " + String.join(", ", names) + ")");
        } else {
            j = c.index();
            if (j >= names.size()) {
                throw new IllegalArgumentException("Csv.read: no column " + c + ": the file has " + names.size() + " columns (indices 0 to "
                        + (names.size() - 1) + ")");
            }
        }
        if (kinds[j] != Kind.NUMERIC && kinds[j] != kind) {
            throw new IllegalArgumentException("Csv.read: column " + c + " is given two roles: " + lower(kinds[j]) + " and " + lower(kind));
        }
        kinds[j] = kind;
    }

    private static String lower(Kind k) {
        return k.name().toLowerCase(Locale.ROOT);
    }

    /** Categories sorted numerically when all are integers, else as strings. */
    static List<String> sorted(Set<String> values) {
        List<String> out = new ArrayList<>(values);
        if (out.stream().allMatch(v -> INTEGER.matcher(v).matches())) {
            out.sort(Comparator.comparing((String v) -> new BigInteger(v)).thenComparing(Comparator.naturalOrder()));
        } else {
            out.sort(Comparator.naturalOrder());
        }
        return List.copyOf(out);
    }

    Csv.Result encode(List<CsvParser.Row> rows) throws DataFileException {
        List<ColumnEncoding> cols = encoding.columns();
        int width = 0;
        int[] offset = new int[cols.size()];
        List<Map<String, Integer>> lookup = new ArrayList<>();
        int labelK = -1;
        for (int k = 0; k < cols.size(); k++) {
            ColumnEncoding c = cols.get(k);
            offset[k] = width;
            lookup.add(indexOf(c.kind() == Kind.LABEL ? encoding.labelClasses() : c.categories()));
            if (c.kind() == Kind.NUMERIC) width++;
            else if (c.kind() == Kind.CATEGORICAL) width += c.categories().size();
            else if (c.kind() == Kind.LABEL && fileIndex[k] >= 0) labelK = k;
        }
        int m = rows.size();
        if ((long) m * width > Integer.MAX_VALUE - 16) {
            throw new DataFileException(file, "Csv.read: " + file + ": " + m + " rows of " + width + " features do not fit one tensor");
        }
        boolean f64 = options.dtype() == DType.FLOAT64;
        double[] xd = f64 ? new double[m * width] : null;
        float[] xf = f64 ? null : new float[m * width];
        boolean classify = encoding.task() == Csv.Task.CLASSIFICATION;
        int[] yi = labelK >= 0 && classify ? new int[m] : null;
        double[] yd = labelK >= 0 && !classify ? new double[m] : null;
        Map<String, List<String>> text = new LinkedHashMap<>();
        for (int k = 0; k < cols.size(); k++) {
            if (cols.get(k).kind() == Kind.TEXT && fileIndex[k] >= 0) text.put(cols.get(k).name(), new ArrayList<>(m));
        }
        for (int i = 0; i < m; i++) {
            CsvParser.Row r = rows.get(i);
            for (int k = 0; k < cols.size(); k++) {
                int j = fileIndex[k];
                if (j < 0) continue;
                ColumnEncoding c = cols.get(k);
                switch (c.kind()) {
                    case NUMERIC -> {
                        double v = number(r, j);
                        if (f64) xd[i * width + offset[k]] = v;
                        else xf[i * width + offset[k]] = (float) v;
                    }
                    case CATEGORICAL -> {
                        String v = present(file, r, j, names, options.header());
                        Integer at = lookup.get(k).get(v);
                        if (at == null) {
                            if (options.unseen() == Csv.Unseen.ZEROS) continue;
                            throw unseen(r, j, v, "category", c.categories(),
                                    " (withUnseenCategories(Csv.Unseen.ZEROS) encodes it as all zeros)");
                        }
                        if (f64) xd[i * width + offset[k] + at] = 1;
                        else xf[i * width + offset[k] + at] = 1;
                    }
                    case LABEL -> {
                        if (classify) {
                            String v = present(file, r, j, names, options.header());
                            Integer at = lookup.get(k).get(v);
                            if (at == null) throw unseen(r, j, v, "label class", encoding.labelClasses(), "");
                            yi[i] = at;
                        } else {
                            yd[i] = number(r, j);
                        }
                    }
                    case TEXT -> text.get(c.name()).add(r.fields()[j]);
                    case IGNORED -> { }
                }
            }
        }
        Tensor x = f64 ? Tensor.of(xd, m, width) : Tensor.of(xf, m, width);
        Tensor y = null;
        if (yi != null) y = Tensor.of(yi, m);
        if (yd != null) y = f64 ? Tensor.of(yd, m) : Tensor.of(toFloat(yd), m);
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        text.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new Csv.Result(x, y, encoding.featureNames(), encoding, java.util.Collections.unmodifiableMap(frozen));
    }

    private static Map<String, Integer> indexOf(List<String> values) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < values.size(); i++) m.put(values.get(i), i);
        return m;
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    private DataFileException unseen(CsvParser.Row r, int j, String v, String what, List<String> known, String hint) {
        String list = known.size() <= 12 ? String.join(", ", known)
                : String.join(", ", known.subList(0, 12)) + ", ... (" + known.size() + " in all)";
        return at(file, r, j, names, options.header(), what + " '" + v + "' is not in the encoding (known: " + list + ")" + hint);
    }

    private double number(CsvParser.Row r, int j) throws DataFileException {
        String raw = r.fields()[j];
        String v = raw.strip();
        if (MISSING.contains(v.toLowerCase(Locale.ROOT))) {
            throw at(file, r, j, names, options.header(), "missing value (" + (v.isEmpty() ? "empty field" : "'" + v + "'") + ")");
        }
        if (NUMBER.matcher(v).matches()) return Double.parseDouble(v);
        if (INFINITY.matcher(v).matches()) return v.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        throw at(file, r, j, names, options.header(), "'" + raw + "' is not a number (a categorical column? declare it with "
                + "withCategorical(" + (options.header() ? "\"" + names.get(j) + "\"" : Integer.toString(j)) + "), or skip it with withIgnored)");
    }

    /** The trimmed value of field {@code j}, which must not be missing. */
    private static String present(Path file, CsvParser.Row r, int j, List<String> names, boolean header) throws DataFileException {
        String v = r.fields()[j].strip();
        if (MISSING.contains(v.toLowerCase(Locale.ROOT))) {
            throw at(file, r, j, names, header, "missing value (" + (v.isEmpty() ? "empty field" : "'" + v + "'") + ")");
        }
        return v;
    }

    private static DataFileException at(Path file, CsvParser.Row r, int j, List<String> names, boolean header, String problem) {
        String col = header ? "column '" + names.get(j) + "' (index " + j + ")" : "column index " + j;
        return new DataFileException(file, "Csv.read: " + file + " line " + r.line() + ", " + col + ": " + problem);
    }
}
