package eventservice.console;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import eventservice.EventServiceApp;
import eventservice.Main;
import eventservice.support.Chromium;
import eventservice.support.HttpCalls;
import eventservice.support.TestConfig;
import eventservice.support.TestServer;
import eventservice.support.Topics;
import io.helidon.config.Config;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.webserver.testing.junit5.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * The operator console in a real browser (headless Chromium) against the real service, PostgreSQL
 * and Kafka, with AUTH_TOKEN set: reads are open, every action asks for the token first.
 * A topic that refuses records over 1 KiB (support.Topics) makes events fail, as in RelayRetryTest.
 */
@ServerTest
class ConsoleBrowserTest {
    private static final String TOKEN = "console-tok-8d41e2";
    private static final String FIXABLE_TOPIC = TestConfig.topicFor(ConsoleBrowserTest.class) + ".fixable";
    private static final String REFUSING_TOPIC = TestConfig.topicFor(ConsoleBrowserTest.class) + ".refusing";
    private static final String FIXABLE_BY_FILTER_TOPIC = TestConfig.topicFor(ConsoleBrowserTest.class) + ".fixable-by-filter";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static EventServiceApp app;
    private static Chromium browser;

    private final HttpCalls api;
    private final ConsoleEvents events;
    private final ConsolePage page;

    ConsoleBrowserTest(@Socket(Main.HTTP) Http1Client http, @Socket(Main.HTTP) URI uri) {
        this.api = HttpCalls.of(http).as(TOKEN);
        this.events = new ConsoleEvents(api, WAIT);
        this.page = new ConsolePage(browser, "http://127.0.0.1:" + uri.getPort() + "/console/", WAIT);
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) throws Exception {
        Config config = TestConfig.forTest(ConsoleBrowserTest.class, Map.of(
                "security.auth-token", TOKEN,
                "kafka.topics.PRODUCT_UPDATED", FIXABLE_TOPIC,
                "kafka.topics.PRODUCT_CREATED", REFUSING_TOPIC,
                "kafka.topics.INVENTORY_UPDATED", FIXABLE_BY_FILTER_TOPIC,
                "relay.backoff-initial", "PT0.05S",
                "relay.backoff-max", "PT0.2S",
                // Replays paced to two events a second, so that one is still running when the operator cancels it.
                "replay.batch-size", "1",
                "replay.max-rate", "2"));
        Topics.refusingOver(1024, FIXABLE_TOPIC, REFUSING_TOPIC, FIXABLE_BY_FILTER_TOPIC);
        app = TestServer.start(server, config);
        browser = Chromium.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        app.close();
    }

    @AfterEach
    void noPageErrors() {
        assertThat("errors in the page", browser.errors(), empty());
    }

    @Test
    void eventsAreListedFoundAndShownInDetail() {
        List<String> ids = List.of(events.publish("USER_CREATED", "list-agg", "{\"user_id\":\"u-1\",\"email\":\"a@example.com\"}"),
                                   events.publish("USER_CREATED", "list-agg", "{\"user_id\":\"u-2\",\"name\":\"<b>bold</b>\"}"),
                                   events.publish("ORDER_CREATED", "other-agg", "{\"order_id\":\"o-1\"}"));
        ids.forEach(id -> events.awaitStatus(id, "PROCESSED"));

        page.open("#/events");
        double paint = browser.eval("performance.getEntriesByType('paint').find(e => e.name === 'first-contentful-paint')"
                                    + "?.startTime ?? -1").asDouble();
        System.out.println("console first contentful paint: " + paint + " ms");
        for (String id : ids) {
            browser.await(WAIT, "row of " + id, ConsolePage.row(id));
        }

        // Search by aggregate: only its events remain.
        browser.type("form.search input[name=aggregate_id]", "list-agg");
        browser.click("form.search button[type=submit]");
        browser.await(WAIT, "only list-agg's events", "location.hash.includes('aggregate_id=list-agg')"
                + " && document.querySelectorAll('table.events tbody tr').length === 2");

        // Page by page: Next follows the service's token, Previous goes back to the remembered one.
        page.open("#/events?aggregate_id=list-agg&page_size=1");
        String onlyRow = "document.querySelectorAll('table.events tbody tr').length === 1 && document.querySelector('tr[data-id=\"%s\"]')";
        browser.await(WAIT, "the first page", onlyRow.formatted(ids.get(0)));
        browser.click("button[data-key=next]");
        browser.await(WAIT, "the second page", onlyRow.formatted(ids.get(1)));
        browser.click("button[data-key=previous]");
        browser.await(WAIT, "the first page again", onlyRow.formatted(ids.get(0)));

        // By time range: the form shows the range in the viewer's zone and sends it as UTC.
        Instant created = Instant.parse((String) events.event(ids.get(0)).get("created_at"));
        page.open("#/events?aggregate_id=list-agg&created_after=" + created.plusSeconds(3600));
        browser.await(WAIT, "nothing created after", "document.querySelector('main .scroll p')?.textContent === 'No events match.'");
        browser.eval("document.querySelector('form.search input[name=created_after]').value = '', true");
        browser.eval("document.querySelector('form.search input[name=created_before]').value = "
                     + "new Date(Date.parse('" + created.plusSeconds(3600) + "') - new Date().getTimezoneOffset() * 60000)"
                     + ".toISOString().slice(0, 19), true");
        browser.click("form.search button[type=submit]");
        String before = created.plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", ".000Z");
        browser.await(WAIT, "both created before", "location.hash.includes('created_before=" + before.replace(":", "%3A")
                + "') && document.querySelectorAll('table.events tbody tr').length === 2");

        // Search by id opens the detail: payload pretty-printed, and data shown as text, not markup.
        browser.type("form.search input[name=id]", ids.get(1));
        browser.click("form.search button[type=submit]");
        browser.await(WAIT, "the event's detail", "document.querySelector('pre.json')?.textContent.includes('\"name\": \"<b>bold</b>\"')");
        assertThat(browser.eval("document.querySelector('pre.json b') === null").asBoolean(), is(true));
        assertThat(browser.text("document.querySelector('[data-field=status]').textContent"), is("PROCESSED"));
        browser.await(WAIT, "the Kafka record's headers", "document.querySelector('table.headers')");
        assertThat(browser.text("[...document.querySelectorAll('table.headers tr')].map(r => r.textContent).join(' ')"),
                   allOf(containsString("event_id" + ids.get(1)), containsString("aggregate_idlist-agg"),
                         containsString("sourceconsole-test")));
        Map<String, Object> shown = events.event(ids.get(1));
        assertThat("where it went on Kafka", browser.text("document.querySelector('[data-field=kafka]').textContent"),
                   is("Topic" + TestConfig.topicFor(ConsoleBrowserTest.class) + "Partition" + shown.get("kafka_partition")
                      + "Offset" + shown.get("kafka_offset")));
        // Times in the viewer's zone, UTC on hover.
        browser.timeZone("Asia/Kolkata");
        page.open("#/events/" + ids.get(1));
        browser.await(WAIT, "the detail in Kolkata", "document.querySelector('.event time')");
        assertThat(browser.text("document.querySelector('.event time').title"), containsString("UTC"));
        assertThat("shown in the viewer's zone", browser.eval("(() => { const t = document.querySelector('.event time');"
                + " const f = (zone) => new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'medium', timeZone: zone})"
                + ".format(new Date(t.dateTime)); return t.textContent === f('Asia/Kolkata') && t.textContent !== f('UTC'); })()")
                .asBoolean(), is(true));
        browser.timeZone("UTC");

        // Keyboard: Tab from the top reaches the pages' links, and the focused one is outlined.
        browser.eval("document.querySelector('a.brand').focus(), true");
        browser.press("Tab", 9);
        assertThat(browser.text("document.activeElement.textContent"), is("Overview"));
        assertThat(browser.text("getComputedStyle(document.activeElement).outlineStyle"), is("solid"));
        browser.press("Enter", 13);
        browser.await(WAIT, "the overview, opened by keyboard", "location.hash === '#/overview'");

        // On a phone the page does not scroll sideways (wide tables scroll in their own box).
        browser.viewport(390, 844, true);
        try {
            page.open("#/events");
            browser.await(WAIT, "rows on a phone", "document.querySelectorAll('table.events tbody tr').length >= 3");
            assertThat(browser.eval("document.documentElement.scrollWidth").asInt(), lessThanOrEqualTo(390));
        } finally {
            browser.viewport(1280, 800, false);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFailedEventIsRetriedFromTheConsoleOnceTheTokenIsGiven() throws Exception {
        String id = events.publishTooLarge("PRODUCT_UPDATED", "retry-agg");
        events.awaitExhausted(id);

        page.open("#/overview");
        browser.await(WAIT, "the failure on the overview", ConsolePage.row(id)
                + "?.textContent.includes('RecordTooLarge')");
        Map<String, Object> counts = (Map<String, Object>) api.get("/api/v1/overview").json().get("counts");
        browser.await(WAIT, "the failed count as the API's", "document.querySelector('[data-status=FAILED] .count')?.textContent === '"
                + counts.get("FAILED") + "'");
        assertThat(browser.text("[...document.querySelectorAll('[data-dependency]')].map(e => e.textContent).join(' ')"),
                   allOf(containsString("postgresqlUP"), containsString("kafkaUP")));
        assertThat("rates drawn", browser.eval("document.querySelectorAll('svg.spark polyline').length").asInt(), is(2));

        // The operator fixes the topic; the event stays FAILED (its attempts are spent) until retried.
        Topics.acceptingUpTo(1024 * 1024, FIXABLE_TOPIC);
        page.open("#/events/" + id);
        browser.await(WAIT, "the retry button", "document.querySelector('button[data-key=retry]')");
        assertThat(browser.text("document.querySelector('[data-field=last-error]').textContent"), containsString("RecordTooLarge"));
        browser.click("button[data-key=retry]");

        // A wrong token is refused and asked for again; the right one lets the retry through.
        page.giveToken("not-the-token");
        browser.await(WAIT, "the prompt again", "document.querySelector('dialog[data-role=token][open]')?.textContent.includes('refused')");
        page.giveToken(TOKEN);
        browser.await(WAIT, "the event PROCESSED on its page", "document.querySelector('[data-field=status]')?.textContent === 'PROCESSED'");
        assertThat(events.event(id).get("status"), is("PROCESSED"));
        assertThat("the token stays in the page's memory", browser.eval(
                "document.cookie === '' && localStorage.length === 0 && sessionStorage.length === 0 && !location.href.includes("
                + Chromium.quote(TOKEN) + ")").asBoolean(), is(true));
    }

    @Test
    void everyFailedEventMatchingASearchIsRetriedExhaustedOnesIncluded() throws Exception {
        String id = events.publishTooLarge("INVENTORY_UPDATED", "bulk-agg");
        events.awaitExhausted(id);
        Topics.acceptingUpTo(1024 * 1024, FIXABLE_BY_FILTER_TOPIC);

        page.open("#/events?type=INVENTORY_UPDATED&status=FAILED");
        browser.await(WAIT, "the failed event listed", ConsolePage.row(id));
        browser.click("button[data-key=retry-matching]");
        browser.await(WAIT, "the retry confirmed", "document.querySelector('dialog[data-role=retry-filter][open]')"
                + "?.textContent.includes('event_type = INVENTORY_UPDATED')");
        assertThat("exhausted ones included by default",
                   browser.eval("document.querySelector('dialog[data-role=retry-filter] input[name=include_exhausted]').checked").asBoolean(),
                   is(true));
        browser.click("dialog[data-role=retry-filter] button[type=submit]");
        page.giveToken(TOKEN);
        browser.await(WAIT, "the list without it", "document.querySelector('.notice')?.textContent.includes('1 event requeued')"
                + " && !" + ConsolePage.row(id));
        events.awaitStatus(id, "PROCESSED");
    }

    @Test
    void selectedEventsAreCancelledWithAReason() {
        String id = events.publishTooLarge("PRODUCT_CREATED", "cancel-agg");
        events.awaitExhausted(id);

        page.open("#/events?aggregate_id=cancel-agg&status=FAILED");
        browser.await(WAIT, "the failed event listed", ConsolePage.row(id));
        browser.click("tr[data-id=\"" + id + "\"] input[type=checkbox]");
        browser.await(WAIT, "one selected", "document.querySelector('.selcount').textContent === '1 selected'");
        browser.click("button[data-key=cancel-selected]");
        browser.await(WAIT, "the reason asked", "document.querySelector('dialog[data-role=cancel][open]')");
        browser.type("dialog[data-role=cancel] input[name=reason]", "superseded by a later price");
        browser.click("dialog[data-role=cancel] button[type=submit]");
        page.giveToken(TOKEN);
        browser.await(WAIT, "the list without it", "document.querySelector('.notice')?.textContent.includes('Cancelled 1 event')"
                + " && !" + ConsolePage.row(id));
        page.open("#/events?aggregate_id=cancel-agg");
        browser.await(WAIT, "the event CANCELLED in the list", ConsolePage.row(id) + "?.dataset.status === 'CANCELLED'");
        Map<String, Object> event = events.event(id);
        assertThat(event.get("status"), is("CANCELLED"));
        assertThat(event.get("cancel_reason"), is("superseded by a later price"));
    }

    @Test
    void aReplayStartedFromASelectionIsWatchedUntilDone() {
        List<String> ids = List.of(events.publish("USER_UPDATED", "replay-agg", "{\"user_id\":\"u-7\",\"n\":1}"),
                                   events.publish("USER_UPDATED", "replay-agg", "{\"user_id\":\"u-7\",\"n\":2}"),
                                   events.publish("USER_UPDATED", "replay-agg", "{\"user_id\":\"u-7\",\"n\":3}"));
        ids.forEach(id -> events.awaitStatus(id, "PROCESSED"));

        page.open("#/events?aggregate_id=replay-agg");
        browser.await(WAIT, "three rows", "document.querySelectorAll('table.events tbody tr').length === 3");
        browser.click("table.events thead input[type=checkbox]");
        browser.await(WAIT, "three selected", "document.querySelector('.selcount').textContent === '3 selected'");
        browser.click("button[data-key=replay-selected]");
        browser.await(WAIT, "the replay's topic asked", "document.querySelector('dialog[data-role=replay][open]')");
        browser.click("dialog[data-role=replay] button[type=submit]");
        page.giveToken(TOKEN);
        browser.await(WAIT, "the replays page", "location.hash.startsWith('#/replays/')");
        String job = browser.text("decodeURIComponent(location.hash.slice('#/replays/'.length))");
        browser.await(WAIT, "the replay DONE, 3 of 3 sent", ConsolePage.row(job) + "?.dataset.state === 'DONE' && "
                + ConsolePage.row(job) + ".querySelector('[data-field=progress]').textContent.trim() === '3 / 3'");
        assertThat(api.get("/api/v1/replays/" + job).json().get("state"), is("DONE"));
    }

    @Test
    void aRunningReplayIsCancelledFromTheReplaysPage() {
        List<String> ids = IntStream.range(0, 20)
                .mapToObj(i -> events.publish("CART_UPDATED", "replay-cancel-agg", "{\"cart_id\":\"c-1\",\"n\":" + i + "}")).toList();
        ids.forEach(id -> events.awaitStatus(id, "PROCESSED"));

        page.open("#/events?aggregate_id=replay-cancel-agg");
        browser.await(WAIT, "twenty rows", "document.querySelectorAll('table.events tbody tr').length === 20");
        browser.click("button[data-key=replay-matching]");
        browser.await(WAIT, "the replay of the search asked", "document.querySelector('dialog[data-role=replay][open]')"
                + "?.textContent.includes('aggregate_id = replay-cancel-agg')");
        browser.click("dialog[data-role=replay] button[type=submit]");
        page.giveToken(TOKEN);
        browser.await(WAIT, "the replays page", "location.hash.startsWith('#/replays/')");
        String job = browser.text("decodeURIComponent(location.hash.slice('#/replays/'.length))");
        String row = ConsolePage.row(job);
        browser.await(WAIT, "the running replay's Cancel button", row + "?.querySelector('button')");
        browser.click("tr[data-id=\"" + job + "\"] button");
        browser.await(WAIT, "the replay CANCELLED", row + "?.dataset.state === 'CANCELLED'");
        Map<String, Object> cancelled = api.get("/api/v1/replays/" + job).json();
        assertThat(cancelled.get("state"), is("CANCELLED"));
        assertThat(((Number) cancelled.get("sent")).intValue(), lessThan(20));
    }
}
