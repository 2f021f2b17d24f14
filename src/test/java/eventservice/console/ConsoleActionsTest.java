package eventservice.console;

import java.net.URI;
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

import static eventservice.console.ConsoleService.TOKEN;
import static eventservice.console.ConsoleService.WAIT;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * The operator console's actions in a real browser (headless Chromium) against the real service,
 * PostgreSQL and Kafka: retry, cancel and replay, each asking for the token first. A topic that
 * refuses records over 1 KiB (support.Topics) makes events fail, as in RelayRetryTest.
 */
@ServerTest
class ConsoleActionsTest {
    private static final String FIXABLE_TOPIC = TestConfig.topicFor(ConsoleActionsTest.class) + ".fixable";
    private static final String REFUSING_TOPIC = TestConfig.topicFor(ConsoleActionsTest.class) + ".refusing";
    private static final String FIXABLE_BY_FILTER_TOPIC = TestConfig.topicFor(ConsoleActionsTest.class) + ".fixable-by-filter";
    private static EventServiceApp app;
    private static Chromium browser;

    private final HttpCalls api;
    private final ConsoleEvents events;
    private final ConsolePage page;

    ConsoleActionsTest(@Socket(Main.HTTP) Http1Client http, @Socket(Main.HTTP) URI uri) {
        this.api = HttpCalls.of(http).as(TOKEN);
        this.events = new ConsoleEvents(api, WAIT);
        this.page = new ConsolePage(browser, "http://127.0.0.1:" + uri.getPort() + "/console/", WAIT);
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) throws Exception {
        Config config = ConsoleService.config(ConsoleActionsTest.class, Map.of(
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
