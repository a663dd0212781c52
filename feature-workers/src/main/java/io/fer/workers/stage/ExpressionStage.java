package io.fer.workers.stage;

import io.fer.schemas.AvroSerde;
import io.fer.schemas.Face;
import io.fer.schemas.FaceBatch;
import io.fer.schemas.FaceFrame;
import io.fer.schemas.ModalityEmbedding;
import io.fer.schemas.Topics;
import io.fer.workers.expression.ExpressionFeatures;
import io.fer.workers.expression.ExpressionModel;
import io.fer.workers.image.Images;
import io.fer.workers.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * fer.faces -> fer.emb.expression: the expression model on every face crop of a batch in one call.
 * At end of stream it sends one end-of-track marker per track (or one for track -1 if the stream had no face).
 */
public final class ExpressionStage implements RecordProcessor {
    public static final String MODALITY = "expression";

    private final ExpressionModel model;
    private final AvroSerde<FaceBatch> in = AvroSerde.faces();
    private final AvroSerde<ModalityEmbedding> out = AvroSerde.embeddings();
    private final String topic = Topics.embedding(MODALITY);

    public ExpressionStage(ExpressionModel model) {
        this.model = model;
    }

    @Override
    public List<ProducerRecord<String, byte[]>> process(ConsumerRecord<String, byte[]> record) throws BadRecordException {
        FaceBatch batch;
        try {
            batch = in.decode(record.value());
        } catch (SerializationException e) {
            throw new BadRecordException(e.getMessage(), e);
        }
        List<ProducerRecord<String, byte[]>> results = new ArrayList<>();
        List<RgbImage> crops = new ArrayList<>();
        List<FaceFrame> frameOf = new ArrayList<>();
        List<Face> faceOf = new ArrayList<>();
        for (FaceFrame f : batch.getFrames()) {
            for (Face face : f.getFaces()) {
                try {
                    crops.add(Images.decode(FaceStage.bytes(face.getFaceCrop())));
                    frameOf.add(f);
                    faceOf.add(face);
                } catch (IllegalArgumentException e) {
                    String reason = "face crop of track " + face.getTrackId() + " in frame " + f.getFrameIndex() + ": " + e.getMessage();
                    results.add(new ProducerRecord<>(Topics.DLQ, record.key(),
                            AvroSerde.deadLetters().encode(StageLoop.deadLetter(MODALITY, record, reason))));
                }
            }
        }
        List<ExpressionFeatures> features = model.run(crops);
        for (int i = 0; i < features.size(); i++) {
            ModalityEmbedding e = ModalityEmbedding.newBuilder().setStreamId(batch.getStreamId())
                    .setTrackId(faceOf.get(i).getTrackId()).setFrameIndex(frameOf.get(i).getFrameIndex())
                    .setTimestampUs(frameOf.get(i).getTimestampUs()).setModality(MODALITY)
                    .setVector(toList(features.get(i).vector())).build();
            results.add(new ProducerRecord<>(topic, batch.getStreamId(), out.encode(e)));
        }
        if (batch.getEndOfStream()) {
            List<Integer> tracks = batch.getTrackIds().isEmpty() ? List.of(-1) : batch.getTrackIds();
            long lastTs = batch.getFrames().isEmpty() ? 0 : batch.getFrames().get(batch.getFrames().size() - 1).getTimestampUs();
            for (int track : tracks) {
                ModalityEmbedding marker = ModalityEmbedding.newBuilder().setStreamId(batch.getStreamId()).setTrackId(track)
                        .setFrameIndex(-1).setTimestampUs(lastTs).setModality(MODALITY).setVector(List.of())
                        .setEndOfTrack(true).setTracksInStream(batch.getTrackIds().size()).build();
                results.add(new ProducerRecord<>(topic, batch.getStreamId(), out.encode(marker)));
            }
        }
        return results;
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
        model.close();
    }
}
