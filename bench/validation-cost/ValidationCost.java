import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import eventservice.event.Json;
import eventservice.event.PayloadCheck;
import eventservice.types.JsonSchemas;
import eventservice.types.PayloadSchema;

/**
 * The CPU per event of the schema check at the door (issue 32): the payload read into a tree and
 * validated, against the payload check every publish makes anyway. This thread's CPU time, not the
 * wall clock: the machine is shared.
 */
public class ValidationCost {
    static final String SCHEMA = """
            {"type":"object","required":["order_id","customer_id","total"],
             "properties":{
               "order_id":{"type":"string","format":"uuid"},
               "customer_id":{"type":"string","minLength":1,"maxLength":64},
               "status":{"enum":["NEW","PAID","SHIPPED","CANCELLED"]},
               "total":{"type":"number","minimum":0},
               "currency":{"type":"string","pattern":"^[A-Z]{3}$"},
               "items":{"type":"integer","minimum":1},
               "channel":{"type":"string"},
               "coupon":{"type":["string","null"]},
               "gift":{"type":"boolean"},
               "note":{"type":"string","maxLength":500}}}""";
    static final String PAYLOAD = """
            {"order_id":"0190a0a0-1234-7000-8000-00000000abcd","customer_id":"c-1234","status":"NEW","total":129.95,\
            "currency":"EUR","items":3,"channel":"web","coupon":null,"gift":false,"note":"leave at the door"}""";
    static final int EVENTS = 200_000;

    public static void main(String[] args) throws Exception {
        PayloadSchema schema = JsonSchemas.compile(Json.MAPPER.readTree(SCHEMA));
        PayloadSchema permissive = JsonSchemas.compile(Json.MAPPER.readTree(JsonSchemas.PERMISSIVE));
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= 5; round++) {
            long start = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < EVENTS; i++) {
                schema.check(PAYLOAD);
            }
            long check = cpu.getCurrentThreadCpuTime() - start;
            start = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < EVENTS; i++) {
                Json.MAPPER.readTree(PAYLOAD);
            }
            long tree = cpu.getCurrentThreadCpuTime() - start;
            start = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < EVENTS; i++) {
                PayloadCheck.check(PAYLOAD);
                permissive.check(PAYLOAD);
            }
            long today = cpu.getCurrentThreadCpuTime() - start;
            System.out.printf("round %d: schema check %.2f µs CPU/event (tree %.2f + validation %.2f);"
                    + " payload check + permissive schema %.2f µs%n",
                    round, micros(check), micros(tree), micros(check - tree), micros(today));
        }
    }

    private static double micros(long nanos) {
        return nanos / 1e3 / EVENTS;
    }
}
