package io.fer.schemas.kafka;

import io.fer.schemas.Topics;
import java.io.Serializable;

/**
 * The deployment's topic names: {@code PREFIX + frames}, {@code PREFIX + emb.expression}, ... with the prefix "fer."
 * by default, so several deployments can share one cluster (--topic-prefix).
 */
public record TopicNames(String prefix) implements Serializable {
    public static final TopicNames DEFAULT = new TopicNames(Topics.PREFIX);

    public TopicNames {
        if (prefix == null || !prefix.matches("[A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("topic prefix '" + prefix + "': only letters, digits, '.', '_' and '-'");
        }
    }

    /**
     * This deployment's name of a topic known by its default name ({@code Topics.FACES} -> PREFIX + "faces"): stage
     * logic addresses its outputs by the default names, the Kafka glue renames them.
     */
    public String of(String defaultName) {
        if (!defaultName.startsWith(Topics.PREFIX)) {
            throw new IllegalArgumentException("not a default topic name: " + defaultName);
        }
        return prefix + defaultName.substring(Topics.PREFIX.length());
    }

    public String frames() {
        return prefix + "frames";
    }

    public String faces() {
        return prefix + "faces";
    }

    public String faceState() {
        return prefix + "state.faces";
    }

    public String embedding(String modality) {
        return prefix + "emb." + modality;
    }

    /** The modality of an embedding topic, or null when the topic is not one. */
    public String modalityOf(String topic) {
        return topic.startsWith(prefix + "emb.") ? topic.substring(prefix.length() + 4) : null;
    }

    public String emotions() {
        return prefix + "emotions";
    }

    public String summaries() {
        return prefix + "summaries";
    }

    public String dlq() {
        return prefix + "dlq";
    }
}
