package eventservice.relay;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import io.helidon.config.Config;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producer and admin client settings from {@code kafka}: brokers, then {@code kafka.producer.*} as given. */
public final class KafkaClients {
    private KafkaClients() {
    }

    /** The one shared producer: idempotent, acks=all, whatever else the configuration passes through. */
    public static KafkaProducer<String, byte[]> producer(Config kafka, String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers(kafka));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        // send() must not block a relay thread for a minute while the broker is away
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        props.putAll(kafka.get("producer").detach().asMap().orElseGet(Map::of));
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    public static Properties admin(Config kafka) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers(kafka));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return props;
    }

    public static String brokers(Config kafka) {
        return kafka.get("brokers").asString().orElse("localhost:9092");
    }
}
