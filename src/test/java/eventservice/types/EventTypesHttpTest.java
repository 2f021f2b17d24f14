package eventservice.types;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import eventservice.EventServiceApp;
import eventservice.Main;
import eventservice.relay.KafkaAdmin;
import eventservice.support.HttpCalls;
import eventservice.support.TestConfig;
import eventservice.support.TestDb;
import eventservice.support.TestServer;
import eventservice.support.TopicReader;
import io.helidon.config.Config;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.webserver.testing.junit5.Socket;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/**
 * Event types as contracts over HTTP, against the real PostgreSQL and Kafka: registered by a PUT
 * and used at once, their schema checked at the door (nothing stored for a refused event), versions
 * added only when the schema changes and only as the compatibility mode allows, and each record
 * sent to the topic, with the schema version, that its event was stored with. The relay is off, so
 * that events wait while the type changes; a relay pass (process-pending) sends them.
 */
@ServerTest
class EventTypesHttpTest {
    static final String ORDER_SCHEMA = """
            {"type":"object","required":["order_id","items"],
             "properties":{"order_id":{"type":"string"},
                           "status":{"enum":["NEW","PAID","REFUNDED"]},
                           "items":{"type":"array","items":{"type":"object","required":["quantity"],
                                    "properties":{"quantity":{"type":"integer","minimum":1}}}}}}""";
    private static final String PUBLIC_URL = "http://events.example.test:3007";

    private static EventServiceApp app;
    private static TestDb db;
    private static String topic;

    private final HttpCalls http;

    EventTypesHttpTest(@Socket(Main.HTTP) Http1Client http) {
        this.http = HttpCalls.of(http);
    }

    @SetUpServer
    static void setup(WebServerConfig.Builder server) {
        Config config = TestConfig.forTest(EventTypesHttpTest.class, Map.of(
                "relay.enabled", "false", "redis.host", "", "service.public-url", PUBLIC_URL));
        db = new TestDb(config.get("db.name").asString().get());
        topic = config.get("kafka.topic").asString().get();
        app = TestServer.start(server, config);
        try (KafkaAdmin admin = new KafkaAdmin(config.get("kafka"))) {
            admin.ensureTopics(Set.of(topic), 1, (short) 1);
        }
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aPutOfANewNameRegistersTheTypeForPublishingAtOnce() {
        String type = newType();
        assertThat(http.post("/api/v1/events", event(type, "a-1", valid())).message(),
                   is("type: unknown event type '" + type + "'"));

        HttpCalls.Answer created = http.put("/api/v1/event-types/" + type, change("BACKWARD", ORDER_SCHEMA, "team-orders"));
        assertThat(created.text(), created.status(), is(201));
        Map<String, Object> registered = created.json();
        assertThat(registered.get("name"), is(type));
        assertThat(registered.get("owner"), is("team-orders"));
        assertThat(registered.get("compatibility"), is("BACKWARD"));
        assertThat(registered.get("latest_version"), is(1));
        assertThat(registered.get("topic"), is((Object) null));
        assertThat(registered.get("schema"), is(json(ORDER_SCHEMA)));

        assertThat(names(http.get("/api/v1/event-types").json()), hasItem(type));
        assertThat(names(http.get("/api/v1/event-types").json()), hasItem("ORDER_CREATED"));   // configured: registered at start
        assertThat(http.get("/api/v1/event-types/" + type).json().get("latest_version"), is(1));
        HttpCalls.Answer version = http.get("/api/v1/event-types/" + type + "/versions/1");
        assertThat("a version's URL answers the schema itself", version.json(), is(json(ORDER_SCHEMA)));

        HttpCalls.Answer published = http.post("/api/v1/events", event(type, "a-1", valid()));
        assertThat(published.text(), published.status(), is(201));
        assertThat(published.json().get("schema_version"), is(1));
        assertThat(http.get("/api/v1/event-types/ORDER_CREATED").json().get("schema"), is(Map.of("type", "object")));
    }

    @Test
    void aPayloadBreakingTheSchemaIsRefusedNamingThePlaceAndTheRuleAndNothingIsStored() {
        String type = registered(ORDER_SCHEMA);
        String aggregate = "refused-" + UUID.randomUUID();
        String bad = "{\"order_id\":\"o-1\",\"items\":[{\"quantity\":0}]}";

        HttpCalls.Answer single = http.post("/api/v1/events", event(type, aggregate, bad));
        assertThat(single.status(), is(400));
        assertThat(single.json().get("error"), is(Map.of("code", "INVALID_ARGUMENT",
                                                           "message", "payload/items/0/quantity: must be >= 1")));
        HttpCalls.Answer missing = http.post("/api/v1/events", event(type, aggregate, "{\"items\":[]}"));
        assertThat(missing.message(), is("payload/order_id: is required"));

        HttpCalls.Answer batch = http.post("/api/v1/events:batch",
                "{\"events\":[" + event(type, aggregate, valid()) + "," + event(type, aggregate, bad) + "]}");
        assertThat(batch.status(), is(400));
        assertThat(batch.message(), is("events[1].payload/items/0/quantity: must be >= 1"));
        assertThat("nothing stored", db.count("aggregate_id = '" + aggregate + "'"), is(0L));
    }

    @Test
    void aChangedSchemaAddsAVersionAndAnUnchangedOneNone() {
        String type = registered(ORDER_SCHEMA);
        HttpCalls.Answer same = http.put("/api/v1/event-types/" + type, change("BACKWARD", ORDER_SCHEMA, "team-payments"));
        assertThat(same.status(), is(200));
        assertThat(same.json().get("latest_version"), is(1));
        assertThat("the other fields are replaced", same.json().get("owner"), is("team-payments"));

        String withCoupon = first(ORDER_SCHEMA, "\"properties\":{", "\"properties\":{\"coupon\":{\"type\":\"string\",\"maxLength\":8},");
        HttpCalls.Answer changed = http.put("/api/v1/event-types/" + type, change("BACKWARD", withCoupon, "team-payments"));
        assertThat(changed.text(), changed.status(), is(200));
        assertThat(changed.json().get("latest_version"), is(2));
        assertThat(http.get("/api/v1/event-types/" + type + "/versions/1").json(), is(json(ORDER_SCHEMA)));
        assertThat(http.get("/api/v1/event-types/" + type + "/versions/2").json(), is(json(withCoupon)));
        assertThat(http.get("/api/v1/event-types/" + type + "/versions/3").status(), is(404));

        // From now on the new version is the one checked, and the one stored with the event.
        assertThat(http.post("/api/v1/events", event(type, "c-1", first(valid(), "{", "{\"coupon\":\"TOO-LONG-CODE\",")))
                           .message(), is("payload/coupon: must be at most 8 characters long"));
        assertThat(http.post("/api/v1/events", event(type, "c-1", valid())).json().get("schema_version"), is(2));
    }

    @Test
    void anIncompatibleSchemaIsRefusedListingEachBreakingChangeUnlessTheModeIsNone() {
        String type = registered(ORDER_SCHEMA);
        String breaking = first(ORDER_SCHEMA.replace(",\"REFUNDED\"", ""), "\"required\":[", "\"required\":[\"customer\",");

        HttpCalls.Answer refused = http.put("/api/v1/event-types/" + type, change("BACKWARD", breaking, ""));
        assertThat(refused.status(), is(409));
        assertThat(refused.json().get("error").toString(), containsString("FAILED_PRECONDITION"));
        assertThat(refused.message(), is("schema: not BACKWARD-compatible with version 1 of " + type + " (2 breaking changes): "
                + "payload/customer: is required by the new schema, not by the previous one, and has no default; "
                + "payload/status: value \"REFUNDED\" is allowed by the previous schema, not by the new one's enum"));
        assertThat("nothing changed", http.get("/api/v1/event-types/" + type).json().get("latest_version"), is(1));

        HttpCalls.Answer forced = http.put("/api/v1/event-types/" + type, change("NONE", breaking, ""));
        assertThat(forced.status(), is(200));
        assertThat(forced.json().get("latest_version"), is(2));
        assertThat(forced.json().get("compatibility"), is("NONE"));
    }

    @Test
    void aBadDefinitionIsRefusedNamingItsPlace() {
        String type = newType();
        assertThat(http.put("/api/v1/event-types/" + type, change("BACKWARD",
                "{\"properties\":{\"a\":{\"$ref\":\"https://example.com/a.json\"}}}", "")).message(),
                   is("schema/properties/a/$ref: must point inside the schema ('#...'): nothing is fetched from elsewhere"));
        assertThat(http.put("/api/v1/event-types/" + type, change("BACKWARD", "{\"type\":\"objet\"}", "")).message(),
                   containsString("schema/type: must be one of"));
        assertThat(http.put("/api/v1/event-types/" + type, "{\"schema\":\"{}\"}").message(),
                   is("schema: must be a JSON Schema object"));
        assertThat(http.put("/api/v1/event-types/" + type, "{\"description\":\"no schema\"}").message(),
                   is("schema: is required (a JSON Schema object)"));
        assertThat(http.put("/api/v1/event-types/" + type, change("SOMETIMES", ORDER_SCHEMA, "")).message(),
                   is("compatibility: 'SOMETIMES' is not one of [NONE, BACKWARD, FORWARD, FULL]"));
        assertThat(http.put("/api/v1/event-types/" + type, "{\"topic\":\"no spaces\",\"schema\":{}}").message(),
                   containsString("topic: must be a Kafka topic name"));
        assertThat(http.put("/api/v1/event-types/bad%20name", "{\"schema\":{}}").message(), containsString("name: must be 1-128"));
        assertThat("nothing registered", http.get("/api/v1/event-types/" + type).status(), is(404));
    }

    @Test
    void eachRecordGoesToTheTopicAndCarriesTheSchemaVersionItsEventWasStoredWith() {
        String type = registered(ORDER_SCHEMA);
        String otherTopic = topic + ".orders-v2";
        String aggregate = "moved-" + UUID.randomUUID();
        String before = (String) http.post("/api/v1/events", event(type, aggregate, valid())).json().get("id");

        String withCoupon = first(ORDER_SCHEMA, "\"properties\":{", "\"properties\":{\"coupon\":{\"type\":\"string\"},");
        HttpCalls.Answer moved = http.put("/api/v1/event-types/" + type,
                "{\"topic\":\"" + otherTopic + "\",\"schema\":" + withCoupon + "}");
        assertThat(moved.text(), moved.json().get("topic"), is(otherTopic));
        String after = (String) http.post("/api/v1/events", event(type, aggregate, valid())).json().get("id");

        assertThat(http.post("/api/v1/events:process-pending", "{}").status(), is(200));
        ConsumerRecord<String, byte[]> first = recordOf(topic, before);
        ConsumerRecord<String, byte[]> second = recordOf(otherTopic, after);
        assertThat(TopicReader.header(first, "schema_version"), is("1"));
        assertThat(TopicReader.header(first, "ce_dataschema"), is(PUBLIC_URL + "/api/v1/event-types/" + type + "/versions/1"));
        assertThat(TopicReader.header(second, "schema_version"), is("2"));
        assertThat(TopicReader.header(second, "ce_dataschema"), is(PUBLIC_URL + "/api/v1/event-types/" + type + "/versions/2"));
        assertThat(new String(second.value(), StandardCharsets.UTF_8), is(valid()));
        assertThat(http.get("/api/v1/events/" + before).json().get("schema_version"), is(1));
        assertThat(http.get("/api/v1/events/" + after).json().get("schema_version"), is(2));
    }

    private static ConsumerRecord<String, byte[]> recordOf(String topic, String eventId) {
        try (TopicReader reader = new TopicReader(topic)) {
            return reader.readUntil(records -> records.stream().anyMatch(r -> eventId.equals(TopicReader.header(r, "event_id"))),
                                    Duration.ofSeconds(30))
                    .stream().filter(r -> eventId.equals(TopicReader.header(r, "event_id"))).findFirst().orElseThrow();
        }
    }

    private String registered(String schema) {
        String type = newType();
        HttpCalls.Answer created = http.put("/api/v1/event-types/" + type, change("BACKWARD", schema, ""));
        assertThat(created.text(), created.status(), is(201));
        return type;
    }

    /** {@code text} with the first {@code old} (the top level of the schemas here) replaced. */
    static String first(String text, String old, String replacement) {
        int at = text.indexOf(old);
        return text.substring(0, at) + replacement + text.substring(at + old.length());
    }

    static String newType() {
        return "ORDER_PLACED_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    static String valid() {
        return "{\"order_id\":\"o-1\",\"status\":\"NEW\",\"items\":[{\"quantity\":2}]}";
    }

    static String event(String type, String aggregate, String payload) {
        return "{\"type\":\"" + type + "\",\"aggregate_id\":\"" + aggregate + "\",\"payload\":" + payload + "}";
    }

    private static String change(String compatibility, String schema, String owner) {
        return "{\"description\":\"an order was placed\",\"owner\":\"" + owner + "\",\"topic\":null,\"compatibility\":\""
                + compatibility + "\",\"schema\":" + schema + "}";
    }

    @SuppressWarnings("unchecked")
    private static List<Object> names(Map<String, Object> list) {
        return ((List<Map<String, Object>>) list.get("event_types")).stream().map(t -> t.get("name")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) {
        return new HttpCalls.Answer(200, text).json();
    }
}
