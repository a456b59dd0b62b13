package com.bento.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module linked into the run-time image with jlink: its migrations folder is invisible to class
 * loaders there, yet its scripts run, with the script names and checksums a start from a jar gives,
 * and a second run finds the schema up to date without Flyway. Builds a real image of this JDK.
 */
class LinkedImageMigrationsTest {
    private static final String V1 = "create table linked_items (id int primary key, name varchar(40));\n"
            + "insert into linked_items values (1, 'tea');\n";
    private static final String V2 = "insert into linked_items values (2, 'rice');\n";

    @Test
    void theScriptsOfAModuleLinkedIntoTheImageRunAndAreRecorded(@TempDir Path dir) throws Exception {
        String module = "linked";
        Path classes = Files.createDirectories(dir.resolve("bento.test.linked"));
        Path scripts = Files.createDirectories(classes.resolve("META-INF/bento/migrations/" + module + "/more"));
        Files.writeString(scripts.resolveSibling("V1__items.sql"), V1);
        Files.writeString(scripts.resolve("V2__more_items.sql"), V2);
        Path source = Files.writeString(dir.resolve("module-info.java"), "module bento.test.linked { }\n");
        run(List.of(tool("javac"), "--release", "17", "-d", classes.toString(), source.toString()));

        Path image = dir.resolve("image");
        String jmods = Path.of(System.getProperty("java.home"), "jmods").toFile().isDirectory()
                ? Path.of(System.getProperty("java.home"), "jmods") + File.pathSeparator : "";
        run(List.of(tool("jlink"), "--module-path", jmods + classes,
                "--add-modules", "java.base,java.sql,java.naming,java.management,java.logging,bento.test.linked",
                "--no-header-files", "--no-man-pages", "--output", image.toString()));

        Path testClasses = Path.of(LinkedImageProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String cp = String.join(File.pathSeparator, testClasses.toString(), System.getProperty("jdk.module.path", ""),
                System.getProperty("java.class.path", ""));
        String output = run(List.of(image.resolve("bin/java").toString(), "--add-modules", "bento.test.linked",
                "-cp", cp, LinkedImageProbe.class.getName(), module));

        assertThat(output).as("the premise: the image hides the folder from the class loader")
                .contains("loader-sees-folder=false");
        assertThat(output).contains("first=Applied[module=linked, versions=[V1, V2], checked=true]", "items=2")
                .as("a module with no folder anywhere is passed over").doesNotContain("module=nothing_linked", "unowned=");
        // what Flyway records when it scans the same scripts in a folder: the same script names and checksums
        List<String> fromFolder = historyFromFolder(classes, module);
        assertThat(fromFolder).hasSize(2).first().asString().startsWith("history=META-INF/bento/migrations/linked/V1__items.sql ");
        assertThat(output.lines().filter(l -> l.startsWith("history=")).toList()).isEqualTo(fromFolder);
        assertThat(output).as("the second start takes the one-query check").contains("second=Applied[module=linked, versions=[], checked=false]");
    }

    /** The history Flyway writes when it scans the scripts in a folder on the class path, as the probe prints it. */
    private static List<String> historyFromFolder(Path classes, String module) throws Exception {
        List<String> lines = new ArrayList<>();
        try (HikariDataSource pool = new HikariDataSource();
             URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                     LinkedImageMigrationsTest.class.getClassLoader())) {
            pool.setJdbcUrl("jdbc:h2:mem:folder-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
            assertThat(Migrations.run(pool, List.of(module), loader)).singleElement()
                    .satisfies(a -> assertThat(a.versions()).containsExactly("V1", "V2"));
            try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select \"script\", \"checksum\" from \"" + Migrations.HISTORY
                         + "\" where \"script\" like 'META-INF/%' order by \"installed_rank\"")) {
                while (rs.next()) {
                    lines.add("history=" + rs.getString(1) + " " + rs.getInt(2));
                }
            }
        }
        return lines;
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(p.exitValue()).as(command.get(0) + ":\n" + output).isZero();
        return output;
    }
}
