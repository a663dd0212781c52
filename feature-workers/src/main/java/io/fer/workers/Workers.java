package io.fer.workers;

import io.fer.models.store.ModelStore;
import io.fer.models.temporal.ModelMetadata;
import io.fer.models.tf.TfGraph;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.workers.face.FaceDetector;
import io.fer.workers.modality.GenericModality;
import io.fer.workers.modality.Modalities;
import io.fer.workers.modality.Modality;
import io.fer.workers.stage.CropDecoder;
import io.fer.workers.stage.FaceStage;
import io.fer.workers.stage.ModalityStage;
import io.fer.workers.stage.SharedCropDecoder;
import io.fer.workers.stage.StageConfig;
import io.fer.workers.stage.StageLoop;
import io.fer.workers.stage.StageMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the worker stage loops for a set of stage names (faces and modalities) and generic modality specs. */
public final class Workers {
    public static final String FACES = FaceStage.NAME;
    /**
     * How long a stage waits after a round's first records for more, to fill model batches across streams. Short: a
     * stage that is behind gets full rounds from its first poll anyway, and one that keeps up would only add this to
     * every frame's latency (20 ms per stage before; fer bench pipeline).
     */
    public static final long LINGER_MS = 5;
    /**
     * Faces per model call at most. On CPU 16 runs as fast per face as 32, and a worker with all five generators
     * peaks about 100 MB lower (the appearance network's activations alone are 100 MB per 32 faces).
     */
    public static final int DEFAULT_BATCH = 16;
    /**
     * Decoded crops a worker's modality stages hold for each other (SharedCropDecoder): about 80 crops of 256 px, five
     * chunks of 16 faces, enough for stages a chunk or two apart; a stage further behind decodes its own. 48 MB kept
     * no more decodes away but cost 40-60 MB of RSS and doubled the GC threads' CPU.
     */
    static final long SHARED_CROP_BYTES = 16L << 20;

    private Workers() {}

    /** "all" = faces and every built-in modality. */
    public static List<String> expand(List<String> stages) {
        List<String> out = new ArrayList<>();
        for (String s : stages) {
            if (s.equals("all")) {
                out.add(FACES);
                out.addAll(Modalities.BUILT_IN);
            } else if (s.equals(FACES) || Modalities.KNOWN.contains(s)) {
                out.add(s);
            } else {
                throw new IllegalArgumentException("unknown stage '" + s + "': faces, " + String.join(", ", Modalities.KNOWN) + " or all");
            }
        }
        return out.stream().distinct().toList();
    }

    /** Modality names the stages produce (for topic creation and the classifier). */
    public static List<String> modalityNames(List<String> stages, List<String> genericSpecs) {
        List<String> out = new ArrayList<>(stages.stream().filter(s -> !s.equals(FACES)).toList());
        genericSpecs.forEach(spec -> out.add(GenericModality.Spec.parse(spec).name()));
        return out;
    }

    /** The stages a model needs: faces, then the modalities it reads in its order. */
    public static List<String> stagesOf(Path modelDir) {
        List<String> out = new ArrayList<>(List.of(FACES));
        ModelMetadata.read(modelDir).modalities().forEach(m -> out.add(m.name()));
        return out;
    }

    public static List<StageLoop> build(List<String> stages, List<String> genericSpecs, ModelStore store, KafkaSettings kafka,
            TfGraph.TfOptions options, int maxBatch, MeterRegistry registry) {
        return build(stages, genericSpecs, store, kafka, options, maxBatch, registry, StageLoop.defaultInstance(),
                faceStageConfig(stages, genericSpecs, null, StageConfig.DEFAULT_DETECT_EVERY));
    }

    /**
     * The face stage's settings for a process running these stages.
     *
     * @param contextCrops true/false as the user said; null (auto): published when a stage of this process reads them
     *                     or when the face stage runs alone (its readers are elsewhere and unknown), and otherwise not,
     *                     saving a warp and a JPEG per face
     */
    public static StageConfig faceStageConfig(List<String> stages, List<String> genericSpecs, Boolean contextCrops, int detectEvery) {
        boolean auto = stages.stream().allMatch(FACES::equals)
                || stages.stream().anyMatch(s -> !s.equals(FACES) && Modalities.input(s) == Modality.Input.CONTEXT_CROP)
                || genericSpecs.stream().anyMatch(g -> GenericModality.Spec.parse(g).input() == Modality.Input.CONTEXT_CROP);
        return StageConfig.DEFAULT.withDetectEvery(detectEvery).withContextCrops(contextCrops != null ? contextCrops : auto);
    }

    /**
     * Consumer groups are the settings' group prefix + the stage name.
     *
     * @param instance this worker among the workers of its stages (unique per stage; default host and pid): with the
     *                 group it names the stage's transactional id, so a restarted worker fences its killed predecessor
     */
    public static List<StageLoop> build(List<String> stages, List<String> genericSpecs, ModelStore store, KafkaSettings kafka,
            TfGraph.TfOptions options, int maxBatch, MeterRegistry registry, String instance, StageConfig faceConfig) {
        // no per-stage thread counts: TensorFlow gives all sessions of a process one thread pool, sized by the first
        // session's options; a stage's share (1 thread on 2 cores) made that pool one thread, and a worker's stages
        // then ran their models one at a time on one core (SessionConcurrencyITCase)
        List<StageLoop> loops = new ArrayList<>();
        List<Modality> modalities = new ArrayList<>();
        for (String s : stages) {
            if (s.equals(FACES)) {
                StageMetrics m = registry == null ? null : new StageMetrics(registry, s);
                loops.add(new StageLoop(FACES, kafka, kafka.topics().frames(),
                        new FaceStage(new FaceDetector(store, FaceDetector.DetectorConfig.DEFAULT, options), faceConfig, m),
                        m, 8, LINGER_MS, kafka.group(FACES), instance));
            } else {
                modalities.add(Modalities.create(s, store, options));
            }
        }
        for (String spec : genericSpecs) {
            modalities.add(new GenericModality(GenericModality.Spec.parse(spec), options));
        }
        Map<Modality.Input, CropDecoder> decoders = cropDecoders(modalities.stream().map(Modality::input).toList());
        if (registry != null) {
            decoders.forEach((input, decoder) -> countDecodes(input, decoder, registry));
        }
        for (Modality modality : modalities) {
            StageMetrics m = registry == null ? null : new StageMetrics(registry, modality.name());
            loops.add(new StageLoop(modality.name(), kafka, kafka.topics().faces(),
                    new ModalityStage(modality, maxBatch, m, decoders.get(modality.input())), m, 16, LINGER_MS,
                    kafka.group(modality.name()), instance));
        }
        return loops;
    }

    /** Decodes against requests say how much the sharing saves: a stage running far behind the others decodes its own. */
    private static void countDecodes(Modality.Input input, CropDecoder decoder, MeterRegistry registry) {
        if (decoder instanceof SharedCropDecoder shared) {
            String kind = input.name().toLowerCase(Locale.ROOT);
            FunctionCounter.builder("fer.crop.decodes", shared, SharedCropDecoder::decodes).tag("input", kind)
                    .description("crops decoded by the modality stages sharing them").register(registry);
            FunctionCounter.builder("fer.crop.decode.requests", shared, SharedCropDecoder::requests).tag("input", kind)
                    .description("crops asked for by the modality stages sharing them").register(registry);
        }
    }

    /** One decoder per kind of crop, shared by the stages that read it (each JPEG decoded once for all of them). */
    static Map<Modality.Input, CropDecoder> cropDecoders(List<Modality.Input> stageInputs) {
        Map<Modality.Input, CropDecoder> decoders = new EnumMap<>(Modality.Input.class);
        for (Modality.Input input : Modality.Input.values()) {
            int readers = (int) stageInputs.stream().filter(input::equals).count();
            decoders.put(input, SharedCropDecoder.forReaders(readers, SHARED_CROP_BYTES));
        }
        return decoders;
    }
}
