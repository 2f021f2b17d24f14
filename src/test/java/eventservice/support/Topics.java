package eventservice.support;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Topics that refuse records over a size: the broker's own refusal (RecordTooLarge) is how a test
 * makes an event FAIL for real, and raising the limit is the operator's fix.
 */
public final class Topics {
    private static final String MAX_MESSAGE_BYTES = "max.message.bytes";

    private Topics() {
    }

    /** Creates each topic (one partition) with a limit of {@code bytes} a record. */
    public static void refusingOver(int bytes, String... names) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(Arrays.stream(names)
                    .map(name -> new NewTopic(name, 1, (short) 1).configs(Map.of(MAX_MESSAGE_BYTES, Integer.toString(bytes))))
                    .toList()).all().get();
        }
    }

    /** The operator's fix: the topic now takes records up to {@code bytes}. */
    public static void acceptingUpTo(int bytes, String name) throws Exception {
        try (Admin admin = admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, name), List.of(
                    new AlterConfigOp(new ConfigEntry(MAX_MESSAGE_BYTES, Integer.toString(bytes)), AlterConfigOp.OpType.SET))))
                    .all().get();
        }
    }

    /**
     * A JSON payload whose record a topic limited to {@code bytes} refuses. The text is random: the
     * producer compresses (lz4), so a repeated character would fit the limit.
     */
    public static String payloadOver(int bytes) {
        byte[] random = new byte[3 * bytes];
        new Random(bytes).nextBytes(random);
        return "{\"description\":\"" + Base64.getEncoder().encodeToString(random) + "\"}";
    }

    private static Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", TestConfig.KAFKA));
    }
}
