package io.instanceconsole.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The filter language, case by case, as the filter bar's help and {@code instancectl --filter} describe it: free
 * words search name, image and host; facets narrow; a repeated facet means either; a leading minus excludes; a bad
 * query says what is wrong and where.
 */
class InstanceQueryLanguageTest {
    /** On host "lab1" (connection c1): a paused Docker container. */
    private static final Instance GRAFANA = instance("c1", "abc123", "grafana-2", BackendKind.DOCKER,
            "grafana/grafana:11.2.0", InstanceStatus.PAUSED);
    /** On host "lab1" (connection c1): a running libvirt domain with no image. */
    private static final Instance WEB = instance("c1", "f00d", "web", BackendKind.LIBVIRT, "", InstanceStatus.RUNNING);

    private static Instance instance(String connection, String id, String name, BackendKind kind, String image,
                                     InstanceStatus status) {
        return new Instance(new InstanceKey(connection, id), name, kind, image, status, "", Instant.EPOCH, Instant.EPOCH);
    }

    private static boolean grafanaMatches(String query) {
        return InstanceQuery.parse(query).matches(GRAFANA, "lab1");
    }

    private static boolean webMatches(String query) {
        return InstanceQuery.parse(query).matches(WEB, "lab1");
    }

    @ParameterizedTest(name = "''{0}'' matches grafana: {1}, web: {2}")
    @CsvSource(delimiter = '|', value = {
            // a free word is a case-insensitive substring of the name, the image or the host name
            "GRAF               | true  | false",
            "grafana/grafana    | true  | false",
            "11.2               | true  | false",
            "LAB                | true  | true",
            "nothing-like-it    | false | false",
            // every free word must hold
            "grafana lab1       | true  | false",
            "grafana web        | false | false",
            // a colon at the start is part of a word, not a facet
            ":11.2              | true  | false",
            // a lone minus is a word (names have dashes), not an empty negation
            "-                  | true  | false",
            // facets
            "status:paused      | true  | false",
            "STATUS:PAUSED      | true  | false",
            "status:running     | false | true",
            "kind:docker        | true  | false",
            "kind:LIBVIRT       | false | true",
            "name:graf          | true  | false",
            "name:lab1          | false | false",
            "image:GRAFANA      | true  | false",
            "image:lab1         | false | false",
            // host: the host's whole name (any case) or the connection's id, never a part of it
            "host:LAB1          | true  | true",
            "host:c1            | true  | true",
            "host:lab           | false | false",
            "host:c             | false | false",
            // id: a prefix of the instance id, case as it is
            "id:abc             | true  | false",
            "id:abc123          | true  | false",
            "id:bc              | false | false",
            "id:ABC             | false | false",
            // a repeated facet means either; different facets must all hold
            "status:paused status:running | true | true",
            "status:paused kind:libvirt   | false | false",
            "name:graf name:web kind:docker | true | false",
            // a leading minus excludes, and each exclusion must hold on its own
            "-status:paused     | false | true",
            "-grafana           | false | true",
            "-status:paused -status:running | false | false",
            "-grafana -web      | false | false",
            // a quoted value may hold spaces; the quotes are not part of it
            "\"lab1\"           | true  | true",
            "name:\"grafana-2\" | true  | false",
    })
    void aQueryMatchesWhatTheLanguageSays(String query, boolean grafana, boolean web) {
        assertThat(grafanaMatches(query)).as("grafana").isEqualTo(grafana);
        assertThat(webMatches(query)).as("web").isEqualTo(web);
    }

    @Test
    void aQuotedValueKeepsItsSpaces() {
        Instance spaced = instance("c1", "1", "my web server", BackendKind.LIBVIRT, "", InstanceStatus.RUNNING);
        assertThat(InstanceQuery.parse("name:\"web server\"").matches(spaced, "lab1")).isTrue();
        assertThat(InstanceQuery.parse("name:\"web  server\"").matches(spaced, "lab1")).isFalse();
    }

    @Test
    void aMissingHostNameIsNoHost() {
        assertThat(InstanceQuery.parse("lab1").matches(WEB, null)).isFalse();
        assertThat(InstanceQuery.parse("web").matches(WEB, null)).isTrue();
    }

    @Test
    void theEmptyQueryMatchesEverythingAndKeepsItsTextStripped() {
        assertThat(InstanceQuery.all().isEmpty()).isTrue();
        assertThat(InstanceQuery.all().matches(GRAFANA, "lab1")).isTrue();
        assertThat(InstanceQuery.all().text()).isEmpty();
        assertThat(InstanceQuery.parse(null).isEmpty()).isTrue();
        assertThat(InstanceQuery.parse(null).matches(WEB, "lab1")).isTrue();

        InstanceQuery query = InstanceQuery.parse("  web  status:running ");
        assertThat(query.isEmpty()).isFalse();
        assertThat(query.text()).isEqualTo("web  status:running");
        assertThat(query).hasToString("web  status:running");
    }

    @ParameterizedTest(name = "{0} fails with: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "web colour:blue   | unknown filter 'colour:' at position 5 (known: status, host, kind, name, image, id)",
            "web  status:      | 'status:' at position 6 needs a value, e.g. status:paused",
            "kind:             | 'kind:' at position 1 needs a value, e.g. kind:docker",
            "host:             | 'host:' at position 1 needs a value, e.g. host:lab1",
            "name:             | 'name:' at position 1 needs a value, e.g. name:web",
            "id:               | 'id:' at position 1 needs a value, e.g. id:web",
            "a status:asleep   | unknown status 'asleep' at position 3 (known: created, running, paused, stopped, restarting, error, unknown)",
            "a b kind:rkt      | unknown kind 'rkt' at position 5 (known: container, vm, docker, podman, libvirt, simulator)",
            "web name:\"x y    | unclosed quote at position 10 in 'web name:\"x y'",
    })
    void aBadQuerySaysWhatIsWrongAndWhere(String query, String message) {
        assertThatThrownBy(() -> InstanceQuery.parse(query))
                .isInstanceOf(QuerySyntaxException.class)
                .hasMessage(message);
    }

    @Test
    void aStatusByItselfIsParsedByItsKeyInAnyCase() {
        assertThat(InstanceQuery.parseStatus("paused")).isEqualTo(InstanceStatus.PAUSED);
        assertThat(InstanceQuery.parseStatus("Running")).isEqualTo(InstanceStatus.RUNNING);
        assertThatThrownBy(() -> InstanceQuery.parseStatus("asleep"))
                .isInstanceOf(QuerySyntaxException.class)
                .hasMessage("unknown status 'asleep' (known: created, running, paused, stopped, restarting, error, unknown)");
    }
}
