package com.bento.test;

import com.bento.Container;
import com.bento.Module;
import com.bento.ServiceEntry;
import com.bento.runtime.BentoRuntime;
import com.bento.runtime.RuntimeBuilder;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link BentoTest}: builds the runtime from the annotation and the
 * test's fields, hands it and its entries to test methods, and closes it after the class or the test.
 */
public final class BentoExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BentoExtension.class);
    private static final String RUNTIME = "runtime";

    /**
     * What a test runs: the runtime and, with {@code web = true}, the host serving it (closed instead of
     * the runtime, which it closes) and a lookup of the host's beans for parameters.
     */
    private record Running(BentoRuntime runtime, @Nullable AutoCloseable host,
                           Function<Class<?>, Optional<Object>> hostObjects) {
        void close() throws Exception {
            if (host != null) {
                host.close();
            } else {
                runtime.close();
            }
        }
    }

    /** For JUnit. */
    public BentoExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        BentoTest test = annotation(context);
        if (test.lifecycle() == BentoTest.Lifecycle.PER_CLASS) {
            context.getStore(NAMESPACE).put(RUNTIME, build(test, context.getRequiredTestClass(), null));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        BentoTest test = annotation(context);
        if (test.lifecycle() == BentoTest.Lifecycle.PER_METHOD) {
            context.getStore(NAMESPACE).put(RUNTIME, build(test, context.getRequiredTestClass(),
                    context.getRequiredTestInstance()));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (annotation(context).lifecycle() == BentoTest.Lifecycle.PER_METHOD) {
            close(context);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (annotation(context).lifecycle() == BentoTest.Lifecycle.PER_CLASS) {
            close(context);
        }
    }

    private static void close(ExtensionContext context) {
        Running running = context.getStore(NAMESPACE).remove(RUNTIME, Running.class);
        if (running != null) {
            try {
                running.close();
            } catch (Exception e) {
                throw new IllegalStateException("Closing the Bento runtime of the test failed: " + e, e);
            }
        }
    }

    private static BentoTest annotation(ExtensionContext context) {
        Class<?> type = context.getRequiredTestClass();
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            BentoTest t = c.getAnnotation(BentoTest.class);
            if (t != null) {
                return t;
            }
        }
        throw new ExtensionConfigurationException(type.getName() + " uses BentoExtension without @BentoTest:"
                + " annotate the class with @BentoTest instead of @ExtendWith(BentoExtension.class).");
    }

    /** The runtime a test asked for; the instance is null for a per-class runtime (static fields only). */
    static Running build(BentoTest test, Class<?> testClass, @Nullable Object instance) {
        RuntimeBuilder builder = BentoRuntime.builder().withConfig(test.service(), test.environment()).withTestMode();
        if (test.modules().length == 0) {
            builder.discoverModules();
        } else {
            List<Module> modules = new ArrayList<>();
            for (Class<? extends Module> type : test.modules()) {
                modules.add(instantiate(type));
            }
            builder.withModules(modules.toArray(Module[]::new));
        }
        if (!test.contracts().isEmpty()) {
            builder.withContracts(Path.of(test.contracts()), true);
        }
        Map<String, Map<String, Object>> mocks = new LinkedHashMap<>();
        for (Field field : fields(testClass)) {
            TestService service = field.getAnnotation(TestService.class);
            TestMock mock = field.getAnnotation(TestMock.class);
            if (service == null && mock == null) {
                continue;
            }
            Object value = read(field, instance);
            if (service != null) {
                builder.withService(service.value(), value);
            }
            if (mock != null) {
                Object earlier = mocks.computeIfAbsent(mock.module(), m -> new LinkedHashMap<>()).putIfAbsent(mock.name(), value);
                if (earlier != null) {
                    throw new ExtensionConfigurationException("Two @TestMock fields of " + testClass.getName()
                            + " give service '" + mock.name() + "' of mock module '" + mock.module() + "': keep one.");
                }
            }
        }
        mocks.forEach((module, services) -> builder.withStandIn(MockModule.of(module, services)));
        if (test.web()) {
            if (!test.start()) {
                throw new ExtensionConfigurationException("@BentoTest(web = true, start = false) on " + testClass.getName()
                        + ": a served runtime is started with its server. Remove start = false, or web = true.");
            }
            return startWeb(builder, testClass);
        }
        BentoRuntime runtime = builder.build();
        if (test.start()) {
            runtime.start();
        }
        return new Running(runtime, null, type -> Optional.empty());
    }

    private static Running startWeb(RuntimeBuilder builder, Class<?> testClass) {
        WebHost host;
        try {
            host = WebHost.start(builder);
        } catch (NoClassDefFoundError e) {
            throw new ExtensionConfigurationException("@BentoTest(web = true) on " + testClass.getName() + " needs Bento's"
                    + " Micronaut host, which is not on the test path (" + e.getMessage() + "). Add the dependency"
                    + " com.bento:bento-runtime-micronaut (test scope), or remove web = true.", e);
        }
        return new Running(host.runtime(), host, host::resolve);
    }

    private static Module instantiate(Class<? extends Module> type) {
        try {
            Constructor<? extends Module> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new ExtensionConfigurationException("Module " + type.getName() + " named in @BentoTest(modules) has no"
                    + " no-argument constructor: add one, or leave modules empty to use the discovered modules.", e);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException | RuntimeException e) {
            // a RuntimeException: setAccessible refused, on the module path, for a package not opened to this module
            Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            throw new ExtensionConfigurationException("Module " + type.getName() + " named in @BentoTest(modules) could"
                    + " not be made: " + cause + ". A module class must be instantiable with its no-argument constructor"
                    + " (on the module path: public, or its package opened to bento.runtime.test).", cause);
        }
    }

    /** The class's fields and its superclasses', superclass first. */
    private static List<Field> fields(Class<?> type) {
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            chain.add(0, c);
        }
        List<Field> fields = new ArrayList<>();
        chain.forEach(c -> fields.addAll(List.of(c.getDeclaredFields())));
        return fields;
    }

    private static Object read(Field field, @Nullable Object instance) {
        boolean isStatic = Modifier.isStatic(field.getModifiers());
        if (!isStatic && instance == null) {
            throw new ExtensionConfigurationException("Field " + field.getDeclaringClass().getName() + "." + field.getName()
                    + " gives the runtime a service but is not static, and the runtime is built once for the class:"
                    + " make the field static, or use @BentoTest(lifecycle = PER_METHOD).");
        }
        Object value;
        try {
            field.setAccessible(true);
            value = field.get(isStatic ? null : instance);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new ExtensionConfigurationException("Field " + field.getDeclaringClass().getName() + "."
                    + field.getName() + " could not be read: " + e + ". If the test runs on the module path, open its"
                    + " package to bento.runtime.test.", e);
        }
        if (value == null) {
            throw new ExtensionConfigurationException("Field " + field.getDeclaringClass().getName() + "."
                    + field.getName() + " gives the runtime a service but holds null: initialise it.");
        }
        return value;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Parameter p = parameter.getParameter();
        Class<?> type = p.getType();
        if (p.isAnnotationPresent(Service.class) || type == BentoRuntime.class || type == Container.class) {
            return true;
        }
        Optional<Running> running = running(context);
        return running.isPresent() && (matches(running.get().runtime(), type).size() == 1
                || running.get().hostObjects().apply(type).isPresent());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Parameter p = parameter.getParameter();
        Running running = running(context).orElseThrow(() -> new ParameterResolutionException("No Bento runtime for "
                + p + ": with @BentoTest(lifecycle = PER_METHOD) the runtime exists from @BeforeEach on, so a"
                + " constructor cannot receive it; take it as a parameter of the test method."));
        BentoRuntime runtime = running.runtime();
        Class<?> type = p.getType();
        if (type == BentoRuntime.class) {
            return runtime;
        }
        if (type == Container.class) {
            return runtime.container();
        }
        Service service = p.getAnnotation(Service.class);
        if (service == null && matches(runtime, type).size() != 1) {
            Optional<Object> fromHost = running.hostObjects().apply(type);
            if (fromHost.isPresent()) {
                return fromHost.get();
            }
        }
        try {
            return service != null ? runtime.container().get(service.value(), type) : runtime.container().get(type);
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("Parameter " + p + " of " + parameter.getDeclaringExecutable()
                    + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Running> running(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Running r = c.get().getStore(NAMESPACE).get(RUNTIME, Running.class);
            if (r != null) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    private static List<ServiceEntry> matches(BentoRuntime runtime, Class<?> type) {
        if (type.isPrimitive()) {
            return List.of(); // entries are objects
        }
        return runtime.container().entries().stream().filter(e -> type.isAssignableFrom(e.type())).toList();
    }
}
