package eventservice.bench;

import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** The benchmark's topics, deleted before a run (each run starts from empty topics) and after it (no disk left behind); created where the service does not. */
final class Topics {
    private Topics() {
    }

    static boolean delete(Opts o) throws Exception {
        List<String> names = List.of(o.str("topics", "bench-events,bench-perf").split(","));
        try (Admin admin = admin(o.str("brokers", "127.0.0.1:9092"))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> doomed = names.stream().filter(existing::contains).toList();
            if (doomed.isEmpty()) {
                return true;
            }
            admin.deleteTopics(doomed).all().get(30, TimeUnit.SECONDS);
            if (o.str("wait", "true").equals("true")) {
                // a topic of the same name can only be created once the deletion is complete
                for (int i = 0; i < 300; i++) {
                    Set<String> now = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                    if (doomed.stream().noneMatch(now::contains)) {
                        break;
                    }
                    Thread.sleep(100);
                }
            }
            System.out.println("deleted topics " + doomed);
        }
        return true;
    }

    /** Creates {@code topic} with {@code partitions} unless it exists. */
    static void create(String brokers, String topic, int partitions) throws Exception {
        try (Admin admin = admin(brokers)) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Admin admin(String brokers) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        return Admin.create(p);
    }
}
