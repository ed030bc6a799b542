package ai.deepj.data;

import ai.deepj.tensor.DType;
import ai.deepj.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a CSV file (RFC 4180, UTF-8) into a feature matrix and a target vector: numeric columns as
 * they are, categorical columns one-hot encoded, the label column label-encoded to int32 class
 * indices (classification) or read as numbers (regression), text columns kept as strings.
 *
 * {@snippet :
 * Csv.Options options = Csv.Options.defaults().withLabel("species").withCategorical("island");
 * Csv.Result train = Csv.read(Path.of("train.csv"), options);
 * // train.x(): float32 [m, features], train.y(): int32 [m], train.featureNames(): [bill, island=Biscoe, ...]
 * Csv.Result dev = Csv.read(Path.of("dev.csv"), options.withEncodingFrom(train));  // same columns, same codes
 * Dataset data = train.dataset();
 * }
 *
 * <p>Rules, so nothing is guessed silently:
 * <ul>
 *   <li>Every column not named as label, categorical, text or ignored is numeric; a value that is
 *       not a decimal number ({@code 1}, {@code -2.5}, {@code 3e-4}, {@code inf}) is an error naming
 *       the file, line and column. Empty fields and {@code NA}, {@code N/A}, {@code NaN},
 *       {@code null}, {@code None}, {@code ?} are missing values, also an error.</li>
 *   <li>Categories and label classes are sorted: numerically when every value is an integer (so
 *       labels 0..k-1 keep their values), otherwise as strings. One-hot features are named
 *       {@code column=category}. The lists are kept in the {@link Encoding}; reading another file
 *       with {@link Options#withEncodingFrom} uses them, and a category or class the encoding does
 *       not know is an error (for features, {@link Unseen#ZEROS} gives an all-zero one-hot instead).</li>
 *   <li>Numeric, categorical and label values are trimmed of surrounding white space; text values
 *       are returned exactly as written.</li>
 *   <li>Without a header the columns are named {@code "0"}, {@code "1"}, ... (0-based, as pandas).
 *       Every record must have as many fields as the first. Lines with no characters are skipped.</li>
 * </ul>
 */
public final class Csv {
    private Csv() {}

    /** What the label column is. */
    public enum Task {
        /** Label values are classes, encoded as int32 indices into {@link Encoding#labelClasses()}. */
        CLASSIFICATION,
        /** Label values are numbers, read as the feature type. */
        REGRESSION
    }

    /** What to do with a category the encoding has not seen. */
    public enum Unseen {
        /** Refuse the file, naming the line, column and value (the default). */
        ERROR,
        /** Encode it as all zeros across that column's one-hot features. */
        ZEROS
    }

    /** The role of a column. */
    public enum Kind {
        /** A numeric feature: one feature column. */
        NUMERIC,
        /** A categorical feature: one one-hot feature per category. */
        CATEGORICAL,
        /** The target. */
        LABEL,
        /** Kept as strings in {@link Result#text()}. */
        TEXT,
        /** Skipped. */
        IGNORED
    }

    /**
     * A column chosen by its header name or by its 0-based position.
     *
     * {@snippet :
     * Csv.Column.named("age");   // needs a header
     * Csv.Column.at(3);          // the fourth column
     * }
     */
    public record Column(String name, int index) {
        public Column {
            if ((name == null) == (index < 0)) {
                throw new IllegalArgumentException("Csv.Column: give either a name or an index >= 0, got name " + name + ", index " + index);
            }
        }

        /** The column with this header name. */
        public static Column named(String name) {
            if (name == null) throw new IllegalArgumentException("Csv.Column.named: name must not be null");
            return new Column(name, -1);
        }

        /** The column at this 0-based position. */
        public static Column at(int index) {
            if (index < 0) throw new IllegalArgumentException("Csv.Column.at: index must be >= 0, got " + index);
            return new Column(null, index);
        }

        @Override
        public String toString() {
            return name != null ? "'" + name + "'" : "index " + index;
        }
    }

    /**
     * How to read a file. Start from {@link #defaults()}: a header line, comma-delimited, no label,
     * classification, every column numeric, float32 features, unseen categories refused.
     *
     * {@snippet :
     * Csv.Options o = Csv.Options.defaults().withHeader(false).withDelimiter(';').withLabel(4).withTask(Csv.Task.REGRESSION);
     * }
     *
     * @param header      whether the first record names the columns
     * @param delimiter   the field separator
     * @param label       the target column, or {@code null} for none ({@link Result#y()} is then {@code null})
     * @param task        classification or regression
     * @param categorical columns to one-hot encode
     * @param text        columns to keep as strings
     * @param ignored     columns to skip
     * @param dtype       float32 or float64, for the features (and regression targets)
     * @param unseen      what an unseen category does when an encoding is given
     * @param encoding    the encoding to apply instead of building one, or {@code null}
     */
    public record Options(boolean header, char delimiter, Column label, Task task, List<Column> categorical,
                          List<Column> text, List<Column> ignored, DType dtype, Unseen unseen, Encoding encoding) {
        public Options {
            categorical = List.copyOf(categorical);
            text = List.copyOf(text);
            ignored = List.copyOf(ignored);
            if (task == null || unseen == null || dtype == null) throw new IllegalArgumentException("Csv.Options: task, unseen and dtype must not be null");
            if (!dtype.isFloating()) throw new IllegalArgumentException("Csv.Options: features are float32 or float64, not " + dtype);
            if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
                throw new IllegalArgumentException("Csv.Options: the delimiter cannot be a quote or a line break");
            }
        }

        /** Header, comma, no label, classification, all numeric, float32, unseen categories refused. */
        public static Options defaults() {
            return new Options(true, ',', null, Task.CLASSIFICATION, List.of(), List.of(), List.of(), DType.FLOAT32, Unseen.ERROR, null);
        }

        /** Whether the first record is a header. */
        public Options withHeader(boolean header) {
            return new Options(header, delimiter, label, task, categorical, text, ignored, dtype, unseen, encoding);
        }

        /** The field separator, e.g. {@code ';'} or {@code '\t'}. */
        public Options withDelimiter(char delimiter) {
            return new Options(header, delimiter, label, task, categorical, text, ignored, dtype, unseen, encoding);
        }

        /** The label column by header name. */
        public Options withLabel(String name) {
            return new Options(header, delimiter, Column.named(name), task, categorical, text, ignored, dtype, unseen, encoding);
        }

        /** The label column by 0-based position. */
        public Options withLabel(int index) {
            return new Options(header, delimiter, Column.at(index), task, categorical, text, ignored, dtype, unseen, encoding);
        }

        /** Classification (int32 class indices) or regression (numbers). */
        public Options withTask(Task task) {
            return new Options(header, delimiter, label, task, categorical, text, ignored, dtype, unseen, encoding);
        }

        /** Columns to one-hot encode, by header name (adds to those already given). */
        public Options withCategorical(String... names) {
            return new Options(header, delimiter, label, task, plus(categorical, names), text, ignored, dtype, unseen, encoding);
        }

        /** Columns to one-hot encode, by 0-based position. */
        public Options withCategorical(int... indices) {
            return new Options(header, delimiter, label, task, plus(categorical, indices), text, ignored, dtype, unseen, encoding);
        }

        /** Columns to keep as strings, by header name. */
        public Options withText(String... names) {
            return new Options(header, delimiter, label, task, categorical, plus(text, names), ignored, dtype, unseen, encoding);
        }

        /** Columns to keep as strings, by 0-based position. */
        public Options withText(int... indices) {
            return new Options(header, delimiter, label, task, categorical, plus(text, indices), ignored, dtype, unseen, encoding);
        }

        /** Columns to skip, by header name. */
        public Options withIgnored(String... names) {
            return new Options(header, delimiter, label, task, categorical, text, plus(ignored, names), dtype, unseen, encoding);
        }

        /** Columns to skip, by 0-based position. */
        public Options withIgnored(int... indices) {
            return new Options(header, delimiter, label, task, categorical, text, plus(ignored, indices), dtype, unseen, encoding);
        }

        /** float32 (default) or float64 features. */
        public Options withDtype(DType dtype) {
            return new Options(header, delimiter, label, task, categorical, text, ignored, dtype, unseen, encoding);
        }

        /** What an unseen category does when an encoding is applied. */
        public Options withUnseenCategories(Unseen unseen) {
            return new Options(header, delimiter, label, task, categorical, text, ignored, dtype, unseen, encoding);
        }

        /**
         * Applies the encoding {@code trained} was read with: the same column roles, category lists,
         * label classes and task, so the features line up. The role settings of these options are
         * then not consulted; header, delimiter, dtype and the unseen-category policy are.
         */
        public Options withEncodingFrom(Result trained) {
            return withEncoding(trained.encoding());
        }

        /** Applies {@code encoding} (see {@link #withEncodingFrom}); {@code null} builds a fresh one. */
        public Options withEncoding(Encoding encoding) {
            return new Options(header, delimiter, label, task, categorical, text, ignored, dtype, unseen, encoding);
        }

        private static List<Column> plus(List<Column> list, String... names) {
            List<Column> out = new ArrayList<>(list);
            for (String n : names) out.add(Column.named(n));
            return out;
        }

        private static List<Column> plus(List<Column> list, int... indices) {
            List<Column> out = new ArrayList<>(list);
            for (int i : indices) out.add(Column.at(i));
            return out;
        }
    }

    /**
     * One column of an encoding: its name, its role, and for a categorical column its categories
     * (for the label column of a classification, see {@link Encoding#labelClasses()}).
     */
    public record ColumnEncoding(String name, Kind kind, List<String> categories) {
        public ColumnEncoding {
            categories = List.copyOf(categories);
        }
    }

    /**
     * How a file's columns became features: every column in file order with its role and
     * categories, the task, and the label classes (class {@code i} is {@code labelClasses().get(i)};
     * empty for regression or without a label).
     */
    public record Encoding(List<ColumnEncoding> columns, Task task, List<String> labelClasses) {
        public Encoding {
            columns = List.copyOf(columns);
            labelClasses = List.copyOf(labelClasses);
        }

        /** The names of the columns of {@code x}: numeric columns by name, one-hot ones as {@code column=category}. */
        public List<String> featureNames() {
            List<String> out = new ArrayList<>();
            for (ColumnEncoding c : columns) {
                if (c.kind() == Kind.NUMERIC) out.add(c.name());
                if (c.kind() == Kind.CATEGORICAL) for (String cat : c.categories()) out.add(c.name() + "=" + cat);
            }
            return List.copyOf(out);
        }

        /** The label column's name, or {@code null}. */
        public String labelColumn() {
            for (ColumnEncoding c : columns) if (c.kind() == Kind.LABEL) return c.name();
            return null;
        }

        /** The categories of a categorical column, in one-hot order. */
        public List<String> categories(String column) {
            for (ColumnEncoding c : columns) {
                if (c.name().equals(column) && c.kind() == Kind.CATEGORICAL) return c.categories();
            }
            throw new IllegalArgumentException("Csv.Encoding: no categorical column '" + column + "'");
        }
    }

    /**
     * What {@link #read} returns.
     *
     * @param x            features {@code [m, featureNames.size()]}, float32 unless asked otherwise
     * @param y            targets {@code [m]}: int32 class indices or float values; {@code null} without a label column
     * @param featureNames the name of each column of {@code x}
     * @param encoding     the encoding used, to apply to another file
     * @param text         each text column's values, by column name, in file order
     */
    public record Result(Tensor x, Tensor y, List<String> featureNames, Encoding encoding, Map<String, List<String>> text) {
        /** The rows as a data set ({@code y} may be {@code null}). */
        public TensorDataset dataset() {
            return new TensorDataset(x, y);
        }

        /** The label classes (class {@code i} is {@code classes().get(i)}). */
        public List<String> classes() {
            return encoding.labelClasses();
        }
    }

    /**
     * Reads {@code file} as {@code options} say.
     *
     * @throws DataFileException        if the file breaks the CSV rules or holds a value its column
     *                                  cannot take (the message names the line and column)
     * @throws IllegalArgumentException if the options name columns the file does not have, or give a
     *                                  column two roles
     */
    public static Result read(Path file, Options options) throws IOException {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new DataFileException(file, "Csv.read: " + file + " is not valid UTF-8 text (" + e + ")", e);
        }
        List<CsvParser.Row> rows = CsvParser.parse(content, options.delimiter(), file);
        if (rows.isEmpty()) throw new DataFileException(file, "Csv.read: " + file + " is empty: no " + (options.header() ? "header" : "records"));
        List<String> names = new ArrayList<>();
        if (options.header()) {
            names.addAll(Arrays.asList(rows.get(0).fields()));
            for (int i = 0; i < names.size(); i++) {
                int first = names.indexOf(names.get(i));
                if (first != i) {
                    throw new DataFileException(file, "Csv.read: " + file + " line " + rows.get(0).line() + ": the header names column '"
                            + names.get(i) + "' twice (indices " + first + " and " + i + ")");
                }
            }
            rows = rows.subList(1, rows.size());
        } else {
            for (int i = 0; i < rows.get(0).fields().length; i++) names.add(Integer.toString(i));
        }
        for (CsvParser.Row r : rows) {
            if (r.fields().length != names.size()) {
                throw new DataFileException(file, "Csv.read: " + file + " line " + r.line() + " has " + r.fields().length + " field"
                        + (r.fields().length == 1 ? "" : "s") + " but " + (options.header() ? "the header has " : "the first record has ")
                        + names.size());
            }
        }
        CsvEncoder enc = options.encoding() != null
                ? CsvEncoder.fromEncoding(file, options, names)
                : CsvEncoder.fromOptions(file, options, names, rows);
        return enc.encode(rows);
    }
}
