package com.bento.contracts;

import com.bento.GateResult;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks a contracts folder at build time and writes its compiled file, so the application's first
 * start skips the full check too. Only what the folder itself decides is checked here; the modules
 * a route names and what modules declare they use are checked at each start.
 *
 * <pre>{@code java -m bento.runtime.contracts/com.bento.contracts.CompileContracts contracts}</pre>
 *
 * Exits with 0 when the folder has no errors (warnings are printed), 1 when it has errors (each as
 * {@code file:line:column: what. How to fix it}), 2 on bad usage.
 */
public final class CompileContracts {
    private CompileContracts() {
    }

    /**
     * @param args the contracts folder
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: CompileContracts <contracts folder>");
            System.exit(2);
        }
        System.exit(run(Path.of(args[0]), System.out, System.err));
    }

    static int run(Path folder, java.io.PrintStream out, java.io.PrintStream err) {
        java.util.Optional<Path> location = CompiledContracts.location(folder);
        if (location.isEmpty()) {
            err.println("bento.contracts.compiled is 'off': there is nothing to write. Unset it to compile " + folder);
            return 2;
        }
        ContractsReader reader = new ContractsReader(folder, true, List.of()).contentOnly();
        GateResult result = reader.read().result();
        result.warnings().forEach(w -> err.println("warning: " + w));
        result.errors().forEach(e -> err.println("error: " + e));
        if (!result.errors().isEmpty()) {
            err.println(folder + ": " + result.errors().size() + " error(s); nothing compiled. Fix them and run again");
            return 1;
        }
        Path file = location.get();
        if (!reader.wroteCompiled() && !reader.usedCompiled()) {
            err.println(file + ": could not be written. Make its folder writable, or name another file with"
                    + " -Dbento.contracts.compiled=<file> (BENTO_CONTRACTS_COMPILED)");
            return 1;
        }
        out.println(folder + ": no errors, " + result.warnings().size() + " warning(s); compiled into " + file);
        return 0;
    }
}
