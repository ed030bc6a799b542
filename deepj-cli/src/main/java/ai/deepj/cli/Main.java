package ai.deepj.cli;

import ai.deepj.Deepj;
import ai.deepj.cli.config.ConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code deepj} command. Run it through the {@code ./deepj} launcher in the repository root,
 * which builds the project on first use and passes the JVM flags deepj needs; {@code deepj --help}
 * and {@code deepj <command> --help} describe every command.
 *
 * <pre>
 * deepj train CONFIG [--set KEY=VALUE]... [--out DIR] [--resume]
 * deepj evaluate RUN_DIR [DATA...]
 * deepj predict RUN_DIR INPUT... --out FILE
 * deepj search CONFIG [--set KEY=VALUE]... [--out DIR]
 * deepj gradcheck CONFIG|RUN_DIR
 * deepj diagnose RUN_DIR [--human-error E] [--train-dev E]
 * deepj summary CONFIG|RUN_DIR
 * deepj info | flower | cat | regularization | optimization
 * deepj dinosaurs | shakespeare | words | many-to-one | many-to-many | one-to-many
 * </pre>
 *
 * <p>Exit status: 0 success; 1 failure (data or files that cannot be read, training that fails, a
 * gradient check that fails); 2 usage error (a bad command line or config: the message names the
 * option or the config line). Errors are one line, {@code deepj train: config shapes.yaml line 7:
 * unknown optimizer 'adamm' (known: sgd, momentum, ...)}; {@code --verbose} adds the stack trace.
 */
@Command(name = "deepj", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = "Deep learning for the JVM: train, evaluate, inspect and tune models described in a config file (YAML or JSON).",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, SearchCommand.class, GradcheckCommand.class,
                DiagnoseCommand.class, SummaryCommand.class, InfoCommand.class, Lessons.Flower.class, Lessons.Cat.class,
                Lessons.Regularization.class, Lessons.Optimization.class, SequenceLessons.Dinosaurs.class, SequenceLessons.Shakespeare.class,
                SequenceLessons.Words.class, SequenceLessons.ManyToOne.class, SequenceLessons.ManyToMany.class, SequenceLessons.OneToMany.class,
                ConvLessons.Signs.class, ConvLessons.Happy.class,
                CommandLine.HelpCommand.class},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%n",
        footer = {"Examples:",
                "  deepj train examples/shapes.yaml                 train the main example; writes runs/shapes",
                "  deepj train examples/shapes.yaml --set epochs=3 --set optimizer.lr=0.003",
                "  deepj evaluate runs/shapes                       dev and test metrics and confusion matrices",
                "  deepj predict runs/shapes images/ --out predictions.csv",
                "",
                "JVM settings go in DEEPJ_OPTS, e.g. DEEPJ_OPTS=-Ddeepj.threads=2 ./deepj train ...",
                "",
                "Exit status: 0 success; 1 failure (unreadable data or files, training that fails, a failed",
                "gradient check); 2 usage error (a bad command line or config; the message names the option",
                "or the config line)."})
public final class Main implements Callable<Integer> {
    /** Exit status of a successful command. */
    public static final int OK = 0;
    /** Exit status of a command that failed while running. */
    public static final int FAILURE = 1;
    /** Exit status of a bad command line or config. */
    public static final int USAGE = 2;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Print the stack trace of an error.")
    boolean verbose;

    final PrintStream out;
    final PrintStream err;
    private final boolean console;

    private Main(PrintStream out, PrintStream err, boolean console) {
        this.out = out;
        this.err = err;
        this.console = console;
    }

    /** Runs the command and exits with its status. */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err, true);
        System.out.flush();
        System.exit(status);
    }

    /**
     * Runs {@code args} writing to {@code out} and {@code err} instead of the process's streams,
     * and returns the exit status instead of exiting: how tests run the command.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, false);
    }

    private static int run(String[] args, PrintStream out, PrintStream err, boolean console) {
        Main main = new Main(out, err, console);
        CommandLine cl = new CommandLine(main);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setUsageHelpWidth(100);
        cl.setParameterExceptionHandler((e, args1) -> {
            CommandLine cmd = e.getCommandLine();
            err.println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, cmd.getErr())) {
                err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            }
            cmd.getErr().flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            out.flush();
            err.println(cmd.getCommandSpec().qualifiedName() + ": " + message(e));
            if (main.verbose) e.printStackTrace(err);
            err.flush();
            return exitCode(e);
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        new CommandLine(this).setUsageHelpWidth(100).usage(out);
        return OK;
    }

    /** Whether output goes to the process's own standard output (so a terminal may redraw a progress line). */
    boolean console() {
        return console;
    }

    /** 2 for config and usage errors, 1 for everything else. */
    static int exitCode(Throwable e) {
        return e instanceof ConfigException || e instanceof UsageError || e instanceof CommandLine.ParameterException ? USAGE : FAILURE;
    }

    /** One line saying what went wrong, without the exception's class unless there is nothing else to say. */
    static String message(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) return message(u.getCause());
        if (e instanceof NoSuchFileException n) {
            return n.getReason() != null ? n.getReason() + ": " + n.getFile() : "no such file or folder: " + n.getFile();
        }
        if (e instanceof AccessDeniedException a) return "permission denied: " + a.getFile();
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason() + ": " + f.getFile();
        if (e instanceof OutOfMemoryError) {
            return "out of memory; give the JVM more (DEEPJ_OPTS=-Xmx8g) or use a smaller batch_size or data set";
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getCause() != null && e.getCause() != e ? message(e.getCause()) : e.getClass().getSimpleName();
        }
        if (e instanceof IOException || e instanceof RuntimeException && !(e instanceof NullPointerException
                || e instanceof ClassCastException || e instanceof IndexOutOfBoundsException)) {
            return m.strip();
        }
        return e.getClass().getSimpleName() + ": " + m.strip() + " (a bug in deepj? run with --verbose and report it)";
    }

    /** {@code deepj --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"deepj " + Deepj.version() + " (Java " + Runtime.version() + ")"};
        }
    }
}
