package com.bento.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * What makes a start on an up-to-date schema cheap: for every module with migrations, a
 * fingerprint of its scripts (SHA-256 over their names and bytes) and the number of rows the
 * migration history ({@link Migrations#HISTORY}) had once its scripts were applied, kept in
 * {@code bento_schema_state}. A start reads them back, with the history's row count now, in one
 * query; when every module's scripts and the history are as recorded, Flyway is not run (nor
 * loaded). Anything else (a changed, added or removed script, the history dropped or edited, no
 * state yet) runs the one migration pass, which then records the new state.
 */
final class SchemaState {
    static final String TABLE = "bento_schema_state";

    private SchemaState() {
    }

    /**
     * A module's migration scripts: where they were found, the files under that folder by name
     * relative to it and their fingerprint, both only if they could be listed.
     */
    record Scripts(String module, String location, List<URL> roots, Optional<Map<String, byte[]>> files,
                   Optional<String> fingerprint) {
    }

    /** What was recorded for a module, and the row count the migration history has now. */
    record Recorded(String fingerprint, long historyRows, long historyRowsNow) {
    }

    /**
     * The modules that ship migrations, in module order: their folder as the class loader shows it, or
     * else in the JPMS module that defines the module's class ({@code definedIn}) when that one is linked
     * into the run-time image, where class loaders show no folder.
     */
    static List<Scripts> locate(List<String> modules, ClassLoader loader, Map<String, Module> definedIn) {
        List<Scripts> found = new ArrayList<>();
        for (String module : modules) {
            String location = Migrations.ROOT + module;
            List<URL> roots = new ArrayList<>();
            try {
                Enumeration<URL> urls = loader.getResources(location);
                while (urls.hasMoreElements()) {
                    roots.add(urls.nextElement());
                }
            } catch (IOException e) {
                roots.clear(); // unlistable: the migration pass refuses a folder it cannot list (Migrations.unlisted)
            }
            boolean fromImage = roots.isEmpty() && loader.getResource(location) == null;
            if (fromImage) {
                // a class loader does not show folders of modules linked into the run-time image
                Module owner = definedIn.get(module);
                Optional<URL> linked = owner == null ? Optional.empty() : LinkedImage.root(owner, location);
                if (linked.isEmpty()) {
                    continue;
                }
                roots.add(linked.get());
            }
            Optional<Map<String, byte[]>> files = list(location, roots);
            if (fromImage && files.isPresent() && files.get().isEmpty()) {
                continue; // a linked module without that folder (one listing tells both whether it is there and what it holds)
            }
            found.add(new Scripts(module, location, List.copyOf(roots), files, files.map(SchemaState::digest)));
        }
        return found;
    }

    /**
     * Every file under the location, by name relative to it, in name order; empty when a root is
     * neither a folder, a jar nor a folder of a module linked into the run-time image, or two roots
     * disagree (the migration pass then refuses the module, naming its roots).
     */
    static Optional<Map<String, byte[]>> list(String location, List<URL> roots) {
        if (roots.isEmpty()) {
            return Optional.empty();
        }
        Map<String, byte[]> files = new TreeMap<>();
        try {
            for (URL root : roots) {
                switch (root.getProtocol()) {
                    case "file" -> {
                        Path dir = Path.of(root.toURI());
                        try (Stream<Path> walk = Files.walk(dir)) {
                            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                                if (!add(files, dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p))) {
                                    return Optional.empty();
                                }
                            }
                        }
                    }
                    case "jar" -> {
                        JarURLConnection connection = (JarURLConnection) root.openConnection();
                        connection.setUseCaches(false);
                        String prefix = location + "/";
                        try (JarFile jar = connection.getJarFile()) {
                            Enumeration<JarEntry> entries = jar.entries();
                            while (entries.hasMoreElements()) {
                                JarEntry entry = entries.nextElement();
                                if (!entry.isDirectory() && entry.getName().startsWith(prefix)) {
                                    try (InputStream in = jar.getInputStream(entry)) {
                                        if (!add(files, entry.getName().substring(prefix.length()), in.readAllBytes())) {
                                            return Optional.empty();
                                        }
                                    }
                                }
                            }
                        }
                    }
                    case "jrt" -> {
                        if (!LinkedImage.list(root, files)) {
                            return Optional.empty();
                        }
                    }
                    default -> {
                        return Optional.empty();
                    }
                }
            }
            return Optional.of(files);
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** SHA-256 over the listed files' names and bytes, in name order. */
    static String digest(Map<String, byte[]> files) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        digest.update("bento-migrations-1\n".getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            digest.update(file.getKey().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(Long.toString(file.getValue().length).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(file.getValue());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Adds a script by its name relative to the location (where it was found does not count: moving a
     * jar changes no script); {@code false} when two roots hold different files under one name, which
     * the migration pass refuses.
     */
    static boolean add(Map<String, byte[]> files, String name, byte[] bytes) {
        byte[] seen = files.putIfAbsent(name, bytes);
        return seen == null || java.util.Arrays.equals(seen, bytes);
    }

    /**
     * One query: the recorded state of each module with the migration history's row count now.
     * Empty when the state table or the history does not exist (or the query fails otherwise):
     * then nothing is taken as up to date.
     */
    static Map<String, Recorded> read(DataSource dataSource, List<Scripts> scripts) {
        if (scripts.isEmpty()) {
            return Map.of();
        }
        StringBuilder names = new StringBuilder();
        for (Scripts s : scripts) {
            names.append(names.length() == 0 ? "'" : ", '").append(s.module().replace("'", "''")).append("'");
        }
        String sql = "select s.module, s.fingerprint, s.history_rows, (select count(*) from \"" + Migrations.HISTORY
                + "\") from " + TABLE + " s where s.module in (" + names + ")";
        Map<String, Recorded> recorded = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                recorded.put(rs.getString(1), new Recorded(rs.getString(2), rs.getLong(3), rs.getLong(4)));
            }
        } catch (SQLException e) {
            return Map.of(); // no state table yet, or the history gone: the migration pass decides
        }
        return recorded;
    }

    /** Whether the module's scripts and history are exactly as recorded. */
    static boolean upToDate(Scripts scripts, Map<String, Recorded> recorded) {
        Recorded r = recorded.get(scripts.module());
        return r != null && scripts.fingerprint().isPresent() && scripts.fingerprint().get().equals(r.fingerprint())
                && r.historyRows() == r.historyRowsNow();
    }

    /** Records the modules' state after the migration pass, with the history's row count now. */
    static void record(DataSource dataSource, List<Scripts> modules) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                st.execute("create table if not exists " + TABLE + " (module varchar(200) primary key,"
                        + " fingerprint varchar(64) not null, history_rows bigint not null, recorded_at timestamp not null)");
            }
            long rows;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select count(*) from \"" + Migrations.HISTORY + "\"")) {
                rs.next();
                rows = rs.getLong(1);
            }
            for (Scripts scripts : modules) {
                if (scripts.fingerprint().isPresent()) {
                    record(c, scripts, rows);
                }
            }
        }
    }

    private static void record(Connection c, Scripts scripts, long rows) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("update " + TABLE
                + " set fingerprint = ?, history_rows = ?, recorded_at = current_timestamp where module = ?")) {
            update.setString(1, scripts.fingerprint().get());
            update.setLong(2, rows);
            update.setString(3, scripts.module());
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = c.prepareStatement("insert into " + TABLE
                + " (module, fingerprint, history_rows, recorded_at) values (?, ?, ?, current_timestamp)")) {
            insert.setString(1, scripts.module());
            insert.setString(2, scripts.fingerprint().get());
            insert.setLong(3, rows);
            insert.executeUpdate();
        } catch (SQLException raced) {
            // another instance recorded the same module between the update and the insert: its row stands
            if (!isDuplicate(raced)) {
                throw raced;
            }
        }
    }

    private static boolean isDuplicate(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("23"); // integrity constraint violation (23505 unique, H2's 23505 too)
    }
}
