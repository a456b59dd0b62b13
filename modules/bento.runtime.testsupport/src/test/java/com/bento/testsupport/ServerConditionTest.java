package com.bento.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

class ServerConditionTest {

    @RequiresServer(name = "Listening", port = 1)
    @RequiresServer(name = "Closed", port = 2, timeoutMillis = 500)
    private static final class Needs {
    }

    /** The annotation as the given port needs it: ports found at run time cannot be written in one. */
    private static RequiresServer at(String name, int port) {
        return new RequiresServer() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String host() {
                return "127.0.0.1";
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public int timeoutMillis() {
                return 500;
            }

            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return RequiresServer.class;
            }
        };
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aServerThatAnswersEnablesTheTests() throws Exception {
        try (ServerSocket listening = new ServerSocket(0)) {
            ConditionEvaluationResult r = ServerCondition.evaluate(List.of(at("Listening", listening.getLocalPort())), true);
            assertThat(r.isDisabled()).isFalse();
        }
    }

    @Test
    void aServerThatDoesNotAnswerSkipsWithTheReasonOutsideCi() throws Exception {
        int port = closedPort();
        try (ServerSocket listening = new ServerSocket(0)) {
            ConditionEvaluationResult r = ServerCondition.evaluate(
                    List.of(at("Listening", listening.getLocalPort()), at("Closed", port)), false);
            assertThat(r.isDisabled()).isTrue();
            assertThat(r.getReason()).hasValueSatisfying(reason -> assertThat(reason)
                    .startsWith("Closed at 127.0.0.1:" + port + " does not answer (").endsWith("); start it to run these tests"));
        }
    }

    @Test
    void underCiAServerThatDoesNotAnswerFailsTheRun() throws Exception {
        int port = closedPort();
        assertThatThrownBy(() -> ServerCondition.evaluate(List.of(at("Closed", port)), true))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Closed at 127.0.0.1:" + port + " does not answer (")
                .hasMessageEndingWith("; under CI=true that fails the run: start it");
    }

    @Test
    void theAnnotationIsRepeatableAndCarriesItsDefaults() {
        RequiresServer[] servers = Needs.class.getAnnotationsByType(RequiresServer.class);
        assertThat(servers).extracting(RequiresServer::name).containsExactly("Listening", "Closed");
        assertThat(servers[0].host()).isEqualTo("127.0.0.1");
        assertThat(servers[0].timeoutMillis()).isEqualTo(2_000);
        assertThat(servers[1].timeoutMillis()).isEqualTo(500);
    }
}
