package com.bento.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.bento.GateContext.ContractUse;
import com.bento.GateResult;
import com.bento.spi.ContractsLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compiled contracts file: used only for a folder identical to the one it was compiled from, by
 * the same code; the application-dependent checks still run at every start; anything else (a changed,
 * added or removed file, a damaged or unwritable compiled file, the setting off) checks in full.
 */
class CompiledContractsTest {
    static final List<String> MODULES = List.of("catalog", "ordering", "payments");

    @TempDir
    Path tmp;

    private Path fixture() throws Exception {
        Path root = tmp.resolve("contracts");
        Path fixture = Path.of(getClass().getResource("/contracts").toURI());
        try (Stream<Path> walk = Files.walk(fixture)) {
            // other tests check the fixture in place, which leaves its compiled file there
            for (Path p : walk.filter(p -> !fixture.relativize(p).toString().startsWith(".bento")).toList()) {
                Path target = root.resolve(fixture.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return root;
    }

    private static ContractsReader reader(Path root, List<String> modules) {
        return new ContractsReader(root, true, modules);
    }

    @Test
    void aCleanCheckIsCompiledAndTheNextStartUsesIt() throws Exception {
        Path root = fixture();
        ContractsReader first = reader(root, MODULES);
        ContractsLoader.Loaded checked = first.read();
        assertThat(checked.result().errors()).isEmpty();
        assertThat(first.usedCompiled()).isFalse();
        assertThat(first.wroteCompiled()).isTrue();
        assertThat(root.resolve(CompiledContracts.DEFAULT_FILE)).isRegularFile();

        ContractsReader second = reader(root, MODULES);
        ContractsLoader.Loaded loaded = second.read();
        assertThat(second.usedCompiled()).isTrue();
        assertThat(second.wroteCompiled()).isFalse();
        assertThat(loaded.result()).isEqualTo(checked.result());
        Contracts a = (Contracts) checked.contracts();
        Contracts b = (Contracts) loaded.contracts();
        assertThat(b.reasonCodes().all()).isEqualTo(a.reasonCodes().all());
        for (String aggregate : a.stateMachines().aggregates()) {
            assertThat(b.stateMachines().machine(aggregate)).isEqualTo(a.stateMachines().machine(aggregate));
        }
        assertThat(List.copyOf(b.routing().routes())).isEqualTo(List.copyOf(a.routing().routes()));
        assertThat(b.schemas().eventTypes()).isEqualTo(a.schemas().eventTypes());
        // the schemas, compiled on first use, judge payloads as the freshly compiled ones do
        Map<String, Object> bad = Map.of("order_id", 7, "total", -1, "items", List.of(Map.of("sku", "x", "quantity", 0)));
        assertThat(b.schemas().check("OrderPlaced", bad)).isNotEmpty().isEqualTo(a.schemas().check("OrderPlaced", bad));
        Map<String, Object> good = Map.of("order_id", "o-1", "total", 3, "items", List.of(Map.of("sku", "x", "quantity", 1)));
        assertThat(b.schemas().check("OrderPlaced", good)).isEmpty();
        assertThat(b.schemas().checkEnvelope(Map.of())).isEqualTo(a.schemas().checkEnvelope(Map.of()));
    }

    @Test
    void anyChangeToTheFolderChecksItInFull() throws Exception {
        Path root = fixture();
        reader(root, MODULES).read();
        Path schema = root.resolve("events/OrderPlaced.schema.json");
        // one byte: "minimum": 0 becomes "minimum": "0", which the meta-schema refuses
        Files.writeString(schema, Files.readString(schema).replace("\"minimum\": 0", "\"minimum\": \"0\""));
        ContractsReader changed = reader(root, MODULES);
        GateResult result = changed.read().result();
        assertThat(changed.usedCompiled()).isFalse();
        assertThat(result.errors()).singleElement().asString().startsWith(schema + ":7:").contains("not a valid JSON Schema");
        assertThat(changed.wroteCompiled()).as("a folder with errors is not compiled").isFalse();

        Files.writeString(schema, Files.readString(schema).replace("\"minimum\": \"0\"", "\"minimum\": 0"));
        assertThat(reader(root, MODULES).read().result().errors()).isEmpty();
        Files.writeString(root.resolve("events/notes.txt"), "x");
        ContractsReader added = reader(root, MODULES);
        GateResult withNote = added.read().result();
        assertThat(added.usedCompiled()).as("an added file").isFalse();
        assertThat(withNote.warnings()).anyMatch(w -> w.contains("notes.txt") && w.contains("ignored"));
        Files.delete(root.resolve("events/OrderCancelled.schema.json"));
        ContractsReader removed = reader(root, MODULES);
        GateResult without = removed.read().result();
        assertThat(removed.usedCompiled()).as("a removed file").isFalse();
        assertThat(without.warnings()).anyMatch(w -> w.contains("'OrderCancelled' has no schema"));
    }

    @Test
    void theApplicationsModulesAndUsesAreCheckedAtEveryStart() throws Exception {
        Path root = fixture();
        reader(root, MODULES).read();
        ContractsReader fewer = reader(root, List.of("catalog", "ordering"));
        GateResult result = fewer.read().result();
        assertThat(fewer.usedCompiled()).isTrue();
        String routing = root.resolve("routing/order-routing.yaml").toString();
        assertThat(result.errors()).containsExactly(
                routing + ":5:26: a consumer of 'OrderPlaced' names module 'payments', which is not loaded. Loaded"
                        + " modules: catalog, ordering. Put that module on the module path, or fix the name in the routing file",
                routing + ":9:17: a consumer of 'OrderCancelled' names module 'payments', which is not loaded. Loaded"
                        + " modules: catalog, ordering. Put that module on the module path, or fix the name in the routing file");

        ContractsReader using = new ContractsReader(root, true, MODULES, Map.of("ordering",
                new ContractUse("shop.Ordering", List.of("Invoice"), List.of("ORDER_LOST"), List.of("OrderShipped"), List.of())));
        GateResult missing = using.read().result();
        assertThat(using.usedCompiled()).isTrue();
        assertThat(missing.errors()).hasSize(4).allMatch(e -> e.contains("missing: module 'ordering' (shop.Ordering)"));
    }

    @Test
    void aDamagedOrForeignCompiledFileIsIgnoredAndRewritten() throws Exception {
        Path root = fixture();
        GateResult clean = reader(root, MODULES).read().result();
        Path file = root.resolve(CompiledContracts.DEFAULT_FILE);
        byte[] bytes = Files.readAllBytes(file);
        for (byte[] damaged : List.of(new byte[0], java.util.Arrays.copyOf(bytes, bytes.length / 2),
                "not a compiled file".getBytes(StandardCharsets.UTF_8))) {
            Files.write(file, damaged);
            ContractsReader r = reader(root, MODULES);
            assertThat(r.read().result()).isEqualTo(clean);
            assertThat(r.usedCompiled()).isFalse();
            assertThat(r.wroteCompiled()).isTrue();
        }
        // compiled for the same files under another name of the folder: messages would name the wrong path
        Path moved = tmp.resolve("moved");
        Files.move(root, moved);
        ContractsReader r = reader(moved, MODULES);
        r.read();
        assertThat(r.usedCompiled()).isFalse();
    }

    @Test
    void anUnwritableLocationOrTheSettingOffChecksInFullEveryTime() throws Exception {
        Path root = fixture();
        Path blocker = Files.writeString(tmp.resolve("a-file"), "x");
        System.setProperty("bento.contracts.compiled", blocker.resolve("contracts.compiled").toString());
        try {
            for (int i = 0; i < 2; i++) {
                ContractsReader r = reader(root, MODULES);
                assertThat(r.read().result().errors()).isEmpty();
                assertThat(r.usedCompiled()).isFalse();
                assertThat(r.wroteCompiled()).isFalse();
            }
            System.setProperty("bento.contracts.compiled", "off");
            ContractsReader off = reader(root, MODULES);
            assertThat(off.read().result().errors()).isEmpty();
            assertThat(off.wroteCompiled()).isFalse();
            assertThat(root.resolve(CompiledContracts.DEFAULT_FILE)).doesNotExist();
        } finally {
            System.clearProperty("bento.contracts.compiled");
        }
    }

    @Test
    void theBuildTimeCommandCompilesACleanFolderAndRefusesABrokenOne() throws Exception {
        Path root = fixture();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CompileContracts.run(root, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("no errors").contains("compiled into");
        ContractsReader start = reader(root, MODULES);
        assertThat(start.read().result().errors()).isEmpty();
        assertThat(start.usedCompiled()).as("the first start after the build uses what the build compiled").isTrue();

        Path machine = root.resolve("state-machines/order.state-machine.yaml");
        Files.writeString(machine, Files.readString(machine) + "\nstates: [again]\n");
        err.reset();
        code = CompileContracts.run(root, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: " + machine + ":").contains("nothing compiled");
    }

    @Test
    void aFileCompiledByOtherCheckingCodeIsNotTrusted() throws Exception {
        Path root = fixture();
        reader(root, MODULES).read();
        Path file = root.resolve(CompiledContracts.DEFAULT_FILE);
        byte[] bytes = Files.readAllBytes(file);
        String key = CompiledContracts.key();
        assertThat(key).startsWith(CheckerKey.VALUE).matches("[0-9a-f]{64}/.+");
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        int at = indexOf(bytes, keyBytes);
        assertThat(at).as("the key is written into the file").isPositive();
        bytes[at] = (byte) (bytes[at] == '0' ? '1' : '0'); // as if another version of the checker wrote it
        Files.write(file, bytes);
        ContractsReader r = reader(root, MODULES);
        r.read();
        assertThat(r.usedCompiled()).isFalse();
        assertThat(r.wroteCompiled()).isTrue();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
