package com.bento.data;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

/**
 * Run by {@link LinkedImageMigrationsTest} in a run-time image that has a module of migrations linked
 * in: runs the database phase's migrations twice on an in-memory H2 database and prints what it saw,
 * one {@code key=value} per line.
 */
public final class LinkedImageProbe {
    private LinkedImageProbe() {
    }

    public static void main(String[] args) throws Exception {
        String module = args[0];
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl("jdbc:h2:mem:linked;DB_CLOSE_DELAY=-1");
            ClassLoader loader = LinkedImageProbe.class.getClassLoader();
            // a class loader shows no folder of a linked module: the reason for what is tested here
            System.out.println("loader-sees-folder=" + (loader.getResource(Migrations.ROOT + module) != null));
            for (Migrations.Applied applied : Migrations.run(pool, List.of(module, "nothing_" + module), loader)) {
                System.out.println("first=" + applied);
            }
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("select count(*) from linked_items")) {
                    rs.next();
                    System.out.println("items=" + rs.getLong(1));
                }
                try (ResultSet rs = s.executeQuery("select \"script\", \"checksum\" from \"" + Migrations.historyTable(module)
                        + "\" where \"version\" is not null and \"version\" <> '0' order by \"installed_rank\"")) {
                    while (rs.next()) {
                        System.out.println("history=" + rs.getString(1) + " " + rs.getInt(2));
                    }
                }
            }
            for (Migrations.Applied applied : Migrations.run(pool, List.of(module), loader)) {
                System.out.println("second=" + applied);
            }
        }
    }
}
