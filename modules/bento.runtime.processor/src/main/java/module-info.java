/**
 * A compile-time check for JPMS modules that must also work on the class path: every
 * {@code provides S with I} in {@code module-info.java} must be matched, line for line, by
 * {@code META-INF/services/S}, and the other way round. javac checks neither against the other,
 * so without this check a module silently disappears on one of the two paths.
 *
 * <p>Used through the compiler's processor path ({@code annotationProcessorPaths} in Maven), so it
 * also carries {@code META-INF/services/javax.annotation.processing.Processor}.
 *
 * @provides javax.annotation.processing.Processor the check
 */
module bento.runtime.processor {
    requires java.compiler;

    provides javax.annotation.processing.Processor with com.bento.processor.ServiceDeclarationProcessor;
}
