package com.bento.bench;

import com.bento.Module;
import com.bento.runtime.BentoRuntime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The {@code database} phase of the start (pool opened, first connection made, one module's
 * migration applied), on the embedded H2 default and on PostgreSQL at 127.0.0.1:5432, alternating
 * in one JVM after warm-up rounds. Each round starts from an empty schema. Usage:
 * {@code java -cp ... com.bento.bench.DatabasePhaseTimes [rounds]}.
 */
public final class DatabasePhaseTimes {
    private DatabasePhaseTimes() {
    }

    record BenchStore() implements Module {
        @Override
        public String name() {
            return "benchstore";
        }

        @Override
        public boolean requiresDatabase() {
            return true;
        }
    }

    static double once(String db, int round) throws Exception {
        var builder = BentoRuntime.builder().withConfig("dbbench-" + db + "-" + round, "test").withListenerDiscovery(false)
                .withModules(new BenchStore());
        if (db.equals("postgres")) {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("drop table if exists bench_product, bento_schema_benchstore, bento_migration_history, bento_schema_state");
            }
            builder.withDatabase("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
        }
        BentoRuntime runtime = builder.build();
        double ms = runtime.startupMetrics().database().toNanos() / 1e6;
        runtime.close();
        return ms;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        for (int i = 0; i < 3; i++) {
            once("h2", -i - 1);
            once("postgres", -i - 1);
        }
        List<Double> h2 = new ArrayList<>();
        List<Double> pg = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            h2.add(once("h2", i));
            pg.add(once("postgres", i));
        }
        Collections.sort(h2);
        Collections.sort(pg);
        System.out.printf("database phase, median of %d: h2=%.1f ms (min %.1f, max %.1f) postgres=%.1f ms (min %.1f, max %.1f)%n",
                rounds, h2.get(rounds / 2), h2.get(0), h2.get(rounds - 1), pg.get(rounds / 2), pg.get(0), pg.get(rounds - 1));
    }
}
