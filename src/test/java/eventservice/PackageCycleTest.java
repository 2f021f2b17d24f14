package eventservice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;

/**
 * Dependencies between the packages of src/main go one way: no package reaches itself again
 * through the others. Read from the sources' imports and fully qualified names, so it needs no
 * tool and runs in a second.
 */
class PackageCycleTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    // eventservice.a.b.Type: the package is the lower-case part before the first capitalised name.
    private static final Pattern REFERENCE = Pattern.compile("\\b(eventservice(?:\\.[a-z]\\w*)*)\\.[A-Z]");

    @Test
    void noPackageOfSrcMainDependsOnItselfThroughOthers() {
        Map<String, Set<String>> graph = packageGraph();
        assertThat("packages read", graph.keySet(), hasItem("eventservice.relay"));
        assertThat("a cycle, each package using the next", cycle(graph), empty());
    }

    @Test
    void theCheckFindsACycle() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d"), "d", Set.of());
        assertThat(cycle(graph), contains("a", "b", "c", "a"));
        assertThat(cycle(Map.of("a", Set.of("b"), "b", Set.of())), empty());
    }

    /** Each package of src/main with the other packages of src/main its sources refer to. */
    private static Map<String, Set<String>> packageGraph() {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher declared = PACKAGE.matcher(source);
                if (!declared.find()) {
                    continue;
                }
                String from = declared.group(1);
                Set<String> uses = graph.computeIfAbsent(from, p -> new TreeSet<>());
                Matcher reference = REFERENCE.matcher(source.substring(declared.end()));
                while (reference.find()) {
                    if (!reference.group(1).equals(from)) {
                        uses.add(reference.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Generated code (the gRPC stubs) is not in src/main: only edges between our own packages count.
        graph.values().forEach(uses -> uses.retainAll(graph.keySet()));
        return graph;
    }

    /** A cycle as the packages along it, first one repeated at the end; empty if there is none. */
    static List<String> cycle(Map<String, Set<String>> graph) {
        Set<String> done = new TreeSet<>();
        for (String start : new TreeSet<>(graph.keySet())) {
            List<String> found = walk(graph, start, new ArrayList<>(), done);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> walk(Map<String, Set<String>> graph, String at, List<String> path, Set<String> done) {
        int seen = path.indexOf(at);
        if (seen >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
            cycle.add(at);
            return cycle;
        }
        if (done.contains(at)) {
            return List.of();
        }
        path.add(at);
        for (String next : new TreeSet<>(graph.getOrDefault(at, Set.of()))) {
            List<String> found = walk(graph, next, path, done);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.removeLast();
        done.add(at);
        return List.of();
    }
}
