package com.bento.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The condition behind {@link RequiresServer}: enabled when every server named answers; disabled
 * with the reason when one does not; an {@link AssertionError} instead under {@code CI=true}.
 */
public final class ServerCondition implements ExecutionCondition {

    /** Created by JUnit. */
    public ServerCondition() {
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<java.lang.reflect.AnnotatedElement> element = context.getElement();
        if (element.isEmpty()) {
            return ConditionEvaluationResult.enabled("nothing annotated");
        }
        return evaluate(AnnotationSupport.findRepeatableAnnotations(element.get(), RequiresServer.class), Missing.underCi());
    }

    /**
     * @param servers the servers needed
     * @param ci whether this is a CI run, where a missing server fails
     * @return enabled when all answer, else disabled with the first missing server's reason
     * @throws AssertionError under CI when a server does not answer
     */
    static ConditionEvaluationResult evaluate(List<RequiresServer> servers, boolean ci) {
        for (RequiresServer s : servers) {
            String where = s.host() + ":" + s.port();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(s.host(), s.port()), s.timeoutMillis());
            } catch (IOException e) {
                String reason = s.name() + " at " + where + " does not answer (" + e.getMessage() + ")";
                if (ci) {
                    throw new AssertionError(Missing.failing(reason, "start it"), e);
                }
                return ConditionEvaluationResult.disabled(Missing.skipping(reason, "start it"));
            }
        }
        return ConditionEvaluationResult.enabled(servers.isEmpty() ? "no server needed" : "every server answers");
    }
}
