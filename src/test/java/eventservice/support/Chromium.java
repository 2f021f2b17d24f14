package eventservice.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A headless Chromium (the distribution's package) driven over the DevTools protocol with the
 * JDK's WebSocket: a real browser for the console's tests, and no driver or library to install.
 */
public final class Chromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    private Chromium(Process process, Path profile, String pageSocket) {
        this.process = process;
        this.profile = profile;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(pageSocket), new Listener()).join();
    }

    /** Starts the browser with an empty profile of its own and connects to its first tab. */
    public static Chromium start() throws IOException {
        String binary = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(binary))) {
            throw new IllegalStateException(binary + " is missing: apt-get install chromium (.ci/run does)");
        }
        Path profile = Files.createTempDirectory("chromium-");
        Process process = new ProcessBuilder(binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            Eventually.await(Duration.ofSeconds(30), "Chromium's DevToolsActivePort", () -> lines(portFile).size() >= 2);
            int port = Integer.parseInt(lines(portFile).getFirst().trim());
            String pageSocket = Eventually.await(Duration.ofSeconds(30), "a page target", () -> pageSocket(port), s -> s != null);
            Chromium chromium = new Chromium(process, profile, pageSocket);
            chromium.call("Page.enable", Map.of());
            chromium.call("Runtime.enable", Map.of());
            return chromium;
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String pageSocket(int port) {
        try {
            HttpResponse<String> list = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (JsonNode target : JSON.readTree(list.body())) {
                if ("page".equals(target.path("type").asText())) {
                    return target.path("webSocketDebuggerUrl").asText();
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One protocol command; its result, or an AssertionError with the browser's error. */
    public synchronized JsonNode call(String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
            message.set("params", JSON.valueToTree(params));
            socket.sendText(JSON.writeValueAsString(message), true).join();
            return answer.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError(method + " failed: " + e.getMessage(), e);
        } finally {
            pending.remove(id);
        }
    }

    /** Loads {@code url} and waits until its document has loaded. */
    public void open(String url) {
        call("Page.navigate", Map.of("url", url));
        await(Duration.ofSeconds(20), "page " + url + " loaded",
              "document.readyState === 'complete' && location.href === " + quote(url));
    }

    /** A JavaScript expression's value (promises awaited), as JSON. */
    public JsonNode eval(String expression) {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            JsonNode details = result.get("exceptionDetails");
            throw new AssertionError("script failed: " + details.path("exception").path("description").asText(details.toString())
                    + "\n  in: " + expression);
        }
        return result.path("result").path("value");
    }

    public String text(String expression) {
        return eval(expression).asText();
    }

    /** Polls a JavaScript condition until it is truthy; on time-out says what the page showed. */
    public void await(Duration timeout, String what, String condition) {
        try {
            Eventually.await(timeout, what, () -> eval("!!(" + condition + ")").asBoolean());
        } catch (AssertionError e) {
            String shown = text("document.body ? document.body.innerText : ''");
            throw new AssertionError(e.getMessage() + "\n  page showed: " + shown.substring(0, Math.min(shown.length(), 1500))
                    + "\n  page errors: " + errors, e);
        }
    }

    /** Clicks the first element matching a CSS selector, as a user would (scrolled into view first). */
    public void click(String selector) {
        eval("(() => { const e = document.querySelector(" + quote(selector) + "); if (!e) throw new Error('no element "
                + selector.replace("'", "\\'") + "'); e.scrollIntoView({block: 'center'}); e.focus(); e.click(); return true; })()");
    }

    /** Types into a field as keystrokes would (input events), replacing what it held. */
    public void type(String selector, String value) {
        eval("(() => { const e = document.querySelector(" + quote(selector) + "); if (!e) throw new Error('no field "
                + selector.replace("'", "\\'") + "'); e.focus(); e.select && e.select(); return true; })()");
        call("Input.insertText", Map.of("text", value));
    }

    /** Presses a key such as Tab or Enter, as the keyboard does. */
    public void press(String key, int keyCode) {
        call("Input.dispatchKeyEvent", Map.of("type", "keyDown", "key", key, "code", key, "windowsVirtualKeyCode", keyCode));
        call("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", key, "code", key, "windowsVirtualKeyCode", keyCode));
    }

    /** The time zone the page sees, e.g. Asia/Kolkata. */
    public void timeZone(String zone) {
        call("Emulation.setTimezoneOverride", Map.of("timezoneId", zone));
    }

    /** The viewport size (CSS pixels); {@code mobile} also emulates a phone's viewport rules. */
    public void viewport(int width, int height, boolean mobile) {
        call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    public void screenshot(Path file) throws IOException {
        JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    /** Uncaught exceptions and console errors of the page so far. */
    public List<String> errors() {
        return new ArrayList<>(errors);
    }

    public static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // A profile left in the temporary folder is harmless.
        }
    }

    private void dispatch(String text) throws IOException {
        JsonNode message = JSON.readTree(text);
        if (message.has("id")) {
            CompletableFuture<JsonNode> answer = pending.get(message.get("id").asInt());
            if (answer != null) {
                if (message.has("error")) {
                    answer.completeExceptionally(new IllegalStateException(message.get("error").toString()));
                } else {
                    answer.complete(message.path("result"));
                }
            }
            return;
        }
        JsonNode params = message.path("params");
        switch (message.path("method").asText()) {
            case "Runtime.exceptionThrown" -> errors.add(params.path("exceptionDetails").path("exception")
                    .path("description").asText(params.path("exceptionDetails").path("text").asText()));
            case "Runtime.consoleAPICalled" -> {
                if ("error".equals(params.path("type").asText())) {
                    errors.add("console.error: " + params.path("args").toString());
                }
            }
            default -> {
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    dispatch(partial.toString());
                } catch (IOException e) {
                    errors.add("unreadable DevTools message: " + e.getMessage());
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
