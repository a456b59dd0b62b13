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
            // without the module that defines the Bento module's class, the folder is not found: the reason the
            // runtime passes it
            for (Migrations.Applied applied : Migrations.run(pool, List.of(module), loader)) {
                System.out.println("unowned=" + applied);
            }
            // the scripts' module stands for the module that defines the Bento module's class; another
            // module of the image that has no such folder (java.sql) stands for one that ships none
            java.util.Map<String, Module> definedIn = java.util.Map.of(module, ModuleLayer.boot().findModule("bento.test.linked")
                    .orElseThrow(), "nothing_" + module, ModuleLayer.boot().findModule("java.sql").orElseThrow());
            for (Migrations.Applied applied : Migrations.run(pool, List.of(module, "nothing_" + module), loader, definedIn)) {
                System.out.println("first=" + applied);
            }
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("select count(*) from linked_items")) {
                    rs.next();
                    System.out.println("items=" + rs.getLong(1));
                }
                try (ResultSet rs = s.executeQuery("select \"script\", \"checksum\" from \"" + Migrations.HISTORY
                        + "\" where \"script\" like 'META-INF/%' order by \"installed_rank\"")) {
                    while (rs.next()) {
                        System.out.println("history=" + rs.getString(1) + " " + rs.getInt(2));
                    }
                }
            }
            for (Migrations.Applied applied : Migrations.run(pool, List.of(module), loader, definedIn)) {
                System.out.println("second=" + applied);
            }
        }
    }
}
