package io.fer.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.SchemaStore;

/**
 * Every schema version the project has published, so a reader can decode records written by
 * older producers (single-object encoding names the writer schema only by fingerprint).
 */
public final class SchemaHistory {
    private static final List<String> OLD_VERSIONS = List.of("EmotionEvent-v1.avsc", "EmotionEvent-v2.avsc", "ModalityEmbedding-v1.avsc",
            "ModalityEmbedding-v2.avsc", "FrameBatch-v1.avsc", "FaceBatch-v1.avsc", "FaceBatch-v2.avsc");
    private static final SchemaStore.Cache STORE = build();

    private SchemaHistory() {}

    public static SchemaStore store() {
        return STORE;
    }

    private static SchemaStore.Cache build() {
        SchemaStore.Cache cache = new SchemaStore.Cache();
        for (String name : OLD_VERSIONS) {
            cache.addSchema(load("/avro-history/" + name));
        }
        for (Schema current : List.of(FrameBatch.getClassSchema(), FaceBatch.getClassSchema(),
                ModalityEmbedding.getClassSchema(), EmotionEvent.getClassSchema(), DeadLetter.getClassSchema(),
                FaceTrackerState.getClassSchema(), EmotionSummary.getClassSchema())) {
            cache.addSchema(current);
        }
        return cache;
    }

    static Schema load(String resource) {
        try (InputStream in = SchemaHistory.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing bundled schema " + resource);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
