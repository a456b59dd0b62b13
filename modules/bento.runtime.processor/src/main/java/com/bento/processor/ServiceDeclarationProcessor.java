package com.bento.processor;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Compares a named module's {@code provides} directives with the {@code META-INF/services} files
 * in the class output (where the build copied the resources before compiling).
 *
 * <p>Errors, which fail the compilation:
 * <ul>
 *   <li>a Bento service ({@code com.bento.*}) is provided without its services file;</li>
 *   <li>a services file and the {@code provides} directive of the same service list different classes;</li>
 *   <li>a services file names a class this compilation does not have.</li>
 * </ul>
 * Every message names the file, both lists and the line to add or remove.
 */
public final class ServiceDeclarationProcessor extends AbstractProcessor {

    private static final String SERVICES = "META-INF/services/";
    private boolean checked;

    /** Creates the processor; javac calls this. */
    public ServiceDeclarationProcessor() {
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (checked || round.getRootElements().isEmpty()) {
            return false;
        }
        checked = true;
        ModuleElement module = null;
        for (Element e : round.getRootElements()) {
            ModuleElement m = processingEnv.getElementUtils().getModuleOf(e);
            if (m != null && !m.isUnnamed()) {
                module = m;
                break;
            }
        }
        if (module != null) {
            check(module);
        }
        return false;
    }

    private void check(ModuleElement module) {
        Set<String> services = new TreeSet<>();
        for (ModuleElement.Directive d : module.getDirectives()) {
            if (d instanceof ModuleElement.ProvidesDirective provides) {
                String service = provides.getService().getQualifiedName().toString();
                services.add(service);
                Set<String> declared = new LinkedHashSet<>();
                provides.getImplementations().forEach(i -> declared.add(i.getQualifiedName().toString()));
                compare(module, service, declared);
            }
        }
        // services files for which module-info has no 'provides'
        for (String service : listedServices(module)) {
            if (!services.contains(service)) {
                List<String> listed = read(service);
                error(module, SERVICES + service + " lists " + listed + " but module-info.java of module "
                        + module.getQualifiedName() + " has no 'provides " + service + "'. On the module path the"
                        + " services file is ignored, so the module would not be found there. Add: provides "
                        + service + " with " + String.join(", ", listed) + ";");
            }
        }
    }

    private void compare(ModuleElement module, String service, Set<String> declared) {
        List<String> listed = read(service);
        if (listed == null) {
            if (service.startsWith("com.bento.")) {
                error(module, "Module " + module.getQualifiedName() + " provides " + service + " with "
                        + String.join(", ", declared) + " in module-info.java, but " + SERVICES + service
                        + " is missing, so on the class path the module would not be found. Add the file"
                        + " src/main/resources/" + SERVICES + service + " with the line(s): " + String.join(" ", declared));
            }
            return;
        }
        Set<String> inFile = new LinkedHashSet<>(listed);
        if (!inFile.equals(declared)) {
            Set<String> onlyModule = new TreeSet<>(declared);
            onlyModule.removeAll(inFile);
            Set<String> onlyFile = new TreeSet<>(inFile);
            onlyFile.removeAll(declared);
            error(module, "Module " + module.getQualifiedName() + " declares " + service + " differently in its two"
                    + " places: module-info.java 'provides' " + declared + ", " + SERVICES + service + " " + inFile
                    + ". " + (onlyModule.isEmpty() ? "" : "Add to the services file: " + onlyModule + ". ")
                    + (onlyFile.isEmpty() ? "" : "Add to 'provides' or remove from the services file: " + onlyFile + ". ")
                    + "Both must list the same classes, or the module behaves differently on the module path and the class path.");
        }
        for (String type : inFile) {
            if (processingEnv.getElementUtils().getTypeElement(type) == null) {
                error(module, SERVICES + service + " names " + type + ", which this module does not contain."
                        + " Fix the class name in the services file.");
            }
        }
    }

    /** Bento's services whose files are present in the class output (a Filer cannot list a folder). */
    private Set<String> listedServices(ModuleElement module) {
        Set<String> present = new TreeSet<>();
        for (String c : List.of("com.bento.Module", "com.bento.spi.RuntimeListener", "com.bento.spi.DatabasePhase")) {
            if (read(c) != null) {
                present.add(c);
            }
        }
        return present;
    }

    /** The class names in a services file, comments and blanks dropped; null when there is no file. */
    private List<String> read(String service) {
        Filer filer = processingEnv.getFiler();
        try {
            FileObject file = filer.getResource(StandardLocation.CLASS_OUTPUT, "", SERVICES + service);
            List<String> names = new ArrayList<>();
            try (InputStream in = file.openInputStream()) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                    int hash = line.indexOf('#');
                    String name = (hash >= 0 ? line.substring(0, hash) : line).trim();
                    if (!name.isEmpty()) {
                        names.add(name);
                    }
                }
            }
            return names;
        } catch (FileNotFoundException | NoSuchFileException e) {
            return null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private void error(ModuleElement module, String message) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, module);
    }
}
