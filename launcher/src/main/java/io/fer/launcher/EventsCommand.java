package io.fer.launcher;

import io.fer.schemas.EmotionEvent;
import io.fer.schemas.StreamCompletion;
import io.fer.schemas.kafka.KafkaSettings;
import io.fer.schemas.kafka.Partitions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** fer events: a subscriber that prints the emotion events as they are committed. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = {"Print the emotion events of fer.emotions as they are committed (read_committed): JSON Lines with"
                + " the Avro schema's field names, or a compact table.",
                "It joins no consumer group and commits nothing: run as many as you like."})
public final class EventsCommand implements Callable<Integer> {
    @Mixin KafkaOptions kafkaOptions;

    @Option(names = "--stream", paramLabel = "ID", description = "only this stream's events")
    String stream;

    @Option(names = "--table", description = "a compact table (default: JSON Lines)")
    boolean table;

    @Option(names = "--json", description = "JSON Lines (the default)")
    boolean json;

    @Option(names = "--from-beginning", description = "start at the oldest event kept (default: only new ones)")
    boolean fromBeginning;

    @Option(names = "--markers", description = "also print end-of-track and end-of-stream markers")
    boolean markers;

    @Option(names = "--until-end", description = "with --stream: exit once the stream has ended (its end marker and every track's)")
    boolean untilEnd;

    @Override
    public Integer call() throws Exception {
        if (table && json) {
            throw new Fer.UserError("--table or --json, not both");
        }
        if (untilEnd && stream == null) {
            throw new Fer.UserError("--until-end needs --stream");
        }
        KafkaSettings kafka = kafkaOptions.settings();
        var serde = kafka.codec(EmotionEvent.class);
        PrintStream out = System.out;
        AtomicBoolean stop = new AtomicBoolean();
        Termination.install(() -> stop.set(true));
        StreamCompletion completion = new StreamCompletion();
        try (var consumer = new KafkaConsumer<String, byte[]>(kafka.reader())) {
            String topic = kafka.topics().emotions();
            List<TopicPartition> parts = Partitions.assignAll(consumer, List.of(topic));
            if (parts.isEmpty()) {
                throw new Fer.UserError("no topic " + topic + " on " + kafka);
            }
            if (fromBeginning) {
                consumer.seekToBeginning(parts);
            } else {
                consumer.seekToEnd(parts);
            }
            if (table) {
                out.println(TableRow.HEADER);
            }
            while (!stop.get()) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    EmotionEvent e;
                    try {
                        e = serde.decode(r.value());
                    } catch (RuntimeException bad) {
                        System.err.println("events: skipping " + r.topic() + "-" + r.partition() + "@" + r.offset() + ": " + bad.getMessage());
                        continue;
                    }
                    if (stream != null && !stream.equals(e.getStreamId())) {
                        continue;
                    }
                    if (!e.getEndOfTrack() || markers) {
                        out.println(table ? TableRow.of(e) : EventJson.toJson(e));
                    }
                    completion.accept(e);
                }
                out.flush();
                if (untilEnd && completion.complete()) {
                    return 0;
                }
            }
        }
        return 0;
    }

    /** One event on one line: stream, track, frames, label, confidence and a bar, the probabilities in class order. */
    static final class TableRow {
        static final String HEADER = String.format("%-20s %5s %13s %-9s %5s  %s", "stream", "track", "frames", "label", "conf",
                "probabilities");

        static String of(EmotionEvent e) {
            if (e.getEndOfTrack()) {
                return String.format("%-20s %5s %13s %s", e.getStreamId(), e.getTrackId() < 0 ? "-" : e.getTrackId(), "",
                        e.getTrackId() < 0 ? "end of stream (" + e.getTracksInStream() + " track ends)" : "end of track");
            }
            StringBuilder probs = new StringBuilder();
            for (int i = 0; i < e.getClasses().size(); i++) {
                probs.append(i == 0 ? "" : " ").append(e.getClasses().get(i), 0, Math.min(3, e.getClasses().get(i).length()))
                        .append(String.format(" %.2f", e.getProbabilities().get(i)));
            }
            return String.format("%-20s %5d %6d-%-6d %-9s %5.2f  %s", e.getStreamId(), e.getTrackId(), e.getFirstFrameIndex(),
                    e.getLastFrameIndex(), e.getLabel(), e.getConfidence(), probs);
        }
    }
}
