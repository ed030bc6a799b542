package ai.deepj.cli;

import ai.deepj.Deepj;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code deepj info}: version, Java, vector width, GEMM backend and threads. */
@Command(name = "info", header = "Version, Java, vector width, GEMM backend and threads.",
        mixinStandardHelpOptions = true, description = "Print the deepj and Java versions, the vector width, the GEMM backend"
        + " and the number of threads.")
final class InfoCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Override
    public Integer call() {
        main.out.print(Deepj.info());
        return Main.OK;
    }
}
