package eventservice.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /console}: the operator console's static files, read once from the jar (console/ on the
 * class path). No build step and no CDN: the page is plain HTML, CSS and ES modules calling /api/v1.
 */
public final class ConsoleService implements HttpService {
    private static final String ROOT = "console/";
    // Flat names only: nothing a request says can reach outside console/.
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");
    // The page loads only its own files and talks only to its own origin; data is never markup.
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    private static final HeaderName CSP = HeaderNames.create("Content-Security-Policy");
    private static final HeaderName NOSNIFF = HeaderNames.create("X-Content-Type-Options");
    private static final HeaderName REFERRER = HeaderNames.create("Referrer-Policy");

    private record File(byte[] bytes, String type, String etag) {
    }

    private final Map<String, Optional<File>> files = new ConcurrentHashMap<>();

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::index).get("/{name}", this::file);
    }

    private void index(ServerRequest request, ServerResponse response) {
        // The modules are named relative to the page, so the page must be addressed as a folder.
        String path = request.prologue().uriPath().rawPath();
        if (!path.endsWith("/")) {
            // Relative, so that it holds behind a proxy that adds a prefix.
            response.status(Status.MOVED_PERMANENTLY_301)
                    .header(HeaderNames.LOCATION, path.substring(path.lastIndexOf('/') + 1) + "/").send();
            return;
        }
        send(request, response, "index.html");
    }

    private void file(ServerRequest request, ServerResponse response) {
        send(request, response, request.path().pathParameters().get("name"));
    }

    private void send(ServerRequest request, ServerResponse response, String name) {
        Optional<File> found = NAME.matcher(name).matches() ? files.computeIfAbsent(name, ConsoleService::load) : Optional.empty();
        if (found.isEmpty()) {
            response.status(Status.NOT_FOUND_404).header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .send("not found");
            return;
        }
        File file = found.get();
        // Revalidated on every load (cheap 304s), so a new version of the service is seen at once.
        response.header(HeaderNames.CACHE_CONTROL, "no-cache")
                .header(HeaderNames.ETAG, file.etag())
                .header(CSP, POLICY)
                .header(NOSNIFF, "nosniff")
                .header(REFERRER, "no-referrer");
        boolean unchanged = request.headers().first(HeaderNames.IF_NONE_MATCH).map(file.etag()::equals).orElse(false);
        if (unchanged) {
            response.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        response.header(HeaderNames.CONTENT_TYPE, file.type()).send(file.bytes());
    }

    private static Optional<File> load(String name) {
        try (InputStream in = ConsoleService.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String extension = name.substring(name.lastIndexOf('.') + 1);
            return Optional.of(new File(bytes, TYPES.get(extension), etag(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console's " + name, e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
