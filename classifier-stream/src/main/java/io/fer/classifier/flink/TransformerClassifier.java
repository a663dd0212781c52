package io.fer.classifier.flink;

import io.fer.classifier.model.EmotionResult;
import io.fer.classifier.model.FeatureWindow;
import io.fer.models.temporal.ModelMetadata;
import io.fer.models.temporal.TemporalModel;
import java.nio.file.Path;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Runs the temporal transformer on each window; the model is loaded once per parallel task. */
public class TransformerClassifier extends RichMapFunction<FeatureWindow, EmotionResult> {
    private final String modelDir;
    private transient TemporalModel model;

    public TransformerClassifier(String modelDir) {
        this.modelDir = modelDir;
    }

    @Override
    public void open(OpenContext ctx) {
        model = TemporalModel.load(Path.of(modelDir));
    }

    @Override
    public EmotionResult map(FeatureWindow w) {
        ModelMetadata md = model.metadata();
        EmotionResult r = new EmotionResult();
        r.streamId = w.streamId;
        r.trackId = w.trackId;
        r.windowStartUs = w.startUs;
        r.windowEndUs = w.endUs;
        r.firstFrameIndex = w.firstFrameIndex;
        r.lastFrameIndex = w.lastFrameIndex;
        r.modelVersion = md.version();
        r.classes = md.classes().toArray(new String[0]);
        r.modalities = w.modalitiesPresent;
        r.endOfTrack = w.endOfTrack;
        r.tracksInStream = w.tracksInStream;
        if (w.endOfTrack) {
            r.probabilities = new float[0];
            r.label = "";
            return r;
        }
        float[] p = model.predict(w.features, w.mask, 1)[0];
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        r.probabilities = p;
        r.label = md.classes().get(best);
        r.confidence = p[best];
        return r;
    }

    @Override
    public void close() {
        if (model != null) {
            model.close();
        }
    }
}
