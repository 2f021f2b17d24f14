package eventservice.api.http;

import java.util.List;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** /console's files as a browser gets them: from the jar, typed, revalidated, under a strict policy, nothing else. */
@ServerTest
class ConsoleServiceTest {
    private final Http1Client http;

    ConsoleServiceTest(Http1Client http) {
        this.http = http;
    }

    @SetUpRoute
    static void route(HttpRouting.Builder routing) {
        routing.register("/console", new ConsoleService());
    }

    @Test
    void theConsoleIsServedFromTheJarWithItsPolicy() {
        try (Http1ClientResponse folder = http.get("/console").followRedirects(false).request()) {
            assertThat(folder.status().code(), is(301));
            assertThat(folder.headers().get(HeaderNames.LOCATION).get(), is("console/"));
        }
        String etag;
        try (Http1ClientResponse page = http.get("/console/").request()) {
            assertThat(page.status().code(), is(200));
            assertThat(page.headers().contentType().orElseThrow().text(), containsString("text/html"));
            assertThat(page.headers().get(HeaderNames.create("Content-Security-Policy")).get(), containsString("script-src 'self'"));
            assertThat(page.as(String.class), containsString("<script type=\"module\" src=\"app.js\">"));
            etag = page.headers().get(HeaderNames.ETAG).get();
        }
        try (Http1ClientResponse again = http.get("/console/").header(HeaderNames.IF_NONE_MATCH, etag).request()) {
            assertThat("unchanged: not sent again", again.status().code(), is(304));
        }
        try (Http1ClientResponse script = http.get("/console/app.js").request()) {
            assertThat(script.headers().contentType().orElseThrow().text(), containsString("text/javascript"));
        }
        for (String path : List.of("/console/nothing.js", "/console/..%2Fapplication.yaml", "/console/app.java")) {
            try (Http1ClientResponse missing = http.get(path).request()) {
                assertThat(path, missing.status().code(), is(404));
            }
        }
    }
}
