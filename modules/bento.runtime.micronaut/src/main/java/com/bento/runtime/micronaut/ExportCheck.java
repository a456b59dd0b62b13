package com.bento.runtime.micronaut;

import com.bento.LifecycleException;
import com.bento.runtime.ModuleDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the silent-404 trap before the server starts: Micronaut instantiates controllers and
 * filters through {@code MethodHandles.publicLookup()}, so a class in a package that its JPMS module
 * does not export to everyone (or open) is never created, and its routes answer 404 without a word.
 */
final class ExportCheck {
    private ExportCheck() {
    }

    static List<String> problems(List<ModuleDescriptor> modules) {
        List<String> problems = new ArrayList<>();
        for (ModuleDescriptor m : modules) {
            List<Class<?>> classes = new ArrayList<>(m.controllers());
            classes.addAll(m.filters());
            for (Class<?> c : classes) {
                java.lang.Module jpms = c.getModule();
                String pkg = c.getPackageName();
                if (jpms.isNamed() && !jpms.isExported(pkg) && !jpms.isOpen(pkg)) {
                    problems.add("Module '" + m.name() + "' serves " + c.getName() + ", but JPMS module " + jpms.getName()
                            + " does not export package " + pkg + " to everyone, so Micronaut cannot create it and"
                            + " its routes would answer 404. Add to module-info.java of " + jpms.getName()
                            + ": exports " + pkg + ";");
                }
            }
        }
        return problems;
    }

    static void verify(List<ModuleDescriptor> modules) {
        List<String> problems = problems(modules);
        if (!problems.isEmpty()) {
            throw new LifecycleException("startup", null, String.join("\n", problems), null);
        }
    }
}
