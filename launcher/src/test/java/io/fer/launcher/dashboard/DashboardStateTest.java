package io.fer.launcher.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fer.schemas.EmotionEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardStateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CLASSES = List.of("happy", "sad");

    private static EmotionEvent window(String stream, int track, long startUs, String label) {
        List<Float> p = label.equals("happy") ? List.of(0.8f, 0.2f) : List.of(0.3f, 0.7f);
        return EmotionEvent.newBuilder().setStreamId(stream).setTrackId(track).setWindowStartUs(startUs).setWindowEndUs(startUs + 600_000)
                .setFirstFrameIndex(startUs / 40_000).setLastFrameIndex(startUs / 40_000 + 15).setClasses(CLASSES).setProbabilities(p)
                .setLabel(label).setConfidence(p.get(CLASSES.indexOf(label))).setModelVersion("m").setModalities(List.of("expression"))
                .setEndOfTrack(false).setTracksInStream(0).build();
    }

    private static EmotionEvent end(String stream, int track) {
        return EmotionEvent.newBuilder(window(stream, track, 0, "happy")).setEndOfTrack(true).setClasses(List.of()).setProbabilities(List.of()).build();
    }

    @Test
    void theCurrentEmotionFollowsTheSummariesHysteresis() throws Exception {
        DashboardState state = new DashboardState(100, 10, 500_000);
        state.onEvent(window("s", 0, 0, "happy"));
        JsonNode one = JSON.readTree(state.onEvent(window("s", 0, 160_000, "sad")).json());
        assertThat(one.get("current").asText()).as("one sad window does not flip it").isEqualTo("happy");
        assertThat(one.get("event").get("label").asText()).isEqualTo("sad");
        state.onEvent(window("s", 0, 320_000, "sad"));
        JsonNode three = JSON.readTree(state.onEvent(window("s", 0, 480_000, "sad")).json());
        assertThat(three.get("current").asText()).isEqualTo("sad");
    }

    @Test
    void keepsSoManyEventsPerTrackAndSoManyStreams() {
        DashboardState state = new DashboardState(3, 2, 500_000);
        for (int i = 0; i < 5; i++) {
            state.onEvent(window("a", 0, i * 160_000L, "happy"));
        }
        assertThat(state.replay()).hasSize(3).allMatch(m -> m.type().equals("emotion"));
        assertThat(state.replay().get(0).json()).contains("\"windowStartUs\":320000");
        state.onEvent(window("b", 0, 0, "happy"));
        state.onEvent(window("a", 0, 800_000, "happy")); // a is now more recent than b
        state.onEvent(window("c", 0, 0, "happy"));
        assertThat(state.streams()).isEqualTo(2);
        assertThat(state.replay()).noneMatch(m -> m.json().contains("\"streamId\":\"b\""));
    }

    @Test
    void announcesAFaceAtMostEveryIntervalOfStreamTimeAndKeepsTheLatest() {
        DashboardState state = new DashboardState(10, 10, 500_000);
        byte[] first = {1};
        byte[] later = {2};
        assertThat(state.onFace("s", 4, 0, 0, first)).isPresent();
        assertThat(state.onFace("s", 4, 1, 40_000, later)).isEmpty();
        assertThat(state.face("s", 4).orElseThrow().jpeg()).isEqualTo(later);
        assertThat(state.onFace("s", 4, 0, 0, first)).as("an older frame").isEmpty();
        assertThat(state.face("s", 4).orElseThrow().frameIndex()).isEqualTo(1);
        assertThat(state.onFace("s", 4, 13, 520_000, later)).isPresent();
        assertThat(state.face("s", 5)).isEmpty();
        assertThat(state.face("t", 4)).isEmpty();
    }

    @Test
    void theReplayCarriesEndsAndFaces() {
        DashboardState state = new DashboardState(10, 10, 500_000);
        state.onEvent(window("s", 1, 0, "sad"));
        state.onFace("s", 1, 3, 120_000, new byte[] {9});
        state.onEvent(end("s", 1));
        DashboardState.Message streamEnd = state.onEvent(end("s", -1));
        assertThat(streamEnd.type()).isEqualTo("stream-end");
        List<DashboardState.Message> replay = state.replay();
        assertThat(replay).extracting(DashboardState.Message::type).containsExactly("emotion", "emotion", "face");
        assertThat(replay.get(1).json()).contains("\"endOfTrack\":true").contains("\"current\":\"sad\"");
        assertThat(replay.get(2).json()).contains("\"frameIndex\":3");
    }
}
