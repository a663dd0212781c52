package io.fer.launcher;

import io.fer.ingest.IngestConfig;
import io.fer.ingest.IngestReport;
import io.fer.ingest.KafkaFrameSink;
import io.fer.ingest.VideoIngester;
import io.fer.schemas.Topics;
import io.fer.schemas.kafka.TopicCreator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** fer ingest: one source to fer.frames on a real Kafka. */
@Command(name = "ingest", mixinStandardHelpOptions = true, description = "Decode a video file or stream and publish frame batches to fer.frames.")
public final class IngestCommand implements Callable<Integer> {
    @Option(names = "--source", required = true, paramLabel = "URI", description = "video file or stream URL")
    String source;

    @Option(names = "--stream-id", required = true, paramLabel = "ID", description = "the stream's id (the record key)")
    String streamId;

    @Option(names = "--fps", defaultValue = "0", description = "sample to this rate; 0 keeps every frame")
    double fps;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers")
    String bootstrap;

    @Override
    public Integer call() {
        VideoIngester.probe(source);
        TopicCreator.ensure(bootstrap, List.of(Topics.all(1, List.of()).get(0)));
        try (KafkaFrameSink sink = new KafkaFrameSink(bootstrap)) {
            IngestReport r = new VideoIngester(IngestConfig.DEFAULT.withFps(fps)).ingest(source, streamId, sink);
            System.err.printf("ingest: %d frames decoded, %d published in %d batches%n", r.framesDecoded(), r.framesPublished(), r.batches());
        }
        return 0;
    }
}
