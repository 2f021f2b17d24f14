package eventservice.console;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import eventservice.EventServiceApp;
import eventservice.Main;
import eventservice.support.Chromium;
import eventservice.support.HttpCalls;
import eventservice.support.TestConfig;
import eventservice.support.TestServer;
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
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * The operator console in a real browser (headless Chromium) against the real service, PostgreSQL
 * and Kafka: events listed, searched, paged, found by time and by id, and shown in detail, in the
 * viewer's zone, by keyboard and on a phone.
 */
@ServerTest
class ConsoleReadsTest {
    private static EventServiceApp app;
    private static Chromium browser;

    private final HttpCalls api;
    private final ConsoleEvents events;
    private final ConsolePage page;

    ConsoleReadsTest(@Socket(Main.HTTP) Http1Client http, @Socket(Main.HTTP) URI uri) {
        this.api = HttpCalls.of(http).as(TOKEN);
        this.events = new ConsoleEvents(api, WAIT);
        this.page = new ConsolePage(browser, "http://127.0.0.1:" + uri.getPort() + "/console/", WAIT);
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) throws Exception {
        Config config = ConsoleService.config(ConsoleReadsTest.class, Map.of());
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
                   is("Topic" + TestConfig.topicFor(ConsoleReadsTest.class) + "Partition" + shown.get("kafka_partition")
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
}
