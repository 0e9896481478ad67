package io.instanceconsole.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The filter language shared by the GUI's filter bar and {@code instancectl --filter}: free words match name, image
 * or host (case-insensitive substrings, all must match); facets {@code status:paused host:lab1 kind:vm
 * name:web image:nginx id:abc} narrow further; the same facet twice means either; a leading {@code -} negates a
 * term. Values with spaces go in double quotes. Immutable and thread-safe.
 */
public final class InstanceQuery {
    private static final List<String> FACETS = List.of("status", "host", "kind", "name", "image", "id");

    /** One term: a predicate over an instance and its host name, possibly negated. */
    private record Term(String facet, BiPredicate<Instance, String> predicate, boolean negated) {
    }

    private final String text;
    /** Every group must match; within a group one term is enough (repeated facets are alternatives). */
    private final List<List<Term>> groups;

    private InstanceQuery(String text, List<List<Term>> groups) {
        this.text = text;
        this.groups = groups;
    }

    public static InstanceQuery all() {
        return new InstanceQuery("", List.of());
    }

    /** Parses a query; a {@link QuerySyntaxException} says what is wrong and where. */
    public static InstanceQuery parse(String query) {
        String text = query == null ? "" : query.strip();
        Map<String, List<Term>> facetGroups = new LinkedHashMap<>();
        List<List<Term>> groups = new ArrayList<>();
        for (Token token : tokenize(text)) {
            Term term = term(token);
            if (term.facet().isEmpty() || term.negated()) {
                groups.add(List.of(term)); // free words and negations must each hold
            } else {
                facetGroups.computeIfAbsent(term.facet(), k -> new ArrayList<>()).add(term);
            }
        }
        groups.addAll(facetGroups.values());
        return new InstanceQuery(text, List.copyOf(groups));
    }

    public boolean matches(Instance instance, String hostName) {
        String host = hostName == null ? "" : hostName;
        return groups.stream().allMatch(alternatives -> alternatives.stream()
                .anyMatch(term -> term.predicate().test(instance, host) != term.negated()));
    }

    public boolean isEmpty() {
        return groups.isEmpty();
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    private record Token(String text, int position) {
    }

    private static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (Character.isWhitespace(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            StringBuilder token = new StringBuilder();
            boolean quoted = false;
            int quoteAt = -1;
            while (i < text.length() && (quoted || !Character.isWhitespace(text.charAt(i)))) {
                char c = text.charAt(i++);
                if (c == '"') {
                    quoted = !quoted;
                    quoteAt = i; // 1-based position of the quote just read
                } else {
                    token.append(c);
                }
            }
            if (quoted) {
                throw new QuerySyntaxException("unclosed quote at position " + quoteAt + " in '" + text + "'");
            }
            tokens.add(new Token(token.toString(), start + 1));
        }
        return tokens;
    }

    private static Term term(Token token) {
        String raw = token.text();
        boolean negated = raw.startsWith("-") && raw.length() > 1;
        String body = negated ? raw.substring(1) : raw;
        int colon = body.indexOf(':');
        if (colon <= 0) {
            String word = body.toLowerCase(Locale.ROOT);
            return new Term("", (i, host) -> contains(i.name(), word) || contains(i.image(), word) || contains(host, word), negated);
        }
        String facet = body.substring(0, colon).toLowerCase(Locale.ROOT);
        String value = body.substring(colon + 1);
        if (!FACETS.contains(facet)) {
            throw new QuerySyntaxException("unknown filter '" + facet + ":' at position " + token.position()
                    + " (known: " + String.join(", ", FACETS) + ")");
        }
        if (value.isEmpty()) {
            throw new QuerySyntaxException("'" + facet + ":' at position " + token.position() + " needs a value, e.g. "
                    + facet + ":" + example(facet));
        }
        String lower = value.toLowerCase(Locale.ROOT);
        BiPredicate<Instance, String> predicate = switch (facet) {
            case "status" -> {
                Set<InstanceStatus> statuses = statusesOf(lower, token.position());
                yield (i, host) -> statuses.contains(i.status());
            }
            case "kind" -> {
                // the Kind column says Container, VM or Podman; the engine's name (docker, podman, libvirt, simulator) works too
                Workload workload = workloadOf(lower);
                if (workload != null) {
                    yield (i, host) -> i.workload() == workload;
                }
                BackendKind kind = kindOf(lower, token.position());
                yield (i, host) -> i.kind() == kind;
            }
            case "host" -> (i, host) -> host.equalsIgnoreCase(value) || i.connectionId().equals(value);
            case "name" -> (i, host) -> contains(i.name(), lower);
            case "image" -> (i, host) -> contains(i.image(), lower);
            default -> (i, host) -> i.id().startsWith(value) || i.id().equals(value);
        };
        return new Term(facet, predicate, negated);
    }

    /** Parses a status name for the CLI's {@code --status} and the {@code status:} facet. */
    /** One status by its key ({@code paused}); outside a query, so an error names no position. */
    public static InstanceStatus parseStatus(String value) {
        for (InstanceStatus status : InstanceStatus.values()) {
            if (status.key().equals(value.toLowerCase(Locale.ROOT))) {
                return status;
            }
        }
        throw new QuerySyntaxException("unknown status '" + value + "' (known: " + knownStatuses() + ")");
    }

    private static String knownStatuses() {
        return String.join(", ", Arrays.stream(InstanceStatus.values()).map(InstanceStatus::key).toList());
    }

    private static Set<InstanceStatus> statusesOf(String value, int position) {
        for (InstanceStatus status : InstanceStatus.values()) {
            if (status.key().equals(value)) {
                return EnumSet.of(status);
            }
        }
        throw new QuerySyntaxException("unknown status '" + value + "' at position " + position + " (known: "
                + knownStatuses() + ")");
    }

    private static Workload workloadOf(String value) {
        for (Workload workload : Workload.values()) {
            if (workload.key().equals(value)) {
                return workload;
            }
        }
        return null;
    }

    private static BackendKind kindOf(String value, int position) {
        try {
            return BackendKind.fromKey(value);
        } catch (IllegalArgumentException e) {
            throw new QuerySyntaxException("unknown kind '" + value + "' at position " + position + " (known: container, vm, docker, podman, libvirt, simulator)");
        }
    }

    private static String example(String facet) {
        return switch (facet) {
            case "status" -> "paused";
            case "kind" -> "docker";
            case "host" -> "lab1";
            default -> "web";
        };
    }

    private static boolean contains(String haystack, String lowerNeedle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(lowerNeedle);
    }
}
