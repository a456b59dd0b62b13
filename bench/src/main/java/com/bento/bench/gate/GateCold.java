package com.bento.bench.gate;

import com.bento.GateContext;
import com.bento.spi.ContractsLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/**
 * One cold run of the contracts gate: a fresh JVM loads the contracts provider and checks a folder
 * once, then prints the milliseconds the call took (class loading included) and the gate's verdict.
 * {@code bench/contracts-gate.sh} launches it repeatedly. Usage: {@code GateCold <folder> [modules...]}.
 */
public final class GateCold {
    private GateCold() {
    }

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        ContractsLoader loader = ServiceLoader.load(ContractsLoader.class).findFirst().orElseThrow();
        List<String> modules = List.of(args).subList(1, args.length);
        ContractsLoader.Loaded loaded = loader.load(Path.of(args[0]), true,
                new GateContext("gate-bench", "local", modules, false));
        long t1 = System.nanoTime();
        System.out.printf("%.1f %s%n", (t1 - t0) / 1e6, loaded.result().errors().isEmpty() ? "passed" : "failed "
                + loaded.result().errors());
    }
}
