package io.fer.workers.stage;

import io.fer.schemas.AvroSerde;
import io.fer.schemas.Face;
import io.fer.schemas.FaceBatch;
import io.fer.schemas.FaceFrame;
import io.fer.schemas.ModalityEmbedding;
import io.fer.schemas.Topics;
import io.fer.workers.image.RgbImage;
import io.fer.workers.modality.Modality;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;

/**
 * fer.faces -> fer.emb.MODALITY: one modality on every face of every record of a poll, in model batches of at
 * most maxBatch crops (across records and streams). After each input record's vectors it sends a progress marker
 * (the stream is done up to that record's last frame); at a stream's end, one end-of-stream marker.
 */
public final class ModalityStage implements RecordProcessor {
    private final Modality modality;
    private final int maxBatch;
    private final String topic;
    private final AvroSerde<FaceBatch> in = AvroSerde.faces();
    private final AvroSerde<ModalityEmbedding> out = AvroSerde.embeddings();
    private final StageMetrics metrics;
    private final CropDecoder crops;

    public ModalityStage(Modality modality, int maxBatch, StageMetrics metrics) {
        this(modality, maxBatch, metrics, CropDecoder.OWN);
    }

    /** @param crops how this stage gets a crop's pixels: shared with the process's other stages reading that crop */
    public ModalityStage(Modality modality, int maxBatch, StageMetrics metrics, CropDecoder crops) {
        this.modality = modality;
        this.maxBatch = maxBatch;
        this.topic = Topics.embedding(modality.name());
        this.metrics = metrics;
        this.crops = crops;
    }

    public String name() {
        return modality.name();
    }

    /** A face to embed; its crop stays JPEG until its model batch runs, so a round holds at most one batch decoded. */
    private record Item(int record, FaceBatch batch, FaceFrame frame, Face face, ByteBuffer jpeg) {}

    @Override
    public List<StageOutput> process(StageInput record) throws BadRecordException {
        try {
            in.decode(record.value());
        } catch (SerializationException e) {
            throw new BadRecordException(e.getMessage(), e);
        }
        return processAll(modality.name(), List.of(record));
    }

    @Override
    public List<StageOutput> processAll(String stage, List<StageInput> records) {
        List<List<StageOutput>> perRecord = new ArrayList<>();
        List<FaceBatch> batches = new ArrayList<>();
        List<Item> items = new ArrayList<>();
        for (int r = 0; r < records.size(); r++) {
            StageInput rec = records.get(r);
            List<StageOutput> outs = new ArrayList<>();
            perRecord.add(outs);
            FaceBatch batch;
            try {
                batch = in.decode(rec.value());
            } catch (SerializationException e) {
                outs.add(DeadLetters.record(stage, rec, e.getMessage()));
                batches.add(null);
                continue;
            }
            batches.add(batch);
            long nowUs = System.currentTimeMillis() * 1000;
            for (FaceFrame f : batch.getFrames()) {
                if (!f.getFaces().isEmpty() && Stale.frame(batch, f, nowUs)) {
                    if (metrics != null) {
                        metrics.shed();
                    }
                    continue; // too late for its stream's bound: masked in its windows, covered by the progress marker
                }
                for (Face face : f.getFaces()) {
                    ByteBuffer jpeg = modality.input() == Modality.Input.FACE_CROP ? face.getFaceCrop() : face.getContextCrop();
                    boolean contextOff = modality.input() == Modality.Input.CONTEXT_CROP && jpeg != null && !jpeg.hasRemaining();
                    if (jpeg == null || contextOff) {
                        String why = contextOff ? " (the faces stage runs with context crops off: give it --context-crops on)" : "";
                        outs.add(DeadLetters.record(stage, rec, "track " + face.getTrackId() + " in frame "
                                + f.getFrameIndex() + " has no " + modality.input() + " for " + modality.name() + why));
                        continue;
                    }
                    items.add(new Item(r, batch, f, face, jpeg));
                }
            }
        }
        for (int from = 0; from < items.size(); ) {
            List<Item> chunk = new ArrayList<>();
            List<RgbImage> pixels = new ArrayList<>();
            for (; from < items.size() && chunk.size() < maxBatch; from++) {
                Item it = items.get(from);
                try {
                    pixels.add(crops.decode(it.jpeg()));
                    chunk.add(it);
                } catch (IllegalArgumentException e) {
                    perRecord.get(it.record()).add(DeadLetters.record(stage, records.get(it.record()), "crop of track "
                            + it.face().getTrackId() + " in frame " + it.frame().getFrameIndex() + ": " + e.getMessage()));
                }
            }
            if (chunk.isEmpty()) {
                continue;
            }
            long t = System.nanoTime();
            List<float[]> vectors = modality.embed(pixels);
            if (metrics != null) {
                metrics.modelBatch(chunk.size(), System.nanoTime() - t);
            }
            for (int i = 0; i < chunk.size(); i++) {
                Item it = chunk.get(i);
                String wrong = invalid(vectors.get(i));
                if (wrong != null) {
                    perRecord.get(it.record()).add(DeadLetters.record(stage, records.get(it.record()), modality.name()
                            + " vector of track " + it.face().getTrackId() + " in frame " + it.frame().getFrameIndex() + ": " + wrong));
                    continue;
                }
                ModalityEmbedding e = ModalityEmbedding.newBuilder().setStreamId(it.batch().getStreamId())
                        .setTrackId(it.face().getTrackId()).setFrameIndex(it.frame().getFrameIndex())
                        .setTimestampUs(it.frame().getTimestampUs()).setModality(modality.name())
                        .setVector(toList(vectors.get(i))).setKeepEvery(it.frame().getKeepEvery()).build();
                perRecord.get(it.record()).add(StageOutput.to(topic, it.batch().getStreamId(), out.encode(e)));
            }
        }
        for (int r = 0; r < records.size(); r++) {
            FaceBatch b = batches.get(r);
            if (b != null && !b.getFrames().isEmpty()) {
                perRecord.get(r).add(progressMarker(b));
            }
            if (b != null && b.getEndOfStream()) {
                perRecord.get(r).add(endMarker(b));
            }
        }
        List<StageOutput> all = new ArrayList<>();
        perRecord.forEach(all::addAll);
        return all;
    }

    /**
     * After a batch's vectors: this modality is done with the stream up to the batch's last frame. The classifier
     * closes windows on these markers, so a window never depends on how fast another stream or modality runs.
     */
    private StageOutput progressMarker(FaceBatch batch) {
        FaceFrame last = batch.getFrames().get(batch.getFrames().size() - 1);
        ModalityEmbedding marker = ModalityEmbedding.newBuilder().setStreamId(batch.getStreamId()).setTrackId(-1)
                .setFrameIndex(last.getFrameIndex()).setTimestampUs(last.getTimestampUs()).setModality(modality.name())
                .setVector(List.of()).setProgress(true).setKeepEvery(last.getKeepEvery()).build();
        return StageOutput.to(topic, batch.getStreamId(), out.encode(marker));
    }

    /** The stream ended: every vector of it has been sent (one marker per modality, after the last vectors). */
    private StageOutput endMarker(FaceBatch batch) {
        long lastTs = batch.getFrames().isEmpty() ? 0 : batch.getFrames().get(batch.getFrames().size() - 1).getTimestampUs();
        ModalityEmbedding marker = ModalityEmbedding.newBuilder().setStreamId(batch.getStreamId()).setTrackId(-1)
                .setFrameIndex(-1).setTimestampUs(lastTs).setModality(modality.name()).setVector(List.of())
                .setEndOfTrack(true).setTracksInStream(batch.getTrackIds().size()).build();
        return StageOutput.to(topic, batch.getStreamId(), out.encode(marker));
    }

    /** Why the model's vector cannot be sent (NaN, infinite, not the model's size), or null. */
    private String invalid(float[] v) {
        if (modality.dimension() > 0 && v.length != modality.dimension()) {
            return v.length + " values, the model gives " + modality.dimension();
        }
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return "contains " + x + " (the model's output is not finite)";
            }
        }
        return null;
    }

    static List<Float> toList(float[] v) {
        List<Float> l = new ArrayList<>(v.length);
        for (float x : v) {
            l.add(x);
        }
        return l;
    }

    @Override
    public void close() {
        modality.close();
    }
}
