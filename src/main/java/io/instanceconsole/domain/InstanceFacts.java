package io.instanceconsole.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a host says about one instance beyond its row, in titled sections of labelled values (Docker: image, ports,
 * mounts…; libvirt: vCPUs, disks, NICs…), read when its details are asked for. The names of its environment
 * variables are listed apart and never their values: values are often secrets, read one at a time on request and
 * never kept here. Immutable and thread-safe.
 *
 * @param key              the instance
 * @param sections         the facts, in the order to show them
 * @param environmentNames names of the environment variables (containers); empty for the others
 * @param observedAt       when the host said this
 */
public record InstanceFacts(InstanceKey key, List<Section> sections, List<String> environmentNames,
                            Instant observedAt) {

    public InstanceFacts {
        requireNonNull(key, "key was not specified");
        requireNonNull(observedAt, "observedAt was not specified");
        sections = List.copyOf(sections);
        environmentNames = List.copyOf(environmentNames);
    }

    /** A titled group of facts ("Image", "Network"). */
    public record Section(String title, List<Fact> facts) {
        public Section {
            requireNonNull(title, "title was not specified");
            facts = List.copyOf(facts);
        }
    }

    /** One labelled value, shown as the host says it (an empty value is shown as such, never invented). */
    public record Fact(String label, String value) {
        public Fact {
            requireNonNull(label, "label was not specified");
            value = value == null ? "" : value;
        }
    }

    /** The value of the first fact with this label in any section, if there is one. */
    public Optional<String> value(String label) {
        return sections.stream().flatMap(s -> s.facts().stream()).filter(f -> f.label().equals(label))
                .map(Fact::value).findFirst();
    }

    public static Builder builder(InstanceKey key, Instant observedAt) {
        return new Builder(key, observedAt);
    }

    /** Collects sections in order; a section with no facts is left out. Not thread-safe. */
    public static final class Builder {
        private final InstanceKey key;
        private final Instant observedAt;
        private final List<Section> sections = new ArrayList<>();
        private final List<String> environmentNames = new ArrayList<>();
        private String title;
        private List<Fact> facts;

        private Builder(InstanceKey key, Instant observedAt) {
            this.key = key;
            this.observedAt = observedAt;
        }

        /** Starts a new section; the facts added next belong to it. */
        public Builder section(String sectionTitle) {
            closeSection();
            title = requireNonNull(sectionTitle, "sectionTitle was not specified");
            facts = new ArrayList<>();
            return this;
        }

        public Builder fact(String label, String value) {
            if (facts == null) {
                throw new IllegalStateException("a fact needs a section first");
            }
            facts.add(new Fact(label, value));
            return this;
        }

        public Builder environmentName(String name) {
            environmentNames.add(requireNonNull(name, "name was not specified"));
            return this;
        }

        public InstanceFacts build() {
            closeSection();
            return new InstanceFacts(key, sections, environmentNames, observedAt);
        }

        private void closeSection() {
            if (title != null && !facts.isEmpty()) {
                sections.add(new Section(title, facts));
            }
            title = null;
            facts = null;
        }
    }
}
