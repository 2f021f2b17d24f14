package eventservice.api.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import eventservice.EventServiceApp;
import eventservice.Main;
import eventservice.api.http.OpenApiCalls.Answer;
import eventservice.api.http.OpenApiCalls.Request;
import eventservice.support.TestServer;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.webserver.testing.junit5.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static eventservice.api.http.OpenApiDocument.DOCUMENT;
import static eventservice.api.http.OpenApiDocument.METHODS;
import static eventservice.api.http.OpenApiDocument.operations;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/**
 * etc/openapi.yaml and the real service's routes agree: every operation it documents is served and
 * its example request succeeds with a documented answer; no undocumented method is served on a
 * documented path.
 */
@ServerTest
class OpenApiRoutesTest {
    private static final OpenApiCalls.Examples EXAMPLES = new OpenApiCalls.Examples();
    private static EventServiceApp app;

    private final OpenApiCalls calls;

    OpenApiRoutesTest(@Socket(Main.HTTP) Http1Client http) {
        this.calls = new OpenApiCalls(http, EXAMPLES);
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        app = TestServer.start(server, OpenApiCalls.config(OpenApiRoutesTest.class, Map.of()));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void everyDocumentedOperationIsServedAndItsExampleSucceedsAsDocumented() {
        assertThat("operations in " + DOCUMENT, operations().isEmpty(), is(false));
        String eventId = calls.publishExampleEvent();
        List<String> problems = new ArrayList<>();
        for (OpenApiOperation op : operations()) {
            Answer answer = calls.send(calls.example(op, eventId));
            problems.addAll(calls.check(op, answer, "example request"));
            if (answer.status() / 100 != 2) {
                // The examples use every documented parameter and body field: a renamed or removed
                // one is refused as unknown (400) and shows up here.
                problems.add(op + ": the document's example request answered " + answer.status() + " " + answer.body());
            }
        }
        assertThat(String.join("\n", problems), problems, is(empty()));
    }

    @Test
    void undocumentedMethodsAreNotServedOnDocumentedPaths() {
        String eventId = calls.publishExampleEvent();
        List<String> problems = new ArrayList<>();
        Map<String, Set<String>> documented = new LinkedHashMap<>();
        Map<String, String> concrete = new LinkedHashMap<>();
        for (OpenApiOperation op : operations()) {
            documented.computeIfAbsent(op.path(), p -> new TreeSet<>()).add(op.method());
            concrete.putIfAbsent(op.path(), calls.example(op, eventId).path());
        }
        documented.forEach((path, methods) -> {
            for (String method : METHODS) {
                if (methods.contains(method)) {
                    continue;
                }
                Answer answer = calls.send(new Request(method, concrete.get(path), Map.of(), Map.of(), null, null));
                if (!answer.helidonNotFound()) {
                    problems.add(method + " " + path + " is served (" + answer.status() + " " + answer.body()
                                         + ") but not in the document");
                }
            }
        });
        assertThat(String.join("\n", problems), problems, is(empty()));
    }
}
