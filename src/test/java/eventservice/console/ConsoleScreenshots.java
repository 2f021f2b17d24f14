package eventservice.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eventservice.EventServiceApp;
import eventservice.Main;
import eventservice.config.LogLevel;
import eventservice.support.Chromium;
import eventservice.support.Eventually;
import eventservice.support.TestConfig;
import eventservice.support.TestServer;
import eventservice.support.Topics;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;

/**
 * bin/console-screenshots: the console's pages, with sample events, as PNGs in the folder given
 * (docs/): each page on a laptop (1280×800) and the events list on a phone (390×844).
 */
public final class ConsoleScreenshots {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ConsoleScreenshots() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : "docs");
        // One topic per refused event: two records too large for one topic's batch keep the producer splitting.
        String refusing = TestConfig.topicFor(ConsoleScreenshots.class) + ".refusing";
        Config config = TestConfig.forTest(ConsoleScreenshots.class, Map.of(
                "kafka.topics.PRODUCT_UPDATED", refusing + "-1", "kafka.topics.PRODUCT_CREATED", refusing + "-2",
                "relay.backoff-initial", "PT0.05S", "relay.backoff-max", "PT0.2S", "retention.enabled", "false"));
        Topics.refusingOver(1024, refusing + "-1", refusing + "-2");
        EventServiceApp[] app = new EventServiceApp[1];
        WebServer server = WebServer.builder().update(b -> app[0] = TestServer.start(b, config)).build().start();
        // The refused records are the point here: the producer's and relay's warnings about them are not news.
        LogLevel.apply("error");
        try (Chromium browser = Chromium.start()) {
            String base = "http://127.0.0.1:" + server.port(Main.HTTP);
            String sample = sampleEvents(base);
            browser.viewport(1280, 800, false);
            shoot(browser, base + "/console/#/overview", "document.querySelector('.overview .card')", folder.resolve("console-overview.png"));
            shoot(browser, base + "/console/#/events", "document.querySelector('table.events tbody tr')", folder.resolve("console-events.png"));
            shoot(browser, base + "/console/#/events/" + sample, "document.querySelector('pre.json') && document.querySelector('.record, .event .muted')",
                  folder.resolve("console-event.png"));
            shoot(browser, base + "/console/#/replays", "document.querySelector('table.replays, main .scroll p')",
                  folder.resolve("console-replays.png"));
            browser.viewport(390, 844, true);
            shoot(browser, base + "/console/#/events?status=FAILED", "document.querySelector('table.events tbody tr, main .scroll p')",
                  folder.resolve("console-events-phone.png"));
            System.out.println("console-screenshots: wrote " + folder.toAbsolutePath() + "/console-*.png");
        } finally {
            server.stop();
            app[0].close();
        }
    }

    private static void shoot(Chromium browser, String url, String ready, Path file) throws Exception {
        browser.open("about:blank");
        browser.open(url);
        browser.await(WAIT, "content of " + url, ready);
        browser.eval("document.activeElement && document.activeElement.blur(), true");
        browser.screenshot(file);
    }

    /** Orders, payments and users delivered; two refused by their topic; a replay; one id to show. */
    private static String sampleEvents(String base) throws Exception {
        String[] types = {"ORDER_CREATED", "PAYMENT_COMPLETED", "USER_CREATED", "INVENTORY_UPDATED", "CART_UPDATED"};
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 24; i++) {
            String type = types[i % types.length];
            String payload = "{\"order_id\":\"order-" + (1000 + i) + "\",\"customer_id\":\"c-" + (i % 7)
                    + "\",\"total\":{\"amount\":\"" + (19 + i) + ".90\",\"currency\":\"EUR\"},\"items\":[{\"sku\":\"SKU-" + (300 + i)
                    + "\",\"quantity\":" + (1 + i % 3) + "}]}";
            ids.add(publish(base, type, "order-" + (1000 + i), payload));
        }
        for (int i = 0; i < 2; i++) {
            publish(base, i == 0 ? "PRODUCT_UPDATED" : "PRODUCT_CREATED", "product-" + (40 + i), Topics.payloadOver(1024));
        }
        Eventually.await(WAIT, "sample events settled", () -> send(base, "GET", "/api/v1/overview", null).path("counts"),
                         counts -> counts.path("FAILED").asInt() == 2 && counts.path("PENDING").asInt() == 0
                                 && counts.path("PROCESSING").asInt() == 0);
        // Shown when the service has them; an older service answers 404 and the pages say so.
        send(base, "POST", "/api/v1/events:cancel",
             "{\"filter\":{\"aggregate_id\":\"product-41\"},\"reason\":\"price list withdrawn\"}");
        send(base, "POST", "/api/v1/events:replay", "{\"filter\":{\"event_type\":\"ORDER_CREATED\"}}");
        return ids.get(5);
    }

    private static String publish(String base, String type, String aggregate, String payload) throws Exception {
        JsonNode event = send(base, "POST", "/api/v1/events", "{\"type\":\"" + type + "\",\"aggregate_id\":\"" + aggregate
                + "\",\"payload\":" + payload + ",\"metadata\":{\"source\":\"checkout\",\"trace_id\":\"4bf92f3577b34da6\"}}");
        return event.path("id").asText();
    }

    private static JsonNode send(String base, String method, String path, String body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> answer = HTTP.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            boolean json = answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
            return JSON.readTree(json ? answer.body() : "{}");
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
        }
    }
}
